import { reminderInstants } from '@fehrist/domain';
import type pg from 'pg';
import type { Clock } from './clock';
import { moduleLogger } from './logger';
import type { NotifierMetrics } from './metrics';
import { notificationLanguage } from './push/messages';
import { buildReminderPayload } from './push/payload';
import type { PushOutcome, PushSender } from './push/sender';
import { deleteSubscription, listSubscriptions, type PushSubscriptionRow } from './subscriptions';
import { readTask } from './tasks';

const log = moduleLogger('delivery');

/** A reminder occurrence: a task and one of its reminder instants, the key of a delivery claim. */
export interface ReminderOccurrence {
  taskId: string;
  /** ISO 8601 instant in UTC. */
  remindAt: string;
}

export type FireResult =
  /** At least one subscription accepted the push. */
  | 'sent'
  /** Every subscription failed or was gone. */
  | 'failed'
  | 'no_subscription'
  /** Missed by more than the late limit, so not sent. */
  | 'expired'
  /** The task was completed, deleted or re-timed, or no longer exists. */
  | 'skipped'
  /** Another replica or an earlier firing claimed this occurrence. */
  | 'duplicate';

export interface DeliveryOptions {
  db: pg.Pool;
  sender: PushSender;
  clock: Clock;
  /** Identifies this process in claims, so a lease can be extended and taken over. */
  instanceId: string;
  lateAfterMs: number;
  lateMaxMs: number;
  /** How long a claim stays valid without an extension; a crashed sender's claim expires. */
  leaseMs: number;
  dateOnlyReminderTime: string;
  metrics: NotifierMetrics;
}

/**
 * Fires reminder occurrences: re-reads the task, claims the occurrence in
 * `reminder_delivery` so it is sent once across replicas and redeliveries, sends Web Push to
 * each of the user's subscriptions and records the outcome.
 */
export class ReminderDelivery {
  private readonly active = new Map<string, ReminderOccurrence>();

  constructor(private readonly options: DeliveryOptions) {}

  async fire(occurrence: ReminderOccurrence): Promise<FireResult> {
    try {
      return await this.deliver(occurrence);
    } catch (error) {
      this.options.metrics.remindersFailed.inc({ reason: 'error' });
      throw error;
    }
  }

  private async deliver(occurrence: ReminderOccurrence): Promise<FireResult> {
    const { db, clock, metrics } = this.options;
    const context = { taskId: occurrence.taskId, remindAt: occurrence.remindAt };

    const stored = await readTask(db, occurrence.taskId);
    if (!stored) return skip(context, 'task not found');
    const { task, userId } = stored;
    if (task.deleted) return skip(context, 'task deleted');
    if (task.completed) return skip(context, 'task completed');
    const instants = reminderInstants(task, this.options.dateOnlyReminderTime);
    const remindAt = instants.find((instant) => sameSecond(instant, occurrence.remindAt));
    if (!remindAt) return skip(context, 'reminder no longer set at this time');

    const firedAt = clock();
    const latenessMs = firedAt.getTime() - Date.parse(remindAt);
    if (latenessMs > this.options.lateMaxMs) {
      await this.recordExpired(occurrence.taskId, remindAt, userId, firedAt);
      metrics.remindersFailed.inc({ reason: 'expired' });
      log.warn(
        { ...context, latenessMs, lateMaxMs: this.options.lateMaxMs },
        'reminder missed by more than the late limit; skipped',
      );
      return 'expired';
    }
    const late = latenessMs > this.options.lateAfterMs;

    const claimed = await this.claim(occurrence.taskId, remindAt, userId, late, firedAt);
    if (!claimed) {
      log.debug(context, 'reminder already claimed by another firing; not sending');
      return 'duplicate';
    }
    if (late) metrics.remindersLate.inc();

    const key = `${occurrence.taskId}/${remindAt}`;
    this.active.set(key, { taskId: occurrence.taskId, remindAt });
    try {
      let subscriptions: PushSubscriptionRow[];
      try {
        subscriptions = await listSubscriptions(db, userId);
      } catch (error) {
        // Nothing was sent yet, so give the claim back for the retry.
        await this.release(occurrence.taskId, remindAt);
        throw error;
      }
      if (subscriptions.length === 0) {
        await this.complete(occurrence.taskId, remindAt, 'no_subscription', emptyTally());
        metrics.remindersFailed.inc({ reason: 'no_subscription' });
        log.info(
          { ...context, userId, late },
          'reminder due but the user has no push subscription',
        );
        return 'no_subscription';
      }

      const outcomes = await Promise.all(
        subscriptions.map(async (subscription) => {
          const payload = buildReminderPayload(
            task,
            remindAt,
            late,
            notificationLanguage(subscription.language),
          );
          const outcome = await this.options.sender.send(
            {
              endpoint: subscription.endpoint,
              keys: { p256dh: subscription.p256dh, auth: subscription.auth },
            },
            JSON.stringify(payload),
            { ...context, subscriptionId: subscription.id },
          );
          if (outcome.kind === 'gone') await this.removeGone(subscription, outcome, context);
          return outcome;
        }),
      );

      const tally = tallyOutcomes(outcomes);
      const status = tally.sent > 0 ? 'sent' : 'failed';
      await this.complete(occurrence.taskId, remindAt, status, tally);
      if (status === 'sent') {
        metrics.remindersSent.inc();
      } else {
        const reason = tally.removed === tally.subscriptions ? 'subscriptions_gone' : 'push_failed';
        metrics.remindersFailed.inc({ reason });
      }
      log.info({ ...context, userId, late, latenessMs, ...tally }, `reminder ${status}`);
      return status;
    } finally {
      this.active.delete(key);
    }
  }

