import { randomUUID } from 'node:crypto';
import type { Task } from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer } from './support';
import {
  deletedKeys,
  listAll,
  mutation,
  newTask,
  pull,
  push,
  putKeys,
  putValue,
} from './sync-helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

describe('pull', () => {
  it('with no cookie sends clear and live tasks', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    const kept = newTask('Kept');
    const removed = newTask('Removed');
    const done = newTask('Done');
    await push(user, group, [
      mutation(client, 1, 'createTask', kept),
      mutation(client, 2, 'createTask', removed),
      mutation(client, 3, 'createTask', done),
      mutation(client, 4, 'deleteTask', { id: removed.id }),
      mutation(client, 5, 'completeTask', { id: done.id, completed: true }),
    ]);

    const response = await pull(user, group, null);

    expect(response.status).toBe(200);
    expect(response.body.patch[0]).toEqual({ op: 'clear' });
    expect(putKeys(response.body.patch).sort()).toEqual([kept.id, done.id].sort());
    expect(deletedKeys(response.body.patch)).toEqual([]);
    expect(putValue(response.body.patch, done.id)?.completed).toBe(true);
    expect(response.body.cookie).toBe(1);
  });

  it('sends tasks as REST shows them', async () => {
    const user = await signUp(server.url);
    const task = newTask('Call Ammi', {
      priority: 'high',
      tags: ['family', ' Family ', 'phone'],
      due_date: '2026-08-08',
      due_time: '18:00',
      time_zone: 'Asia/Karachi',
    });
    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', task)]);

    const response = await pull(user, randomUUID(), null);
    const rest = await user.api<Task>('GET', `/api/${user.id}/tasks/${task.id}`);

    const pulled = putValue(response.body.patch, task.id);
    expect(pulled).toEqual(rest.body);
    expect(pulled?.tags).toEqual(['family', 'phone']);
    expect(pulled?.due_at).toBe('2026-08-08T13:00:00.000Z');
    expect(pulled?.version).toBe(1);
  });

  it('with a cookie sends only later changes', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    const old = newTask('Old');
    const changed = newTask('Changed later');
    await push(user, group, [
      mutation(client, 1, 'createTask', old),
      mutation(client, 2, 'createTask', changed),
    ]);
    const { cookie } = (await pull(user, group, null)).body;
    const created = newTask('Created later');
    await push(user, group, [
      mutation(client, 3, 'updateTask', { id: changed.id, title: 'Changed' }),
      mutation(client, 4, 'createTask', created),
    ]);

    const response = await pull(user, group, cookie);

    expect(response.body.patch.some((operation) => operation.op === 'clear')).toBe(false);
    expect(putKeys(response.body.patch).sort()).toEqual([changed.id, created.id].sort());
    expect(putValue(response.body.patch, changed.id)?.title).toBe('Changed');
    expect(response.body.cookie).toBe(cookie + 1);
  });

  it('sends a deleted task as del', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    const task = newTask('Short-lived');
    await push(user, group, [mutation(client, 1, 'createTask', task)]);
    const { cookie } = (await pull(user, group, null)).body;
    await push(user, group, [mutation(client, 2, 'deleteTask', { id: task.id })]);

    const response = await pull(user, group, cookie);

    expect(response.body.patch).toEqual([{ op: 'del', key: task.id }]);
  });

  it('sends del for a short-lived task', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    await push(user, group, [mutation(client, 1, 'createTask', newTask('First'))]);
    const { cookie } = (await pull(user, group, null)).body;
    const task = newTask('Gone before the pull');
    await push(user, group, [
      mutation(client, 2, 'createTask', task),
      mutation(client, 3, 'deleteTask', { id: task.id }),
    ]);

    const response = await pull(user, group, cookie);

    expect(response.body.patch).toEqual([{ op: 'del', key: task.id }]);
  });

  it('with the current cookie sends an empty patch', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    await push(user, group, [mutation(randomUUID(), 1, 'createTask', newTask('Only'))]);
    const { cookie } = (await pull(user, group, null)).body;

    const response = await pull(user, group, cookie);

    expect(response.body).toEqual({ cookie, lastMutationIDChanges: {}, patch: [] });
  });

  it('resets on a cookie from the future', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    const task = newTask('Survivor');
    await push(user, group, [mutation(client, 1, 'createTask', task)]);

    const response = await pull(user, group, 1_000);

    expect(response.body.patch[0]).toEqual({ op: 'clear' });
    expect(putKeys(response.body.patch)).toEqual([task.id]);
    expect(response.body.cookie).toBe(1);
    expect(response.body.lastMutationIDChanges).toEqual({ [client]: 1 });
  });

  it('for a new user sends only clear', async () => {
    const user = await signUp(server.url);

    const response = await pull(user, randomUUID(), null);

    expect(response.body).toEqual({
      cookie: 0,
      lastMutationIDChanges: {},
      patch: [{ op: 'clear' }],
    });
  });

  it('orders a full pull by creation', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    const titles = ['first', 'second', 'third', 'fourth'];
    for (const [index, title] of titles.entries()) {
      await push(user, group, [mutation(client, index + 1, 'createTask', newTask(title))]);
    }

    const response = await pull(user, group, null);

    const pulled = response.body.patch.flatMap((op) => (op.op === 'put' ? [op.value.title] : []));
    expect(pulled).toEqual(titles);
  });
});

