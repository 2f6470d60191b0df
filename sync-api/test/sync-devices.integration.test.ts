import type { Task } from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';
import { SyncDevice } from './sync-device';
import { listAll, newTask } from './sync-helpers';

// Two devices of one user, each with its own local store and pending queue, syncing through
// the real server. "Offline" means a device makes mutations without pushing or pulling.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

async function sync(device: SyncDevice): Promise<void> {
  const pushed = await device.push();
  if (pushed.status !== 200) throw new Error(`push failed with ${pushed.status}`);
  const pulled = await device.pull();
  if (pulled.status !== 200) throw new Error(`pull failed with ${pulled.status}`);
}

async function twoDevices(): Promise<{ user: TestUser; a: SyncDevice; b: SyncDevice }> {
  const user = await signUp(server.url);
  const a = new SyncDevice(user);
  const b = new SyncDevice(user);
  await a.pull();
  await b.pull();
  return { user, a, b };
}

function titles(tasks: Iterable<Task>): string[] {
  return [...tasks].map((task) => task.title).sort();
}

describe('stale device', () => {
  it('receives tasks created elsewhere and removes nothing', async () => {
    const { user, a, b } = await twoDevices();
    const shared = newTask('Shared before');
    a.mutate('createTask', shared);
    await sync(a);
    await b.pull();
    const staleCookie = b.cookie;
    b.mutate('createTask', newTask('Written on B offline'));

    // Days of work on A, synced push by push, while B stays offline.
    for (const title of ['Monday', 'Tuesday', 'Wednesday']) {
      a.mutate('createTask', newTask(title));
      await sync(a);
    }
    a.mutate('updateTask', { id: shared.id, description: 'edited on A' });
    await sync(a);

    const pulled = await b.pull();

    expect(pulled.body.patch.every((operation) => operation.op === 'put')).toBe(true);
    expect(pulled.body.cookie).toBeGreaterThan(staleCookie ?? 0);
    expect(titles(b.liveTasks().values())).toEqual([
      'Monday',
      'Shared before',
      'Tuesday',
      'Wednesday',
      'Written on B offline',
    ]);
    expect(b.liveTasks().get(shared.id)?.description).toBe('edited on A');

    await sync(b);
    await a.pull();

    expect(titles(await listAll(user))).toEqual(titles(b.liveTasks().values()));
    expect(titles(a.liveTasks().values())).toEqual(titles(b.liveTasks().values()));
    expect(b.pending).toEqual([]);
  });

  it('keeps its own offline tasks through a full resync', async () => {
    const { a, b } = await twoDevices();
    a.mutate('createTask', newTask('From A'));
    await sync(a);
    b.mutate('createTask', newTask('From B, not pushed'));
    // A cookie from a restored server backup: the pull starts over with a clear.
    b.cookie = 10_000;

    const pulled = await b.pull();

    expect(pulled.body.patch[0]).toEqual({ op: 'clear' });
    expect(titles(b.liveTasks().values())).toEqual(['From A', 'From B, not pushed']);
  });
});

describe('task completed elsewhere', () => {
  it('arrives as completed, not as a new task', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Pay rent');
    a.mutate('createTask', task);
    await sync(a);
    await b.pull();
    await user.api('PATCH', `/api/${user.id}/tasks/${task.id}/complete`, { completed: true });

    await sync(b);

    const onB = b.liveTasks().get(task.id);
    expect(onB?.completed).toBe(true);
    expect(onB?.completed_at).not.toBeNull();
    expect(b.liveTasks().size).toBe(1);
    expect(b.mutationCount).toBe(0);
    expect(await listAll(user)).toHaveLength(1);
  });

  it('stays completed after a retried create', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Renew passport');
    b.mutate('createTask', task);
    // The server applies the push, but its response never reaches B, which keeps the create queued.
    await b.push();
    await a.pull();
    a.mutate('completeTask', { id: task.id, completed: true });
    await sync(a);

    await sync(b);

    expect(b.liveTasks().get(task.id)?.completed).toBe(true);
    expect(b.pending).toEqual([]);
    const tasks = await listAll(user);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.completed).toBe(true);
  });
});

