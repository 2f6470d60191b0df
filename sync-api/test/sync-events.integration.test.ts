import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer } from './support';
import { type EventStream, mutation, newTask, openEventStream, push } from './sync-helpers';

let server: TestServer;
const streams: EventStream[] = [];

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await server?.close();
});

async function open(user: Awaited<ReturnType<typeof signUp>>): Promise<EventStream> {
  const stream = await openEventStream(server.url, user);
  streams.push(stream);
  return stream;
}

describe('poke stream', () => {
  it('answers with an event stream', async () => {
    const user = await signUp(server.url);
    const stream = await open(user);

    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.response.headers.get('cache-control')).toContain('no-cache');
  });

  it('sends the retry line first', async () => {
    const user = await signUp(server.url);
    const stream = await open(user);

    const first = await stream.next();

    expect(first?.raw).toBe('retry: 3000');
  });

  it('pokes after a push by the same user', async () => {
    const user = await signUp(server.url);
    const stream = await open(user);
    await stream.next();

    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Poke me'))]);
    const poke = await stream.next();

    expect(poke?.event).toBe('poke');
    expect(JSON.parse(poke?.data ?? 'null')).toEqual({ version: 1 });
  });

  it('pokes after a REST write', async () => {
    const user = await signUp(server.url);
    const stream = await open(user);
    await stream.next();

    await user.api('POST', `/api/${user.id}/tasks`, { title: 'Via REST' });
    const poke = await stream.next();

    expect(poke?.event).toBe('poke');
    expect(JSON.parse(poke?.data ?? 'null')).toEqual({ version: 1 });
  });

  it("sends no poke for another user's push", async () => {
    const watcher = await signUp(server.url);
    const other = await signUp(server.url);
    const stream = await open(watcher);
    await stream.next();

    await push(other, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Theirs'))]);
    // Pokes go out in commit order, so a poke for the other user would arrive before this one.
    await push(watcher, randomUUID(), [
      mutation(randomUUID(), 1, 'createTask', newTask('Mine')),
      mutation(randomUUID(), 1, 'createTask', newTask('Mine too')),
    ]);
    const poke = await stream.next();

    expect(poke?.event).toBe('poke');
    expect(JSON.parse(poke?.data ?? 'null')).toEqual({ version: 1 });
  });

  it('stays silent while only another user writes', async () => {
    const watcher = await signUp(server.url);
    const other = await signUp(server.url);
    const stream = await open(watcher);
    await stream.next();

    await push(other, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Theirs'))]);

    expect(await stream.next(300)).toBeNull();
  });

  it('sends no poke for a no-op push', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const mutations = [mutation(randomUUID(), 1, 'createTask', newTask('Once'))];
    await push(user, group, mutations);
    // The relay also pokes when it publishes the task-updates event. A stream opened before
    // that would get a late poke for version 1, so the test waits for the relay first.
    await expect.poll(async () => (await server.outboxLag()).count, { timeout: 10_000 }).toBe(0);
    const stream = await open(user);
    await stream.next();

    await push(user, group, mutations);

    expect(await stream.next(300)).toBeNull();
  });

  it('pokes every open stream of the user', async () => {
    const user = await signUp(server.url);
    const laptop = await open(user);
    const phone = await open(user);
    await laptop.next();
    await phone.next();

    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Both'))]);

    expect((await laptop.next())?.event).toBe('poke');
    expect((await phone.next())?.event).toBe('poke');
  });

  it('pokes once per push, in order', async () => {
    const user = await signUp(server.url);
    const stream = await open(user);
    await stream.next();
    const group = randomUUID();
    const client = randomUUID();

    for (let id = 1; id <= 3; id++) {
      await push(user, group, [mutation(client, id, 'createTask', newTask(`Task ${id}`))]);
    }

    const versions = [];
    for (let count = 0; count < 3; count++) {
      versions.push(JSON.parse((await stream.next())?.data ?? 'null')?.version);
    }
    expect(versions).toEqual([1, 2, 3]);
  });

  it('pokes a reopened stream', async () => {
    const user = await signUp(server.url);
    const first = await open(user);
    await first.next();
    first.close();
    const second = await open(user);
    await second.next();

    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Again'))]);

    expect((await second.next())?.event).toBe('poke');
  });

  it('ends when the server stops', async () => {
    const own = await startTestServer(inject('databaseUrl'));
    const user = await signUp(own.url);
    const stream = await openEventStream(own.url, user);
    streams.push(stream);
    await stream.next();

    const started = Date.now();
    await own.close();
    const closeMs = Date.now() - started;

    // Well under the 5-second grace after which the server cuts open connections.
    expect(closeMs).toBeLessThan(2_000);
    expect(await stream.next(1_000)).toBeNull();
  });

  it('rejects a stream without a token with 401', async () => {
    const user = await signUp(server.url);

    const response = await fetch(new URL(`/api/${user.id}/sync/events`, server.url));
    await response.body?.cancel();

    expect(response.status).toBe(401);
  });

  it('rejects the stream of another user with 403', async () => {
    const user = await signUp(server.url);
    const other = await signUp(server.url);

    const response = await fetch(new URL(`/api/${other.id}/sync/events`, server.url), {
      headers: { authorization: `Bearer ${user.token}` },
    });
    await response.body?.cancel();

    expect(response.status).toBe(403);
  });
});

