import { randomUUID } from 'node:crypto';
import { type EventSubscriber, type TaskUpdateEvent, TOPICS } from '@fehrist/domain';
import { moduleLogger } from '../logger';
import type { PokeHub } from '../sync/pokes';
import { backoffDelay, pause } from './backoff';

const log = moduleLogger('cross-replica-pokes');

/**
 * Subscribes this replica to `task-updates` and pokes the streams open here. Every replica
 * needs every event, so each one joins a consumer group of its own, `sync-api-pokes-<uuid>`.
 * The group starts from the latest offset, because a poke for an older change is of no use.
 */
export async function subscribeToPokes(subscriber: EventSubscriber, pokes: PokeHub): Promise<void> {
  const group = `sync-api-pokes-${randomUUID()}`;
  await subscriber.subscribe(TOPICS.taskUpdates, group, async (event) => {
    const update = event.data as Partial<TaskUpdateEvent> | null;
    if (typeof update?.user_id !== 'string' || !Number.isSafeInteger(update.version)) {
      log.warn({ eventId: event.id }, 'skipped a task-updates event without user_id and version');
      return;
    }
    pokes.pokeFromEvent(update.user_id, update.version as number);
  });
}

/**
 * Calls subscribeToPokes until it succeeds or `signal` aborts, backing off between attempts,
 * because a broker that is down at start must not keep the API from serving. Resolves true once
 * subscribed, false when aborted first.
 */
export async function keepSubscribingToPokes(
  subscriber: EventSubscriber,
  pokes: PokeHub,
  signal: AbortSignal,
): Promise<boolean> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      await subscribeToPokes(subscriber, pokes);
      if (attempt > 1) log.info({ attempt }, 'subscribed to task-updates after retrying');
      return true;
    } catch (error) {
      const retryInMs = backoffDelay(attempt, { initialMs: 1_000, maxMs: 30_000 });
      log.warn(
        { err: error, attempt, retryInMs },
        'subscribing to task-updates failed; pokes from other replicas wait until it works',
      );
      await pause(retryInMs, signal);
    }
  }
  return false;
}
