// Distributed mode: sync-api, the agent and the notifier as three Node processes that share
// PostgreSQL and pass events through a real Kafka broker, as the chart runs them without Dapr.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type PushService,
  registerSubscription,
  signUp,
  startPushService,
  type TestSubscription,
  type TestUser,
  testVapid,
  waitFor,
} from '../../notifier/test/support';
import { createDatabase } from '../../sync-api/test/events-support';
import { sampleSum, scrape } from '../../sync-api/test/metrics-support';
import {
  freePort,
  isRunning,
  type ServiceName,
  type ServiceProcess,
  startService,
  tail,
  waitUntilReady,
} from './processes';

// The offline command model reads times to the minute, so the reminder is due at the first
// whole minute at least this far ahead: time for Kafka to carry the event and for one
// notifier restart.
const REMINDER_LEAD_MS = 15_000;
// How long the test keeps watching for a second push after the first arrived.
const DUPLICATE_WATCH_MS = 3_000;

const vapid = testVapid();
const topicPrefix = `distributed-${randomUUID().slice(0, 8)}.`;
const started: ServiceProcess[] = [];
let database: { url: string; drop(): Promise<void> };
let dataDir: string;
let push: PushService;
let syncApi: ServiceProcess;
let agent: ServiceProcess;
let notifier: ServiceProcess;

/** Environment of each service, as the chart sets it with Dapr disabled. */
function environment(name: ServiceName): Record<string, string> {
  const shared = { DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const kafka = { KAFKA_BROKERS: inject('kafkaBrokers'), KAFKA_TOPIC_PREFIX: topicPrefix };
  switch (name) {
    case 'sync-api':
      return {
        ...shared,
        ...kafka,
        BETTER_AUTH_SECRET: 'distributed-test-secret-that-is-long-enough',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        PUSH_ALLOW_INSECURE_ENDPOINTS: 'true',
        OUTBOX_POLL_INTERVAL_MS: '200',
      };
    case 'notifier':
      return {
        ...shared,
        ...kafka,
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: vapid.subject,
        PUSH_ALLOW_INSECURE_ENDPOINTS: 'true',
      };
    case 'agent':
      // No OPENAI_API_KEY: the agent runs its offline command model.
      return { ...shared, SYNC_API_URL: syncApi.url };
  }
}

async function start(name: ServiceName): Promise<ServiceProcess> {
  const service = startService(name, await freePort(), environment(name));
  started.push(service);
  return service;
}

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  dataDir = await mkdtemp(join(tmpdir(), 'fehrist-distributed-'));
  push = await startPushService();

  // sync-api first: its migrations create the tables the notifier reads, and its JWKS and
  // issuer are what the agent checks tokens against.
  syncApi = await start('sync-api');
  await waitUntilReady(syncApi);
  [notifier, agent] = await Promise.all([start('notifier'), start('agent')]);
  await Promise.all([waitUntilReady(notifier), waitUntilReady(agent)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((service) => service.stop()));
  await push?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });

  const leftover = started.filter((service) => isRunning(service.pid));
  if (leftover.length > 0) {
    throw new Error(`processes still running: ${leftover.map((s) => s.pid).join(', ')}`);
  }
}, 60_000);

/** First whole UTC minute at least `leadMs` from now, in epoch milliseconds. */
function nextWholeMinute(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
}

/** Formats an instant as the offline command model reads it: a date and a 24-hour time in UTC. */
function spokenTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `on ${iso.slice(0, 10)} at ${iso.slice(11, 16)}`;
}

