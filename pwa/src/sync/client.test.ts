import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type FehristDatabase, openUserDatabase, readSyncState } from '../store/db';
import { mutate } from '../store/mutate';
import { FakeSyncServer } from '../test/fake-server';
import { SyncClient } from './client';
import { createMemoryLocks, type LockManagerLike } from './lock';
import type { EventSourceLike } from './poke';
import { pullChanges } from './pull';

const userID = 'user-1';
const opened: Array<{ db: FehristDatabase; client: SyncClient }> = [];

/** Opens a device: its own database and sync client against the shared fake server. */
async function device(
  server: FakeSyncServer,
  options: { locks?: LockManagerLike; db?: FehristDatabase; user?: string } = {},
) {
  const db = options.db ?? (await openUserDatabase(userID, `client-test-${crypto.randomUUID()}`));
  const client = new SyncClient({
    db,
    userID: options.user ?? userID,
    fetch: server.fetch,
    locks: options.locks ?? createMemoryLocks(),
    createEventSource: null,
    window: null,
    // Retries far in the future: each test drives its syncs itself.
    backoff: { baseMs: 3_600_000, maxMs: 3_600_000 },
  });
  client.start();
  await client.sync();
  opened.push({ db, client });
  return { db, client };
}

function pushedIDs(server: FakeSyncServer): number[] {
  return server.requests
    .filter((request) => request.action === 'push')
    .flatMap((request) => (request.body as { mutations: Array<{ id: number }> }).mutations)
    .map((mutation) => mutation.id);
}

afterEach(() => {
  for (const { db, client } of opened.splice(0)) {
    client.stop();
    db.close();
  }
});

