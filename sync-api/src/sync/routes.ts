import type { ServerResponse } from 'node:http';
import { issuesFromZod, PullRequestSchema, PushRequestSchema } from '@fehrist/domain';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { invalid } from '../http/errors';
import { moduleLogger } from '../logger';
import type { SyncApiMetrics } from '../metrics';
import { applyPull } from './pull';
import { applyPush } from './push';
import type { WriteContext } from './user-write';

const log = moduleLogger('sync');

// Proxies and load balancers close idle connections after about a minute.
const HEARTBEAT_MS = 25_000;

export interface OpenStreams {
  closeAll(): void;
}

/** The sync protocol routes: push, pull, and the poke stream. */
export function registerSyncRoutes(
  router: Router,
  context: WriteContext,
  metrics: SyncApiMetrics,
): OpenStreams {
  const streams = new Set<ServerResponse>();

  router.post('/api/:user_id/sync/push', async (ctx) => {
    const push = parseBody(ctx, PushRequestSchema);
    const response = await applyPush(context, ctx.state.userId, push);
    // Counted after the commit, because a serialization failure runs the push again.
    metrics.pushes.inc();
    metrics.pushMutations.observe(push.mutations.length);
    for (const rejected of response.rejected)
      metrics.rejectedMutations.inc({ code: rejected.code });
    ctx.body = response;
  });

  router.post('/api/:user_id/sync/pull', async (ctx) => {
    const pull = parseBody(ctx, PullRequestSchema);
    ctx.body = await applyPull(context.orm, ctx.state.userId, pull);
    metrics.pulls.inc();
  });

  router.get('/api/:user_id/sync/events', (ctx) => {
    const userId: string = ctx.state.userId;
    const response = ctx.res;
    streams.add(response);

    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    ctx.status = 200;
    // Written to the response directly, not as a Koa stream body, because Koa 3 reports a
    // body stream cut off by the client as an application error, and a client closing its
    // event stream is the usual way one ends.
    ctx.respond = false;
    response.flushHeaders();

    response.write('retry: 3000\n\n');
    const unsubscribe = context.pokes.subscribe(userId, (version) => {
      response.write(`event: poke\ndata: ${JSON.stringify({ version })}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    log.debug({ userId }, 'event stream opened');

    response.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
      log.debug({ userId }, 'event stream closed');
    });
  });

  return {
    closeAll() {
      for (const response of streams) response.end();
    },
  };
}

function parseBody<S extends z.ZodType>(ctx: Context, schema: S): z.output<S> {
  const result = schema.safeParse(ctx.request.body);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  throw invalid(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '), issues);
}
