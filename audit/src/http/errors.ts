import type { Context, Next } from 'koa';
import { moduleLogger } from '../logger';

const log = moduleLogger('http');

/**
 * An error meant for the client. `expose` decides whether its message reaches the response;
 * by default only 4xx errors expose theirs.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly issues: { field: string; message: string }[];

  constructor(
    status: number,
    code: string,
    message: string,
    issues: { field: string; message: string }[] = [],
    expose = status < 500,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.expose = expose;
    this.issues = issues;
  }
}

export const unauthorized = (message = 'send a valid bearer token from /api/auth/token') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const invalid = (message: string, issues: { field: string; message: string }[] = []) =>
  new HttpError(422, 'invalid', message, issues);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Turns every error into an RFC 9457 problem document, in the same shape as the sync API's. */
export async function problemDetails(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (caught) {
    const error = toHttpError(caught);
    // An HttpError was raised on purpose, and its cause was logged where it was caught.
    if (error.status >= 500 && !(caught instanceof HttpError)) {
      log.error(
        { err: caught, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path },
        'request failed',
      );
    }
    ctx.status = error.status;
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
  // Errors raised by Koa's body parser, the router and ctx.throw carry a status.
  const status = (caught as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = (caught as Error).message || 'bad request';
    let code = 'bad_request';
    if (status === 405) code = 'method_not_allowed';
    if (status === 413) code = 'too_large';
    if (status === 415) code = 'unsupported_media_type';
    return new HttpError(status, code, message);
  }
  return new HttpError(500, 'internal', 'internal error');
}
