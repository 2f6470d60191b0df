import type pg from 'pg';
import type { FireResult, ReminderOccurrence } from '../delivery';

/** One reminder occurrence to schedule: a task's reminder instant. */
export interface ReminderJob {
  taskId: string;
  userId: string;
  /** ISO 8601 instant in UTC, as `Date.toISOString()` prints it. */
  remindAt: string;
  dueAt: string | null;
}

/** Called when a job is due; resolves once the reminder was sent, skipped or given up. */
export type FireReminder = (occurrence: ReminderOccurrence) => Promise<FireResult>;

/**
 * Keeps one job per pending reminder occurrence and calls `fire` when one is due. Two
 * implementations: the built-in one persisted in PostgreSQL and the Dapr Jobs API.
 */
export interface ReminderScheduler {
  readonly kind: 'builtin' | 'dapr';
  /**
   * Makes the jobs of one task exactly `wanted`: cancels the others and schedules the new
   * ones. Runs inside the transaction `tx` that records the applied set, so a failure rolls
   * both back and the event is handled again. `previous` is the set applied before.
   */
  replace(
    tx: pg.PoolClient,
    task: { taskId: string; userId: string; dueAt: string | null },
    previous: string[],
    wanted: ReminderJob[],
  ): Promise<void>;
  /** Called after the transaction of `replace` committed, with the jobs it scheduled. */
  committed?(wanted: ReminderJob[]): void;
  start(fire: FireReminder): Promise<void>;
  close(): Promise<void>;
}
