import type { FieldIssue } from '@fehrist/domain';
import type { Context, Next } from 'koa';
import { moduleLogger } from '../logger';

const log = moduleLogger('http');

/**
 * An error meant for the client. `expose` decides whether its message reaches the
 * response; unexpected errors never expose theirs.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly issues: FieldIssue[];

  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.expose = status < 500;
    this.issues = issues;
  }
}

export const unauthorized = (message = 'sign in, or send a valid bearer token') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const invalid = (message: string, issues: FieldIssue[]) =>
  new HttpError(422, 'invalid', message, issues);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Turns every error into an RFC 9457 problem document and logs the unexpected ones. */
export async function problemDetails(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
      throw new HttpError(404, 'route_not_found', `no route for ${ctx.method} ${ctx.path}`);
    }
  } catch (caught) {
    const error = toHttpError(caught);
    if (error.status >= 500) {
      log.error(
        { err: caught, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path },
        'request failed',
      );
    }
    ctx.status = error.status;
    // HTTP requires a challenge on every 401 (RFC 9110, section 15.5.2).
    if (error.status === 401) ctx.set('WWW-Authenticate', 'Bearer realm="fehrist"');
    ctx.type = 'application/problem+json';
    ctx.body = {
      type: `urn:fehrist:problem:${error.code}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      code: error.code,
      detail: error.expose ? error.message : 'the server failed; the request id is in the logs',
      instance: ctx.path,
      request_id: ctx.state.requestId,
      ...(error.issues.length > 0 ? { errors: error.issues } : {}),
    };
  }
}

function toHttpError(caught: unknown): HttpError {
  if (caught instanceof HttpError) return caught;
  // Errors raised by Koa's body parser and ctx.throw carry a status and expose flag.
  const status = (caught as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = (caught as Error).message || 'bad request';
    return new HttpError(status, status === 413 ? 'too_large' : 'bad_request', message);
  }
  const error = new HttpError(500, 'internal', 'internal error');
  return error;
}
