import { randomUUID } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { toNodeHandler } from 'better-auth/node';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import type { Auth } from './auth/auth';
import { CLIENT_IP_HEADER } from './auth/auth';
import type { Authenticator } from './auth/authenticate';
import { HttpError, problemDetails } from './http/errors';
import { openApiDocument } from './http/openapi';
import { serveStatic } from './http/static-files';
import { moduleLogger } from './logger';
import type { SyncApiMetrics } from './metrics';
import { registerPushRoutes, registerVapidKeyRoute } from './push/routes';
import { type OpenStreams, registerSyncRoutes } from './sync/routes';
import type { WriteContext } from './sync/user-write';
import { registerTaskRoutes } from './tasks/routes';

const log = moduleLogger('app');

export interface AppDependencies extends WriteContext {
  auth: Auth;
  authenticator: Authenticator;
  publicUrl: string;
  trustProxy: boolean;
  staticDir?: string;
  /** Base64url VAPID public key that browsers subscribe to push with. */
  vapidPublicKey: string;
  /** Accept http://localhost push endpoints; tests only. */
  allowInsecurePushEndpoints: boolean;
  /** Routes the Dapr sidecar calls, `/dapr/subscribe` and `/events/<topic>`, for that transport. */
  eventCallbacks?: Middleware;
  metrics: SyncApiMetrics;
}

export interface App {
  koa: Koa;
  router: Router;
  streams: OpenStreams;
}

/** Assembles the Koa application; it opens no port, so tests can use its callback. */
export function createApp(deps: AppDependencies): App {
  const koa = new Koa({ proxy: deps.trustProxy });
  const router = new Router();

  koa.use(logRequests);
  koa.use(deps.metrics.observeRequests());
  koa.use(problemDetails);
  // The sidecar sends application/cloudevents+json, which the JSON body check below refuses.
  if (deps.eventCallbacks) koa.use(deps.eventCallbacks);

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await deps.orm.em.getConnection().execute('select 1');
      ctx.body = { status: 'ready' };
    } catch (error) {
      log.warn({ err: error }, 'readiness check failed: database unreachable');
      throw new HttpError(503, 'not_ready', 'the database is unreachable');
    }
  });
  // Unauthenticated like the probes, for scrapers on the pod network. The chart's ingress sends
  // every path it does not know to sync-api, so a request that came through a proxy is rejected.
  router.get('/metrics', async (ctx) => {
    if (ctx.get('x-forwarded-for') || ctx.get('forwarded')) {
      throw new HttpError(404, 'route_not_found', 'metrics are served on the pod network only');
    }
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openApiDocument(deps.publicUrl);
  });

  // Better Auth reads the raw request, so it runs before the body parser.
  const authHandler = toNodeHandler(deps.auth);
  koa.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/api/auth/')) return next();
    // Rate limits key on this header; it is overwritten so clients cannot choose it.
    ctx.req.headers[CLIENT_IP_HEADER] = ctx.ip;
    ctx.respond = false;
    await authHandler(ctx.req, ctx.res);
  });

  koa.use(requireJsonBody);
  // A push may carry 1,000 mutations of a full task each: 1,000 characters of Urdu
  // description alone take about 2 KB, so 8 MB leaves room for the largest valid push.
  koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: '8mb', encoding: 'utf-8' }));

  registerVapidKeyRoute(router, deps);

  router.use('/api/:user_id', deps.authenticator.authenticate, deps.authenticator.requireOwner);
  registerTaskRoutes(router, deps);
  registerPushRoutes(router, deps);
  const streams = registerSyncRoutes(router, deps, deps.metrics);

  koa.use(router.routes());
  koa.use(router.allowedMethods({ throw: true }));
  if (deps.staticDir) koa.use(serveStatic(deps.staticDir));

  koa.on('error', (error, ctx) => {
    log.error({ err: error, requestId: ctx?.state?.requestId }, 'unhandled application error');
  });
  return { koa, router, streams };
}

async function logRequests(ctx: Context, next: Next): Promise<void> {
  const started = performance.now();
  ctx.state.requestId = ctx.get('x-request-id') || randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  try {
    await next();
  } finally {
    const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
    log.info(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  }
}

/** Bodies are JSON only; anything else is refused before parsing so it is not read as empty. */
async function requireJsonBody(ctx: Context, next: Next): Promise<void> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(ctx.method) && !ctx.is('application/json')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send the body as JSON with Content-Type: application/json',
    );
  }
  return next();
}
