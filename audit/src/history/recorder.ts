import type { TaskEventSource, TaskEventType } from '@fehrist/domain';
import type pg from 'pg';
import { moduleLogger } from '../logger';
import { type FieldChange, taskChanges } from './changes';

const log = moduleLogger('recorder');

// First key of the per-task transaction lock. The two-key advisory locks are a key space of
// their own, apart from the one-key locks that sync-api's relay and the migrations take.
const TASK_LOCK_CLASS = 0x61756469; // "audi"

/** A task event as the recorder stores it; `eventId` is the outbox id. */
export interface RecordedEvent {
  eventId: number;
  eventType: TaskEventType;
  taskId: string;
  userId: string;
  /** Undefined for events published before sync-api sent a source. */
  source: TaskEventSource | undefined;
  /** The user's version after the change (`task_data.version`). */
  version: number;
  occurredAt: Date;
  taskData: Record<string, unknown> & { title: string };
}

export type RecordOutcome = 'stored' | 'duplicate' | 'expired';

export interface RecorderOptions {
  db: pg.Pool;
  now?: () => Date;
  /** Events older than this many days are not stored; undefined keeps everything. */
  retentionDays?: number;
}

/**
 * Stores task events, one row per event id, each with the fields it changed. Changes are
 * computed against the last recorded state of the task, kept in `audit_task_snapshot`.
 */
export class AuditRecorder {
  private readonly db: pg.Pool;
  private readonly now: () => Date;
  private readonly retentionDays: number | undefined;

  constructor(options: RecorderOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.retentionDays = options.retentionDays;
  }

  /**
   * Records one event once. A redelivered event finds its row and changes nothing. An event
   * older than the retention period is skipped, so a replay from the start of a topic does not
   * bring back what retention deleted.
   */
  async record(event: RecordedEvent): Promise<RecordOutcome> {
    if (this.isExpired(event.occurredAt)) return 'expired';

    const client = await this.db.connect();
    try {
      await client.query('begin');
      // One event of a task at a time, so two consumers cannot both diff against the same state.
      await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [
        TASK_LOCK_CLASS,
        event.taskId,
      ]);

      const { seen, snapshot } = await readState(client, event);
      if (seen) {
        await client.query('commit');
        return 'duplicate';
      }

      const changes = changesSince(snapshot, event);
      const replacesSnapshot = !snapshot || isAfter(event, snapshot);
      await writeEvent(client, event, changes, replacesSnapshot ? this.now() : null);

      await client.query('commit');
      return 'stored';
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private isExpired(occurredAt: Date): boolean {
    if (this.retentionDays === undefined) return false;
    return occurredAt.getTime() < this.now().getTime() - this.retentionDays * 86_400_000;
  }
}

interface Snapshot {
  version: number;
  eventId: number;
  taskData: Record<string, unknown>;
}

/**
 * Reads, in one round trip, whether the event is stored already and the task's snapshot. Runs
 * after the task lock, so no other consumer changes either before this transaction ends.
 */
async function readState(
  client: pg.PoolClient,
  event: RecordedEvent,
): Promise<{ seen: boolean; snapshot: Snapshot | undefined }> {
  const { rows } = await client.query<{
    seen: boolean;
    version: number | null;
    event_id: number | null;
    task_data: Record<string, unknown> | null;
  }>(
    `select exists (select 1 from "audit_event" where "event_id" = $1) as "seen",
            "snapshot"."version", "snapshot"."event_id", "snapshot"."task_data"
       from (select 1) as "one"
       left join "audit_task_snapshot" as "snapshot" on "snapshot"."task_id" = $2`,
    [event.eventId, event.taskId],
  );
  const row = rows[0];
  const snapshot =
    row && row.version !== null && row.event_id !== null && row.task_data !== null
      ? { version: row.version, eventId: row.event_id, taskData: row.task_data }
      : undefined;
  return { seen: row?.seen === true, snapshot };
}

/**
 * Computes the event's changes against the state before it. The state is unknown, and the
 * result null, for the first event seen of a task that existed before the audit service, and
 * for an event that arrived after a newer one of the same task.
 */
function changesSince(snapshot: Snapshot | undefined, event: RecordedEvent): FieldChange[] | null {
  if (!snapshot)
    return event.eventType === 'created' ? taskChanges(undefined, event.taskData) : null;
  if (!isAfter(event, snapshot)) {
    log.warn(
      { eventId: event.eventId, taskId: event.taskId, snapshotEventId: snapshot.eventId },
      'task event arrived after a newer one; stored without changes',
    );
    return null;
  }
  return taskChanges(snapshot.taskData, event.taskData);
}

/** Events of one task are ordered by the user's version, then by outbox id within one write. */
function isAfter(event: RecordedEvent, snapshot: Snapshot): boolean {
  return (
    event.version > snapshot.version ||
    (event.version === snapshot.version && event.eventId > snapshot.eventId)
  );
}

/**
 * Inserts the event's row and, when `snapshotAt` is given, replaces the task's snapshot with the
 * event's state, in one statement.
 */
async function writeEvent(
  client: pg.PoolClient,
  event: RecordedEvent,
  changes: FieldChange[] | null,
  snapshotAt: Date | null,
): Promise<void> {
  await client.query(
    `with "inserted" as (
       insert into "audit_event"
         ("event_id", "user_id", "task_id", "event_type", "source", "version", "title",
          "changes", "occurred_at")
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict ("event_id") do nothing
     )
     insert into "audit_task_snapshot"
       ("task_id", "user_id", "version", "event_id", "task_data", "updated_at")
     select $3, $2, $6, $1, $10, $11 where $11::timestamptz is not null
     on conflict ("task_id") do update set
       "user_id" = excluded."user_id", "version" = excluded."version",
       "event_id" = excluded."event_id", "task_data" = excluded."task_data",
       "updated_at" = excluded."updated_at"`,
    [
      event.eventId,
      event.userId,
      event.taskId,
      event.eventType,
      event.source ?? null,
      event.version,
      event.taskData.title,
      changes === null ? null : JSON.stringify(changes),
      event.occurredAt,
      JSON.stringify(event.taskData),
      snapshotAt,
    ],
  );
}
