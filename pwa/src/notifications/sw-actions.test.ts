import 'fake-indexeddb/auto';
import type { PushRequest } from '@fehrist/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FehristDatabase, openUserDatabase } from '../store/db';
import { mutate } from '../store/mutate';
import { createMemoryLocks } from '../sync/lock';
import { FakeSyncServer } from '../test/fake-server';
import {
  applyNotificationAction,
  openDatabaseWithTask,
  parseReminderPayload,
  pushQueuedMutations,
  type ReminderPayload,
  reminderNotification,
  withSnooze,
} from './sw-actions';

const userID = 'user-1';
const opened: FehristDatabase[] = [];
const created = new Date('2027-01-20T08:00:00Z');
// The reminder fires on the due day; Karachi is UTC+5.
const tapped = new Date('2027-01-31T03:50:00Z');

async function database(name = `sw-actions-${crypto.randomUUID()}`): Promise<FehristDatabase> {
  const db = await openUserDatabase(userID, name);
  opened.push(db);
  return db;
}

/** Creates a task due the 31st at 09:00 in Karachi, repeating monthly, with one reminder. */
async function recurringTask(db: FehristDatabase): Promise<string> {
  const id = crypto.randomUUID();
  await mutate(
    db,
    'createTask',
    {
      id,
      title: 'Pay rent',
      due_date: '2027-01-31',
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', from: 'due' },
      reminders: [{ minutes_before: 15 }],
    },
    created,
  );
  return id;
}

function payload(taskId: string, overrides: Partial<ReminderPayload> = {}): ReminderPayload {
  const parsed = parseReminderPayload({
    type: 'reminder',
    task_id: taskId,
    title: 'Pay rent',
    body: 'Due Sun, Jan 31, 9:00 AM',
    due_at: '2027-01-31T04:00:00.000Z',
    remind_at: '2027-01-31T03:45:00.000Z',
    late: false,
    actions: [
      { action: 'complete', title: 'Mark done' },
      { action: 'snooze', title: 'Snooze 10 minutes' },
    ],
    url: `/tasks/${taskId}`,
    tag: `reminder-${taskId}-1801367100`,
    ...overrides,
  });
  if (!parsed) throw new Error('test payload did not parse');
  return parsed;
}

let fetchSpy: ReturnType<typeof vi.fn>;

beforeEach(() => {
  // No network: any request from the action handler would fail the test.
  fetchSpy = vi.fn(() => Promise.reject(new TypeError('Failed to fetch')));
  vi.stubGlobal('fetch', fetchSpy);
});

afterEach(() => {
  vi.unstubAllGlobals();
  for (const db of opened.splice(0)) db.close();
});

