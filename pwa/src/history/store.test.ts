import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteUserDatabase, type FehristDatabase, openUserDatabase } from '../store/db';
import { historyEntry } from '../test/audit-server';
import { storedActivity, storedTaskHistory, storeEntries } from './store';

const opened: FehristDatabase[] = [];

async function database(userID = `user-${crypto.randomUUID()}`) {
  const db = await openUserDatabase(userID);
  opened.push(db);
  return { db, userID };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const taskA = '00000000-0000-4000-8000-00000000000a';
const taskB = '00000000-0000-4000-8000-00000000000b';

describe('stored history', () => {
  it('reads one task oldest first and activity newest first', async () => {
    const { db } = await database();
    const created = historyEntry({ task_id: taskA, type: 'created', version: 1, id: '9' });
    const renamed = historyEntry({ task_id: taskA, version: 2, id: '10' });
    const other = historyEntry({
      task_id: taskB,
      type: 'completed',
      version: 3,
      id: '11',
      occurred_at: '2026-12-04T06:00:00.000Z',
    });
    const old = historyEntry({
      task_id: taskB,
      type: 'completed',
      version: 0,
      id: '2',
      occurred_at: '2026-11-01T06:00:00.000Z',
    });
    await storeEntries(db, [renamed, other]);
    await storeEntries(db, [created, old, renamed]);

    expect((await storedTaskHistory(db, taskA)).map((entry) => entry.id)).toEqual(['9', '10']);
    const from = new Date('2026-12-01T00:00:00Z');
    expect((await storedActivity(db, { from })).map((entry) => entry.id)).toEqual([
      '11',
      '10',
      '9',
    ]);
    expect(
      (await storedActivity(db, { from, types: ['completed'] })).map((entry) => entry.id),
    ).toEqual(['11']);
  });

  it('adds the table to a version 1 database', async () => {
    const userID = `user-${crypto.randomUUID()}`;
    const legacy = new Dexie(`fehrist-${userID}`);
    legacy.version(1).stores({
      tasks: 'id',
      serverTasks: 'id',
      mutations: 'id',
      rejections: '[clientID+id], rejectedAt',
      meta: 'key',
      snapshots: 'key',
    });
    await legacy.table('tasks').put({ id: taskA, title: 'Kept' });
    legacy.close();

    const { db } = await database(userID);

    expect(await db.tasks.get(taskA)).toMatchObject({ title: 'Kept' });
    await storeEntries(db, [historyEntry({ task_id: taskA })]);
    expect(await storedTaskHistory(db, taskA)).toHaveLength(1);
  });

  it('goes with the user database at sign-out', async () => {
    const { db, userID } = await database();
    await storeEntries(db, [historyEntry({ task_id: taskA })]);
    db.close();

    await deleteUserDatabase(userID);

    const { db: reopened } = await database(userID);
    expect(await reopened.history.count()).toBe(0);
  });
});
