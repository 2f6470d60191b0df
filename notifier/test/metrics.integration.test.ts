import { InProcessEventBus } from '@fehrist/domain';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Sample, sampleSum, scrape } from '../../sync-api/test/metrics-support';
import type { RunningNotifier } from '../src/notifier';
import {
  createTask,
  ForwardingSubscriber,
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
let bus: InProcessEventBus;
let api: TestSyncApi;
let push: PushService;
let db: pg.Pool;
let notifier: RunningNotifier;
let url: string;

beforeAll(async () => {
  bus = new InProcessEventBus();
  push = await startPushService();
  db = testPool(databaseUrl);
  // Jobs left by other test files would fire here and move the counters. On a fresh
  // database the table does not exist yet.
  await db
    .query(`delete from reminder_job where status in ('pending', 'running')`)
    .catch(() => undefined);
  api = await startSyncApi(databaseUrl, { eventBus: bus, vapid });
  notifier = await startTestNotifier(databaseUrl, vapid, {
    subscriber: new ForwardingSubscriber(bus),
    port: 0,
    host: '127.0.0.1',
  });
  url = notifier.url as string;
});

afterAll(async () => {
  await notifier?.close();
  await api?.close();
  await push?.close();
  await db?.end();
});

async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  return sampleSum((await scrape(url)).samples, name, labels);
}

/** Waits until `name` has grown by `by` from `from`, and returns its value. */
function waitForCount(name: string, labels: Record<string, string>, from: number, by = 1) {
  return waitFor(`${name} to reach ${from + by}`, async () => {
    const value = await counter(name, labels);
    return value >= from + by ? value : undefined;
  });
}

describe('GET /metrics of the notifier', () => {
  it('counts a reminder scheduled and sent', async () => {
    const user = await api.signUp();
    await registerSubscription(user, await push.subscribe(vapid.publicKey));
    const scheduled = await counter('fehrist_notifier_reminders_scheduled_total');
    const sent = await counter('fehrist_notifier_reminders_sent_total');

    await createTask(user, {
      title: 'Water the plants',
      reminders: [{ at: new Date(Date.now() + 1_000).toISOString() }],
    });

    expect(await waitForCount('fehrist_notifier_reminders_sent_total', {}, sent)).toBe(sent + 1);
    expect(await counter('fehrist_notifier_reminders_scheduled_total')).toBe(scheduled + 1);
  });

  it('counts a reminder sent late', async () => {
    const user = await api.signUp();
    await registerSubscription(user, await push.subscribe(vapid.publicKey));
    const late = await counter('fehrist_notifier_reminders_late_total');

    // Past LATE_REMINDER_AFTER_SECONDS (60 by default) but within LATE_REMINDER_MAX_HOURS.
    await createTask(user, {
      title: 'Renew the passport',
      reminders: [{ at: new Date(Date.now() - 5 * 60_000).toISOString() }],
    });

    expect(await waitForCount('fehrist_notifier_reminders_late_total', {}, late)).toBe(late + 1);
  });

  it('counts a user without subscriptions as a failure', async () => {
    const user = await api.signUp();
    const labels = { reason: 'no_subscription' };
    const failed = await counter('fehrist_notifier_reminders_failed_total', labels);

    await createTask(user, {
      title: 'Call the landlord',
      reminders: [{ at: new Date(Date.now() + 500).toISOString() }],
    });

    expect(await waitForCount('fehrist_notifier_reminders_failed_total', labels, failed)).toBe(
      failed + 1,
    );
  });

  it('labels requests by route pattern', async () => {
    await fetch(`${url}/healthz`);
    await fetch(`${url}/job/reminder-b5a6c1d2`, { method: 'POST' });
    const { text, samples } = await scrape(url);

    const count = (labels: Record<string, string>) =>
      sampleSum(samples, 'fehrist_notifier_http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/healthz', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'POST', route: '/job/:name', status: '404' })).toBe(1);
    expect(text).not.toContain('reminder-b5a6c1d2');
  });

  it('leaves out process metrics in a shared process', async () => {
    const { samples } = await scrape(url);

    expect(samples.every((sample: Sample) => sample.name.startsWith('fehrist_notifier_'))).toBe(
      true,
    );
  });
});
