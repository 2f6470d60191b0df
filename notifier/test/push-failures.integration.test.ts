import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessEventBus } from '@fehrist/domain';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNotifier } from '../src/notifier';
import {
  captureLogs,
  createTask,
  fakeSubscriptionKeys,
  type PushService,
  registerSubscription,
  type ScriptedPushService,
  startPushService,
  startScriptedPushService,
  startSyncApi,
  startTestNotifier,
  type TestSyncApi,
  testPool,
  testVapid,
  waitFor,
} from './support';

const databaseUrl = inject('databaseUrl');
const vapid = testVapid();
let bus: InProcessEventBus;
let api: TestSyncApi;
let push: PushService;
let db: pg.Pool;
let notifier: RunningNotifier;
const scripted: ScriptedPushService[] = [];

beforeAll(async () => {
  bus = new InProcessEventBus();
  push = await startPushService();
  db = testPool(databaseUrl);
  api = await startSyncApi(databaseUrl, { eventBus: bus, vapid });
  await db
    .query(`delete from reminder_job where status in ('pending', 'running')`)
    .catch(() => undefined);
  notifier = await startTestNotifier(databaseUrl, vapid, {
    eventBus: bus,
    retry: { maxAttempts: 5, baseDelayMs: 40, maxDelayMs: 1_000, maxRetryAfterMs: 3_000 },
  });
});

afterEach(async () => {
  for (const service of scripted.splice(0)) await service.close();
});

afterAll(async () => {
  await notifier?.close();
  await api?.close();
  await push?.close();
  await db?.end();
});

async function scriptedService(script: { status: number; retryAfter?: string }[]) {
  const service = await startScriptedPushService(script);
  scripted.push(service);
  return service;
}

async function subscriptionCount(userId: string): Promise<number> {
  const { rows } = await db.query(`select 1 from push_subscription where user_id = $1`, [userId]);
  return rows.length;
}

async function finishedDelivery(taskId: string) {
  return waitFor('the delivery outcome', async () => {
    const { rows } = await db.query(
      `select * from reminder_delivery where task_id = $1 and status <> 'sending'`,
      [taskId],
    );
    return rows[0];
  });
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('subscription gone (N3)', () => {
  it.each([410, 404])('deletes the subscription on %i without retrying', async (status) => {
    const service = await scriptedService([{ status }]);
    const user = await api.signUp();
    await registerSubscription(user, {
      endpoint: `${service.url}/push/${status}`,
      keys: fakeSubscriptionKeys(),
    });

    const task = await createTask(user, {
      title: `Gone ${status}`,
      reminders: [{ at: inSeconds(1) }],
    });
    const row = await finishedDelivery(task.id);
    await sleep(300);

    expect(service.requests).toHaveLength(1);
    expect(await subscriptionCount(user.id)).toBe(0);
    expect(row.status).toBe('failed');
    expect(row.removed).toBe(1);
  });

  it('delivers to the live subscription and deletes the expired one', async () => {
    const user = await api.signUp();
    const live = await push.subscribe(vapid.publicKey);
    const expired = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, live);
    await registerSubscription(user, expired);
    await push.expire(expired);

    const task = await createTask(user, { title: 'One of two', reminders: [{ at: inSeconds(1) }] });
    const row = await finishedDelivery(task.id);

    expect(await push.messages(live)).toHaveLength(1);
    expect(row.status).toBe('sent');
    expect(row.sent).toBe(1);
    expect(row.removed).toBe(1);
    expect(await subscriptionCount(user.id)).toBe(1);
  });
});

describe('push service overloaded (N4)', () => {
  it.each([429, 503])(
    'retries %i with growing delays, then gives up with a log line',
    async (status) => {
      const service = await scriptedService([{ status }]);
      const user = await api.signUp();
      await registerSubscription(user, {
        endpoint: `${service.url}/push/busy`,
        keys: fakeSubscriptionKeys(),
      });
      const logs = captureLogs();

      const task = await createTask(user, {
        title: `Busy ${status}`,
        reminders: [{ at: inSeconds(1) }],
      });
      const row = await finishedDelivery(task.id);
      logs.stop();

      expect(service.requests).toHaveLength(5);
      const gaps = service.requests
        .slice(1)
        .map((request, index) => request.at - (service.requests[index]?.at ?? 0));
      // Backoff with jitter waits between half and all of 40, 80, 160 and 320 ms.
      gaps.forEach((gap, index) => {
        expect(gap).toBeGreaterThanOrEqual(20 * 2 ** index - 5);
      });
      expect(row.status).toBe('failed');
      expect(row.push_attempts).toBe(5);
      expect(await subscriptionCount(user.id)).toBe(1);
      const retries = logs.records.filter((record) => record.message === 'push failed; retrying');
      const givenUp = logs.records.find(
        (record) => record.message === 'push failed after the last attempt; giving up',
      );
      expect(retries).toHaveLength(4);
      expect(givenUp?.level).toBe('warn');
      expect(givenUp?.fields.taskId).toBe(task.id);
      expect(givenUp?.fields.status).toBe(status);
    },
  );

  it('waits as long as Retry-After asks, then sends', async () => {
    const service = await scriptedService([{ status: 429, retryAfter: '1' }, { status: 201 }]);
    const user = await api.signUp();
    await registerSubscription(user, {
      endpoint: `${service.url}/push/later`,
      keys: fakeSubscriptionKeys(),
    });

    const task = await createTask(user, {
      title: 'Retry after',
      reminders: [{ at: inSeconds(1) }],
    });
    const row = await finishedDelivery(task.id);

    expect(service.requests).toHaveLength(2);
    const [first, second] = service.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(row.status).toBe('sent');
    expect(row.push_attempts).toBe(2);
  });

  it('gives up at once when Retry-After exceeds the limit', async () => {
    const service = await scriptedService([{ status: 503, retryAfter: '3600' }]);
    const user = await api.signUp();
    await registerSubscription(user, {
      endpoint: `${service.url}/push/much-later`,
      keys: fakeSubscriptionKeys(),
    });

    const task = await createTask(user, {
      title: 'Come back in an hour',
      reminders: [{ at: inSeconds(1) }],
    });
    const row = await finishedDelivery(task.id);

    expect(service.requests).toHaveLength(1);
    expect(row.status).toBe('failed');
  });
});
