// The service worker's handling of reminder pushes and notification taps, kept free of
// service-worker globals so unit tests can run it against a Dexie database.
import { localDate, type Reminder, TASK_LIMITS, type Task } from '@fehrist/domain';
import { FehristDatabase, readSyncState } from '../store/db';
import { mutate } from '../store/mutate';
import type { FetchLike } from '../sync/http';
import type { LockManagerLike } from '../sync/lock';
import { pushPending } from '../sync/push';
import { snoozeReminder } from './reminder-options';

/** The JSON of a reminder push, as the notifier sends it (notifier/src/push/payload.ts). */
export interface ReminderPayload {
  type: 'reminder';
  task_id: string;
  title: string;
  body: string;
  due_at: string | null;
  remind_at: string;
  late: boolean;
  actions: { action: string; title: string }[];
  url: string;
  /** One notification per reminder occurrence: a second push with the same tag replaces it. */
  tag?: string;
}

export type NotificationAction = 'complete' | 'snooze';

export type ActionOutcome =
  | { kind: 'completed' | 'snoozed'; mutationID: number | undefined }
  /** The task is done already, or the series moved past the reminded occurrence. */
  | { kind: 'unchanged' }
  /** The task is not in this database (another user's, or deleted). */
  | { kind: 'missing' };

export const SNOOZE_MINUTES = 10;

const isString = (value: unknown): value is string => typeof value === 'string';

/** Reads a push payload, or returns null when it is not a reminder this version understands. */
export function parseReminderPayload(data: unknown): ReminderPayload | null {
  if (typeof data !== 'object' || data === null) return null;
  const value = data as Record<string, unknown>;
  if (value.type !== 'reminder' || !isString(value.task_id) || !isString(value.title)) return null;
  const actions = Array.isArray(value.actions)
    ? value.actions.filter(
        (action): action is { action: string; title: string } =>
          typeof action === 'object' &&
          action !== null &&
          isString((action as { action?: unknown }).action) &&
          isString((action as { title?: unknown }).title),
      )
    : [];
  return {
    type: 'reminder',
    task_id: value.task_id,
    title: value.title,
    body: isString(value.body) ? value.body : '',
    due_at: isString(value.due_at) ? value.due_at : null,
    remind_at: isString(value.remind_at) ? value.remind_at : new Date().toISOString(),
    late: value.late === true,
    actions,
    url:
      isString(value.url) && value.url.startsWith('/')
        ? value.url
        : `/tasks/${encodeURIComponent(value.task_id)}`,
    ...(isString(value.tag) ? { tag: value.tag } : {}),
  };
}

/** Builds the title and options of `showNotification` for a reminder. */
export function reminderNotification(payload: ReminderPayload): {
  title: string;
  options: NotificationOptions & {
    actions?: { action: string; title: string }[];
    timestamp?: number;
  };
} {
  return {
    title: payload.title,
    options: {
      body: payload.body,
      // The text may be Urdu or English; "auto" lets the platform pick the direction.
      dir: 'auto',
      tag: payload.tag ?? `reminder-${payload.task_id}-${payload.remind_at}`,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      timestamp: Date.parse(payload.remind_at) || Date.now(),
      actions: payload.actions
        .filter((action) => action.action === 'complete' || action.action === 'snooze')
        .map(({ action, title }) => ({ action, title })),
      data: payload,
    },
  };
}

/**
 * Returns the due date of the occurrence the reminder was for, in the task's zone. Completing
 * with it as `occurrence_date` completes that occurrence only: if the series already moved on
 * (done on another device, or in the app), the completion changes nothing instead of skipping
 * one more.
 */
export function reminderOccurrenceDate(task: Task, payload: ReminderPayload): string | null {
  if (payload.due_at && !Number.isNaN(Date.parse(payload.due_at)))
    return localDate(new Date(payload.due_at), task.time_zone);
  return task.due_date;
}

/**
 * Adds a snooze reminder. At the limit of reminders, absolute reminders already in the past make
 * room first (they cannot fire again), then the earliest absolute one.
 */
export function withSnooze(reminders: readonly Reminder[], now: Date): Reminder[] {
  const next = [...reminders, snoozeReminder(now, SNOOZE_MINUTES)];
  const absolute = (reminder: Reminder): reminder is { at: string } => 'at' in reminder;
  while (next.length > TASK_LIMITS.remindersMax) {
    const candidates = next
      .map((reminder, index) => ({ reminder, index }))
      .filter(({ reminder, index }) => absolute(reminder) && index < next.length - 1)
      .sort(
        (a, b) =>
          Date.parse((a.reminder as { at: string }).at) -
          Date.parse((b.reminder as { at: string }).at),
      );
    // NOTE: with ten "minutes before" reminders and no absolute one, the last of those goes.
    const drop = candidates[0]?.index ?? next.length - 2;
    next.splice(drop, 1);
  }
  return next;
}

