import { randomUUID } from 'node:crypto';
import type { Task } from '@fehrist/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';
import { listAll, mutation, newTask, pull, push } from './sync-helpers';

let server: TestServer;
// Client ids are unique across all users, as the random ids real clients make are.
let c1: string;
let c2: string;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  c1 = randomUUID();
  c2 = randomUUID();
});

async function getTask(user: TestUser, id: string) {
  return user.api<Task>('GET', `/api/${user.id}/tasks/${id}`);
}

describe('push', () => {
  it('applies mutations in order', async () => {
    const user = await signUp(server.url);
    const task = newTask('Draft');
    const response = await push(user, randomUUID(), [
      mutation(c1, 1, 'createTask', task),
      mutation(c1, 2, 'updateTask', { id: task.id, title: 'Second' }),
      mutation(c1, 3, 'updateTask', { id: task.id, title: 'Third', priority: 'high' }),
      mutation(c1, 4, 'completeTask', { id: task.id, completed: true }),
    ]);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ rejected: [] });
    const stored = (await getTask(user, task.id)).body;
    expect(stored.title).toBe('Third');
    expect(stored.priority).toBe('high');
    expect(stored.completed).toBe(true);
  });

  it('gives one version per push', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const first = newTask('First');
    const second = newTask('Second');
    await push(user, group, [mutation(c1, 1, 'createTask', first)]);
    await push(user, group, [mutation(c1, 2, 'createTask', second)]);
    const third = newTask('Third');
    await push(user, group, [
      mutation(c1, 3, 'createTask', third),
      mutation(c1, 4, 'updateTask', { id: first.id, title: 'First, renamed' }),
    ]);

    const pulled = await pull(user, group, null);
    const versions = new Map(
      pulled.body.patch.flatMap((op) => (op.op === 'put' ? [[op.key, op.value.version]] : [])),
    );
    expect(versions.get(second.id)).toBe(2);
    expect(versions.get(third.id)).toBe(3);
    expect(versions.get(first.id)).toBe(3);
    expect(pulled.body.cookie).toBe(3);
  });

  it('applies a repeated push once', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const task = newTask('Buy milk');
    const request = [
      mutation(c1, 1, 'createTask', task),
      mutation(c1, 2, 'updateTask', { id: task.id, title: 'Buy oat milk' }),
    ];
    const first = await push(user, group, request);
    // A later edit from elsewhere: replaying mutation 2 would undo it.
    await user.api('PUT', `/api/${user.id}/tasks/${task.id}`, { title: 'Buy soy milk' });
    const versionBefore = (await pull(user, group, null)).body.cookie;

    const second = await push(user, group, request);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ rejected: [] });
    expect((await getTask(user, task.id)).body.title).toBe('Buy soy milk');
    expect((await pull(user, group, null)).body.cookie).toBe(versionBefore);
    expect(await listAll(user)).toHaveLength(1);
  });

  it('keeps one task for a retried create', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const task = newTask('Pay rent');
    // The first response never reaches the client, so it sends mutation 1 again with the next.
    await push(user, group, [mutation(c1, 1, 'createTask', task)]);
    const retry = await push(user, group, [
      mutation(c1, 1, 'createTask', task),
      mutation(c1, 2, 'completeTask', { id: task.id, completed: true }),
    ]);

    expect(retry.status).toBe(200);
    const tasks = await listAll(user);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.completed).toBe(true);
  });

  it('ignores a create of an existing id', async () => {
    const user = await signUp(server.url);
    const task = newTask('Original title');
    await push(user, randomUUID(), [mutation(c1, 1, 'createTask', task)]);

    const again = await push(user, randomUUID(), [
      mutation(c2, 1, 'createTask', { ...task, title: 'Other title' }),
    ]);

    expect(again.body).toEqual({ rejected: [] });
    const tasks = await listAll(user);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.title).toBe('Original title');
  });

  it('skips mutation ids already processed', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const task = newTask('One');
    await push(user, group, [
      mutation(c1, 1, 'createTask', task),
      mutation(c1, 2, 'updateTask', { id: task.id, title: 'Two' }),
      mutation(c1, 3, 'updateTask', { id: task.id, title: 'Three' }),
    ]);

    const overlapping = await push(user, group, [
      mutation(c1, 2, 'updateTask', { id: task.id, title: 'Two' }),
      mutation(c1, 3, 'updateTask', { id: task.id, title: 'Three' }),
      mutation(c1, 4, 'updateTask', { id: task.id, description: 'Four' }),
    ]);

    expect(overlapping.status).toBe(200);
    const stored = (await getTask(user, task.id)).body;
    expect(stored.title).toBe('Three');
    expect(stored.description).toBe('Four');
    expect((await pull(user, group, null)).body.lastMutationIDChanges).toEqual({ [c1]: 4 });
  });

  it('rejects a gap, applying nothing', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const kept = newTask('Kept');
    await push(user, group, [mutation(c1, 1, 'createTask', kept)]);
    const versionBefore = (await pull(user, group, null)).body.cookie;
    const other = newTask('From c2');
    const skipped = newTask('After the gap');

    const response = await push(user, group, [
      mutation(c2, 1, 'createTask', other),
      mutation(c1, 2, 'updateTask', { id: kept.id, title: 'Changed' }),
      mutation(c1, 4, 'createTask', skipped),
    ]);

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('mutation_gap');
    expect(response.body.detail).toContain('the next one the server expects is 3');
    const after = await pull(user, group, null);
    expect(after.body.cookie).toBe(versionBefore);
    expect(after.body.lastMutationIDChanges).toEqual({ [c1]: 1 });
    expect((await listAll(user)).map((task) => task.title)).toEqual(['Kept']);
  });

  it('rejects a first mutation above 1', async () => {
    const user = await signUp(server.url);
    const response = await push(user, randomUUID(), [
      mutation(c1, 2, 'createTask', newTask('Too late')),
    ]);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('mutation_gap');
    expect(await listAll(user)).toHaveLength(0);
  });

  it('accepts an empty push', async () => {
    const user = await signUp(server.url);
    const response = await push(user, randomUUID(), []);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ rejected: [] });
  });
});

