import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { moduleLogger } from '../logger';

const log = moduleLogger('http');

const MAX_BODY_BYTES = 1024 * 1024;
const SHUTDOWN_GRACE_MS = 5_000;

export interface HttpReply {
  status: number;
  body: unknown;
}

export interface NotifierRoutes {
  /** When set, the routes the Dapr sidecar calls need it in the `dapr-api-token` header. */
  appApiToken?: string;
  /** Resolves true while the database responds and the notifier runs; drives `/readyz`. */
  ready(): Promise<boolean>;
  /** `GET /dapr/subscribe`; an empty list when events do not come through Dapr. */
  daprSubscriptions(): unknown[];
  /** `POST /events/<topic>`; undefined when events do not come through Dapr. */
  daprEvent?(topic: string, body: unknown): Promise<HttpReply>;
  /** `POST /job/<name>`; undefined when jobs are not Dapr jobs. */
  daprJob?(name: string, body: unknown): Promise<HttpReply>;
  /** `GET /metrics`: Prometheus text and its content type. */
  metrics(): Promise<{ contentType: string; text: string }>;
  /** Called when a response has finished, with the route pattern rather than the raw path. */
  requestFinished?(request: FinishedRequest): void;
}

export interface FinishedRequest {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

export interface RunningHttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the notifier's own HTTP server: `/healthz` (the process runs), `/readyz` (it can do
 * its work), `/metrics` (Prometheus), and the callbacks a Dapr sidecar makes. Plain node:http,
 * because the routes are few.
 */
export async function startHttpServer(
  routes: NotifierRoutes,
  port: number,
  host: string,
): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    const started = performance.now();
    response.once('close', () => {
      routes.requestFinished?.({
        method: request.method ?? 'GET',
        route: routePattern(request.url),
        status: response.statusCode,
        seconds: (performance.now() - started) / 1000,
      });
    });
    void handle(routes, request, response).catch((error) => {
      log.error({ err: error, method: request.method, url: request.url }, 'request failed');
      if (!response.headersSent)
        reply(response, { status: 500, body: { error: 'internal error' } });
      else response.destroy();
    });
  });
  const boundPort = await listen(server, port, host);
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${displayHost}:${boundPort}`;
  log.info({ url }, 'HTTP server listening');
  return {
    url,
    close: () => closeServer(server),
  };
}

async function handle(
  routes: NotifierRoutes,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const method = request.method ?? 'GET';

  if (method === 'GET' && path === '/healthz')
    return reply(response, { status: 200, body: { status: 'ok' } });
  if (method === 'GET' && path === '/readyz') {
    const ready = await routes.ready();
    return reply(response, {
      status: ready ? 200 : 503,
      body: { status: ready ? 'ready' : 'not ready' },
    });
  }
  if (method === 'GET' && path === '/metrics') {
    const { contentType, text } = await routes.metrics();
    response.writeHead(200, { 'content-type': contentType });
    response.end(text);
    return;
  }
  const fromSidecar =
    path === '/dapr/subscribe' || path.startsWith('/events/') || path.startsWith('/job/');
  if (fromSidecar && !hasAppToken(routes.appApiToken, request)) {
    return reply(response, {
      status: 401,
      body: { error: 'send the Dapr app API token in the dapr-api-token header' },
    });
  }
  if (method === 'GET' && path === '/dapr/subscribe') {
    return reply(response, { status: 200, body: routes.daprSubscriptions() });
  }

  const event = /^\/events\/([A-Za-z0-9._-]+)$/.exec(path);
  if (method === 'POST' && event?.[1] && routes.daprEvent) {
    return reply(response, await routes.daprEvent(event[1], await readJson(request)));
  }
  const job = /^\/job\/([A-Za-z0-9._-]+)$/.exec(path);
  if (method === 'POST' && job?.[1] && routes.daprJob) {
    return reply(response, await routes.daprJob(job[1], await readJson(request)));
  }
  reply(response, { status: 404, body: { error: `no route for ${method} ${path}` } });
}

/** Names a request by its route, such as `/job/:name`, so job names never become label values. */
function routePattern(url: string | undefined): string {
  // Runs in a 'close' listener, where a throw would end the process.
  if (!URL.canParse(url ?? '/', 'http://localhost')) return 'other';
  const path = new URL(url ?? '/', 'http://localhost').pathname;
  if (['/healthz', '/readyz', '/metrics', '/dapr/subscribe'].includes(path)) return path;
  if (path.startsWith('/events/')) return '/events/:topic';
  if (path.startsWith('/job/')) return '/job/:name';
  return 'other';
}

function hasAppToken(expected: string | undefined, request: IncomingMessage): boolean {
  if (!expected) return true;
  const given = Buffer.from(String(request.headers['dapr-api-token'] ?? ''));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new Error(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reply(response: ServerResponse, { status, body }: HttpReply): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use; set PORT to a free port`)
          : error,
      );
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
