import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InProcessEventBus } from '@fehrist/domain';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNotifier } from '../src/notifier';
import { reminderJobName } from '../src/scheduler/dapr-jobs';
import {
  createTask,
  type PushService,
  registerSubscription,
  startPushService,
  startSyncApi,
  startTestNotifier,
  type TestSyncApi,
  testVapid,
} from './support';

const databaseUrl = inject('databaseUrl');
const vapid = testVapid();
const APP_TOKEN = 'app-token-for-tests';
const SIDECAR_TOKEN = 'sidecar-token-for-tests';

interface SidecarRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A stand-in for the Dapr sidecar's Jobs API on 127.0.0.1 that records every request. */
class SidecarStandIn {
  readonly requests: SidecarRequest[] = [];
  status = 204;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined,
        });
        response.writeHead(this.status);
        response.end(
          this.status >= 400
            ? JSON.stringify({ errorCode: 'ERR_SCHEDULER', message: 'stand-in failure' })
            : '',
        );
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  take(): SidecarRequest[] {
    return this.requests.splice(0);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

const sidecar = new SidecarStandIn();
let push: PushService;
let api: TestSyncApi;
const notifiers: RunningNotifier[] = [];

beforeAll(async () => {
  await sidecar.start();
  push = await startPushService();
  // sync-api writes tasks and subscriptions only; its events go nowhere in this file.
  api = await startSyncApi(databaseUrl, { eventBus: new InProcessEventBus(), vapid });
  for (let index = 0; index < 2; index++) {
    notifiers.push(
      await startTestNotifier(databaseUrl, vapid, {
        port: 0,
        env: {
          DAPR_HTTP_PORT: String(sidecar.port),
          APP_API_TOKEN: APP_TOKEN,
          DAPR_API_TOKEN: SIDECAR_TOKEN,
        },
      }),
    );
  }
});

afterEach(() => {
  sidecar.status = 204;
  sidecar.take();
});

afterAll(async () => {
  for (const notifier of notifiers) await notifier.close();
  await api?.close();
  await push?.close();
  await sidecar.close();
});

async function call(
  path: string,
  options: { body?: unknown; token?: string | null; notifier?: number } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON bodies of several shapes.
): Promise<{ status: number; body: any }> {
  const base = notifiers[options.notifier ?? 0]?.url as string;
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? APP_TOKEN : options.token;
  if (token) headers['dapr-api-token'] = token;
  if (options.body !== undefined) headers['content-type'] = 'application/cloudevents+json';
  const response = await fetch(`${base}${path}`, {
    method: options.body === undefined && !path.startsWith('/job/') ? 'GET' : 'POST',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, body: await response.json() };
}

/** Builds a CloudEvent as sync-api publishes it through Dapr and the sidecar delivers it. */
function cloudEvent(topic: string, key: string, data: unknown) {
  return {
    specversion: '1.0',
    id: String(Math.floor(Math.random() * 1e9)),
    source: 'fehrist/sync-api',
    type: `fehrist.${topic}.changed`,
    datacontenttype: 'application/json',
    subject: key,
    time: new Date().toISOString(),
    topic,
    pubsubname: 'pubsub',
    data,
  };
}

function reminderEvent(taskId: string, version: number, remindAts: string[]) {
  return cloudEvent('reminders', taskId, {
    task_id: taskId,
    user_id: 'user-1',
    title: 'Dentist',
    due_at: '2027-03-10T05:00:00.000Z',
    remind_at: remindAts[0] ?? null,
    remind_ats: remindAts,
    time_zone: 'Asia/Karachi',
    version,
  });
}

describe('Dapr pub/sub contract', () => {
  it('lists both topics at GET /dapr/subscribe', async () => {
    const response = await call('/dapr/subscribe');

    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { pubsubname: 'pubsub', topic: 'reminders', route: '/events/reminders' },
      { pubsubname: 'pubsub', topic: 'task-events', route: '/events/task-events' },
    ]);
  });

  it('rejects sidecar routes without the app API token', async () => {
    const subscribe = await call('/dapr/subscribe', { token: null });
    const event = await call('/events/reminders', { token: 'wrong-token-of-equal-size', body: {} });
    const job = await call('/job/reminder-x', { token: null, body: {} });

    expect(subscribe.status).toBe(401);
    expect(event.status).toBe(401);
    expect(job.status).toBe(401);
  });

  it('answers DROP for a delivery that is not a CloudEvent', async () => {
    const response = await call('/events/reminders', { body: { data: { task_id: randomUUID() } } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'DROP' });
    expect(sidecar.take()).toEqual([]);
  });

  it('answers RETRY when the sidecar fails, and SUCCESS on redelivery', async () => {
    const taskId = randomUUID();
    const event = reminderEvent(taskId, 1, ['2027-03-10T04:45:00.000Z']);
    sidecar.status = 500;

    const failed = await call('/events/reminders', { body: event });
    sidecar.status = 204;
    const redelivered = await call('/events/reminders', { body: event });

    expect(failed.body).toEqual({ status: 'RETRY' });
    expect(redelivered.body).toEqual({ status: 'SUCCESS' });
    const requests = sidecar.take();
    expect(requests.map((request) => request.method)).toEqual(['POST', 'POST']);
  });
});