describe('pull lastMutationIDChanges', () => {
  it('lists the whole group on a full pull', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const first = randomUUID();
    const second = randomUUID();
    await push(user, group, [
      mutation(first, 1, 'createTask', newTask('A')),
      mutation(first, 2, 'createTask', newTask('B')),
      mutation(second, 1, 'createTask', newTask('C')),
    ]);

    const response = await pull(user, group, null);

    expect(response.body.lastMutationIDChanges).toEqual({ [first]: 2, [second]: 1 });
  });

  it('lists only clients changed since the cookie', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const quiet = randomUUID();
    const busy = randomUUID();
    await push(user, group, [
      mutation(quiet, 1, 'createTask', newTask('A')),
      mutation(busy, 1, 'createTask', newTask('B')),
    ]);
    const { cookie } = (await pull(user, group, null)).body;
    await push(user, group, [mutation(busy, 2, 'createTask', newTask('C'))]);

    const response = await pull(user, group, cookie);

    expect(response.body.lastMutationIDChanges).toEqual({ [busy]: 2 });
  });

  it('leaves out clients of other groups', async () => {
    const user = await signUp(server.url);
    const mine = randomUUID();
    const other = randomUUID();
    const myClient = randomUUID();
    await push(user, mine, [mutation(myClient, 1, 'createTask', newTask('Mine'))]);
    await push(user, other, [mutation(randomUUID(), 1, 'createTask', newTask('Other tab'))]);

    const response = await pull(user, mine, null);

    expect(response.body.lastMutationIDChanges).toEqual({ [myClient]: 1 });
    expect(putKeys(response.body.patch)).toHaveLength(2);
  });

  it('advances past rejected mutations', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    await push(user, group, [mutation(client, 1, 'createTask', newTask('Fine'))]);
    const { cookie } = (await pull(user, group, null)).body;
    await push(user, group, [mutation(client, 2, 'updateTask', { id: randomUUID(), title: 'x' })]);

    const response = await pull(user, group, cookie);

    expect(response.body.lastMutationIDChanges).toEqual({ [client]: 2 });
    expect(response.body.patch).toEqual([]);
    expect(response.body.cookie).toBe(cookie + 1);
  });

  it('is empty for a group that never pushed', async () => {
    const user = await signUp(server.url);
    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Other'))]);

    const response = await pull(user, randomUUID(), null);

    expect(response.body.lastMutationIDChanges).toEqual({});
  });
});

describe('pull and REST', () => {
  it('shows REST writes', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const { cookie } = (await pull(user, group, null)).body;
    const created = await user.api<Task>('POST', `/api/${user.id}/tasks`, { title: 'Via REST' });
    const doomed = await user.api<Task>('POST', `/api/${user.id}/tasks`, { title: 'Doomed' });
    await user.api('PATCH', `/api/${user.id}/tasks/${created.body.id}/complete`);
    await user.api('DELETE', `/api/${user.id}/tasks/${doomed.body.id}`);

    const response = await pull(user, group, cookie);

    expect(putKeys(response.body.patch)).toEqual([created.body.id]);
    expect(putValue(response.body.patch, created.body.id)?.completed).toBe(true);
    expect(deletedKeys(response.body.patch)).toEqual([doomed.body.id]);
    expect(response.body.cookie).toBe(cookie + 4);
  });

  it('gives a REST write its own version', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const task = newTask('Versioned');
    await push(user, group, [mutation(randomUUID(), 1, 'createTask', task)]);

    const updated = await user.api<Task>('PUT', `/api/${user.id}/tasks/${task.id}`, {
      title: 'Renamed',
    });

    expect(updated.body.version).toBe(2);
    expect((await pull(user, group, null)).body.cookie).toBe(2);
  });

  it('pushed tasks appear in the REST list', async () => {
    const user = await signUp(server.url);
    const task = newTask('Via push', { priority: 'low' });
    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', task)]);

    const tasks = await listAll(user);

    expect(tasks.map((item) => item.id)).toEqual([task.id]);
    expect(tasks[0]?.priority).toBe('low');
  });

  it('pushed deletes leave the REST list', async () => {
    const user = await signUp(server.url);
    const client = randomUUID();
    const group = randomUUID();
    const task = newTask('Going');
    await push(user, group, [mutation(client, 1, 'createTask', task)]);
    await push(user, group, [mutation(client, 2, 'deleteTask', { id: task.id })]);

    const read = await user.api('GET', `/api/${user.id}/tasks/${task.id}`);

    expect(await listAll(user)).toEqual([]);
    expect(read.status).toBe(404);
  });
});

describe('pull ownership and body', () => {
  it("rejects another user's group with 403", async () => {
    const owner = await signUp(server.url);
    const other = await signUp(server.url);
    const group = randomUUID();
    await push(owner, group, [mutation(randomUUID(), 1, 'createTask', newTask('Mine'))]);

    const response = await pull(other, group, null);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
    expect(JSON.stringify(response.body)).not.toContain('Mine');
  });

  it('sends only the tasks of the caller', async () => {
    const owner = await signUp(server.url);
    const other = await signUp(server.url);
    await push(owner, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Mine'))]);

    const response = await pull(other, randomUUID(), null);

    expect(response.body.patch).toEqual([{ op: 'clear' }]);
  });

  it.each([
    ['clientGroupID', { cookie: null }],
    ['cookie', { clientGroupID: 'g' }],
    ['cookie', { clientGroupID: 'g', cookie: -1 }],
    ['cookie', { clientGroupID: 'g', cookie: 'abc' }],
    ['cookie', { clientGroupID: 'g', cookie: 1.5 }],
    ['profileID', { clientGroupID: 'g', cookie: null, profileID: 'p' }],
  ])('rejects a bad %s with 422', async (field, body) => {
    const user = await signUp(server.url);
    const response = await user.api('POST', `/api/${user.id}/sync/pull`, body);

    expect(response.status).toBe(422);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toContain(field);
  });
});
