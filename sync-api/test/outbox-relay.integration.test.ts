import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BusEvent,
  InProcessEventBus,
  type TaskEvent,
  type TaskUpdateEvent,
  TOPICS,
  type Topic,
} from '@fehrist/domain';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db/orm';
import { OUTBOX_RELAY_LOCK_KEY, OutboxRelay } from '../src/events/outbox-relay';
import {
  countOutbox,
  createDatabase,
  insertOutboxRows,
  openPokeStream,
  RecordingPublisher,
  waitFor,
  withClient,
} from './events-support';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';
import { mutation, newTask, openEventStream, push } from './sync-helpers';

/** Fast relay timings, so handovers and retries happen within a test. */
const FAST = { pollIntervalMs: 100, lockRetryMs: 200, retryInitialMs: 20, retryMaxMs: 200 };

let database: { url: string; drop(): Promise<void> };
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  const orm = await openDatabase(database.url);
  await orm.close(true);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Each test starts from an empty outbox.
  await withClient(database.url, (client) => client.query('delete from outbox'));
});

afterAll(async () => {
  await database?.drop();
});

/** Makes an in-process bus that records every event of every topic, in delivery order. */
async function recordingBus(): Promise<{ bus: InProcessEventBus; events: BusEvent[] }> {
  const bus = new InProcessEventBus();
  const events: BusEvent[] = [];
  for (const topic of Object.values(TOPICS)) {
    await bus.subscribe(topic, 'recorder', async (event) => {
      events.push(event);
    });
  }
  return { bus, events };
}

async function server(options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const started = await startTestServer(database.url, { outbox: FAST, ...options });
  cleanups.push(() => started.close());
  return started;
}

function startRelay(publisher: RecordingPublisher, tuning = {}): OutboxRelay {
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const relay = new OutboxRelay({
    databaseUrl: database.url,
    pool,
    publisher,
    tuning: { ...FAST, ...tuning },
  });
  relay.start();
  cleanups.push(async () => {
    await relay.close();
    await pool.end();
  });
  return relay;
}

async function allPublished(): Promise<true | undefined> {
  return (await countOutbox(database.url)).unpublished === 0 ? true : undefined;
}

/** Returns true once some session holds the relay's advisory lock (its key fits in `objid`). */
async function lockHeld(): Promise<true | undefined> {
  return withClient(database.url, async (client) => {
    const { rows } = await client.query(
      "select 1 from pg_locks where locktype = 'advisory' and granted and objid = $1",
      [OUTBOX_RELAY_LOCK_KEY],
    );
    return rows.length > 0 ? true : undefined;
  });
}

async function outboxIds(): Promise<string[]> {
  return withClient(database.url, async (client) => {
    const { rows } = await client.query<{ id: string }>('select id from outbox order by id');
    return rows.map((row) => row.id);
  });
}

/** Creates `tasks` tasks and renames each `renames` times, in separate pushes. */
async function writeTasks(user: TestUser, tasks: number, renames: number): Promise<string[]> {
  const group = randomUUID();
  const client = randomUUID();
  let next = 1;
  const ids = Array.from({ length: tasks }, () => randomUUID());
  await push(
    user,
    group,
    ids.map((id) => mutation(client, next++, 'createTask', newTask('Write report', { id }))),
  );
  for (let round = 1; round <= renames; round++) {
    await push(
      user,
      group,
      ids.map((id) => mutation(client, next++, 'updateTask', { id, title: `Draft ${round}` })),
    );
  }
  return ids;
}

function countById(events: BusEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
  return counts;
}

