import { randomUUID } from 'node:crypto';
import type { Task } from '@fehrist/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';

let server: TestServer;
let database: pg.Client;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
  database = new pg.Client({ connectionString: inject('databaseUrl') });
  await database.connect();
});

afterAll(async () => {
  await database?.end();
  await server?.close();
});

async function createRecurring(
  user: TestUser,
  fields: Record<string, unknown> = {},
): Promise<Task> {
  const response = await user.api<Task>('POST', `/api/${user.id}/tasks`, {
    title: 'Water the plants',
    due_date: '2099-01-31',
    due_time: '08:00',
    time_zone: 'Asia/Karachi',
    recurrence: { rrule: 'FREQ=MONTHLY' },
    reminders: [{ minutes_before: 15 }],
    ...fields,
  });
  expect(response.status).toBe(201);
  return response.body;
}

function completion(clientID: string, task: Task) {
  return {
    clientGroupID: randomUUID(),
    mutations: [
      {
        clientID,
        id: 1,
        name: 'completeTask',
        args: { id: task.id, completed: true, occurrence_date: task.due_date },
        timestamp: Date.now(),
      },
    ],
  };
}

describe('recurring tasks over the API', () => {
  it('R12: two devices completing one occurrence advance it once', async () => {
    const user = await signUp(server.url);
    const task = await createRecurring(user);

    const phone = await user.api(
      'POST',
      `/api/${user.id}/sync/push`,
      completion(randomUUID(), task),
    );
    const laptop = await user.api(
      'POST',
      `/api/${user.id}/sync/push`,
      completion(randomUUID(), task),
    );
    const stored = await user.api<Task>('GET', `/api/${user.id}/tasks/${task.id}`);

    expect(phone.status).toBe(200);
    expect(laptop.status).toBe(200);
    expect(stored.body.due_date).toBe('2099-02-28');
    expect(stored.body.completed).toBe(false);
    expect(stored.body.recurrence?.anchor_date).toBe('2099-01-31');
  });

  it('PATCH complete moves to the next occurrence', async () => {
    const user = await signUp(server.url);
    const task = await createRecurring(user);
    const response = await user.api<Task>('PATCH', `/api/${user.id}/tasks/${task.id}/complete`);
    expect(response.status).toBe(200);
    expect(response.body.due_date).toBe('2099-02-28');
    expect(response.body.due_at).toBe('2099-02-28T03:00:00.000Z');
  });

  it('rejects a bad rule naming recurrence.rrule', async () => {
    const user = await signUp(server.url);
    const response = await user.api('POST', `/api/${user.id}/tasks`, {
      title: 'Bad rule',
      due_date: '2099-01-01',
      recurrence: { rrule: 'FREQ=SECONDLY' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toContainEqual({
      field: 'recurrence.rrule',
      message: expect.stringContaining('FREQ must be one of'),
    });
  });

  it('writes a reminders event when the reminder moves', async () => {
    const user = await signUp(server.url);
    const task = await createRecurring(user);
    await user.api('PATCH', `/api/${user.id}/tasks/${task.id}/complete`);

    const { rows } = await database.query<{ payload: { remind_ats: string[] } }>(
      `select "payload" from "outbox" where "topic" = 'reminders' and "key" = $1 order by "id"`,
      [task.id],
    );
    expect(rows.map((row) => row.payload.remind_ats)).toEqual([
      ['2099-01-31T02:45:00.000Z'],
      ['2099-02-28T02:45:00.000Z'],
    ]);
  });

  it('writes an empty reminders event when the task is deleted', async () => {
    const user = await signUp(server.url);
    const task = await createRecurring(user);
    await user.api('DELETE', `/api/${user.id}/tasks/${task.id}`);

    const { rows } = await database.query<{ payload: { remind_at: string | null } }>(
      `select "payload" from "outbox" where "topic" = 'reminders' and "key" = $1 order by "id"`,
      [task.id],
    );
    expect(rows.at(-1)?.payload.remind_at).toBeNull();
  });
});
