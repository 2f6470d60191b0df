import {
  applyQuery,
  SORT_FIELDS,
  SORT_ORDERS,
  type Task,
  type TaskQueryInput,
  TaskQuerySchema,
} from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTask, expectProblem, listAll, send } from './api-support';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';

// The server runs in this process. A zone west of UTC makes a date-only due that passed
// through a local-time Date come out a day early, so such a slip shows in these tests.
const originalZone = process.env.TZ;
process.env.TZ = 'America/Bogota';

// The server clock: tasks are written at this instant unless a test moves it.
let now = new Date('2026-03-10T10:30:00.000Z');

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'), { clock: () => now });
  user = await signUp(server.url);
});

afterAll(async () => {
  await server?.close();
  process.env.TZ = originalZone;
});

const tasksPath = () => `/api/${user.id}/tasks`;
const taskPath = (id: string) => `/api/${user.id}/tasks/${id}`;

describe('POST /tasks', () => {
  it('creates with defaults', async () => {
    const id = crypto.randomUUID();
    const response = await user.api<Task>('POST', tasksPath(), { id, title: '  Buy milk  ' });

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(taskPath(id));
    expect(response.body).toEqual({
      id,
      title: 'Buy milk',
      description: '',
      completed: false,
      completed_at: null,
      priority: 'none',
      tags: [],
      due_date: null,
      due_time: null,
      time_zone: 'UTC',
      due_at: null,
      recurrence: null,
      reminders: [],
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      version: expect.any(Number),
      deleted: false,
    });
    expect(response.body.version).toBeGreaterThan(0);
  });

  it('derives due_at in the task zone', async () => {
    const task = await createTask(user, {
      title: 'Call Ammi',
      due_date: '2026-05-04',
      due_time: '18:00',
      time_zone: 'Asia/Karachi',
    });
    expect(task.due_at).toBe('2026-05-04T13:00:00.000Z');
    expect(task.due_time).toBe('18:00');
    expect(task.time_zone).toBe('Asia/Karachi');
  });

  it('keeps a date-only due as given', async () => {
    const task = await createTask(user, {
      title: 'Pay the bill',
      due_date: '2026-08-08',
      time_zone: 'America/Bogota',
    });
    expect(task.due_date).toBe('2026-08-08');
    expect(task.due_at).toBe('2026-08-08T05:00:00.000Z');

    const read = await user.api<Task>('GET', taskPath(task.id));
    expect(read.body.due_date).toBe('2026-08-08');
  });

  it('returns the same instants on every read', async () => {
    const created = await createTask(user, {
      title: 'Dentist',
      due_date: '2026-11-01',
      due_time: '01:30',
      time_zone: 'America/New_York',
    });
    // 01:30 happens twice that night in New York, and the earlier one is daylight time, UTC-4.
    expect(created.due_at).toBe('2026-11-01T05:30:00.000Z');

    const read = await user.api<Task>('GET', taskPath(created.id));
    const listed = (await listAll(user)).find((task) => task.id === created.id);
    expect(read.body).toEqual(created);
    expect(listed).toEqual(created);
  });

  it('rejects a client due_at', async () => {
    const response = await send(server.url, 'POST', tasksPath(), {
      headers: { authorization: `Bearer ${user.token}` },
      body: { title: 'Shifted', due_date: '2026-05-04', due_at: '2026-05-04T13:00:00Z' },
    });
    expectProblem(response, 422, 'invalid');
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['due_at']);
  });

  it('returns the stored task for an existing id', async () => {
    const id = crypto.randomUUID();
    const first = await user.api<Task>('POST', tasksPath(), { id, title: 'Once only' });
    const countAfterFirst = (await listAll(user)).length;

    const retry = await user.api<Task>('POST', tasksPath(), { id, title: 'Retried title' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('location')).toBe(taskPath(id));
    expect(retry.body).toEqual(first.body);
    expect((await listAll(user)).length).toBe(countAfterFirst);
  });

  it('treats an upper-case id as the same task', async () => {
    const id = crypto.randomUUID();
    const first = await user.api<Task>('POST', tasksPath(), {
      id: id.toUpperCase(),
      title: 'Case',
    });
    const retry = await user.api<Task>('POST', tasksPath(), { id, title: 'Case' });
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);
    expect(retry.status).toBe(200);
  });

  it('makes an id when none is given', async () => {
    const response = await user.api<Task>('POST', tasksPath(), { title: 'No id' });
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
    expect(response.headers.get('location')).toBe(taskPath(response.body.id));
  });

  it('returns 404 for a deleted id', async () => {
    const task = await createTask(user, { title: 'Gone soon' });
    await user.api('DELETE', taskPath(task.id));
    const retry = await send(server.url, 'POST', tasksPath(), {
      headers: { authorization: `Bearer ${user.token}` },
      body: { id: task.id, title: 'Back again' },
    });
    expectProblem(retry, 404, 'not_found');
  });
});

