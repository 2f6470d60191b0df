import type pg from 'pg';
import type { Clock } from '../clock';
import type { FireResult } from '../delivery';
import { moduleLogger } from '../logger';
import type { FireReminder, ReminderJob, ReminderScheduler } from './scheduler';

const log = moduleLogger('builtin-scheduler');

export interface BuiltinSchedulerOptions {
  db: pg.Pool;
  clock: Clock;
  instanceId: string;
  /** Maximum wait between two polls, in ms; a job that another replica added is found this late. */
  pollIntervalMs?: number;
  /** Jobs fired at once by this process. */
  concurrency?: number;
  /** How long a claimed job stays locked without an extension. */
  leaseMs?: number;
  /** Attempts for a job whose firing throws, for example while the database is down. */
  maxFireAttempts?: number;
  /** Finished jobs are deleted this long after their reminder time. */
  retentionMs?: number;
}

interface ClaimedJob {
  task_id: string;
  remind_at: Date;
  attempts: number;
}

const FINAL_STATUS: Record<FireResult, 'done' | 'skipped' | 'failed'> = {
  sent: 'done',
  no_subscription: 'done',
  failed: 'failed',
  expired: 'skipped',
  skipped: 'skipped',
  duplicate: 'skipped',
};

const CLEANUP_INTERVAL_MS = 60 * 60_000;
const CLAIM_BATCH_DELAY_MS = 10;

/**
 * Scheduler persisted in PostgreSQL's `reminder_job` table. Each replica polls for due jobs
 * and claims them with `FOR UPDATE SKIP LOCKED`, so no two replicas fire the same job. A claim
 * is a lease: when a replica dies, another fires its jobs once the lease expires. Jobs missed
 * while every replica was down are fired when one starts again.
 */
export class BuiltinScheduler implements ReminderScheduler {
  readonly kind = 'builtin';
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly maxFireAttempts: number;
  private readonly retentionMs: number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private fire: FireReminder | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private heartbeat: NodeJS.Timeout | undefined;
  private polling: Promise<number> | undefined;
  private pollAgain = false;
  private closed = false;
  private lastCleanup = 0;

  constructor(private readonly options: BuiltinSchedulerOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.concurrency = options.concurrency ?? 32;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxFireAttempts = options.maxFireAttempts ?? 10;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60_000;
  }

  async replace(
    tx: pg.PoolClient,
    task: { taskId: string; userId: string; dueAt: string | null },
    _previous: string[],
    wanted: ReminderJob[],
  ): Promise<void> {
    const instants = wanted.map((job) => job.remindAt);
    const now = this.options.clock();

    // Jobs already running or finished stay: a running one re-reads the task before sending.
    await tx.query(
      `delete from reminder_job
        where task_id = $1 and status = 'pending' and not (remind_at = any($2::timestamptz[]))`,
      [task.taskId, instants],
    );
    await tx.query(
      `insert into reminder_job
         (task_id, remind_at, user_id, due_at, status, attempts, next_attempt_at, created_at, updated_at)
       select $1, instant, $2, $3, 'pending', 0, instant, $4, $4
         from unnest($5::timestamptz[]) as instant
       on conflict (task_id, remind_at) do update
         set user_id = excluded.user_id, due_at = excluded.due_at, updated_at = excluded.updated_at`,
      [task.taskId, task.userId, task.dueAt, now, instants],
    );
  }

  /** Wakes the poll loop for the earliest new job; before the commit it would not see the row. */
  committed(wanted: ReminderJob[]): void {
    const earliest = Math.min(...wanted.map((job) => Date.parse(job.remindAt)));
    if (Number.isFinite(earliest)) this.wakeAt(earliest);
  }