describe('outbox relay through a server', () => {
  it('publishes every row once, in id order per key', async () => {
    const { bus, events } = await recordingBus();
    const api = await server({ eventBus: bus });
    const user = await signUp(api.url);

    const taskIds = await writeTasks(user, 3, 4);
    await waitFor('every outbox row published', allPublished);

    expect([...countById(events).keys()].sort()).toEqual((await outboxIds()).sort());
    expect([...countById(events).values()].every((count) => count === 1)).toBe(true);
    for (const taskId of taskIds) {
      const ofTask = events.filter((event) => event.key === taskId);
      const ids = ofTask.map((event) => Number(event.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(ofTask.map((event) => (event.data as TaskEvent).event_type)).toEqual([
        'created',
        'updated',
        'updated',
        'updated',
        'updated',
      ]);
    }
  });

  it('carries the event shapes of the domain', async () => {
    const { bus, events } = await recordingBus();
    const api = await server({ eventBus: bus });
    const user = await signUp(api.url);

    const [taskId] = await writeTasks(user, 1, 0);
    await waitFor('every outbox row published', allPublished);

    const taskEvent = events.find((event) => event.topic === TOPICS.taskEvents);
    expect(taskEvent?.id).toMatch(/^\d+$/);
    expect(taskEvent?.key).toBe(taskId);
    expect(taskEvent?.data).toMatchObject({
      event_type: 'created',
      task_id: taskId,
      user_id: user.id,
      task_data: { id: taskId, title: 'Write report', version: 1 },
    });
    expect((taskEvent?.data as TaskEvent | undefined)?.timestamp).toMatch(/Z$/);
    const update = events.find((event) => event.topic === TOPICS.taskUpdates);
    expect(update?.key).toBe(user.id);
    expect(update?.data as TaskUpdateEvent).toEqual({ user_id: user.id, version: 1 });
  });

  it('publishes a write at once, before the next poll', async () => {
    const { bus, events } = await recordingBus();
    const api = await server({ eventBus: bus, outbox: { ...FAST, pollIntervalMs: 60_000 } });
    const user = await signUp(api.url);
    // The first poll runs at start; from here on only a wake can publish within a minute.
    await sleep(300);

    const started = Date.now();
    const [taskId] = await writeTasks(user, 1, 0);
    await waitFor('the task event', () => events.find((event) => event.key === taskId), 3_000);

    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('pokes a stream on another server through the bus', async () => {
    const bus = new InProcessEventBus();
    const writer = await server({ eventBus: bus });
    const reader = await server({ eventBus: bus });
    const user = await signUp(writer.url);
    const stream = await openPokeStream(reader.url, user.id, user.cookie);
    cleanups.push(async () => stream.close());

    await writeTasks(user, 1, 0);

    expect(await stream.nextPoke()).toBe(1);
  });

  it('pokes once per version on the writing server', async () => {
    const { bus } = await recordingBus();
    const api = await server({ eventBus: bus });
    const user = await signUp(api.url);
    const stream = await openEventStream(api.url, user);
    cleanups.push(async () => stream.close());
    await stream.next();

    await writeTasks(user, 1, 1);
    await waitFor('every outbox row published', allPublished);
    const versions = [];
    for (let poke = await stream.next(500); poke; poke = await stream.next(500)) {
      versions.push(JSON.parse(poke.data).version);
    }

    expect(versions).toEqual([1, 2]);
  });
});

describe('two relays on one database', () => {
  it('never both publish', async () => {
    const first = await recordingBus();
    const second = await recordingBus();
    const firstServer = await server({ eventBus: first.bus });
    const secondServer = await server({ eventBus: second.bus });
    const [alice, bilal] = await Promise.all([signUp(firstServer.url), signUp(secondServer.url)]);

    await Promise.all([writeTasks(alice, 5, 3), writeTasks(bilal, 5, 3)]);
    await waitFor('every outbox row published', allPublished);

    const delivered = [...first.events, ...second.events];
    const counts = countById(delivered);
    expect([...counts.keys()].sort()).toEqual((await outboxIds()).sort());
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect([first.events.length, second.events.length].filter((length) => length > 0)).toHaveLength(
      1,
    );
  });

  it('hands over when the lock holder stops', async () => {
    const first = await recordingBus();
    const second = await recordingBus();
    const holder = await startTestServer(database.url, { outbox: FAST, eventBus: first.bus });
    // No other relay runs on this database, so the lock appears once the holder took it.
    await waitFor('the relay lock', lockHeld);
    const standby = await server({ eventBus: second.bus });
    let holderOpen = true;
    cleanups.push(async () => {
      if (holderOpen) await holder.close();
    });
    const user = await signUp(standby.url);
    await writeTasks(user, 1, 0);
    await waitFor('every outbox row published', allPublished);
    expect(second.events).toEqual([]);

    await holder.close();
    holderOpen = false;
    await writeTasks(user, 2, 0);
    await waitFor('every outbox row published', allPublished, 5_000);

    expect(second.events.filter((event) => event.topic === TOPICS.taskEvents)).toHaveLength(2);
    const counts = countById([...first.events, ...second.events]);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });
});

describe('outbox relay', () => {
  const taskRows = (count: number, key = randomUUID()) =>
    Array.from({ length: count }, (_, index) => ({
      topic: TOPICS.taskEvents as Topic,
      key,
      payload: { event_type: 'updated', task_id: key, n: index },
    }));

  it('marks rows published only after publish resolves', async () => {
    const ids = await insertOutboxRows(database.url, taskRows(5));
    const publisher = new RecordingPublisher();
    publisher.hold();
    startRelay(publisher);

    await waitFor('a publish call', () => (publisher.calls > 0 ? true : undefined));
    await sleep(300);
    expect((await countOutbox(database.url)).unpublished).toBe(5);

    publisher.release();
    await waitFor('every outbox row published', allPublished);
    expect(publisher.accepted.map((event) => event.id)).toEqual(ids);
  });

  it('keeps rows while publishing fails and sends them after', async () => {
    const ids = await insertOutboxRows(database.url, taskRows(4));
    const publisher = new RecordingPublisher();
    publisher.failing = true;
    const relay = startRelay(publisher);

    await waitFor('three failed attempts', () => (publisher.calls >= 3 ? true : undefined));
    expect((await countOutbox(database.url)).unpublished).toBe(4);
    const lag = await relay.outboxLag();
    expect(lag.count).toBe(4);
    expect(lag.oldestAgeMs).toBeGreaterThanOrEqual(0);

    publisher.failing = false;
    await waitFor('every outbox row published', allPublished, 5_000);
    expect(publisher.accepted.map((event) => event.id)).toEqual(ids);
    expect(await relay.outboxLag()).toEqual({ count: 0, oldestAgeMs: null });
  });

  it('publishes in batches, in id order', async () => {
    const ids = await insertOutboxRows(database.url, taskRows(25));
    const publisher = new RecordingPublisher();
    const sizes: number[] = [];
    const publish = publisher.publish.bind(publisher);
    publisher.publish = async (events) => {
      sizes.push(events.length);
      await publish(events);
    };
    startRelay(publisher, { batchSize: 10 });

    await waitFor('every outbox row published', allPublished);

    expect(sizes).toEqual([10, 10, 5]);
    expect(publisher.accepted.map((event) => event.id)).toEqual(ids);
  });

  it('releases the advisory lock on close', async () => {
    const publisher = new RecordingPublisher();
    const relay = startRelay(publisher);
    await waitFor('the relay lock', lockHeld);

    await relay.close();
    const locked = await withClient(database.url, async (client) => {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1::bigint) as locked',
        [OUTBOX_RELAY_LOCK_KEY],
      );
      return rows[0]?.locked;
    });

    expect(locked).toBe(true);
  });
});
