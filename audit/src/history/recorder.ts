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

      const seen = await client.query('select 1 from "audit_event" where "event_id" = $1', [
        event.eventId,
      ]);
      if (seen.rowCount) {
        await client.query('commit');
        return 'duplicate';
      }

      const snapshot = await readSnapshot(client, event.taskId);
      const changes = changesSince(snapshot, event);
      await insertEvent(client, event, changes);
      if (!snapshot || isAfter(event, snapshot)) await saveSnapshot(client, event, this.now());

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

async function readSnapshot(client: pg.PoolClient, taskId: string): Promise<Snapshot | undefined> {
  const { rows } = await client.query<{
    version: number;
    event_id: number;
    task_data: Record<string, unknown>;
  }>('select "version", "event_id", "task_data" from "audit_task_snapshot" where "task_id" = $1', [
    taskId,
  ]);
  const row = rows[0];
  return row && { version: row.version, eventId: row.event_id, taskData: row.task_data };
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

async function insertEvent(
  client: pg.PoolClient,
  event: RecordedEvent,
  changes: FieldChange[] | null,
): Promise<void> {
  await client.query(
    `insert into "audit_event"
       ("event_id", "user_id", "task_id", "event_type", "source", "version", "title", "changes",
        "occurred_at")
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict ("event_id") do nothing`,
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
    ],
  );
}

async function saveSnapshot(client: pg.PoolClient, event: RecordedEvent, now: Date): Promise<void> {
  await client.query(
    `insert into "audit_task_snapshot"
       ("task_id", "user_id", "version", "event_id", "task_data", "updated_at")
     values ($1, $2, $3, $4, $5, $6)
     on conflict ("task_id") do update set
       "user_id" = excluded."user_id", "version" = excluded."version",
       "event_id" = excluded."event_id", "task_data" = excluded."task_data",
       "updated_at" = excluded."updated_at"`,
    [event.taskId, event.userId, event.version, event.eventId, JSON.stringify(event.taskData), now],
  );
}