async function chat(user: TestUser, message: string) {
  const response = await fetch(`${agent.url}/api/${user.id}/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message, time_zone: 'UTC' }),
  });
  const text = await response.text();
  expect(response.status, `${text}\n${tail(agent)}`).toBe(200);
  return JSON.parse(text) as {
    response: string;
    tool_calls: { name: string; result?: { status: string; task?: { id: string } } }[];
  };
}

async function waitForPushes(subscription: TestSubscription, timeoutMs: number) {
  return waitFor(
    'the reminder push at web-push-testing',
    async () => {
      const received = await push.messages(subscription);
      return received.length > 0 ? received : undefined;
    },
    timeoutMs,
  );
}

describe('three processes over Kafka', () => {
  let user: TestUser;
  let taskId: string;
  let remindAt: number;

  it('delivers a chat reminder once across a notifier restart', async () => {
    user = await signUp(syncApi.url);
    const subscription = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, subscription);

    remindAt = nextWholeMinute(REMINDER_LEAD_MS);
    const reply = await chat(user, `remind me to call the bank ${spokenTime(remindAt)}`);
    expect(reply.tool_calls.map((call) => call.name)).toEqual(['add_task']);
    expect(reply.tool_calls[0]?.result?.status).toBe('created');
    taskId = reply.tool_calls[0]?.result?.task?.id as string;

    // The event went from sync-api's outbox through Kafka to this notifier, which scheduled it.
    await waitFor(
      'the first notifier to schedule the reminder',
      async () => {
        const { samples } = await scrape(notifier.url);
        return sampleSum(samples, 'fehrist_notifier_reminders_scheduled_total') >= 1
          ? true
          : undefined;
      },
      20_000,
    );

    notifier.kill('SIGKILL');
    expect(await notifier.exited).toBe('SIGKILL');
    notifier = await start('notifier');
    // The scheduler starts before the Kafka consumer, which waits for the killed member's
    // session to time out before it joins the group, so the log line is the earliest sign.
    await waitFor(
      'the restarted notifier to start its scheduler',
      () => notifier.logs().find((line) => line.msg === 'scheduler started'),
      30_000,
    );
    expect(Date.now(), 'the notifier restarted too late to test the restart').toBeLessThan(
      remindAt,
    );

    const messages = await waitForPushes(subscription, remindAt - Date.now() + 20_000);
    await sleep(DUPLICATE_WATCH_MS);

    expect(await push.messages(subscription)).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      type: 'reminder',
      task_id: taskId,
      title: 'call the bank',
      remind_at: new Date(remindAt).toISOString(),
      late: false,
    });
  }, 110_000);

  it('counts turn, write and push in /metrics', async () => {
    await waitUntilReady(notifier);
    const [api, chatAgent, restarted] = await Promise.all([
      scrape(syncApi.url),
      scrape(agent.url),
      scrape(notifier.url),
    ]);

    expect(
      sampleSum(chatAgent.samples, 'fehrist_agent_chat_turns_total', {
        model: 'offline',
        outcome: 'completed',
      }),
    ).toBe(1);
    expect(
      sampleSum(chatAgent.samples, 'fehrist_agent_tool_calls_total', {
        tool: 'add_task',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sampleSum(chatAgent.samples, 'fehrist_agent_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/:user_id/chat',
        status: '200',
      }),
    ).toBe(1);
    // The add_task tool created the task through the REST API.
    expect(
      sampleSum(api.samples, 'fehrist_sync_api_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/:user_id/tasks',
        status: '201',
      }),
    ).toBe(1);
    expect(sampleSum(api.samples, 'fehrist_sync_api_outbox_unpublished_events')).toBe(0);
    expect(sampleSum(restarted.samples, 'fehrist_notifier_reminders_sent_total')).toBe(1);
    expect(sampleSum(restarted.samples, 'fehrist_notifier_reminders_failed_total')).toBe(0);
  }, 60_000);

  it('omits ids and adds process metrics', async () => {
    for (const service of [syncApi, agent, notifier]) {
      const { text, samples } = await scrape(service.url);
      expect(text, service.name).not.toContain(user.id);
      expect(text, service.name).not.toContain(taskId);
      expect(sampleSum(samples, 'process_cpu_user_seconds_total'), service.name).toBeGreaterThan(0);
    }
  });

  it('shuts each process down on SIGTERM', async () => {
    for (const service of [notifier, agent, syncApi]) {
      await service.stop();

      expect(await service.exited, `${service.name}:\n${tail(service)}`).toBe('exit code 0');
    }
  }, 60_000);
});