/**
 * Runs a notification action on the local store through the normal mutation queue, so it needs
 * no network and syncs like any edit. "complete" sends `completeTask`, with `occurrence_date`
 * for a recurring task; "snooze" sends `updateTask` with one more absolute reminder. Both are
 * queued with `source: "reminder"`, so the task's history shows where the change came from.
 */
export async function applyNotificationAction(
  db: FehristDatabase,
  action: NotificationAction,
  payload: ReminderPayload,
  now = new Date(),
): Promise<ActionOutcome> {
  const task = await db.tasks.get(payload.task_id.toLowerCase());
  if (!task || task.deleted) return { kind: 'missing' };

  if (action === 'complete') {
    if (task.completed) return { kind: 'unchanged' };
    const args: Record<string, unknown> = { id: task.id, completed: true };
    if (task.recurrence) {
      const occurrence = reminderOccurrenceDate(task, payload);
      if (occurrence) args.occurrence_date = occurrence;
    }
    const result = await mutate(db, 'completeTask', args, now, { source: 'reminder' });
    return result.mutationID === undefined
      ? { kind: 'unchanged' }
      : { kind: 'completed', mutationID: result.mutationID };
  }

  const result = await mutate(
    db,
    'updateTask',
    { id: task.id, reminders: withSnooze(task.reminders, now) },
    now,
    { source: 'reminder' },
  );
  return result.mutationID === undefined
    ? { kind: 'unchanged' }
    : { kind: 'snoozed', mutationID: result.mutationID };
}

/** Opens a user database by name, or returns null when it cannot be opened as Fehrist's. */
async function openByName(name: string): Promise<FehristDatabase | null> {
  const db = new FehristDatabase(name);
  try {
    await db.open();
    await readSyncState(db);
    return db;
  } catch {
    db.close();
    return null;
  }
}

/** Reads the ids of the users whose databases are on this device; normally one. */
export async function signedInUserIDs(
  names: string[],
  open: (name: string) => Promise<FehristDatabase | null> = openByName,
): Promise<string[]> {
  const userIDs: string[] = [];
  for (const name of names) {
    const db = await open(name);
    if (!db) continue;
    try {
      userIDs.push((await readSyncState(db)).userID);
    } finally {
      db.close();
    }
  }
  return userIDs;
}

/** Names of the user databases on this device (`fehrist-<user id>`). */
export async function userDatabaseNames(
  list: () => Promise<IDBDatabaseInfo[]> = () => indexedDB.databases(),
): Promise<string[]> {
  const databases = await list();
  return databases
    .map((info) => info.name)
    .filter((name): name is string => !!name && name.startsWith('fehrist-'));
}

/**
 * Opens the user database that holds the task. The worker does not know who is signed in, so
 * it looks in each user database on the device; sign-out deletes a user's database, so there is
 * normally one. The caller closes the database.
 */
export async function openDatabaseWithTask(
  taskId: string,
  names: string[],
  open: (name: string) => Promise<FehristDatabase | null> = openByName,
): Promise<FehristDatabase | null> {
  for (const name of names) {
    const db = await open(name);
    if (!db) continue;
    if (await db.tasks.get(taskId.toLowerCase())) return db;
    db.close();
  }
  return null;
}

/**
 * Pushes the queued mutations of every user database on the device, each under the same Web
 * Lock as the page's sync client, so a page syncing at the same time never sends them twice at
 * once. Mutations stay queued until the page's next pull acknowledges them. Throws when a push
 * fails, so Background Sync tries again later.
 */
export async function pushQueuedMutations(
  names: string[],
  fetchImpl: FetchLike,
  locks: LockManagerLike,
  open: (name: string) => Promise<FehristDatabase | null> = openByName,
): Promise<number> {
  let sent = 0;
  for (const name of names) {
    const db = await open(name);
    if (!db) continue;
    try {
      if ((await db.mutations.count()) === 0) continue;
      const { userID } = await readSyncState(db);
      sent += await locks.request(`fehrist-sync-${userID}`, () =>
        pushPending({ db, userID, fetch: fetchImpl, baseUrl: '' }),
      );
    } finally {
      db.close();
    }
  }
  return sent;
}
