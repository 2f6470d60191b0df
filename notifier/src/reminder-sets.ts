import type pg from 'pg';
import type { Clock } from './clock';
import { moduleLogger } from './logger';
import type { NotifierMetrics } from './metrics';
import type { ReminderScheduler } from './scheduler/scheduler';

const log = moduleLogger('reminder-sets');

/** Every pending reminder instant of one task at one version, as a reminder event carries it. */
export interface ReminderSet {
  taskId: string;
  userId: string;
  version: number;
  dueAt: string | null;
  remindAts: string[];
}

export type ApplyResult = 'applied' | 'stale';

/**
 * Applies reminder sets to the scheduler. The last applied version per task is kept in
 * `notifier_task_state`. An event whose version is not above it is stale or a redelivery and
 * changes nothing, so events may arrive twice or out of order.
 */
export class ReminderPlanner {
  constructor(
    private readonly options: {
      db: pg.Pool;
      scheduler: ReminderScheduler;
      clock: Clock;
      /** Instants older than this are not scheduled at all. */
      lateMaxMs: number;
      metrics: NotifierMetrics;
    },
  ) {}

  async apply(set: ReminderSet): Promise<ApplyResult> {
    const now = this.options.clock();
    const remindAts = [
      ...new Set(set.remindAts.map((instant) => new Date(instant).toISOString())),
    ].sort();
    const client = await this.options.db.connect();
    try {
      await client.query('begin');
      // The placeholder row gives the lock below something to hold for a task seen first.
      await client.query(
        `insert into notifier_task_state (task_id, user_id, version, remind_ats, updated_at)
         values ($1, $2, -1, '{}', $3) on conflict (task_id) do nothing`,
        [set.taskId, set.userId, now],
      );
      const { rows } = await client.query<{ version: number; remind_ats: Date[] }>(
        `select version, remind_ats from notifier_task_state where task_id = $1 for update`,
        [set.taskId],
      );
      const state = rows[0];
      if (state && state.version >= set.version) {
        await client.query('rollback');
        log.debug(
          { taskId: set.taskId, version: set.version, applied: state.version },
          'stale reminder set ignored',
        );
        return 'stale';
      }

      await client.query(
        `update notifier_task_state set user_id = $2, version = $3, remind_ats = $4, updated_at = $5
          where task_id = $1`,
        [set.taskId, set.userId, set.version, remindAts, now],
      );
      const previous = (state?.remind_ats ?? []).map((instant) => instant.toISOString());
      const wanted = remindAts
        .filter((instant) => now.getTime() - Date.parse(instant) <= this.options.lateMaxMs)
        .map((remindAt) => ({
          taskId: set.taskId,
          userId: set.userId,
          remindAt,
          dueAt: set.dueAt,
        }));
      await this.options.scheduler.replace(
        client,
        { taskId: set.taskId, userId: set.userId, dueAt: set.dueAt },
        previous,
        wanted,
      );
      await client.query('commit');
      this.options.scheduler.committed?.(wanted);
      const added = wanted.filter((job) => !previous.includes(job.remindAt));
      this.options.metrics.remindersScheduled.inc(added.length);
      log.info(
        { taskId: set.taskId, version: set.version, reminders: wanted.length },
        'reminder set applied',
      );
      return 'applied';
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
