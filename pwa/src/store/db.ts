import type {
  FieldIssue,
  Mutation,
  MutationErrorCode,
  Task,
  TaskEventSource,
  TaskEventType,
} from '@fehrist/domain';
import Dexie, { type Table } from 'dexie';

/** A mutation waiting for the server to acknowledge it, in the order it was made. */
export interface PendingMutation extends Mutation {
  /** The task the mutation addresses; a rebase resets the rows of these tasks. */
  taskId: string;
}

/** A mutation the server processed but refused; shown to the user until dismissed. */
export interface Rejection {
  /** The mutation id; the primary key is [clientID+id], because a new client id restarts at 1. */
  id: number;
  clientID: string;
  name: string;
  taskId: string;
  /** The task's title when the mutation was made, so the message can name the task. */
  taskTitle: string | null;
  code: MutationErrorCode;
  message: string;
  issues: FieldIssue[];
  rejectedAt: number;
}

/** Sync metadata: one row per database, under the key "sync". */
export interface SyncState {
  key: 'sync';
  userID: string;
  clientID: string;
  clientGroupID: string;
  /** The cookie of the last applied pull; null until the first pull. */
  cookie: number | null;
  /** The id the next local mutation gets; ids count up from 1 per client. */
  nextMutationID: number;
}

/**
 * The first rows of the list as last shown, with the view they were computed for. The app
 * renders them while the full table (10,000 tasks take about 90 ms to read in Chromium) loads,
 * then replaces them with the live result.
 */
export interface ListSnapshot {
  key: 'first-page';
  /** The view (search, filters, sort) and zone the rows belong to, as JSON. */
  viewKey: string;
  tasks: Task[];
  /** Tasks that matched the view, and live tasks in all, when the snapshot was taken. */
  matching: number;
  total: number;
  tags: string[];
}

/** One field a change set, with its values before and after. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/**
 * One change of a task as the audit service's history routes return it. Entries never change
 * once written, so the pages the app fetched are kept and shown offline.
 */
export interface HistoryEntry {
  /** The event id, a decimal string. */
  id: string;
  task_id: string;
  type: TaskEventType;
  /** Null for changes recorded before the server sent a source. */
  source: TaskEventSource | null;
  occurred_at: string;
  /** The user's version after the change; entries sort by it, then by id. */
  version: number;
  /** The task's title after the change, so the entry reads without the task. */
  title: string;
  /** Null when the server did not know the task's state before the change. */
  changes: FieldChange[] | null;
}

/**
 * One IndexedDB database per signed-in user, so two accounts on one browser never share
 * tasks or a mutation queue, and signing out deletes exactly one user's data.
 */
export class FehristDatabase extends Dexie {
  /** The tasks the UI shows: the server's tasks with the pending mutations replayed on top. */
  tasks!: Table<Task, string>;
  /** The tasks as of the last pull, before any pending mutation. */
  serverTasks!: Table<Task, string>;
  mutations!: Table<PendingMutation, number>;
  rejections!: Table<Rejection, [string, number]>;
  meta!: Table<SyncState, string>;
  snapshots!: Table<ListSnapshot, string>;
  /** History entries fetched from the audit service, for reading offline. */
  history!: Table<HistoryEntry, string>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({
      tasks: 'id',
      serverTasks: 'id',
      mutations: 'id',
      rejections: '[clientID+id], rejectedAt',
      meta: 'key',
      snapshots: 'key',
    });
    // Version 2 only adds a table, so databases of version 1 open without a migration.
    this.version(2).stores({ history: 'id, task_id, version, occurred_at' });
  }
}

export function databaseName(userID: string): string {
  return `fehrist-${userID}`;
}

/** Opens the user's database, creating its client ids on first use. */
export async function openUserDatabase(
  userID: string,
  name = databaseName(userID),
): Promise<FehristDatabase> {
  const db = new FehristDatabase(name);
  await db.transaction('rw', db.meta, async () => {
    const existing = await db.meta.get('sync');
    if (existing) return;
    await db.meta.put({
      key: 'sync',
      userID,
      clientID: crypto.randomUUID(),
      clientGroupID: crypto.randomUUID(),
      cookie: null,
      nextMutationID: 1,
    });
  });
  return db;
}

/** Closes and deletes the user's database: used by sign-out. */
export async function deleteUserDatabase(userID: string): Promise<void> {
  await Dexie.delete(databaseName(userID));
}

export async function readSyncState(db: FehristDatabase): Promise<SyncState> {
  const state = await db.meta.get('sync');
  if (!state)
    throw new Error(`database ${db.name} has no sync state; open it with openUserDatabase`);
  return state;
}