describe('delete against an offline edit', () => {
  it('keeps the task deleted and rejects the edit', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Old title');
    a.mutate('createTask', task);
    await sync(a);
    await b.pull();
    a.mutate('deleteTask', { id: task.id });
    await sync(a);
    const edit = b.mutate('updateTask', { id: task.id, title: 'Edited offline' });

    const pushed = await b.push();
    const pulled = await b.pull();

    expect(pushed.body.rejected).toHaveLength(1);
    expect(pushed.body.rejected[0]?.id).toBe(edit.id);
    expect(pushed.body.rejected[0]?.code).toBe('task_deleted');
    expect(pulled.body.patch).toEqual([{ op: 'del', key: task.id }]);
    expect(b.liveTasks().has(task.id)).toBe(false);
    expect(b.pending).toEqual([]);
    expect((await user.api('GET', `/api/${user.id}/tasks/${task.id}`)).status).toBe(404);
    expect(await listAll(user)).toEqual([]);

    await a.pull();
    expect(a.liveTasks().has(task.id)).toBe(false);
  });

  it('stays deleted when the edit lands first', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Old title');
    a.mutate('createTask', task);
    await sync(a);
    await b.pull();
    b.mutate('updateTask', { id: task.id, title: 'Edited on B' });
    a.mutate('deleteTask', { id: task.id });

    await sync(b);
    await sync(a);
    await b.pull();

    expect(b.liveTasks().has(task.id)).toBe(false);
    expect(a.liveTasks().has(task.id)).toBe(false);
    expect(await listAll(user)).toEqual([]);
  });

  it('stays deleted after a retried create', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Created on B');
    b.mutate('createTask', task);
    await b.push();
    await a.pull();
    a.mutate('deleteTask', { id: task.id });
    await sync(a);

    await sync(b);

    expect(b.liveTasks().has(task.id)).toBe(false);
    expect(await listAll(user)).toEqual([]);
  });
});

describe('offline edits of different fields', () => {
  it('keeps both edits', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Plan trip');
    a.mutate('createTask', task);
    await sync(a);
    await b.pull();
    a.mutate('updateTask', { id: task.id, title: 'Plan trip to Lahore' });
    b.mutate('updateTask', {
      id: task.id,
      priority: 'high',
      due_date: '2026-05-01',
      time_zone: 'Asia/Karachi',
    });
    b.mutate('updateTask', { id: task.id, tags: ['travel'] });

    await sync(a);
    await sync(b);
    await a.pull();

    const stored = (await listAll(user))[0];
    expect(stored?.title).toBe('Plan trip to Lahore');
    expect(stored?.priority).toBe('high');
    expect(stored?.due_date).toBe('2026-05-01');
    expect(stored?.tags).toEqual(['travel']);
    expect(a.liveTasks().get(task.id)).toEqual(stored);
    expect(b.liveTasks().get(task.id)).toEqual(stored);
  });

  it('lets the later push win one field', async () => {
    const { user, a, b } = await twoDevices();
    const task = newTask('Groceries');
    a.mutate('createTask', task);
    await sync(a);
    await b.pull();
    a.mutate('updateTask', { id: task.id, title: 'Groceries from A' });
    b.mutate('updateTask', { id: task.id, title: 'Groceries from B' });

    await sync(b);
    await sync(a);
    await b.pull();

    expect((await listAll(user))[0]?.title).toBe('Groceries from A');
    expect(b.liveTasks().get(task.id)?.title).toBe('Groceries from A');
  });

  it('shows a pending edit over a pull', async () => {
    const { a, b } = await twoDevices();
    const task = newTask('Read book');
    a.mutate('createTask', task);
    await sync(a);
    await b.pull();
    b.mutate('updateTask', { id: task.id, description: 'chapter 3' });
    a.mutate('updateTask', { id: task.id, title: 'Read the book' });
    await sync(a);

    await b.pull();

    const onB = b.liveTasks().get(task.id);
    expect(onB?.title).toBe('Read the book');
    expect(onB?.description).toBe('chapter 3');
    expect(b.pending).toHaveLength(1);
  });
});
