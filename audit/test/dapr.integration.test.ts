import { randomUUID } from 'node:crypto';
import type { TaskEvent } from '@fehrist/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../sync-api/test/events-support';
import { type RunningAudit, startAudit } from '../src/audit';
import { DaprEventSubscriber } from '../src/events/dapr-subscriber';

const APP_TOKEN = 'app-token-for-tests';
let database: { url: string; drop(): Promise<void> };
let audit: RunningAudit;
let db: pg.Pool;

beforeAll(async () => {
  database = await createDatabase(inject('databaseUrl'));
  audit = await startAudit({
    databaseUrl: database.url,
    subscriber: new DaprEventSubscriber('pubsub'),
    env: { APP_API_TOKEN: APP_TOKEN },
    port: 0,
    host: '127.0.0.1',
  });
  db = new pg.Pool({ connectionString: database.url, max: 2 });
});

afterAll(async () => {
  await db?.end();
  await audit?.close();
  await database?.drop();
});

function cloudEvent(id: string, data: unknown) {
  return {
    specversion: '1.0',
    id,
    source: 'fehrist/sync-api',
    type: 'fehrist.task-events.created',
    datacontenttype: 'application/json',
    subject: (data as { task_id?: string }).task_id,
    time: '2026-12-04T10:15:00.000Z',
    data,
  };
}

function taskEvent(taskId: string): TaskEvent {
  return {
    event_type: 'created',
    task_id: taskId,
    user_id: 'user-dapr',
    timestamp: '2026-12-04T10:15:00.000Z',
    source: 'rest',
    task_data: {
      id: taskId,
      title: 'Through Dapr',
      description: '',
      completed: false,
      completed_at: null,
      priority: 'none',
      tags: [],
      due_date: null,
      due_time: null,
      time_zone: 'Asia/Karachi',
      due_at: null,
      recurrence: null,
      reminders: [],
      created_at: '2026-12-04T10:15:00.000Z',
      updated_at: '2026-12-04T10:15:00.000Z',
      version: 1,
      deleted: false,
    },
  };
}

async function deliver(body: unknown, token = APP_TOKEN): Promise<Response> {
  return fetch(`${audit.url}/events/task-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json', 'dapr-api-token': token },
    body: JSON.stringify(body),
  });
}

describe('Dapr deliveries', () => {
  it('lists the task-events subscription', async () => {
    const response = await fetch(`${audit.url}/dapr/subscribe`, {
      headers: { 'dapr-api-token': APP_TOKEN },
    });

    expect(await response.json()).toEqual([
      { pubsubname: 'pubsub', topic: 'task-events', route: '/events/task-events' },
    ]);
  });

  it('stores a CloudEvent delivered twice once', async () => {
    const taskId = randomUUID();
    const event = cloudEvent('900001', taskEvent(taskId));

    const first = await deliver(event);
    const second = await deliver(event);
    const { rows } = await db.query(
      'select "event_id", "source", "title" from "audit_event" where "task_id" = $1',
      [taskId],
    );

    expect(await first.json()).toEqual({ status: 'SUCCESS' });
    expect(await second.json()).toEqual({ status: 'SUCCESS' });
    expect(rows).toEqual([{ event_id: '900001', source: 'rest', title: 'Through Dapr' }]);
  });

  it('drops a body that is not a CloudEvent', async () => {
    const response = await deliver({ hello: 'world' });

    expect(await response.json()).toEqual({ status: 'DROP' });
  });

  it('drops an event whose id is not an outbox id', async () => {
    const taskId = randomUUID();

    const response = await deliver(cloudEvent('not-a-number', taskEvent(taskId)));
    const { rowCount } = await db.query('select 1 from "audit_event" where "task_id" = $1', [
      taskId,
    ]);

    expect(await response.json()).toEqual({ status: 'SUCCESS' });
    expect(rowCount).toBe(0);
  });

  it('answers 401 without the app token', async () => {
    const response = await deliver(cloudEvent('900002', taskEvent(randomUUID())), 'wrong');

    expect(response.status).toBe(401);
  });

  it('serves health and readiness', async () => {
    const health = await fetch(`${audit.url}/healthz`);
    const ready = await fetch(`${audit.url}/readyz`);

    expect(health.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('declarative subscriptions', () => {
  it('lists none at /dapr/subscribe', async () => {
    const declarative = await startAudit({
      databaseUrl: database.url,
      subscriber: new DaprEventSubscriber('pubsub'),
      env: { DAPR_SUBSCRIPTIONS: 'declarative' },
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const response = await fetch(`${declarative.url}/dapr/subscribe`);

      expect(await response.json()).toEqual([]);
    } finally {
      await declarative.close();
    }
  });
});
