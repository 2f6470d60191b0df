import 'fake-indexeddb/auto';
import { MutationError } from '@fehrist/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { type FehristDatabase, openUserDatabase, readSyncState } from './db';
import { mutate } from './mutate';

const userID = 'user-1';
const now = new Date('2026-03-01T10:00:00Z');
let db: FehristDatabase;

async function freshDatabase(): Promise<FehristDatabase> {
  db = await openUserDatabase(userID, `mutate-test-${crypto.randomUUID()}`);
  return db;
}

afterEach(async () => {
  db?.close();
});

describe('mutate', () => {
  it('stores the task and queues the mutation together', async () => {
    await freshDatabase();
    const id = crypto.randomUUID();

    const result = await mutate(db, 'createTask', { id, title: '  Buy milk ' }, now);

    expect(result.mutationID).toBe(1);
    expect((await db.tasks.get(id))?.title).toBe('Buy milk');
    const [queued] = await db.mutations.toArray();
    expect(queued).toMatchObject({
      id: 1,
      name: 'createTask',
      taskId: id,
      timestamp: now.getTime(),
    });
    expect(queued?.clientID).toBe((await readSyncState(db)).clientID);
  });

  it('numbers mutations from 1 per client', async () => {
    await freshDatabase();
    const id = crypto.randomUUID();

    await mutate(db, 'createTask', { id, title: 'One' }, now);
    await mutate(db, 'updateTask', { id, priority: 'high' }, now);
    await mutate(db, 'completeTask', { id, completed: true }, now);

    expect((await db.mutations.toArray()).map((mutation) => mutation.id)).toEqual([1, 2, 3]);
    expect((await readSyncState(db)).nextMutationID).toBe(4);
  });

  it('stores nothing when the mutator rejects the input', async () => {
    await freshDatabase();
    const id = crypto.randomUUID();

    const attempt = mutate(db, 'createTask', { id, title: '   ' }, now);

    await expect(attempt).rejects.toBeInstanceOf(MutationError);
    expect(await db.tasks.count()).toBe(0);
    expect(await db.mutations.count()).toBe(0);
    expect((await readSyncState(db)).nextMutationID).toBe(1);
  });

  it('queues nothing for a change that changes nothing', async () => {
    await freshDatabase();
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Done already', completed: true }, now);

    const result = await mutate(db, 'completeTask', { id, completed: true }, now);

    expect(result.mutationID).toBeUndefined();
    expect(await db.mutations.count()).toBe(1);
  });

  it('keeps a deleted task as a tombstone until the server acknowledges it', async () => {
    await freshDatabase();
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Temporary' }, now);

    await mutate(db, 'deleteTask', { id }, now);

    expect((await db.tasks.get(id))?.deleted).toBe(true);
    expect(await db.mutations.count()).toBe(2);
  });
});