describe('SyncClient', () => {
  it('pushes a local create and empties the queue after the pull', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    const id = crypto.randomUUID();

    await mutate(db, 'createTask', { id, title: 'Buy milk' });
    await client.sync();

    expect(server.tasks.get(id)?.title).toBe('Buy milk');
    expect(await db.mutations.count()).toBe(0);
    expect((await readSyncState(db)).cookie).toBe(server.version);
    expect(client.status.error).toBeNull();
  });

  it('receives a task another device created while stale (S1)', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    const mine = crypto.randomUUID();
    await mutate(db, 'createTask', { id: mine, title: 'Mine, offline' });
    const theirs = crypto.randomUUID();
    server.applyAs('device-a', 1, 'createTask', { id: theirs, title: 'From A' });

    await client.sync();

    expect((await db.tasks.get(theirs))?.title).toBe('From A');
    expect((await db.tasks.get(mine))?.title).toBe('Mine, offline');
    expect(server.tasks.get(theirs)?.title).toBe('From A');
  });

  it('keeps a task completed elsewhere as completed (S2)', async () => {
    const server = new FakeSyncServer(userID);
    const id = crypto.randomUUID();
    server.applyAs('device-a', 1, 'createTask', { id, title: 'Pay rent' });
    const { db, client } = await device(server);
    server.applyAs('device-a', 2, 'completeTask', { id, completed: true });

    await client.sync();

    const task = await db.tasks.get(id);
    expect(task?.completed).toBe(true);
    expect(await db.mutations.count()).toBe(0);
    expect(pushedIDs(server)).toEqual([]);
    expect(server.liveTasks()).toHaveLength(1);
  });

  it('retries a create whose response was lost, making one task (S3)', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Only once' });
    server.fail({ kind: 'lose-response' });

    await client.sync();
    expect(client.status.error?.kind).toBe('offline');
    expect(await db.mutations.count()).toBe(1);

    await client.sync();

    expect(server.liveTasks()).toHaveLength(1);
    expect(pushedIDs(server)).toEqual([1, 1]);
    expect(await db.mutations.count()).toBe(0);
  });

  it('applies a mutation sent in two pushes once (S4)', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Draft' });
    await client.sync();
    await mutate(db, 'updateTask', { id, title: 'Final' });
    // The push succeeds, the pull after it fails, so the next sync pushes mutation 2 again.
    server.fail({ kind: 'status', status: 503, on: 'pull' });
    await client.sync();
    const versionAfterFirstPush = server.tasks.get(id)?.version;

    await client.sync();

    expect(pushedIDs(server).filter((mutationID) => mutationID === 2)).toHaveLength(2);
    expect(server.tasks.get(id)?.title).toBe('Final');
    expect(server.tasks.get(id)?.version).toBe(versionAfterFirstPush);
  });

  it('keeps a mutation queued through repeated server errors (S5)', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Survives 500s' });
    server.fail(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    );

    for (let attempt = 0; attempt < 3; attempt++) await client.sync();

    expect(await db.mutations.count()).toBe(1);
    expect(client.status.error).toMatchObject({ kind: 'server', status: 500, failures: 3 });
    expect(client.status.error?.retryAt).toBeGreaterThan(Date.now());

    await client.sync();

    expect(await db.mutations.count()).toBe(0);
    expect(server.tasks.get(id)?.title).toBe('Survives 500s');
    expect(client.status.error).toBeNull();
  });

  it('drops an offline edit of a task deleted elsewhere and tells why (S6)', async () => {
    const server = new FakeSyncServer(userID);
    const id = crypto.randomUUID();
    server.applyAs('device-a', 1, 'createTask', { id, title: 'Old title' });
    const { db, client } = await device(server);
    server.applyAs('device-a', 2, 'deleteTask', { id });
    await mutate(db, 'updateTask', { id, title: 'Edited offline' });

    await client.sync();

    expect(await db.tasks.get(id)).toBeUndefined();
    expect(server.tasks.get(id)).toMatchObject({ deleted: true, title: 'Old title' });
    const [rejection] = await db.rejections.toArray();
    expect(rejection).toMatchObject({ code: 'task_deleted', taskTitle: 'Edited offline' });
    expect(await db.mutations.count()).toBe(0);
  });

  it('keeps edits of different fields from two devices (S7)', async () => {
    const server = new FakeSyncServer(userID);
    const id = crypto.randomUUID();
    server.applyAs('device-a', 1, 'createTask', { id, title: 'Plan trip' });
    const { db, client } = await device(server);
    server.applyAs('device-a', 2, 'updateTask', { id, title: 'Plan trip to Lahore' });
    await mutate(db, 'updateTask', { id, priority: 'high' });

    await client.sync();

    expect(server.tasks.get(id)).toMatchObject({ title: 'Plan trip to Lahore', priority: 'high' });
    expect(await db.tasks.get(id)).toMatchObject({
      title: 'Plan trip to Lahore',
      priority: 'high',
    });
  });

  it('sends nothing for a user the database does not belong to (S8)', async () => {
    const server = new FakeSyncServer(userID);
    const db = await openUserDatabase(userID, `client-test-${crypto.randomUUID()}`);
    await mutate(db, 'createTask', { id: crypto.randomUUID(), title: 'Private' });

    await device(server, { db, user: 'someone-else' });

    expect(server.requests).toEqual([]);
    expect(await db.mutations.count()).toBe(1);
  });

  it('stops mid-sync without pulling after sign-out (S8)', async () => {
    const server = new FakeSyncServer(userID);
    const db = await openUserDatabase(userID, `client-test-${crypto.randomUUID()}`);
    await mutate(db, 'createTask', { id: crypto.randomUUID(), title: 'Queued' });
    // The user signs out while the push is in flight.
    let client: SyncClient | undefined;
    const signingOutFetch = async (input: string, init?: RequestInit) => {
      const response = await server.fetch(input, init);
      client?.stop();
      return response;
    };
    client = new SyncClient({
      db,
      userID,
      fetch: signingOutFetch,
      locks: createMemoryLocks(),
      createEventSource: null,
      window: null,
    });
    opened.push({ db, client });

    client.start();
    await client.sync();

    expect(server.requests.map((request) => request.action)).toEqual(['push']);
    expect((await readSyncState(db)).cookie).toBeNull();
  });

  it('waits for sign-in after a 401 and keeps the queue (S8)', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    await mutate(db, 'createTask', { id: crypto.randomUUID(), title: 'After sign-in' });
    server.signedIn = false;

    await client.sync();

    expect(client.status.error).toMatchObject({ kind: 'auth', status: 401, retryAt: null });
    expect(await db.mutations.count()).toBe(1);

    server.signedIn = true;
    client.resume();
    await client.sync();

    expect(await db.mutations.count()).toBe(0);
    expect(server.liveTasks().map((task) => task.title)).toEqual(['After sign-in']);
  });

  it('shares one queue between two tabs without pushing twice', async () => {
    const server = new FakeSyncServer(userID);
    const locks = createMemoryLocks();
    const first = await device(server, { locks });
    const second = await device(server, { locks, db: first.db });
    for (let index = 0; index < 5; index++) {
      await mutate(first.db, 'createTask', { id: crypto.randomUUID(), title: `Task ${index}` });
    }

    await Promise.all([first.client.sync(), second.client.sync(), first.client.sync()]);

    expect(pushedIDs(server)).toEqual([1, 2, 3, 4, 5]);
    expect(server.liveTasks()).toHaveLength(5);
  });

  it('recovers from a mutation id gap the server reports', async () => {
    const server = new FakeSyncServer(userID);
    const { db, client } = await device(server);
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Before the restore' });
    await client.sync();
    const { clientID } = await readSyncState(db);
    server.forgetClient(clientID);
    await mutate(db, 'updateTask', { id, title: 'After the restore' });

    await client.sync();

    expect(client.status.error).toBeNull();
    expect(server.tasks.get(id)?.title).toBe('After the restore');
    expect(await db.mutations.count()).toBe(0);
    expect((await readSyncState(db)).clientID).not.toBe(clientID);
  });

  it('replays pending edits on top of pulled changes (rebase)', async () => {
    const server = new FakeSyncServer(userID);
    const id = crypto.randomUUID();
    server.applyAs('device-a', 1, 'createTask', { id, title: 'Shared' });
    const { db, client } = await device(server);
    await mutate(db, 'updateTask', { id, title: 'Local title' });
    server.applyAs('device-a', 2, 'updateTask', { id, title: 'Remote title', priority: 'low' });
    client.stop();

    // A pull without a push: the local edit must stay on top of the remote one.
    await pullChanges({ db, userID, fetch: server.fetch, baseUrl: '' });

    expect(await db.tasks.get(id)).toMatchObject({ title: 'Local title', priority: 'low' });
    expect(await db.serverTasks.get(id)).toMatchObject({ title: 'Remote title' });
    expect(await db.mutations.count()).toBe(1);
  });

  it('pulls when the poke stream pokes', async () => {
    const server = new FakeSyncServer(userID);
    const listeners = new Map<string, (event: Event) => void>();
    const source: EventSourceLike = {
      addEventListener: (type, listener) => listeners.set(type, listener),
      close: () => listeners.clear(),
    };
    const db = await openUserDatabase(userID, `client-test-${crypto.randomUUID()}`);
    const client = new SyncClient({
      db,
      userID,
      fetch: server.fetch,
      locks: createMemoryLocks(),
      createEventSource: () => source,
      window: null,
    });
    opened.push({ db, client });
    client.start();
    await client.sync();
    const id = crypto.randomUUID();
    server.applyAs('device-a', 1, 'createTask', { id, title: 'Poked in' });

    listeners.get('poke')?.(new Event('poke'));
    await client.sync();

    expect((await db.tasks.get(id))?.title).toBe('Poked in');
  });

  it('flushes the queue with keepalive when the page hides', async () => {
    const server = new FakeSyncServer(userID);
    const keepaliveFlags: boolean[] = [];
    const db = await openUserDatabase(userID, `client-test-${crypto.randomUUID()}`);
    const client = new SyncClient({
      db,
      userID,
      fetch: (input, init) => {
        keepaliveFlags.push(init?.keepalive === true);
        return server.fetch(input, init);
      },
      locks: createMemoryLocks(),
      createEventSource: null,
      window: null,
    });
    opened.push({ db, client });
    client.start();
    await client.sync();
    const id = crypto.randomUUID();
    await mutate(db, 'createTask', { id, title: 'Closing the tab' });

    client.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(server.tasks.get(id)?.title).toBe('Closing the tab');
    expect(keepaliveFlags.at(-1)).toBe(true);
  });
});