describe('concurrent pushes', () => {
  it('apply every push with its own version', async () => {
    const user = await signUp(server.url);
    const clients = [randomUUID(), randomUUID()];
    const groups = [randomUUID(), randomUUID()];
    const perClient = 10;
    const created: string[][] = [[], []];

    // Each client sends its pushes one after another; the two clients run side by side.
    await Promise.all(
      clients.map(async (client, index) => {
        for (let id = 1; id <= perClient; id++) {
          const task = newTask(`client ${index} task ${id}`);
          created[index]?.push(task.id);
          const response = await push(user, groups[index] as string, [
            mutation(client, id, 'createTask', task),
          ]);
          if (response.status !== 200) throw new Error(`push failed with ${response.status}`);
        }
      }),
    );

    const response = await user.api('GET', `/api/${user.id}/tasks?status=all&limit=500`);
    const versions: number[] = response.body.tasks.map((task: { version: number }) => task.version);
    expect(versions).toHaveLength(2 * perClient);
    expect(new Set(versions).size).toBe(2 * perClient);
    expect(Math.max(...versions)).toBe(2 * perClient);
    for (const ids of created) {
      const own = response.body.tasks.filter((task: { id: string }) => ids.includes(task.id));
      const ownVersions = own.map((task: { version: number }) => task.version);
      // Pushes of one client commit in the order it sent them.
      expect(ownVersions).toEqual([...ownVersions].sort((a: number, b: number) => a - b));
    }
  });

  it('lose no update of either client', async () => {
    const user = await signUp(server.url);
    const task = newTask('Shared');
    const setup = await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', task)]);
    expect(setup.status).toBe(200);
    const rounds = 10;
    const editors = [
      { client: randomUUID(), group: randomUUID(), field: 'title' },
      { client: randomUUID(), group: randomUUID(), field: 'description' },
    ];

    await Promise.all(
      editors.map(async ({ client, group, field }) => {
        for (let id = 1; id <= rounds; id++) {
          const response = await push(user, group, [
            mutation(client, id, 'updateTask', { id: task.id, [field]: `${field} ${id}` }),
          ]);
          if (response.status !== 200) throw new Error(`push failed with ${response.status}`);
        }
      }),
    );

    const stored = await user.api('GET', `/api/${user.id}/tasks/${task.id}`);
    expect(stored.body.title).toBe(`title ${rounds}`);
    expect(stored.body.description).toBe(`description ${rounds}`);
    expect(stored.body.version).toBe(1 + 2 * rounds);
  });

  it('apply two simultaneous pushes', async () => {
    const user = await signUp(server.url);
    const first = newTask('First');
    const second = newTask('Second');

    const responses = await Promise.all([
      push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', first)]),
      push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', second)]),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const tasks = (await user.api('GET', `/api/${user.id}/tasks`)).body.tasks;
    expect(tasks.map((task: { version: number }) => task.version).sort()).toEqual([1, 2]);
  });

  it('apply a simultaneous duplicate once', async () => {
    const user = await signUp(server.url);
    const group = randomUUID();
    const client = randomUUID();
    const task = newTask('Sent twice at once');
    const mutations = [
      mutation(client, 1, 'createTask', task),
      mutation(client, 2, 'updateTask', { id: task.id, description: 'once' }),
    ];

    const responses = await Promise.all([
      push(user, group, mutations),
      push(user, group, mutations),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const stored = await user.api('GET', `/api/${user.id}/tasks/${task.id}`);
    expect(stored.body.version).toBe(1);
  });
});
