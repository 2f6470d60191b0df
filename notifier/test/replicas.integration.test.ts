import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessEventBus } from '@fehrist/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNotifier } from '../src/notifier';
import {
  createTask,
  type PushService,
  registerSubscription,
  startPushService,
  startSyncApi,
  startTestNotifier,
  type TestSyncApi,
  testPool,
  testVapid,
  waitFor,
} from './support';

const databaseUrl = inject('databaseUrl');
const vapid = testVapid();
const TASKS = 20;
let api: TestSyncApi;
let push: PushService;
let db: pg.Pool;
const replicas: RunningNotifier[] = [];

beforeAll(async () => {
  const bus = new InProcessEventBus();
  push = await startPushService();
  db = testPool(databaseUrl);
  api = await startSyncApi(databaseUrl, { eventBus: bus, vapid });
  await db
    .query(`delete from reminder_job where status in ('pending', 'running')`)
    .catch(() => undefined);
  // Both replicas poll the same reminder_job table; only the first consumes events, as one
  // member of a consumer group would for these tasks' partition.
  // A small batch per replica makes both claim from the same due jobs at the same time.
  const timing = { pollIntervalMs: 20, concurrency: 2 };
  replicas.push(await startTestNotifier(databaseUrl, vapid, { eventBus: bus, ...timing }));
  replicas.push(
    await startTestNotifier(databaseUrl, vapid, { subscriber: new InProcessEventBus(), ...timing }),
  );
});

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await api?.close();
  await push?.close();
  await db?.end();
});

describe('two notifier replicas (N1)', () => {
  it('send one notification per reminder', async () => {
    const user = await api.signUp();
    const subscription = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, subscription);
    const remindAt = new Date(Date.now() + 2_500).toISOString();

    const tasks = [];
    for (let index = 0; index < TASKS; index++) {
      tasks.push(
        await createTask(user, { title: `Replica task ${index}`, reminders: [{ at: remindAt }] }),
      );
    }
    await waitFor(`${TASKS} messages`, async () => {
      const received = await push.messages(subscription);
      return received.length >= TASKS ? received : undefined;
    });
    await sleep(700);
    const messages = await push.messages(subscription);
    const { rows } = await db.query<{ claimed_by: string; status: string }>(
      `select claimed_by, status from reminder_delivery where task_id = any($1::uuid[])`,
      [tasks.map((task) => task.id)],
    );

    expect(messages).toHaveLength(TASKS);
    expect(new Set(messages.map((message) => message.task_id))).toEqual(
      new Set(tasks.map((task) => task.id)),
    );
    expect(rows).toHaveLength(TASKS);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    expect(new Set(rows.map((row) => row.claimed_by))).toEqual(
      new Set(replicas.map((replica) => replica.instanceId)),
    );
  });
});
