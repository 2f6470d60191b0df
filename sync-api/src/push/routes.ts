import { issuesFromZod } from '@fehrist/domain';
import type Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/postgresql';
import { invalid, notFound } from '../http/errors';
import { moduleLogger } from '../logger';
import { pushSubscriptionSchema } from './subscription-input';
import { deleteSubscription, listSubscriptions, saveSubscription } from './subscriptions';

const log = moduleLogger('push');

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_USER_AGENT_LENGTH = 512;

export interface PushRouteDependencies {
  orm: MikroORM;
  vapidPublicKey: string;
  allowInsecurePushEndpoints: boolean;
}

/** Returns the push service's origin, the only part of an endpoint that is logged. */
function pushService(endpoint: string): string {
  return URL.canParse(endpoint) ? new URL(endpoint).origin : '(invalid URL)';
}

/**
 * Registers `GET /api/push/vapid-public-key`, which needs no sign-in. Call it before adding the
 * `/api/:user_id` middleware. That prefix matches this path too, and the router runs the layers
 * in the order they were added, so this route handles the request first.
 */
export function registerVapidKeyRoute(router: Router, deps: PushRouteDependencies): void {
  router.get('/api/push/vapid-public-key', (ctx) => {
    ctx.body = { key: deps.vapidPublicKey };
  });
}

/** Registers the routes that save, list and delete the signed-in user's Web Push subscriptions. */
export function registerPushRoutes(router: Router, deps: PushRouteDependencies): void {
  const schema = pushSubscriptionSchema(deps.allowInsecurePushEndpoints);

  router.post('/api/:user_id/push-subscriptions', async (ctx) => {
    const parsed = schema.safeParse(ctx.request.body);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      throw invalid(issues.map((issue) => issue.message).join('; '), issues);
    }
    const userId: string = ctx.state.userId;
    const userAgent = ctx.get('user-agent').slice(0, MAX_USER_AGENT_LENGTH) || null;

    const saved = await saveSubscription(deps.orm, userId, parsed.data, userAgent);
    log.info(
      {
        userId,
        subscriptionId: saved.id,
        pushService: pushService(saved.endpoint),
        created: saved.created,
        replacedPrevious: saved.replacedPrevious,
        ...(saved.previousUserId ? { previousUserId: saved.previousUserId } : {}),
      },
      saved.previousUserId
        ? 'push subscription moved from another user'
        : saved.created
          ? 'push subscription created'
          : 'push subscription updated',
    );
    ctx.status = saved.created ? 201 : 200;
    ctx.body = { id: saved.id, endpoint: saved.endpoint, created_at: saved.created_at };
  });

  router.get('/api/:user_id/push-subscriptions', async (ctx) => {
    ctx.body = { subscriptions: await listSubscriptions(deps.orm, ctx.state.userId) };
  });

  router.delete('/api/:user_id/push-subscriptions/:subscription_id', async (ctx) => {
    const id = String(ctx.params.subscription_id);
    const userId: string = ctx.state.userId;
    // Another user's id reads as absent, the same as one that never existed.
    if (!UUID_PATTERN.test(id) || !(await deleteSubscription(deps.orm, userId, id))) {
      throw notFound(`push subscription ${id} was not found`);
    }
    log.info({ userId, subscriptionId: id }, 'push subscription deleted');
    ctx.status = 204;
  });
}
