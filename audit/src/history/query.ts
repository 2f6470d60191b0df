import type { TaskEventSource, TaskEventType } from '@fehrist/domain';
import type pg from 'pg';
import type { FieldChange } from './changes';

/** One change of a task as the API returns it. */
export interface HistoryEntry {
  /** The event id (the outbox id), as a decimal string. */
  id: string;
  task_id: string;
  type: TaskEventType;
  /** Null for events published before sync-api sent a source. */
  source: TaskEventSource | null;
  occurred_at: string;
  /** The user's version after the change; entries sort by it, then by id. */
  version: number;
  /** The task's title after the change. */
  title: string;
  /** Null when the state before the change is unknown. */
  changes: FieldChange[] | null;
}

export interface HistoryPage {
  events: HistoryEntry[];
  next_cursor: string | null;
}

/** Position of a page: it starts after the entry with this version and event id. */
export interface Cursor {
  version: number;
  eventId: number;
}

export interface ActivityFilter {
  taskId?: string;
  types: TaskEventType[];
  sources: TaskEventSource[];
  /** Inclusive lower bound of `occurred_at`. */
  from?: Date;
  /** Exclusive upper bound of `occurred_at`. */
  to?: Date;
}

export interface Page {
  limit: number;
  cursor?: Cursor;
}

interface EventRow {
  event_id: number;
  task_id: string;
  event_type: TaskEventType;
  source: TaskEventSource | null;
  occurred_at: Date;
  version: number;
  title: string;
  changes: FieldChange[] | null;
}

const COLUMNS = `"event_id", "task_id", "event_type", "source", "occurred_at", "version", "title", "changes"`;

/** Reads a user's changes, newest first. */
export async function listActivity(
  db: pg.Pool,
  userId: string,
  filter: ActivityFilter,
  page: Page,
): Promise<HistoryPage> {
  const values: unknown[] = [userId];
  const where = ['"user_id" = $1'];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  if (filter.taskId) add((p) => `"task_id" = ${p}`, filter.taskId);
  if (filter.types.length > 0) add((p) => `"event_type" = any(${p}::text[])`, filter.types);
  if (filter.sources.length > 0) add((p) => `"source" = any(${p}::text[])`, filter.sources);
  if (filter.from) add((p) => `"occurred_at" >= ${p}`, filter.from);
  if (filter.to) add((p) => `"occurred_at" < ${p}`, filter.to);
  if (page.cursor) {
    values.push(page.cursor.version, page.cursor.eventId);
    where.push(`("version", "event_id") < ($${values.length - 1}, $${values.length})`);
  }
  values.push(page.limit + 1);

  const { rows } = await db.query<EventRow>(
    `select ${COLUMNS} from "audit_event" where ${where.join(' and ')}
     order by "version" desc, "event_id" desc limit $${values.length}`,
    values,
  );
  return toPage(rows, page.limit);
}

/** Reads one task's changes, oldest first. */
export async function listTaskHistory(
  db: pg.Pool,
  userId: string,
  taskId: string,
  page: Page,
): Promise<HistoryPage> {
  const values: unknown[] = [userId, taskId];
  let after = '';
  if (page.cursor) {
    values.push(page.cursor.version, page.cursor.eventId);
    after = `and ("version", "event_id") > ($3, $4)`;
  }
  values.push(page.limit + 1);
  const { rows } = await db.query<EventRow>(
    `select ${COLUMNS} from "audit_event" where "user_id" = $1 and "task_id" = $2 ${after}
     order by "version", "event_id" limit $${values.length}`,
    values,
  );
  return toPage(rows, page.limit);
}

/**
 * True when the audit service has seen the task as this user's: it has events of it, or its
 * last state outlived their retention. Another user's task reads as unknown.
 */
export async function isKnownTask(db: pg.Pool, userId: string, taskId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from "audit_task_snapshot" where "task_id" = $2 and "user_id" = $1
     union all
     select 1 from "audit_event" where "task_id" = $2 and "user_id" = $1
     limit 1`,
    [userId, taskId],
  );
  return (rowCount ?? 0) > 0;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.version}.${cursor.eventId}`).toString('base64url');
}

/** Reads a cursor made by `encodeCursor`, or returns undefined when it is not one. */
export function decodeCursor(text: string): Cursor | undefined {
  const match = /^(\d{1,15})\.(\d{1,18})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const version = Number(match[1]);
  const eventId = Number(match[2]);
  if (!Number.isSafeInteger(eventId)) return undefined;
  return { version, eventId };
}

function toPage(rows: EventRow[], limit: number): HistoryPage {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    events: pageRows.map(toEntry),
    next_cursor:
      rows.length > limit && last
        ? encodeCursor({ version: last.version, eventId: last.event_id })
        : null,
  };
}

function toEntry(row: EventRow): HistoryEntry {
  return {
    id: String(row.event_id),
    task_id: row.task_id,
    type: row.event_type,
    source: row.source,
    occurred_at: row.occurred_at.toISOString(),
    version: row.version,
    title: row.title,
    changes: row.changes,
  };
}