describe('push of a rejected mutation', () => {
  it('reports invalid arguments with their fields', async () => {
    const user = await signUp(server.url);
    const response = await push(user, randomUUID(), [
      mutation(c1, 1, 'createTask', { id: randomUUID(), title: '', priority: 'urgent' }),
    ]);

    expect(response.status).toBe(200);
    const [rejected] = response.body.rejected;
    expect(rejected?.clientID).toBe(c1);
    expect(rejected?.id).toBe(1);
    expect(rejected?.name).toBe('createTask');
    expect(rejected?.code).toBe('invalid');
    expect(rejected?.message).toContain('title');
    expect(rejected?.issues.map((issue) => issue.field).sort()).toEqual(['priority', 'title']);
  });

  it('reports an unknown mutator', async () => {
    const user = await signUp(server.url);
    const response = await push(user, randomUUID(), [
      mutation(c1, 1, 'archiveTask', { id: randomUUID() }),
    ]);

    const [rejected] = response.body.rejected;
    expect(rejected?.code).toBe('unknown_mutator');
    expect(rejected?.message).toContain('archiveTask');
    expect(rejected?.issues).toEqual([]);
  });

  it('reports an update of a missing task', async () => {
    const user = await signUp(server.url);
    const id = randomUUID();
    const response = await push(user, randomUUID(), [
      mutation(c1, 1, 'updateTask', { id, title: 'Nobody home' }),
    ]);

    const [rejected] = response.body.rejected;
    expect(rejected?.code).toBe('not_found');
    expect(rejected?.message).toContain(id);
  });

  it('reports malformed arguments', async () => {
    const user = await signUp(server.url);
    const response = await push(user, randomUUID(), [
      mutation(c1, 1, 'deleteTask', null),
      mutation(c1, 2, 'updateTask', 'not an object'),
      mutation(c1, 3, 'completeTask', { id: 'not-a-uuid', completed: true }),
    ]);

    expect(response.status).toBe(200);
    expect(response.body.rejected.map((item) => item.code)).toEqual([
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect(response.body.rejected[2]?.issues.map((issue) => issue.field)).toEqual(['id']);
  });

  it('records the rejected mutation as processed', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    await push(user, group, [mutation(c1, 1, 'createTask', { id: randomUUID(), title: '' })]);

    const pulled = await pull(user, group, null);

    expect(pulled.body.lastMutationIDChanges).toEqual({ [c1]: 1 });
    expect(pulled.body.cookie).toBe(1);
  });

  it('applies the queue behind it', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const task = newTask('Before');
    const response = await push(user, group, [
      mutation(c1, 1, 'createTask', task),
      mutation(c1, 2, 'updateTask', { id: task.id, title: 'x'.repeat(201) }),
      mutation(c1, 3, 'archiveTask', { id: task.id }),
      mutation(c1, 4, 'updateTask', { id: randomUUID(), title: 'Missing' }),
      mutation(c1, 5, 'updateTask', { id: task.id, title: 'After' }),
    ]);

    expect(response.body.rejected.map((item) => item.id)).toEqual([2, 3, 4]);
    expect((await getTask(user, task.id)).body.title).toBe('After');
    expect((await pull(user, group, null)).body.lastMutationIDChanges).toEqual({ [c1]: 5 });
  });

  it('skips a resent rejected mutation', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const mutations = [mutation(c1, 1, 'createTask', { id: randomUUID(), title: '' })];
    await push(user, group, mutations);

    const again = await push(user, group, mutations);

    expect(again.body).toEqual({ rejected: [] });
  });
});

