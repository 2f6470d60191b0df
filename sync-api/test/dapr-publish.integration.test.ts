import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TaskEvent, TOPICS } from '@fehrist/domain';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db/orm';
import { countOutbox, createDatabase, openPokeStream, waitFor, withClient } from './events-support';
import { signUp, startTestServer, type TestServer } from './support';
import { mutation, newTask, push } from './sync-helpers';

/** One request the stand-in sidecar received. */
interface SidecarRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** Stands in for the Dapr sidecar's HTTP API on 127.0.0.1; `statusFor` picks each status. */
class FakeSidecar {
  readonly requests: SidecarRequest[] = [];
  statusFor: (request: SidecarRequest) => number = () => 204;
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<FakeSidecar> {
    const server = createServer();
    const sidecar = new FakeSidecar(server);
    server.on('request', async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const received: SidecarRequest = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
      };
      sidecar.requests.push(received);
      const status = sidecar.statusFor(received);
      response.statusCode = status;
      if (status >= 400) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE', message: 'test' }));
      } else {
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sidecar;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  publishes(topic: string): SidecarRequest[] {
    return this.requests.filter((request) => request.path.endsWith(`/${topic}`));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

const PUBSUB = 'fehrist-pubsub';
const FAST = { pollIntervalMs: 100, lockRetryMs: 200, retryInitialMs: 20, retryMaxMs: 200 };

let database: { url: string; drop(): Promise<void> };
let sidecar: FakeSidecar;
let api: TestServer;

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  const orm = await openDatabase(database.url);
  await orm.close(true);
});

beforeEach(async () => {
  sidecar = await FakeSidecar.start();
  api = await startTestServer(database.url, {
    outbox: FAST,
    env: {
      DAPR_HTTP_PORT: String(sidecar.port),
      DAPR_PUBSUB_NAME: PUBSUB,
      DAPR_API_TOKEN: 'token-for-the-sidecar',
    },
  });
});

afterEach(async () => {
  await api?.close();
  await sidecar?.close();
  await withClient(database.url, (client) => client.query('delete from outbox'));
});

afterAll(async () => {
  await database?.drop();
});

async function outboxRows(): Promise<{ id: string; topic: string; key: string }[]> {
  return withClient(database.url, async (client) => {
    const { rows } = await client.query('select id::text, topic, key from outbox order by id');
    return rows;
  });
}

async function createTask(fields = {}) {
  const user = await signUp(api.url);
  const task = newTask('Call the plumber', fields);
  await push(user, randomUUID(), [mutation(randomUUID(), 1, 'createTask', task)]);
  return { user, task };
}

describe('Dapr publish contract', () => {
  it('posts each event to the publish URL of its topic', async () => {
    const { task } = await createTask();
    await waitFor('two publishes', () => (sidecar.requests.length >= 2 ? true : undefined));

    const [request] = sidecar.publishes(TOPICS.taskEvents);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/v1.0/publish/${PUBSUB}/task-events`);
    expect(request?.query.get('metadata.partitionKey')).toBe(task.id);
    expect(request?.headers['content-type']).toBe('application/cloudevents+json');
    expect(request?.headers['dapr-api-token']).toBe('token-for-the-sidecar');
  });

  it('sends a CloudEvent whose id is the outbox id', async () => {
    const { user, task } = await createTask();
    await waitFor('every outbox row published', async () =>
      (await countOutbox(database.url)).unpublished === 0 ? true : undefined,
    );

    const [row] = (await outboxRows()).filter((candidate) => candidate.topic === 'task-events');
    const body = sidecar.publishes(TOPICS.taskEvents)[0]?.body ?? {};
    expect(body.specversion).toBe('1.0');
    expect(body.id).toBe(row?.id);
    expect(body.source).toBe('fehrist/sync-api');
    expect(body.type).toBe('fehrist.task-events.created');
    expect(body.datacontenttype).toBe('application/json');
    expect(body.subject).toBe(task.id);
    expect(Number.isNaN(Date.parse(String(body.time)))).toBe(false);
    expect(body.data as TaskEvent).toMatchObject({
      event_type: 'created',
      task_id: task.id,
      user_id: user.id,
    });
  });

  it('types events without event_type as changed', async () => {
    const { user } = await createTask();
    await waitFor('a task-updates publish', () => sidecar.publishes('task-updates')[0]);

    const request = sidecar.publishes('task-updates')[0];
    expect(request?.query.get('metadata.partitionKey')).toBe(user.id);
    expect(request?.body.type).toBe('fehrist.task-updates.changed');
    expect(request?.body.data).toEqual({ user_id: user.id, version: 1 });
  });

  it('publishes reminder events on the reminders topic', async () => {
    const { task } = await createTask({
      due_date: '2030-01-15',
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ minutes_before: 15 }],
    });
    await waitFor('a reminders publish', () => sidecar.publishes('reminders')[0]);

    const request = sidecar.publishes('reminders')[0];
    expect(request?.path).toBe(`/v1.0/publish/${PUBSUB}/reminders`);
    expect(request?.query.get('metadata.partitionKey')).toBe(task.id);
    expect(request?.body.type).toBe('fehrist.reminders.changed');
    expect(request?.body.data).toMatchObject({
      task_id: task.id,
      title: 'Call the plumber',
      due_at: '2030-01-15T04:00:00.000Z',
      remind_at: '2030-01-15T03:45:00.000Z',
    });
  });

  it('keeps a row that got 500 and publishes it again', async () => {
    sidecar.statusFor = () => 500;
    await createTask();
    await waitFor('three refused publishes', () =>
      sidecar.publishes('task-events').length >= 3 ? true : undefined,
    );
    expect((await countOutbox(database.url)).unpublished).toBeGreaterThan(0);

    sidecar.statusFor = () => 204;
    await waitFor('every outbox row published', async () =>
      (await countOutbox(database.url)).unpublished === 0 ? true : undefined,
    );

    const ids = sidecar.publishes('task-events').map((request) => request.body.id);
    const [row] = (await outboxRows()).filter((candidate) => candidate.topic === 'task-events');
    expect(new Set(ids)).toEqual(new Set([row?.id]));
  });
});

describe('Dapr subscription contract', () => {
  it('lists the task-updates subscription at /dapr/subscribe', async () => {
    const response = await fetch(new URL('/dapr/subscribe', api.url));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { pubsubname: PUBSUB, topic: 'task-updates', route: '/events/task-updates' },
    ]);
  });

  it('pokes the user when a task-updates event arrives', async () => {
    const user = await signUp(api.url);
    const stream = await openPokeStream(api.url, user.id, user.cookie);

    const response = await fetch(new URL('/events/task-updates', api.url), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0',
        id: '987',
        source: 'fehrist/sync-api',
        type: 'fehrist.task-updates.changed',
        datacontenttype: 'application/json',
        subject: user.id,
        topic: 'task-updates',
        pubsubname: PUBSUB,
        data: { user_id: user.id, version: 7 },
      }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'SUCCESS' });
    expect(await stream.nextPoke()).toBe(7);
    stream.close();
  });

  it('drops a delivery that is not a CloudEvent', async () => {
    const response = await fetch(new URL('/events/task-updates', api.url), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ hello: 'world' }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'DROP' });
  });

  it('answers 404 for a topic without a subscription', async () => {
    const response = await fetch(new URL('/events/reminders', api.url), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ id: '1', data: {} }),
    });

    expect(response.status).toBe(404);
  });
});

describe('Dapr app API token', () => {
  it('rejects sidecar calls without the token', async () => {
    await api.close();
    api = await startTestServer(database.url, {
      outbox: FAST,
      env: { DAPR_HTTP_PORT: String(sidecar.port), APP_API_TOKEN: 'token-from-the-sidecar' },
    });

    const without = await fetch(new URL('/dapr/subscribe', api.url));
    const wrong = await fetch(new URL('/dapr/subscribe', api.url), {
      headers: { 'dapr-api-token': 'guess' },
    });
    const right = await fetch(new URL('/dapr/subscribe', api.url), {
      headers: { 'dapr-api-token': 'token-from-the-sidecar' },
    });

    expect(without.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
  });
});

describe('Dapr declarative subscriptions', () => {
  it('lists nothing at /dapr/subscribe', async () => {
    await api.close();
    api = await startTestServer(database.url, {
      outbox: FAST,
      env: { DAPR_HTTP_PORT: String(sidecar.port), DAPR_SUBSCRIPTIONS: 'declarative' },
    });

    const response = await fetch(new URL('/dapr/subscribe', api.url));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });
});
