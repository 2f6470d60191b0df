import { randomUUID } from 'node:crypto';
import type { Mutation, ReminderEvent, TaskEvent } from '@fehrist/domain';
import kafkajs, { type Consumer, type KafkaMessage } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startKafka, type TestKafka } from '../../scripts/services/kafka.mjs';
import { openDatabase } from '../src/db/orm';
import { countOutbox, createDatabase, openPokeStream, waitFor, withClient } from './events-support';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';
import { mutation, newTask, push } from './sync-helpers';

const { Kafka, logLevel } = kafkajs;

/** Fast relay timings; the backoff cap is short so the relay notices a restarted broker soon. */
const FAST = { pollIntervalMs: 200, lockRetryMs: 500, retryInitialMs: 100, retryMaxMs: 2_000 };

interface Received {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  eventId: string;
  eventType: string;
  value: unknown;
}

let database: { url: string; drop(): Promise<void> };
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  const orm = await openDatabase(database.url);
  await orm.close(true);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await database?.drop();
});

/** A topic prefix of its own per test, so each test reads only its own events. */
const newPrefix = () => `t${randomUUID().slice(0, 8)}.`;

async function kafkaServer(
  brokers: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const server = await startTestServer(database.url, {
    outbox: FAST,
    env: { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, ...env },
  });
  cleanups.push(() => server.close());
  return server;
}

function toReceived(topic: string, partition: number, message: KafkaMessage): Received {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    eventId: message.headers?.['event-id']?.toString() ?? '',
    eventType: message.headers?.['event-type']?.toString() ?? '',
    value: JSON.parse(message.value?.toString() ?? 'null'),
  };
}

/** Starts a kafkajs consumer in a group of its own that reads `topics` from the beginning. */
async function consume(
  brokers: string,
  topics: string[],
  onMessage: (received: Received) => void,
): Promise<Consumer> {
  const kafka = new Kafka({
    clientId: 'fehrist-test',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  });
  // A short empty-fetch wait, because disconnect() waits for the fetch in flight, and the
  // shortest session the broker allows, because a consumer that restarts after the outage
  // rejoins only when its old membership has expired.
  const consumer = kafka.consumer({
    groupId: `test-${randomUUID()}`,
    maxWaitTimeInMs: 500,
    sessionTimeout: 6_000,
    heartbeatInterval: 2_000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      onMessage(toReceived(topic, partition, message));
    },
  });
  cleanups.push(() => consumer.disconnect());
  return consumer;
}

async function outboxIds(topic: string, userId?: string): Promise<string[]> {
  return withClient(database.url, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `select id::text from outbox where topic = $1
          and ($2::text is null or payload->>'user_id' = $2) order by id`,
      [topic, userId ?? null],
    );
    return rows.map((row) => row.id);
  });
}

/** Pushes mutations of one client in batches of `batch`. */
class Pusher {
  private readonly group = randomUUID();
  private readonly client = randomUUID();
  private next = 1;

  constructor(private readonly user: TestUser) {}

  async send(build: (id: number) => Omit<Mutation, 'id' | 'clientID' | 'timestamp'>[]) {
    const mutations = build(this.next).map((partial) => ({
      ...partial,
      id: this.next++,
      clientID: this.client,
      timestamp: Date.now(),
    }));
    const response = await push(this.user, this.group, mutations);
    expect(response.status).toBe(200);
    expect(response.body.rejected).toEqual([]);
  }
}

