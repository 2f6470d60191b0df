import type pg from 'pg';
import { moduleLogger } from '../logger';

const log = moduleLogger('retention');

const SWEEP_INTERVAL_MS = 60 * 60_000;
// Rows per delete statement, so one sweep never holds long locks on a large table.
const DELETE_CHUNK = 5_000;

export interface RetentionOptions {
  db: pg.Pool;
  retentionDays: number;
  now?: () => Date;
}

/**
 * Deletes history older than the retention period at start and then hourly: events by the time
 * of their change, and the last state of deleted tasks that nothing changed since. Every replica
 * sweeps; the deletes are idempotent, so overlapping sweeps only repeat work.
 */
export class RetentionSweeper {
  private readonly db: pg.Pool;
  private readonly retentionMs: number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(options: RetentionOptions) {
    this.db = options.db;
    this.retentionMs = options.retentionDays * 86_400_000;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    const run = () => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error) => log.error({ err: error }, 'retention sweep failed; retrying in an hour'))
        .finally(() => {
          this.running = undefined;
        });
    };
    run();
    this.timer = setInterval(run, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes what is older than the retention period; returns the count of events deleted. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.retentionMs);
    let deleted = 0;
    for (;;) {
      const result = await this.db.query(
        `delete from "audit_event" where "event_id" in (
           select "event_id" from "audit_event" where "occurred_at" < $1 limit $2)`,
        [cutoff, DELETE_CHUNK],
      );
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < DELETE_CHUNK) break;
    }
    const snapshots = await this.db.query(
      `delete from "audit_task_snapshot"
       where "updated_at" < $1 and ("task_data" ->> 'deleted') = 'true'`,
      [cutoff],
    );
    if (deleted > 0 || snapshots.rowCount) {
      log.info(
        { events: deleted, snapshots: snapshots.rowCount, cutoff: cutoff.toISOString() },
        'deleted history past the retention period',
      );
    }
    return deleted;
  }
}
