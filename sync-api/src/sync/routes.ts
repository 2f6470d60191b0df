import { PassThrough } from 'node:stream';
import { issuesFromZod, PullRequestSchema, PushRequestSchema } from '@fehrist/domain';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { invalid } from '../http/errors';
import { moduleLogger } from '../logger';
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
export function registerSyncRoutes(router: Router, context: WriteContext): OpenStreams {
  const streams = new Set<PassThrough>();

  router.post('/api/:user_id/sync/push', async (ctx) => {
    const push = parseBody(ctx, PushRequestSchema);
    ctx.body = await applyPush(context, ctx.state.userId, push);
  });

  router.post('/api/:user_id/sync/pull', async (ctx) => {
    const pull = parseBody(ctx, PullRequestSchema);
    ctx.body = await applyPull(context.orm, ctx.state.userId, pull);
  });

  router.get('/api/:user_id/sync/events', (ctx) => {
    const userId: string = ctx.state.userId;
    const stream = new PassThrough();
    streams.add(stream);

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
    ctx.body = stream;

    stream.write('retry: 3000\n\n');
    const unsubscribe = context.pokes.subscribe(userId, (version) => {
      stream.write(`event: poke\ndata: ${JSON.stringify({ version })}\n\n`);
    });
    const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    log.debug({ userId }, 'event stream opened');

    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(stream);
      stream.end();
      log.debug({ userId }, 'event stream closed');
    };
    ctx.req.once('close', close);
    stream.once('close', close);
  });

  return {
    closeAll() {
      for (const stream of streams) stream.end();
    },
  };
}

function parseBody<S extends z.ZodType>(ctx: Context, schema: S): z.output<S> {
  const result = schema.safeParse(ctx.request.body);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error);
  throw invalid(issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '), issues);
}