describe('Dapr Jobs contract', () => {
  const first = '2027-03-10T04:45:00.000Z';
  const moved = '2027-03-10T05:15:00.000Z';

  it('schedules a job with the documented body', async () => {
    const taskId = randomUUID();

    const response = await call('/events/reminders', { body: reminderEvent(taskId, 1, [first]) });

    expect(response.body).toEqual({ status: 'SUCCESS' });
    const [request, ...rest] = sidecar.take();
    expect(rest).toEqual([]);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/v1.0-alpha1/jobs/reminder-${taskId}-${Date.parse(first) / 1000}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['dapr-api-token']).toBe(SIDECAR_TOKEN);
    expect(request?.body).toEqual({
      dueTime: '2027-03-10T04:45:00Z',
      data: {
        task_id: taskId,
        user_id: 'user-1',
        remind_at: first,
        due_at: '2027-03-10T05:00:00.000Z',
      },
      overwrite: true,
      failure_policy: { constant: { interval: '30s', max_retries: 2_880 } },
    });
  });

  it('deletes the old job and schedules the new one when the time moves', async () => {
    const taskId = randomUUID();
    await call('/events/reminders', { body: reminderEvent(taskId, 1, [first]) });
    sidecar.take();

    await call('/events/reminders', { body: reminderEvent(taskId, 2, [moved]) });
    const requests = sidecar.take();

    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `DELETE /v1.0-alpha1/jobs/${reminderJobName(taskId, first)}`,
      `POST /v1.0-alpha1/jobs/${reminderJobName(taskId, moved)}`,
    ]);
    expect(requests[0]?.body).toBeUndefined();
  });

  it('deletes the job on completion', async () => {
    const taskId = randomUUID();
    await call('/events/reminders', { body: reminderEvent(taskId, 1, [first]) });
    sidecar.take();

    const completed = cloudEvent('task-events', taskId, {
      event_type: 'completed',
      task_id: taskId,
      user_id: 'user-1',
      timestamp: new Date().toISOString(),
      task_data: { id: taskId, version: 2, completed: true, deleted: false, due_at: null },
    });
    const completedAnswer = await call('/events/task-events', { body: completed });
    const afterCompletion = sidecar.take();
    const staleAnswer = await call('/events/reminders', {
      body: reminderEvent(taskId, 1, [first]),
    });

    expect(completedAnswer.body).toEqual({ status: 'SUCCESS' });
    expect(afterCompletion.map((request) => `${request.method} ${request.path}`)).toEqual([
      `DELETE /v1.0-alpha1/jobs/${reminderJobName(taskId, first)}`,
    ]);
    expect(staleAnswer.body).toEqual({ status: 'SUCCESS' });
    expect(sidecar.take()).toEqual([]);
  });
});

describe('Dapr job callback', () => {
  async function taskWithReminderNow() {
    const user = await api.signUp();
    const subscription = await push.subscribe(vapid.publicKey);
    await registerSubscription(user, subscription);
    const remindAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const task = await createTask(user, { title: 'Called back', reminders: [{ at: remindAt }] });
    return { user, subscription, task, name: reminderJobName(task.id, remindAt) };
  }

  it('sends the reminder once, also when the callback comes twice', async () => {
    const { subscription, name } = await taskWithReminderNow();

    const first = await call(`/job/${name}`, { body: { task_id: 'ignored' } });
    const again = await call(`/job/${name}`, { body: {} });

    expect(first).toEqual({ status: 200, body: { status: 'sent' } });
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await push.messages(subscription)).toHaveLength(1);
  });

  it('sends once when two replicas get the callback at the same time', async () => {
    const { subscription, name } = await taskWithReminderNow();

    const answers = await Promise.all([
      call(`/job/${name}`, { body: {}, notifier: 0 }),
      call(`/job/${name}`, { body: {}, notifier: 1 }),
    ]);

    expect(answers.map((answer) => answer.body.status).sort()).toEqual(['duplicate', 'sent']);
    expect(await push.messages(subscription)).toHaveLength(1);
  });

  it('skips a completed task', async () => {
    const { user, subscription, task, name } = await taskWithReminderNow();
    await user.api('PATCH', `/api/${user.id}/tasks/${task.id}/complete`, { completed: true });

    const answer = await call(`/job/${name}`, { body: {} });

    expect(answer.body).toEqual({ status: 'skipped' });
    expect(await push.messages(subscription)).toEqual([]);
  });

  it('ignores a job name it does not make', async () => {
    const answer = await call('/job/nightly-backup', { body: {} });

    expect(answer).toEqual({ status: 200, body: { status: 'ignored' } });
  });
});