describe('GET /tasks/:id', () => {
  it('returns the task', async () => {
    const task = await createTask(user, { title: 'Read me', tags: ['a'] });
    const response = await user.api<Task>('GET', taskPath(task.id));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(task);
  });

  it('returns 404 for an unknown id', async () => {
    const response = await send(server.url, 'GET', taskPath(crypto.randomUUID()), {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expectProblem(response, 404, 'not_found');
  });

  it('returns 404 for a malformed id', async () => {
    const response = await send(server.url, 'GET', taskPath('not-a-uuid'), {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expectProblem(response, 404, 'not_found');
  });
});

describe('PUT /tasks/:id', () => {
  const full = {
    title: 'Plan trip',
    description: 'Book the train',
    priority: 'medium',
    tags: ['Travel', 'family'],
    due_date: '2026-04-01',
    due_time: '18:00',
    time_zone: 'Asia/Karachi',
  };

  it('changes only the fields given', async () => {
    const task = await createTask(user, full);
    now = new Date(now.getTime() + 60_000);

    const response = await user.api<Task>('PUT', taskPath(task.id), { priority: 'high' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...task,
      priority: 'high',
      updated_at: now.toISOString(),
      version: expect.any(Number),
    });
    expect(response.body.version).toBeGreaterThan(task.version);
  });

  it('keeps the version when nothing changes', async () => {
    const task = await createTask(user, full);
    const response = await user.api<Task>('PUT', taskPath(task.id), { title: full.title });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(task);
  });

  it('recomputes due_at from the wall time', async () => {
    const task = await createTask(user, full);
    const response = await user.api<Task>('PUT', taskPath(task.id), { time_zone: 'UTC' });
    expect(task.due_at).toBe('2026-04-01T13:00:00.000Z');
    expect(response.body.due_time).toBe('18:00');
    expect(response.body.due_at).toBe('2026-04-01T18:00:00.000Z');
  });

  it('clears the time with the date', async () => {
    const task = await createTask(user, full);
    const response = await user.api<Task>('PUT', taskPath(task.id), { due_date: null });
    expect(response.status).toBe(200);
    expect(response.body.due_date).toBeNull();
    expect(response.body.due_time).toBeNull();
    expect(response.body.due_at).toBeNull();
  });

  it('rejects an id that differs from the path', async () => {
    const task = await createTask(user, full);
    const response = await send(server.url, 'PUT', taskPath(task.id), {
      headers: { authorization: `Bearer ${user.token}` },
      body: { id: crypto.randomUUID(), title: 'Moved' },
    });
    expectProblem(response, 422, 'invalid');
    expect(response.body.errors[0].field).toBe('id');
  });

  it('returns 404 for an unknown id', async () => {
    const response = await send(server.url, 'PUT', taskPath(crypto.randomUUID()), {
      headers: { authorization: `Bearer ${user.token}` },
      body: { title: 'Nobody' },
    });
    expectProblem(response, 404, 'not_found');
  });
});

describe('PATCH /tasks/:id/complete', () => {
  it('toggles with an empty body', async () => {
    const task = await createTask(user, { title: 'Toggle me' });
    const completePath = `${taskPath(task.id)}/complete`;

    const done = await user.api<Task>('PATCH', completePath);
    expect(done.status).toBe(200);
    expect(done.body.completed).toBe(true);
    expect(done.body.completed_at).toBe(now.toISOString());

    const undone = await user.api<Task>('PATCH', completePath);
    expect(undone.status).toBe(200);
    expect(undone.body.completed).toBe(false);
    expect(undone.body.completed_at).toBeNull();
  });

  it('toggles with an empty JSON object', async () => {
    const task = await createTask(user, { title: 'Toggle with braces' });
    const response = await user.api<Task>('PATCH', `${taskPath(task.id)}/complete`, {});
    expect(response.body.completed).toBe(true);
  });

  it('sets completed from the body', async () => {
    const task = await createTask(user, { title: 'Set me' });
    const completePath = `${taskPath(task.id)}/complete`;

    const first = await user.api<Task>('PATCH', completePath, { completed: true });
    now = new Date(now.getTime() + 60_000);
    const second = await user.api<Task>('PATCH', completePath, { completed: true });
    expect(first.body.completed).toBe(true);
    expect(second.body.completed).toBe(true);
    expect(second.body.completed_at).toBe(first.body.completed_at);
    expect(second.body.version).toBe(first.body.version);

    const reopened = await user.api<Task>('PATCH', completePath, { completed: false });
    expect(reopened.body.completed).toBe(false);
  });

  it('rejects other fields', async () => {
    const task = await createTask(user, { title: 'Strict' });
    const response = await send(server.url, 'PATCH', `${taskPath(task.id)}/complete`, {
      headers: { authorization: `Bearer ${user.token}` },
      body: { completed: 'yes', title: 'Sneaky' },
    });
    expectProblem(response, 422, 'invalid');
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toContain('title');
  });

  it('rejects a non-boolean completed', async () => {
    const task = await createTask(user, { title: 'Strict' });
    const response = await send(server.url, 'PATCH', `${taskPath(task.id)}/complete`, {
      headers: { authorization: `Bearer ${user.token}` },
      body: { completed: 'yes' },
    });
    expectProblem(response, 422, 'invalid');
    expect(response.body.errors[0].field).toBe('completed');
  });
});

describe('DELETE /tasks/:id', () => {
  it('deletes, then returns 404', async () => {
    const task = await createTask(user, { title: 'Delete me' });
    const headers = { authorization: `Bearer ${user.token}` };

    const deleted = await send(server.url, 'DELETE', taskPath(task.id), { headers });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    const read = await send(server.url, 'GET', taskPath(task.id), { headers });
    expectProblem(read, 404, 'not_found');

    const again = await send(server.url, 'DELETE', taskPath(task.id), { headers });
    expectProblem(again, 404, 'not_found');

    const listed = await listAll(user);
    expect(listed.map((item) => item.id)).not.toContain(task.id);
  });

  it('rejects edits of a deleted task', async () => {
    const task = await createTask(user, { title: 'Delete first' });
    const headers = { authorization: `Bearer ${user.token}` };
    await send(server.url, 'DELETE', taskPath(task.id), { headers });

    const put = await send(server.url, 'PUT', taskPath(task.id), { headers, body: { title: 'x' } });
    const patch = await send(server.url, 'PATCH', `${taskPath(task.id)}/complete`, { headers });
    expectProblem(put, 404, 'not_found');
    expectProblem(patch, 404, 'not_found');
  });
});

describe('GET /tasks filters and sorts', () => {
  // `now` for these tests is 2026-03-10T10:30Z: 15:30 in Karachi, already 11 March in
  // Kiritimati (UTC+14), still 9 March in Pago Pago (UTC-11).
  const listNow = new Date('2026-03-10T10:30:00.000Z');
  let lister: TestUser;
  let tasks: Task[];
  const byTitle = new Map<string, Task>();

  const fixtures: Record<string, unknown>[] = [
    {
      title: 'Buy milk',
      description: 'Fresh MILK from the corner shop',
      priority: 'high',
      tags: ['Home', 'errands'],
      due_date: '2026-03-09',
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
    },
    {
      title: 'دودھ خریدنا',
      priority: 'medium',
      tags: ['گھر'],
      due_date: '2026-03-10',
      due_time: '15:00',
      time_zone: 'Asia/Karachi',
    },
    {
      title: 'Call the bank',
      priority: 'low',
      tags: ['work'],
      due_date: '2026-03-10',
      due_time: '16:00',
      time_zone: 'Asia/Karachi',
    },
    {
      title: 'Due this minute',
      due_date: '2026-03-10',
      due_time: '15:30',
      time_zone: 'Asia/Karachi',
    },
    { title: 'Water the plants', due_date: '2026-03-10', time_zone: 'Pacific/Kiritimati' },
    { title: 'apple pie', due_date: '2026-03-10', time_zone: 'Pacific/Pago_Pago' },
    { title: 'Apple pie', due_date: '2026-03-10', time_zone: 'UTC', priority: 'low' },
    {
      title: 'Quarterly report',
      tags: ['Work', 'URGENT'],
      priority: 'high',
      due_date: '2026-03-09',
      time_zone: 'UTC',
    },
    { title: 'Pay rent', completed: true, due_date: '2026-03-01', time_zone: 'UTC' },
    { title: 'Read a book', description: 'A novel; دودھ on page 3' },
    { title: 'read a book', priority: 'medium', tags: ['home'] },
    { title: '😀 Party', priority: 'high', tags: ['fun', 'work', 'urgent'] },
    { title: 'Élan', tags: ['WORK'], due_date: '2026-12-31', time_zone: 'Europe/Paris' },
    { title: 'Zebra', description: 'Visit the zoo', due_date: '2026-04-01' },
  ];

  const titles = (list: Task[]) => list.map((task) => task.title);

  async function listTitles(query: string): Promise<string[]> {
    const response = await lister.api<{ tasks: Task[] }>('GET', `/api/${lister.id}/tasks?${query}`);
    expect(response.status, query).toBe(200);
    return titles(response.body.tasks);
  }

  /** The titles a query returns, sorted, for tests about which tasks match rather than order. */
  async function matching(query: string): Promise<string[]> {
    return (await listTitles(query)).sort();
  }

  /** What the domain's applyQuery returns for the same query over the same tasks. */
  function expectedTitles(query: TaskQueryInput): string[] {
    return titles(applyQuery(tasks, TaskQuerySchema.parse(query), listNow));
  }

  beforeAll(async () => {
    now = listNow;
    lister = await signUp(server.url);
    // Pairs of tasks share created_at, so sorting by created also exercises the id tie-break.
    for (const [index, fixture] of fixtures.entries()) {
      now = new Date(listNow.getTime() - 86_400_000 + Math.floor(index / 2) * 1000);
      byTitle.set(String(fixture.title), await createTask(lister, fixture));
    }
    // Later edits give updated_at an order other than created_at.
    for (const [index, title] of ['Élan', 'Water the plants', 'Pay rent'].entries()) {
      now = new Date(listNow.getTime() - 3_600_000 + index * 1000);
      const task = byTitle.get(title) as Task;
      await lister.api('PUT', `/api/${lister.id}/tasks/${task.id}`, { description: 'edited' });
    }
    now = listNow;
    tasks = await listAll(lister);
  });

  it('lists every task by default', () => {
    expect(tasks.length).toBe(fixtures.length);
  });

  it('filters by status', async () => {
    expect(await matching('status=completed')).toEqual(['Pay rent']);
    expect(await matching('status=pending')).not.toContain('Pay rent');
    expect((await listTitles('status=pending')).length).toBe(fixtures.length - 1);
    expect((await listTitles('status=all')).length).toBe(fixtures.length);
  });

  it('filters by repeated priority', async () => {
    const expected = ['Buy milk', 'Call the bank', 'Apple pie', 'Quarterly report', '😀 Party'];
    expect(await matching('priority=high&priority=low')).toEqual(expected.sort());
    expect(await matching('priority=high,low')).toEqual(expected.sort());
  });

  it('filters by tags with AND', async () => {
    expect(await matching('tag=work')).toEqual(
      ['Call the bank', 'Quarterly report', '😀 Party', 'Élan'].sort(),
    );
    expect(await matching('tag=WORK&tag=urgent')).toEqual(['Quarterly report', '😀 Party'].sort());
    expect(await matching('tag=work,Urgent,fun')).toEqual(['😀 Party']);
    expect(await matching('tag=HOME')).toEqual(['Buy milk', 'read a book']);
    expect(await matching(`tag=${encodeURIComponent('گھر')}`)).toEqual(['دودھ خریدنا']);
  });

  it('searches title and description', async () => {
    expect(await matching('q=MILK')).toEqual(['Buy milk']);
    expect(await matching('q=CORNER')).toEqual(['Buy milk']);
    expect(await matching('q=zoo')).toEqual(['Zebra']);
    expect(await matching('q=%C3%A9LAN')).toEqual(['Élan']);
    expect(await matching('q=nothing+like+this')).toEqual([]);
  });

  it('searches Urdu text', async () => {
    expect(await matching(`q=${encodeURIComponent('دودھ خریدنا')}`)).toEqual(['دودھ خریدنا']);
    expect(await matching(`q=${encodeURIComponent('دودھ')}`)).toEqual(
      ['Read a book', 'دودھ خریدنا'].sort(),
    );
  });

  it('filters by due range', async () => {
    const march10 = [
      'دودھ خریدنا',
      'Call the bank',
      'Due this minute',
      'Water the plants',
      'apple pie',
      'Apple pie',
    ];
    expect(await matching('due_from=2026-03-10&due_to=2026-03-10')).toEqual(march10.sort());
    expect(await matching('due_to=2026-03-09')).toEqual(
      ['Buy milk', 'Quarterly report', 'Pay rent'].sort(),
    );
    expect(await matching('due_from=2026-04-01')).toEqual(['Zebra', 'Élan']);
  });

  it('finds overdue tasks in their own zone', async () => {
    expect(await matching('overdue=true')).toEqual(
      ['Buy milk', 'دودھ خریدنا', 'Water the plants', 'Quarterly report'].sort(),
    );
    expect((await matching('overdue=false')).length).toBe(fixtures.length);
  });

  it('matches applyQuery for each filter', async () => {
    const queries: [string, TaskQueryInput][] = [
      ['status=pending', { status: 'pending' }],
      ['priority=medium', { priority: ['medium'] }],
      ['tag=home', { tags: ['home'] }],
      ['q=book', { q: 'book' }],
      ['due_from=2026-03-09&due_to=2026-03-10', { due_from: '2026-03-09', due_to: '2026-03-10' }],
      ['overdue=true', { overdue: true }],
      ['overdue=true&tag=work', { overdue: true, tags: ['work'] }],
      ['status=pending&sort=due&order=desc', { status: 'pending', sort: 'due', order: 'desc' }],
    ];
    for (const [queryString, query] of queries) {
      expect(await listTitles(queryString), queryString).toEqual(expectedTitles(query));
    }
  });

  for (const sort of SORT_FIELDS) {
    for (const order of SORT_ORDERS) {
      it(`sorts by ${sort} ${order} like applyQuery`, async () => {
        const response = await lister.api<{ tasks: Task[] }>(
          'GET',
          `/api/${lister.id}/tasks?sort=${sort}&order=${order}`,
        );
        const expected = applyQuery(tasks, TaskQuerySchema.parse({ sort, order }), listNow);
        expect(response.body.tasks.map((task) => task.id)).toEqual(expected.map((task) => task.id));
      });

      it(`pages by ${sort} ${order} once each`, async () => {
        const expected = applyQuery(tasks, TaskQuerySchema.parse({ sort, order }), listNow);
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < fixtures.length; page++) {
          const query = new URLSearchParams({ sort, order, limit: '3' });
          if (cursor) query.set('cursor', cursor);
          const response = await lister.api<{ tasks: Task[]; next_cursor: string | null }>(
            'GET',
            `/api/${lister.id}/tasks?${query}`,
          );
          expect(response.status).toBe(200);
          expect(response.body.tasks.length).toBeLessThanOrEqual(3);
          seen.push(...response.body.tasks.map((task) => task.id));
          cursor = response.body.next_cursor;
          if (!cursor) break;
        }
        expect(cursor).toBeNull();
        expect(seen).toEqual(expected.map((task) => task.id));
      });
    }
  }

  it('pages a filtered list', async () => {
    const first = await lister.api('GET', `/api/${lister.id}/tasks?status=pending&limit=5`);
    const second = await lister.api(
      'GET',
      `/api/${lister.id}/tasks?status=pending&limit=5&cursor=${first.body.next_cursor}`,
    );
    const third = await lister.api(
      'GET',
      `/api/${lister.id}/tasks?status=pending&limit=5&cursor=${second.body.next_cursor}`,
    );
    const ids = [...first.body.tasks, ...second.body.tasks, ...third.body.tasks].map(
      (task: Task) => task.title,
    );
    expect(ids).toEqual(expectedTitles({ status: 'pending' }));
    expect(third.body.next_cursor).toBeNull();
  });
});

describe('GET /tasks rejects bad parameters', () => {
  const get = (query: string) =>
    send(server.url, 'GET', `${tasksPath()}?${query}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
  const fields = (body: { errors: { field: string }[] }) => body.errors.map((issue) => issue.field);

  it('bad cursor: 422 naming cursor', async () => {
    for (const cursor of ['garbage', Buffer.from('{"value":1}').toString('base64url')]) {
      const response = await get(`cursor=${cursor}&sort=created`);
      expectProblem(response, 422, 'invalid', cursor);
      expect(fields(response.body), cursor).toEqual(['cursor']);
    }
  });

  it('cursor of another sort: 422', async () => {
    await createTask(user, { title: 'One' });
    await createTask(user, { title: 'Two' });
    const first = await user.api('GET', `${tasksPath()}?sort=title&limit=1`);
    const response = await get(`sort=due&cursor=${first.body.next_cursor}`);
    expectProblem(response, 422, 'invalid');
    expect(fields(response.body)).toEqual(['cursor']);
  });

  it('unknown parameter: 422 naming it', async () => {
    const response = await get('status=pending&colour=red');
    expectProblem(response, 422, 'invalid');
    expect(fields(response.body)).toEqual(['colour']);
  });

  it('bad values: 422 naming each', async () => {
    const response = await get('status=done&priority=urgent&sort=size&order=up&limit=0');
    expectProblem(response, 422, 'invalid');
    expect(fields(response.body).sort()).toEqual(['limit', 'order', 'priority', 'sort', 'status']);
  });

  it('too long tag and q: 422 naming each', async () => {
    const response = await get(`tag=ok&tag=${'t'.repeat(41)}&q=${'q'.repeat(201)}`);
    expectProblem(response, 422, 'invalid');
    expect(fields(response.body).sort()).toEqual(['q', 'tag']);
  });

  it('repeated single parameter: 422', async () => {
    const response = await get('status=pending&status=completed');
    expectProblem(response, 422, 'invalid');
    expect(fields(response.body)).toEqual(['status']);
  });

  it('bad due range: 422', async () => {
    const response = await get('due_from=2026-02-30&due_to=2026-13-01');
    expectProblem(response, 422, 'invalid');
    expect(fields(response.body).sort()).toEqual(['due_from', 'due_to']);
  });
});