describe('applyNotificationAction', () => {
  it('queues exactly one completion, with the occurrence date, and no request', async () => {
    const db = await database();
    const id = await recurringTask(db);

    const outcome = await applyNotificationAction(db, 'complete', payload(id), tapped);
    // A second tap (or a second notification for the same occurrence) changes nothing.
    const again = await applyNotificationAction(db, 'complete', payload(id), tapped);

    expect(outcome.kind).toBe('completed');
    expect(again.kind).toBe('unchanged');
    const completions = (await db.mutations.toArray()).filter((m) => m.name === 'completeTask');
    expect(completions).toHaveLength(1);
    expect(completions[0]?.args).toEqual({ id, completed: true, occurrence_date: '2027-01-31' });
    // The series moved to its next occurrence: February has no 31st.
    expect(await db.tasks.get(id)).toMatchObject({ completed: false, due_date: '2027-02-28' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('completes a one-off task without an occurrence date', async () => {
    const db = await database();
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Call the bank', due_date: '2027-01-31' }, created);

    await applyNotificationAction(db, 'complete', payload(id), tapped);

    const [completion] = (await db.mutations.toArray()).filter((m) => m.name === 'completeTask');
    expect(completion?.args).toEqual({ id, completed: true });
    expect((await db.tasks.get(id))?.completed).toBe(true);
  });

  it('does not complete the next occurrence when the reminded one is already done', async () => {
    const db = await database();
    const id = await recurringTask(db);
    await mutate(
      db,
      'completeTask',
      { id, completed: true, occurrence_date: '2027-01-31' },
      tapped,
    );

    const outcome = await applyNotificationAction(db, 'complete', payload(id), tapped);

    expect(outcome.kind).toBe('unchanged');
    expect((await db.tasks.get(id))?.due_date).toBe('2027-02-28');
  });

  it('snoozes with one absolute reminder ten minutes from now', async () => {
    const db = await database();
    const id = await recurringTask(db);

    const outcome = await applyNotificationAction(db, 'snooze', payload(id), tapped);

    expect(outcome.kind).toBe('snoozed');
    expect((await db.tasks.get(id))?.reminders).toEqual([
      { minutes_before: 15 },
      { at: '2027-01-31T04:00:00.000Z' },
    ]);
    const updates = (await db.mutations.toArray()).filter((m) => m.name === 'updateTask');
    expect(updates).toHaveLength(1);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('tags both actions with the reminder source', async () => {
    const db = await database();
    const id = await recurringTask(db);
    await mutate(db, 'updateTask', { id, title: 'Pay the rent' }, created);

    await applyNotificationAction(db, 'snooze', payload(id), tapped);
    await applyNotificationAction(db, 'complete', payload(id), tapped);

    const queued = await db.mutations.orderBy('id').toArray();
    expect(queued.map((mutation) => [mutation.name, mutation.source])).toEqual([
      ['createTask', undefined],
      ['updateTask', undefined],
      ['updateTask', 'reminder'],
      ['completeTask', 'reminder'],
    ]);
  });

  it('reports a task that is not in the database', async () => {
    const db = await database();
    expect(
      await applyNotificationAction(db, 'complete', payload(crypto.randomUUID()), tapped),
    ).toEqual({
      kind: 'missing',
    });
  });
});

describe('withSnooze', () => {
  it('makes room at the limit by dropping past absolute reminders first', () => {
    const reminders = [
      ...Array.from({ length: 8 }, (_, index) => ({ minutes_before: index + 1 })),
      { at: '2027-01-31T03:00:00.000Z' },
      { at: '2027-01-31T05:00:00.000Z' },
    ];
    const next = withSnooze(reminders, tapped);
    expect(next).toHaveLength(10);
    expect(next).not.toContainEqual({ at: '2027-01-31T03:00:00.000Z' });
    expect(next).toContainEqual({ at: '2027-01-31T04:00:00.000Z' });
  });
});

describe('payloads and notifications', () => {
  it('rejects pushes that are not reminders', () => {
    expect(parseReminderPayload(null)).toBeNull();
    expect(parseReminderPayload({ type: 'other', task_id: 'x', title: 'x' })).toBeNull();
  });

  it('shows the title, body, tag and the two actions', () => {
    const id = crypto.randomUUID();
    const { title, options } = reminderNotification(payload(id));
    expect(title).toBe('Pay rent');
    expect(options).toMatchObject({
      body: 'Due Sun, Jan 31, 9:00 AM',
      tag: `reminder-${id}-1801367100`,
      actions: [
        { action: 'complete', title: 'Mark done' },
        { action: 'snooze', title: 'Snooze 10 minutes' },
      ],
    });
  });

  it('keeps links on this origin', () => {
    const id = crypto.randomUUID();
    expect(payload(id, { url: 'https://elsewhere.example/x' }).url).toBe(`/tasks/${id}`);
  });
});

describe('finding the database and pushing from the worker', () => {
  it('opens the user database that holds the task', async () => {
    const other = await database();
    const mine = await database();
    const id = await recurringTask(mine);
    const byName = new Map([
      [other.name, other],
      [mine.name, mine],
    ]);

    const found = await openDatabaseWithTask(id, [other.name, mine.name], async (name) => {
      const db = byName.get(name) ?? null;
      return db;
    });

    expect(found?.name).toBe(mine.name);
  });

  it('pushes the queued completion once the network is back, under the sync lock', async () => {
    const db = await database();
    const id = await recurringTask(db);
    await applyNotificationAction(db, 'complete', payload(id), tapped);
    const server = new FakeSyncServer(userID);
    const locks = createMemoryLocks();
    const names: string[] = [];
    const lockedRequest = locks.request;
    locks.request = (name, callback) => {
      names.push(name);
      return lockedRequest(name, callback);
    };

    const sent = await pushQueuedMutations([db.name], server.fetch, locks, async (name) =>
      name === db.name ? await openUserDatabase(userID, name) : null,
    );

    expect(sent).toBe(2);
    expect(names).toEqual([`fehrist-sync-${userID}`]);
    // The push carries the source only on the notification's mutation.
    const [push] = server.requests as { body: PushRequest }[];
    expect(push?.body.mutations.map((mutation) => [mutation.name, mutation.source])).toEqual([
      ['createTask', undefined],
      ['completeTask', 'reminder'],
    ]);
    expect(server.tasks.get(id)).toMatchObject({ due_date: '2027-02-28', completed: false });
  });
});
