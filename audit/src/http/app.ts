import { randomUUID } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import type pg from 'pg';
import type { DaprEventSubscriber } from '../events/dapr-subscriber';
import { isKnownTask, listActivity, listTaskHistory } from '../history/query';
import { moduleLogger } from '../logger';
import { hasAppToken } from './app-token';
import type { BearerAuth } from './bearer';
import { HttpError, notFound, problemDetails } from './errors';
import { isUuid, parseActivityQuery, parseHistoryQuery } from './query-params';

const log = moduleLogger('app');

export interface AppDependencies {
  db: pg.Pool;
  auth: BearerAuth;
  /** Resolves true while the database responds and the service runs; drives `/readyz`. */
  ready(): Promise<boolean>;
  /** Set when events come through Dapr: `GET /dapr/subscribe` and `POST /events/<topic>`. */
  dapr?: DaprEventSubscriber;
  /** List no subscriptions at `/dapr/subscribe`, because Subscription resources declare them. */
  declarativeSubscriptions?: boolean;
  /** When set, the routes the Dapr sidecar calls need it in the `dapr-api-token` header. */
  appApiToken?: string;
}

/** Paths of the history API; the embedded start serves only these on sync-api's port. */
export const API_PATHS = [
  /^\/api\/[^/]+\/activity\/?$/,
  /^\/api\/[^/]+\/tasks\/[^/]+\/history\/?$/,
];

/** Builds the Koa application: the history API, health, readiness and the Dapr callbacks. */
export function createApp(deps: AppDependencies): Koa {
  const app = new Koa();
  const router = new Router();
  app.use(logRequests);
  app.use(problemDetails);

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    if (!(await deps.ready())) {
      throw new HttpError(503, 'not_ready', 'the database is unreachable or the service stopped');
    }
    ctx.body = { status: 'ready' };
  });

  const requireSidecar = async (ctx: Context, next: Next) => {
    if (!hasAppToken(deps.appApiToken, ctx.get('dapr-api-token'))) {
      throw new HttpError(
        401,
        'unauthorized',
        'send the Dapr app API token in the dapr-api-token header',
      );
    }
    return next();
  };
  router.get('/dapr/subscribe', requireSidecar, (ctx) => {
    ctx.body = deps.declarativeSubscriptions ? [] : (deps.dapr?.subscriptions() ?? []);
  });
  if (deps.dapr) {
    const dapr = deps.dapr;
    // The sidecar posts CloudEvents as application/cloudevents+json.
    const cloudEvents = bodyParser({
      enableTypes: ['json'],
      extendTypes: { json: ['application/cloudevents+json'] },
      jsonLimit: '1mb',
      encoding: 'utf-8',
    });
    router.post('/events/:topic', requireSidecar, cloudEvents, async (ctx) => {
      ctx.body = await dapr.deliver(String(ctx.params.topic), ctx.request.body);
    });
  }

  router.use('/api/:user_id', deps.auth.authenticate, deps.auth.requireOwner);
  router.get('/api/:user_id/activity', async (ctx) => {
    const { filter, page } = parseActivityQuery(ctx.query);
    ctx.body = await listActivity(deps.db, ctx.state.userId, filter, page);
  });
  router.get('/api/:user_id/tasks/:id/history', async (ctx) => {
    const taskId = String(ctx.params.id);
    const page = parseHistoryQuery(ctx.query);
    if (!isUuid(taskId)) throw notFound(`task ${taskId} was not found`);
    const id = taskId.toLowerCase();
    const history = await listTaskHistory(deps.db, ctx.state.userId, id, page);
    if (history.events.length === 0 && !(await isKnownTask(deps.db, ctx.state.userId, id))) {
      throw notFound(
        `task ${taskId} has no history: it is not yours, or it has not changed since the audit service started`,
      );
    }
    ctx.body = { task_id: id, ...history };
  });

  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  app.on('error', (error) => log.error({ err: error }, 'unhandled application error'));
  return app;
}

async function logRequests(ctx: Context, next: Next): Promise<void> {
  const started = performance.now();
  ctx.state.requestId = ctx.get('x-request-id') || randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  try {
    await next();
  } finally {
    log.info(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  }
}
