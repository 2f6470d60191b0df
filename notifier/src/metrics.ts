import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prefix of every notifier metric, so the embedded start can serve them beside the others. */
export const METRIC_PREFIX = 'fehrist_notifier_';

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Why a reminder occurrence was not delivered:
 * - `push_failed`: every subscription's push failed after its retries;
 * - `subscriptions_gone`: the push service reported every subscription gone (404 or 410);
 * - `no_subscription`: the user had no push subscription;
 * - `expired`: fired later than LATE_REMINDER_MAX_HOURS after its time, so not sent;
 * - `error`: the firing threw, for example with the database down; the scheduler retries it.
 */
export type ReminderFailureReason =
  | 'push_failed'
  | 'subscriptions_gone'
  | 'no_subscription'
  | 'expired'
  | 'error';

/** The notifier's Prometheus metrics, in a registry of its own. */
export class NotifierMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly remindersScheduled: Counter;
  readonly remindersSent: Counter;
  readonly remindersLate: Counter;
  readonly remindersFailed: Counter<'reason'>;

  /** `collectProcessMetrics` adds Node's process metrics, which belong in one registry per process only. */
  constructor(options: { collectProcessMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });

    this.requestDuration = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving an HTTP request to finishing the response, by route pattern.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.remindersScheduled = new Counter({
      name: `${METRIC_PREFIX}reminders_scheduled_total`,
      help: 'Reminder occurrences added to the scheduler. A reminder moved to a new time counts again.',
      registers,
    });
    this.remindersSent = new Counter({
      name: `${METRIC_PREFIX}reminders_sent_total`,
      help: 'Reminder occurrences that at least one push subscription accepted.',
      registers,
    });
    this.remindersLate = new Counter({
      name: `${METRIC_PREFIX}reminders_late_total`,
      help: 'Reminder occurrences claimed for sending more than LATE_REMINDER_AFTER_SECONDS after their time.',
      registers,
    });
    this.remindersFailed = new Counter({
      name: `${METRIC_PREFIX}reminders_failed_total`,
      help: 'Reminder occurrences not delivered, by reason. The reason `error` counts each failed attempt.',
      labelNames: ['reason'],
      registers,
    });
  }
}
