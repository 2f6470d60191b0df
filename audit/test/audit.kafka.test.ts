import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS } from '@fehrist/domain';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../sync-api/test/events-support';
import { startTestServer, type TestServer } from '../../sync-api/test/support';
import { AUDIT_GROUP, type RunningAudit, startAudit } from '../src/audit';
import {
  AppDevice,
  FAST_OUTBOX,
  fullHistory,
  signUp,
  type TestUser,
  waitForHistory,
} from './support';

const brokers = inject('kafkaBrokers');
// Topics of their own, so other files on the same broker do not feed this one.
const kafkaEnv = {
  KAFKA_BROKERS: brokers,
  KAFKA_TOPIC_PREFIX: `audit-${randomUUID().slice(0, 8)}.`,
};
const topic = `${kafkaEnv.KAFKA_TOPIC_PREFIX}${TOPICS.taskEvents}`;
const kafka = new Kafka({ clientId: 'audit-test', brokers: [brokers], logLevel: logLevel.NOTHING });
let database: { url: string; drop(): Promise<void> };
let api: TestServer;
let audit: RunningAudit | undefined;
let db: pg.Pool;

function startKafkaAudit(): Promise<RunningAudit> {
  return startAudit({
    databaseUrl: database.url,
    env: kafkaEnv,
    port: 0,
    host: '127.0.0.1',
    syncApiUrl: api.url,
  });
}

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  api = await startTestServer(database.url, { env: kafkaEnv, outbox: FAST_OUTBOX });
  audit = await startKafkaAudit();
  db = new pg.Pool({ connectionString: database.url, max: 2 });
});

afterAll(async () => {
  await db?.end();
  await audit?.close();
  await api?.close();
  await database?.drop();
});

/** Waits until the audit group has committed every message of its topic. */
async function waitForCaughtUp(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: AUDIT_GROUP, topics: [topic] });
      const caughtUp = ends.every(
        (end) =>
          end.high === '0' ||
          committed?.partitions.find((entry) => entry.partition === end.partition)?.offset ===
            end.high,
      );
      if (caughtUp) return;
      if (Date.now() > deadline) throw new Error(`the ${AUDIT_GROUP} group did not catch up`);
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
}

async function storedRows(user: TestUser): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    'select count(*) from "audit_event" where "user_id" = $1',
    [user.id],
  );
  return Number(rows[0]?.count);
}

async function renameTimes(user: TestUser, taskId: string, from: number, to: number) {
  for (let edit = from; edit < to; edit++) {
    const response = await user.api('PUT', `/api/${user.id}/tasks/${taskId}`, {
      title: `Edit ${edit}`,
    });
    expect(response.status).toBe(200);
  }
}

/** Checks that each entry's old title is the title the entry before it left. */
function expectTitleChain(titles: string[], changes: unknown[]): void {
  for (let index = 1; index < titles.length; index++) {
    expect(changes[index]).toEqual([
      { field: 'title', old: titles[index - 1], new: titles[index] },
    ]);
  }
}

describe('audit through Kafka', () => {
  it('lists app, REST, chat and reminder changes in order', async () => {
    const user = await signUp(api.url);
    const device = new AppDevice(api.url, user);
    const taskId = randomUUID();
    await device.push('createTask', { id: taskId, title: 'Pay rent' });
    await user.api('PUT', `/api/${user.id}/tasks/${taskId}`, { priority: 'high' });
    const chat = await fetch(`${api.url}/api/${user.id}/tasks/${taskId}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${user.token}`,
        'content-type': 'application/json',
        'x-fehrist-source': 'chat',
      },
      body: JSON.stringify({ title: 'Pay the rent' }),
    });
    expect(chat.status).toBe(200);
    await device.push('completeTask', { id: taskId, completed: true }, 'reminder');

    const history = await waitForHistory(audit?.url as string, user, taskId, 4, 30_000);

    expect(history.map((entry) => [entry.type, entry.source])).toEqual([
      ['created', 'app'],
      ['updated', 'rest'],
      ['updated', 'chat'],
      ['completed', 'reminder'],
    ]);
  });

  it('stores events redelivered from offset zero once', async () => {
    const user = await signUp(api.url);
    const created = await user.api('POST', `/api/${user.id}/tasks`, { title: 'Edit 0' });
    await renameTimes(user, created.body.id, 1, 20);
    const before = await waitForHistory(audit?.url as string, user, created.body.id, 20, 30_000);
    await waitForCaughtUp();

    await audit?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: AUDIT_GROUP, topic, earliest: true });
    await admin.disconnect();
    audit = await startKafkaAudit();
    await waitForCaughtUp();
    await sleep(500);

    expect(await storedRows(user)).toBe(20);
    expect(await fullHistory(audit.url as string, user, created.body.id)).toEqual(before);
  });

  it('stores every event once across a restart mid-stream', async () => {
    const user = await signUp(api.url);
    const created = await user.api('POST', `/api/${user.id}/tasks`, { title: 'Edit 0' });
    await renameTimes(user, created.body.id, 1, 10);

    // Stop right after the first edits, some of which may still be on their way, write more
    // while it is down, and keep writing as it starts again from the last committed offset.
    await audit?.close();
    await renameTimes(user, created.body.id, 10, 30);
    audit = await startKafkaAudit();
    await renameTimes(user, created.body.id, 30, 40);
    const history = await waitForHistory(audit.url as string, user, created.body.id, 40, 60_000);
    await waitForCaughtUp();

    const titles = history.map((entry) => entry.title);
    expect(titles).toEqual(Array.from({ length: 40 }, (_, edit) => `Edit ${edit}`));
    expectTitleChain(
      titles,
      history.map((entry) => entry.changes),
    );
    expect(await storedRows(user)).toBe(40);
  });
});
