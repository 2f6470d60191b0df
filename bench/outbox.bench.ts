// Outbox relay throughput to Kafka against kafkajs producing the same events directly, both
// against one throwaway broker and PostgreSQL in the same run. Run with `npm run bench -- outbox`.
import { randomUUID } from 'node:crypto';
import type { BusEvent, TaskEvent } from '@fehrist/domain';
import { formatNumber as format, median } from './figures';

const EVENTS = 20_000;
const BATCH = 500;
const ROUNDS = 5;
const WARM_UP_EVENTS = 2_000;
// Every step is bounded by count; this stops a run that hangs on the broker or the database.
const TIME_LIMIT_MS = 10 * 60_000;

process.env.LOG_LEVEL ??= 'warn';
const { default: pg } = await import('pg');
const { default: kafkajs } = await import('kafkajs');
const { startPostgres } = await import('../scripts/services/postgres.mjs');
const { startKafka } = await import('../scripts/services/kafka.mjs');
const { openDatabase } = await import('../sync-api/src/db/orm');
const { KafkaEventTransport } = await import('../sync-api/src/events/kafka-transport');
const { OutboxRelay } = await import('../sync-api/src/events/outbox-relay');
const { eventType } = await import('../sync-api/src/events/cloud-event');

const { Kafka, Partitioners, logLevel } = kafkajs;

/** Builds a task event of a realistic size: title, description, tags, due date and time. */
function taskEvent(index: number): TaskEvent {
  const id = randomUUID();
  const now = new Date().toISOString();
  return {
    event_type: 'updated',
    task_id: id,
    user_id: 'bench-user-0000000000000000000000',
    timestamp: now,
    source: 'app',
    task_data: {
      id,
      title: `Task ${index}: buy groceries for the week`,
      description: 'Milk, eggs, bread and tea',
      completed: false,
      completed_at: null,
      priority: 'medium',
      tags: ['home', 'errand'],
      due_date: '2026-08-08',
      due_time: '18:00',
      time_zone: 'Asia/Karachi',
      due_at: '2026-08-08T13:00:00.000Z',
      recurrence: null,
      reminders: [{ minutes_before: 15 }],
      created_at: now,
      updated_at: now,
      version: index + 1,
      deleted: false,
    },
  };
}

async function insertOutbox(pool: InstanceType<typeof pg.Pool>, count: number): Promise<void> {
  for (let done = 0; done < count; done += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, count - done) }, (_, index) => {
      const event = taskEvent(done + index);
      return { topic: 'task-events', key: event.task_id, payload: event };
    });
    await pool.query(
      `insert into outbox (topic, key, payload)
       select topic, key, payload from jsonb_to_recordset($1::jsonb)
         as row(topic text, key text, payload jsonb)`,
      [JSON.stringify(rows)],
    );
  }
}

async function unpublished(pool: InstanceType<typeof pg.Pool>): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    'select count(*)::int as count from outbox where published_at is null',
  );
  return rows[0]?.count ?? 0;
}

/** Inserts `count` rows, then times the relay from start until every row is marked published. */
async function timeRelay(
  databaseUrl: string,
  pool: InstanceType<typeof pg.Pool>,
  brokers: string,
  prefix: string,
  count: number,
): Promise<number> {
  await insertOutbox(pool, count);
  const transport = new KafkaEventTransport({
    brokers: [brokers],
    clientId: 'fehrist-bench-relay',
    topicPrefix: prefix,
    partitions: 3,
    replicationFactor: 1,
  });
  // Create the topics and connect the producer before timing, as a running relay has.
  await transport.publish([
    { id: '0', topic: 'task-events', key: 'warm-up', data: taskEvent(0) } satisfies BusEvent,
  ]);

  const relay = new OutboxRelay({
    databaseUrl,
    pool,
    publisher: transport,
    tuning: { batchSize: BATCH, pollIntervalMs: 1_000 },
  });
  const started = performance.now();
  relay.start();
  while ((await unpublished(pool)) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const elapsed = performance.now() - started;
  await relay.close();
  await transport.close();
  return elapsed;
}

/** Reads the same kind of rows into memory, then times one kafkajs producer sending them. */
async function timeDirect(brokers: string, prefix: string, count: number): Promise<number> {
  const kafka = new Kafka({
    clientId: 'fehrist-bench-direct',
    brokers: [brokers],
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: `${prefix}task-events`, numPartitions: 3, replicationFactor: 1 }],
  });
  await admin.disconnect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const events: BusEvent[] = Array.from({ length: count }, (_, index) => {
    const data = taskEvent(index);
    return { id: String(index + 1), topic: 'task-events', key: data.task_id, data };
  });
  const toMessage = (event: BusEvent) => ({
    key: event.key,
    value: JSON.stringify(event.data),
    timestamp: String(Date.now()),
    headers: {
      'event-id': event.id,
      'event-type': eventType(event),
      'content-type': 'application/json',
    },
  });
  await producer.send({
    topic: `${prefix}task-events`,
    acks: -1,
    messages: [toMessage(events[0] as BusEvent)],
  });

  const started = performance.now();
  for (let done = 0; done < count; done += BATCH) {
    const messages = events.slice(done, done + BATCH).map(toMessage);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic: `${prefix}task-events`, messages }],
    });
  }
  const elapsed = performance.now() - started;
  await producer.disconnect();
  return elapsed;
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  const kafka = await startKafka();
  const pool = new pg.Pool({ connectionString: postgres.url, max: 4 });
  try {
    const orm = await openDatabase(postgres.url);
    await orm.close(true);

    // Warm up the JIT compiler, the connections and the broker with a short run of each.
    await timeRelay(postgres.url, pool, kafka.brokers, 'warm-relay.', WARM_UP_EVENTS);
    await timeDirect(kafka.brokers, 'warm-direct.', WARM_UP_EVENTS);

    // The two take turns, so a change in machine load during the run affects both alike.
    const relayRates: number[] = [];
    const directRates: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const relayMs = await timeRelay(postgres.url, pool, kafka.brokers, `relay-${round}.`, EVENTS);
      const directMs = await timeDirect(kafka.brokers, `direct-${round}.`, EVENTS);
      relayRates.push(EVENTS / (relayMs / 1000));
      directRates.push(EVENTS / (directMs / 1000));
      console.log(`round ${round}: relay ${format(relayMs)} ms, direct ${format(directMs)} ms`);
    }

    const relayRate = median(relayRates);
    const directRate = median(directRates);
    console.log('| measurement | value | unit |');
    console.log('|---|---:|---|');
    console.log(
      `| outbox relay to Kafka, ${format(EVENTS)} events, median of ${ROUNDS} | ${format(relayRate)} | events/s |`,
    );
    console.log(
      `| kafkajs producer directly, same events, median of ${ROUNDS} | ${format(directRate)} | events/s |`,
    );
    console.log(`| ratio: relay over direct | ${format(relayRate / directRate, 2)} | x |`);
    const ratios = relayRates.map((rate, index) => rate / (directRates[index] as number));
    console.log(
      `relay rates: ${relayRates.map((rate) => format(rate)).join(', ')}; ` +
        `direct rates: ${directRates.map((rate) => format(rate)).join(', ')}; ` +
        `ratio per round: ${ratios.map((ratio) => format(ratio, 2)).join(', ')}; batches of ${BATCH}`,
    );
  } finally {
    await pool.end();
    await kafka.stop();
    postgres.stop();
  }
}

const deadline = setTimeout(() => {
  console.error(`outbox bench: still running after ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

await main();
clearTimeout(deadline);