  /** Extends the leases of the claims this process is sending; called on a timer. */
  async extendLeases(): Promise<void> {
    if (this.active.size === 0) return;
    const occurrences = [...this.active.values()];
    await this.options.db.query(
      `update reminder_delivery d set lease_until = $1
         from unnest($2::uuid[], $3::timestamptz[]) as a(task_id, remind_at)
        where d.task_id = a.task_id and d.remind_at = a.remind_at
          and d.status = 'sending' and d.claimed_by = $4`,
      [
        new Date(this.options.clock().getTime() + this.options.leaseMs),
        occurrences.map((occurrence) => occurrence.taskId),
        occurrences.map((occurrence) => occurrence.remindAt),
        this.options.instanceId,
      ],
    );
  }

  /**
   * Inserts the delivery row; the primary key (task_id, remind_at) lets one firing win. A
   * claim still marked `sending` after its lease ran out belongs to a process that died
   * before it finished, and is taken over.
   */
  private async claim(
    taskId: string,
    remindAt: string,
    userId: string,
    late: boolean,
    firedAt: Date,
  ): Promise<boolean> {
    const leaseUntil = new Date(firedAt.getTime() + this.options.leaseMs);
    const params = [taskId, remindAt, userId, late, firedAt, leaseUntil, this.options.instanceId];
    const inserted = await this.options.db.query(
      `insert into reminder_delivery
         (task_id, remind_at, user_id, status, late, fired_at, lease_until, claimed_by)
       values ($1, $2, $3, 'sending', $4, $5, $6, $7)
       on conflict (task_id, remind_at) do nothing`,
      params,
    );
    if (inserted.rowCount === 1) return true;

    const takenOver = await this.options.db.query(
      `update reminder_delivery
          set user_id = $3, late = $4, fired_at = $5, lease_until = $6, claimed_by = $7
        where task_id = $1 and remind_at = $2 and status = 'sending' and lease_until < $5`,
      params,
    );
    if (takenOver.rowCount === 1) {
      // NOTE: the previous claimer may have sent to some subscriptions before it stopped;
      // those devices get the reminder twice.
      log.warn({ taskId, remindAt }, 'took over an expired delivery claim');
      return true;
    }
    return false;
  }

  private async release(taskId: string, remindAt: string): Promise<void> {
    await this.options.db
      .query(
        `delete from reminder_delivery
          where task_id = $1 and remind_at = $2 and status = 'sending' and claimed_by = $3`,
        [taskId, remindAt, this.options.instanceId],
      )
      .catch((error) =>
        log.error({ err: error, taskId, remindAt }, 'could not release a delivery claim'),
      );
  }

  private async complete(
    taskId: string,
    remindAt: string,
    status: string,
    tally: Tally,
  ): Promise<void> {
    await this.options.db.query(
      `update reminder_delivery
          set status = $3, completed_at = $4, lease_until = null, subscriptions = $5, sent = $6,
              failed = $7, removed = $8, push_attempts = $9, last_error = $10
        where task_id = $1 and remind_at = $2`,
      [
        taskId,
        remindAt,
        status,
        this.options.clock(),
        tally.subscriptions,
        tally.sent,
        tally.failed,
        tally.removed,
        tally.attempts,
        tally.lastError,
      ],
    );
  }

  private async recordExpired(
    taskId: string,
    remindAt: string,
    userId: string,
    firedAt: Date,
  ): Promise<void> {
    await this.options.db.query(
      `insert into reminder_delivery
         (task_id, remind_at, user_id, status, late, fired_at, completed_at)
       values ($1, $2, $3, 'expired', true, $4, $4)
       on conflict (task_id, remind_at) do nothing`,
      [taskId, remindAt, userId, firedAt],
    );
  }

  private async removeGone(
    subscription: PushSubscriptionRow,
    outcome: PushOutcome,
    context: { taskId: string; remindAt: string },
  ): Promise<void> {
    const removed = await deleteSubscription(this.options.db, subscription.endpoint);
    log.info(
      {
        ...context,
        subscriptionId: subscription.id,
        status: outcome.kind === 'gone' ? outcome.status : null,
        removed,
      },
      'push subscription is gone; deleted it',
    );
  }
}

interface Tally {
  subscriptions: number;
  sent: number;
  failed: number;
  removed: number;
  attempts: number;
  lastError: string | null;
}

function emptyTally(): Tally {
  return { subscriptions: 0, sent: 0, failed: 0, removed: 0, attempts: 0, lastError: null };
}

function tallyOutcomes(outcomes: PushOutcome[]): Tally {
  const tally = emptyTally();
  tally.subscriptions = outcomes.length;
  for (const outcome of outcomes) {
    tally.attempts += outcome.attempts;
    if (outcome.kind === 'sent') tally.sent++;
    if (outcome.kind === 'gone') tally.removed++;
    if (outcome.kind === 'failed') {
      tally.failed++;
      tally.lastError = outcome.reason;
    }
  }
  return tally;
}

/** Dapr job names carry whole seconds, so instants are matched to the second. */
function sameSecond(a: string, b: string): boolean {
  return Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);
}

function skip(context: { taskId: string; remindAt: string }, reason: string): FireResult {
  log.info({ ...context, reason }, 'reminder skipped');
  return 'skipped';
}