describe('outbox to Kafka', () => {
  it('creates the topics with the configured partitions', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = newPrefix();
    await kafkaServer(brokers, prefix, { KAFKA_PARTITIONS: '2' });

    const kafka = new Kafka({
      clientId: 'fehrist-test',
      brokers: [brokers],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata();
    await admin.disconnect();

    const ours = metadata.topics.filter((topic) => topic.name.startsWith(prefix));
    expect(ours.map((topic) => topic.name).sort()).toEqual(
      [`${prefix}reminders`, `${prefix}task-events`, `${prefix}task-updates`].sort(),
    );
    expect(ours.map((topic) => topic.partitions.length)).toEqual([2, 2, 2]);
  });

  it('sends a task write to task-events, keyed by task id', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = newPrefix();
    const server = await kafkaServer(brokers, prefix);
    const received: Received[] = [];
    await consume(brokers, [`${prefix}task-events`], (message) => received.push(message));
    const user = await signUp(server.url);
    const task = newTask('Renew passport', { tags: ['errand'] });

    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', task)]);
    const message = await waitFor('the task event', () =>
      received.find((candidate) => candidate.key === task.id),
    );

    const [outboxId] = await outboxIds('task-events', user.id);
    expect(message.eventId).toBe(outboxId);
    expect(message.eventType).toBe('fehrist.task-events.created');
    const event = message.value as TaskEvent;
    expect(event).toMatchObject({
      event_type: 'created',
      task_id: task.id,
      user_id: user.id,
      source: 'app',
      task_data: { id: task.id, title: 'Renew passport', tags: ['errand'], version: 1 },
    });
    expect(Object.keys(event).sort()).toEqual([
      'event_type',
      'source',
      'task_data',
      'task_id',
      'timestamp',
      'user_id',
    ]);
  });

  it('sends reminder events when reminders are set, moved and cleared', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = newPrefix();
    const server = await kafkaServer(brokers, prefix);
    const received: Received[] = [];
    await consume(brokers, [`${prefix}reminders`], (message) => received.push(message));
    const user = await signUp(server.url);
    const pusher = new Pusher(user);
    const task = newTask('Dentist', {
      due_date: '2030-03-04',
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ minutes_before: 15 }],
    });

    await pusher.send(() => [{ name: 'createTask', args: task }]);
    await pusher.send(() => [{ name: 'updateTask', args: { id: task.id, due_time: '10:30' } }]);
    await pusher.send(() => [
      { name: 'updateTask', args: { id: task.id, title: 'Dentist at 10' } },
    ]);
    await pusher.send(() => [{ name: 'updateTask', args: { id: task.id, reminders: [] } }]);
    await waitFor('three reminder events', () =>
      received.filter((message) => message.key === task.id).length >= 3 ? true : undefined,
    );

    const events = received
      .filter((message) => message.key === task.id)
      .sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)))
      .map((message) => message.value as ReminderEvent);
    // The title change moved no reminder, so it sent no reminder event.
    expect(events.map((event) => event.remind_at)).toEqual([
      '2030-03-04T03:45:00.000Z',
      '2030-03-04T05:15:00.000Z',
      null,
    ]);
    expect(events[0]).toMatchObject({
      task_id: task.id,
      user_id: user.id,
      title: 'Dentist',
      due_at: '2030-03-04T04:00:00.000Z',
    });
    expect(events[2]?.remind_ats).toEqual([]);
  });

  it('sends a reminder event when the task is completed', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = newPrefix();
    const server = await kafkaServer(brokers, prefix);
    const received: Received[] = [];
    await consume(brokers, [`${prefix}reminders`], (message) => received.push(message));
    const user = await signUp(server.url);
    const pusher = new Pusher(user);
    const task = newTask('Pay rent', { reminders: [{ at: '2030-05-01T04:00:00.000Z' }] });

    await pusher.send(() => [{ name: 'createTask', args: task }]);
    await pusher.send(() => [{ name: 'completeTask', args: { id: task.id, completed: true } }]);
    await waitFor('two reminder events', () =>
      received.filter((message) => message.key === task.id).length >= 2 ? true : undefined,
    );

    const remindAts = received
      .filter((message) => message.key === task.id)
      .sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)))
      .map((message) => (message.value as ReminderEvent).remind_at);
    expect(remindAts).toEqual(['2030-05-01T04:00:00.000Z', null]);
  });

  it('pokes a stream on another server through task-updates', async () => {
    const brokers = inject('kafkaBrokers');
    const prefix = newPrefix();
    const writer = await kafkaServer(brokers, prefix);
    const reader = await kafkaServer(brokers, prefix);
    const user = await signUp(writer.url);
    const stream = await openPokeStream(reader.url, user.id, user.cookie);
    cleanups.push(async () => stream.close());

    await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', newTask('Shared'))]);

    expect(await stream.nextPoke(15_000)).toBe(1);
  });
});

describe('outbox to Kafka across a broker outage', () => {
  let kafka: TestKafka;

  beforeAll(async () => {
    kafka = await startKafka();
  });

  afterAll(async () => {
    await kafka?.stop();
  });

  it('delivers every event of 1,000 writes, each handled once', async () => {
    const prefix = newPrefix();
    const server = await kafkaServer(kafka.brokers, prefix);
    const user = await signUp(server.url);

    // A consumer that drops redeliveries by the event-id header, then handles the event.
    const seen = new Set<string>();
    const handledPerTask = new Map<string, number>();
    let deliveries = 0;
    await consume(kafka.brokers, [`${prefix}task-events`], (message) => {
      deliveries++;
      if (seen.has(message.eventId)) return;
      seen.add(message.eventId);
      const taskId = (message.value as TaskEvent).task_id;
      handledPerTask.set(taskId, (handledPerTask.get(taskId) ?? 0) + 1);
    });

    const pusher = new Pusher(user);
    const batch = 50;
    const taskIds: string[] = [];
    const writeBatch = () =>
      pusher.send(() =>
        Array.from({ length: batch }, () => {
          const task = newTask(`Task ${taskIds.length + 1}`);
          taskIds.push(task.id as string);
          return { name: 'createTask', args: task };
        }),
      );

    for (let round = 0; round < 5; round++) await writeBatch();
    await kafka.stopBroker();
    for (let round = 0; round < 10; round++) await writeBatch();
    const whileDown = await countOutbox(database.url);
    await kafka.startBroker();
    for (let round = 0; round < 5; round++) await writeBatch();

    const expected = await outboxIds('task-events', user.id);
    await waitFor(
      'every task event at the consumer',
      () => (expected.every((id) => seen.has(id)) ? true : undefined),
      90_000,
      200,
    );

    expect(taskIds).toHaveLength(1_000);
    expect(expected).toHaveLength(1_000);
    expect(whileDown.unpublished).toBeGreaterThan(0);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect([...handledPerTask.keys()].sort()).toEqual([...taskIds].sort());
    expect([...handledPerTask.values()].filter((count) => count !== 1)).toEqual([]);
    expect(deliveries).toBeGreaterThanOrEqual(1_000);
    console.log(
      `broker outage: ${whileDown.unpublished} events waited in the outbox; ` +
        `${deliveries} deliveries of ${seen.size} events`,
    );
  });
});