  async start(fire: FireReminder): Promise<void> {
    this.fire = fire;
    this.heartbeat = setInterval(() => void this.renewLeases(), Math.max(50, this.leaseMs / 3));
    await this.renewLeases();
    this.wakeAt(0);
    log.info(
      { pollIntervalMs: this.pollIntervalMs, concurrency: this.concurrency },
      'scheduler started',
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.polling;
    // Jobs in flight finish, with their leases extended until they do.
    await Promise.allSettled(this.inFlight.values());
    clearInterval(this.heartbeat);
    log.info('scheduler stopped');
  }

  /** Makes the poll loop look at the table no later than `at` (epoch milliseconds). */
  private wakeAt(at: number): void {
    if (this.closed || !this.fire) return;
    const now = Date.now();
    const target = Math.min(Math.max(at, now), now + this.pollIntervalMs);
    if (this.timer && this.timerAt <= target) return;
    clearTimeout(this.timer);
    this.timerAt = target;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.poll();
    }, target - now);
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.pollOnce();
    const next = await this.polling;
    this.polling = undefined;
    this.wakeAt(this.pollAgain ? Date.now() : next);
    this.pollAgain = false;
  }

  /** Claims and starts due jobs; returns when the table should be looked at next. */
  private async pollOnce(): Promise<number> {
    let next = Date.now() + this.pollIntervalMs;
    try {
      const capacity = this.concurrency - this.inFlight.size;
      if (capacity > 0) {
        const jobs = await this.claim(capacity);
        for (const job of jobs) this.run(job);
        // A full batch means more may be due right now.
        if (jobs.length === capacity) next = Date.now();
      }
      if (next > Date.now()) next = Math.min(next, await this.nextDueAt());
      await this.cleanUp();
    } catch (error) {
      log.error({ err: error }, 'polling for due reminder jobs failed; trying again');
    }
    return next;
  }

  /** Locks up to `limit` due jobs for this process. */
  private async claim(limit: number): Promise<ClaimedJob[]> {
    const now = this.options.clock();
    const { rows } = await this.options.db.query<ClaimedJob>(
      `with due as (
         select task_id, remind_at from reminder_job
          where status = 'pending' and next_attempt_at <= $1
          order by next_attempt_at
          limit $2
          for update skip locked
       )
       update reminder_job j
          set status = 'running', attempts = j.attempts + 1, locked_until = $3, locked_by = $4,
              updated_at = $1
         from due
        where j.task_id = due.task_id and j.remind_at = due.remind_at
       returning j.task_id, j.remind_at, j.attempts`,
      [now, limit, new Date(now.getTime() + this.leaseMs), this.options.instanceId],
    );
    return rows;
  }

  private async nextDueAt(): Promise<number> {
    const { rows } = await this.options.db.query<{ next: Date | null }>(
      `select min(next_attempt_at) as next from reminder_job where status = 'pending'`,
    );
    return rows[0]?.next ? rows[0].next.getTime() : Number.POSITIVE_INFINITY;
  }

  private run(job: ClaimedJob): void {
    const remindAt = job.remind_at.toISOString();
    const key = `${job.task_id}/${remindAt}`;
    const running = this.fireJob(job, remindAt).finally(() => {
      this.inFlight.delete(key);
      // A slot opened and due jobs may be waiting for it. The short delay lets the slots that
      // open meanwhile be filled by the same claim query.
      this.wakeAt(Date.now() + CLAIM_BATCH_DELAY_MS);
    });
    this.inFlight.set(key, running);
  }

  private async fireJob(job: ClaimedJob, remindAt: string): Promise<void> {
    const fire = this.fire;
    if (!fire) return;
    try {
      const result = await fire({ taskId: job.task_id, remindAt });
      await this.finish(job, FINAL_STATUS[result], null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (job.attempts >= this.maxFireAttempts) {
        log.error(
          { err: error, taskId: job.task_id, remindAt, attempts: job.attempts },
          'reminder job failed on its last attempt; giving up',
        );
        await this.finish(job, 'failed', message).catch(() => undefined);
        return;
      }
      const delayMs = Math.min(5 * 60_000, 1_000 * 2 ** (job.attempts - 1));
      log.warn(
        { err: error, taskId: job.task_id, remindAt, attempts: job.attempts, delayMs },
        'reminder job failed; retrying',
      );
      await this.options.db
        .query(
          `update reminder_job
              set status = 'pending', next_attempt_at = $3, locked_until = null, locked_by = null,
                  last_error = $4, updated_at = $5
            where task_id = $1 and remind_at = $2 and locked_by = $6`,
          [
            job.task_id,
            job.remind_at,
            new Date(Date.now() + delayMs),
            message,
            this.options.clock(),
            this.options.instanceId,
          ],
        )
        .catch((updateError) =>
          log.error(
            { err: updateError, taskId: job.task_id, remindAt },
            'could not reschedule a failed reminder job',
          ),
        );
    }
  }

  private async finish(
    job: ClaimedJob,
    status: 'done' | 'skipped' | 'failed',
    lastError: string | null,
  ): Promise<void> {
    // The lock condition leaves the row alone when this process's lease ran out and another
    // replica took the job over.
    await this.options.db.query(
      `update reminder_job
          set status = $3, locked_until = null, locked_by = null, last_error = $4, updated_at = $5
        where task_id = $1 and remind_at = $2 and status = 'running' and locked_by = $6`,
      [
        job.task_id,
        job.remind_at,
        status,
        lastError,
        this.options.clock(),
        this.options.instanceId,
      ],
    );
  }

  /**
   * Extends the leases of this process's running jobs, and puts jobs whose lease ran out (their
   * replica died while firing them) back to pending, where the next poll of any replica claims
   * them. Runs every third of the lease.
   */
  private async renewLeases(): Promise<void> {
    const now = this.options.clock();
    try {
      if (this.inFlight.size > 0) {
        await this.options.db.query(
          `update reminder_job set locked_until = $1
            where status = 'running' and locked_by = $2`,
          [new Date(now.getTime() + this.leaseMs), this.options.instanceId],
        );
      }
      const expired = await this.options.db.query(
        `update reminder_job
            set status = 'pending', next_attempt_at = $1, locked_until = null, locked_by = null,
                updated_at = $1
          where status = 'running' and locked_until < $1`,
        [now],
      );
      if (expired.rowCount) {
        log.warn(
          { jobs: expired.rowCount },
          'reclaimed reminder jobs whose replica stopped while firing them',
        );
        this.wakeAt(0);
      }
    } catch (error) {
      log.error({ err: error }, 'could not renew the leases of reminder jobs');
    }
  }

  private async cleanUp(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_INTERVAL_MS) return;
    this.lastCleanup = now;
    const result = await this.options.db.query(
      `delete from reminder_job where status in ('done', 'skipped', 'failed') and remind_at < $1`,
      [new Date(this.options.clock().getTime() - this.retentionMs)],
    );
    if (result.rowCount) log.info({ deleted: result.rowCount }, 'deleted finished reminder jobs');
  }
}