describe('push ownership', () => {
  it("rejects another user's group with 403", async () => {
    const owner = await signUp(server.url);
    const other = await signUp(server.url);
    const group = randomUUID();
    await push(owner, group, [mutation(c1, 1, 'createTask', newTask('Mine'))]);

    const response = await push(other, group, [
      mutation(c2, 1, 'createTask', newTask('Not yours')),
    ]);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
    expect(await listAll(other)).toHaveLength(0);
    expect(await listAll(owner)).toHaveLength(1);
  });

  it('rejects a moved client id with 409', async () => {
    const user = await signUp(server.url);
    const clientID = randomUUID();
    await push(user, randomUUID(), [mutation(clientID, 1, 'createTask', newTask('First'))]);

    const response = await push(user, randomUUID(), [
      mutation(clientID, 2, 'createTask', newTask('Second')),
    ]);

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('client_group_mismatch');
    expect(await listAll(user)).toHaveLength(1);
  });

  it("rejects another user's client id with 409", async () => {
    const owner = await signUp(server.url);
    const other = await signUp(server.url);
    const clientID = randomUUID();
    await push(owner, randomUUID(), [mutation(clientID, 1, 'createTask', newTask('Mine'))]);

    const response = await push(other, randomUUID(), [
      mutation(clientID, 2, 'createTask', newTask('Not yours')),
    ]);

    expect(response.status).toBe(409);
    expect(await listAll(other)).toHaveLength(0);
  });

  it("leaves another user's task alone", async () => {
    const owner = await signUp(server.url);
    const other = await signUp(server.url);
    const task = newTask('Private');
    await push(owner, randomUUID(), [mutation(c1, 1, 'createTask', task)]);

    const response = await push(other, randomUUID(), [
      mutation(c2, 1, 'updateTask', { id: task.id, title: 'Taken over' }),
      mutation(c2, 2, 'deleteTask', { id: task.id }),
      mutation(c2, 3, 'createTask', { ...task, title: 'Shadow copy' }),
    ]);

    expect(response.body.rejected.map((item) => item.code)).toEqual([
      'not_found',
      'not_found',
      'invalid',
    ]);
    expect((await getTask(owner, task.id)).body.title).toBe('Private');
    expect(await listAll(other)).toHaveLength(0);
  });
});

describe('push body', () => {
  it.each([
    ['clientGroupID', { mutations: [] }],
    ['mutations', { clientGroupID: 'g' }],
    [
      'mutations.0.clientID',
      { clientGroupID: 'g', mutations: [{ id: 1, name: 'x', args: {}, timestamp: 1 }] },
    ],
    [
      'mutations.0.id',
      {
        clientGroupID: 'g',
        mutations: [{ clientID: 'c', id: 0, name: 'x', args: {}, timestamp: 1 }],
      },
    ],
    [
      'mutations.0.id',
      {
        clientGroupID: 'g',
        mutations: [{ clientID: 'c', id: 1.5, name: 'x', args: {}, timestamp: 1 }],
      },
    ],
    [
      'mutations.0.name',
      { clientGroupID: 'g', mutations: [{ clientID: 'c', id: 1, args: {}, timestamp: 1 }] },
    ],
    [
      'mutations.0.timestamp',
      { clientGroupID: 'g', mutations: [{ clientID: 'c', id: 1, name: 'x', args: {} }] },
    ],
    ['pushVersion', { clientGroupID: 'g', mutations: [], pushVersion: 1 }],
  ])('rejects a bad %s with 422', async (field, body) => {
    const user = await signUp(server.url);
    const response = await user.api('POST', `/api/${user.id}/sync/push`, body);

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('invalid');
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toContain(field);
  });

  it('rejects more than 1000 mutations with 422', async () => {
    const user = await signUp(server.url);
    const mutations = Array.from({ length: 1001 }, (_, index) =>
      mutation(c1, index + 1, 'createTask', newTask(`Task ${index}`)),
    );

    const response = await push(user, randomUUID(), mutations);

    expect(response.status).toBe(422);
    expect(response.body.errors?.map((issue: { field: string }) => issue.field)).toContain(
      'mutations',
    );
  });
});
