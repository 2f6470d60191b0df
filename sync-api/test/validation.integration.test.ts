import type { Task } from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTask, expectProblem, listAll, send } from './api-support';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';

let server: TestServer;
let user: TestUser;
let existing: Task;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
  user = await signUp(server.url);
  existing = await createTask(user, {
    title: 'Existing task',
    due_date: '2026-06-01',
    due_time: '09:00',
    time_zone: 'Asia/Karachi',
  });
});

afterAll(async () => {
  await server?.close();
});

const auth = () => ({ authorization: `Bearer ${user.token}` });
const fieldsOf = (response: { body: { errors?: { field: string }[] } }) =>
  (response.body.errors ?? []).map((issue) => issue.field).sort();

/** Bodies that must be rejected, with the fields the response must name. */
const invalidBodies: [string, Record<string, unknown>, string[]][] = [
  ['title of 201 characters', { title: 'a'.repeat(201) }, ['title']],
  ['blank title', { title: '   ' }, ['title']],
  [
    'description of 1001 characters',
    { title: 'ok', description: 'd'.repeat(1001) },
    ['description'],
  ],
  ['unknown priority', { title: 'ok', priority: 'urgent' }, ['priority']],
  ['due date 2026-02-30', { title: 'ok', due_date: '2026-02-30' }, ['due_date']],
  ['due date without padding', { title: 'ok', due_date: '2026-3-1' }, ['due_date']],
  ['due time 24:00', { title: 'ok', due_date: '2026-03-01', due_time: '24:00' }, ['due_time']],
  ['due time without due date', { title: 'ok', due_time: '09:00' }, ['due_time']],
  ['unknown time zone', { title: 'ok', time_zone: 'Mars/Olympus_Mons' }, ['time_zone']],
  ['offset as time zone', { title: 'ok', time_zone: '+05:00' }, ['time_zone']],
  ['abbreviation as time zone', { title: 'ok', time_zone: 'PKT' }, ['time_zone']],
  ['31 tags', { title: 'ok', tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, ['tags']],
  ['tag of 41 characters', { title: 'ok', tags: ['t'.repeat(41)] }, ['tags.0']],
  ['unknown field', { title: 'ok', colour: 'red' }, ['colour']],
  ['read-only field', { title: 'ok', version: 7 }, ['version']],
  ['title as number', { title: 5 }, ['title']],
  ['title as null', { title: null }, ['title']],
  ['completed as text', { title: 'ok', completed: 'yes' }, ['completed']],
  ['tags as text', { title: 'ok', tags: 'home' }, ['tags']],
  ['due date as number', { title: 'ok', due_date: 20260301 }, ['due_date']],
  ['missing title', { description: 'no title' }, ['title']],
  [
    'several bad fields',
    { title: '', priority: 'urgent', due_date: '2026-02-30', colour: 'red' },
    ['colour', 'due_date', 'priority', 'title'],
  ],
  ['id as number', { id: 42, title: 5, priority: 'urgent' }, ['id', 'priority', 'title']],
  ['id not a uuid', { id: 'task-1', title: 'ok' }, ['id']],
];

describe('POST /tasks rejects invalid input', () => {
  for (const [name, body, fields] of invalidBodies) {
    it(`${name}: 422, nothing stored`, async () => {
      const before = await listAll(user);
      const response = await send(server.url, 'POST', `/api/${user.id}/tasks`, {
        headers: auth(),
        body,
      });
      expectProblem(response, 422, 'invalid');
      expect(fieldsOf(response)).toEqual(fields);
      expect(await listAll(user)).toEqual(before);
    });
  }

  it('accepts the limits exactly', async () => {
    const task = await createTask(user, {
      title: 'ب'.repeat(200),
      description: 'd'.repeat(1000),
      tags: Array.from({ length: 30 }, (_, i) => `${i}${'t'.repeat(38)}`),
    });
    expect(task.title.length).toBe(200);
    expect(task.description.length).toBe(1000);
    expect(task.tags.length).toBe(30);
  });
});

describe('PUT /tasks/:id rejects invalid input', () => {
  const invalidPatches: [string, Record<string, unknown>, string[]][] = [
    ['title of 201 characters', { title: 'a'.repeat(201) }, ['title']],
    ['description of 1001 characters', { description: 'd'.repeat(1001) }, ['description']],
    ['unknown priority', { priority: 'urgent' }, ['priority']],
    ['due date 2026-02-30', { due_date: '2026-02-30' }, ['due_date']],
    ['bad time zone', { time_zone: 'Asia/Lahore' }, ['time_zone']],
    ['unknown field', { colour: 'red' }, ['colour']],
    ['completed as text', { completed: 'no' }, ['completed']],
    ['several bad fields', { title: 7, priority: 'urgent' }, ['priority', 'title']],
  ];

  for (const [name, body, fields] of invalidPatches) {
    it(`${name}: 422, task unchanged`, async () => {
      const response = await send(server.url, 'PUT', `/api/${user.id}/tasks/${existing.id}`, {
        headers: auth(),
        body,
      });
      expectProblem(response, 422, 'invalid');
      expect(fieldsOf(response)).toEqual(fields);
      const stored = await user.api<Task>('GET', `/api/${user.id}/tasks/${existing.id}`);
      expect(stored.body).toEqual(existing);
    });
  }
});

describe('PUT /tasks/:id due time', () => {
  it('on an undated task: 422, task unchanged', async () => {
    const undated = await createTask(user, { title: 'No date yet' });
    const response = await send(server.url, 'PUT', `/api/${user.id}/tasks/${undated.id}`, {
      headers: auth(),
      body: { due_time: '10:00' },
    });
    expectProblem(response, 422, 'invalid');
    expect(fieldsOf(response)).toEqual(['due_time']);
    const stored = await user.api<Task>('GET', `/api/${user.id}/tasks/${undated.id}`);
    expect(stored.body).toEqual(undated);
  });
});

describe('request bodies', () => {
  it('malformed JSON: 400', async () => {
    const before = await listAll(user);
    const response = await send(server.url, 'POST', `/api/${user.id}/tasks`, {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: '{"title": "unfinished',
    });
    expectProblem(response, 400, 'bad_request');
    expect(await listAll(user)).toEqual(before);
  });

  it('JSON array body: 400', async () => {
    const response = await send(server.url, 'POST', `/api/${user.id}/tasks`, {
      headers: auth(),
      body: [{ title: 'in a list' }],
    });
    expectProblem(response, 400, 'bad_request');
  });

  it('plain text body: 415', async () => {
    const before = await listAll(user);
    const response = await send(server.url, 'POST', `/api/${user.id}/tasks`, {
      headers: { ...auth(), 'content-type': 'text/plain' },
      rawBody: '{"title":"as text"}',
    });
    expectProblem(response, 415, 'unsupported_media_type');
    expect(await listAll(user)).toEqual(before);
  });

  it('form body: 415', async () => {
    const response = await send(server.url, 'PUT', `/api/${user.id}/tasks/${existing.id}`, {
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: 'title=as+form',
    });
    expectProblem(response, 415, 'unsupported_media_type');
    const stored = await user.api<Task>('GET', `/api/${user.id}/tasks/${existing.id}`);
    expect(stored.body).toEqual(existing);
  });

  it('body without content type: 415', async () => {
    const response = await send(
      server.url,
      'PATCH',
      `/api/${user.id}/tasks/${existing.id}/complete`,
      {
        headers: auth(),
        rawBody: '{"completed":true}',
      },
    );
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('JSON with charset: accepted', async () => {
    const response = await send(server.url, 'POST', `/api/${user.id}/tasks`, {
      headers: { ...auth(), 'content-type': 'application/json; charset=utf-8' },
      rawBody: JSON.stringify({ title: 'With charset' }),
    });
    expect(response.status).toBe(201);
  });
});

describe('search text is literal', () => {
  let searcher: TestUser;

  beforeAll(async () => {
    searcher = await signUp(server.url);
    for (const title of [
      "Check %' OR 1=1 -- in the logs",
      'Plain task',
      'Another plain task',
      '100% done',
      'snake_case name',
      'back\\slash',
    ]) {
      await createTask(searcher, { title });
    }
  });

  async function search(q: string): Promise<string[]> {
    const response = await searcher.api<{ tasks: Task[] }>(
      'GET',
      `/api/${searcher.id}/tasks?q=${encodeURIComponent(q)}`,
    );
    expect(response.status, q).toBe(200);
    return response.body.tasks.map((task) => task.title);
  }

  it('SQL text matches only itself', async () => {
    expect(await search("%' OR 1=1 --")).toEqual(["Check %' OR 1=1 -- in the logs"]);
  });

  it('percent matches only a percent', async () => {
    expect((await search('%')).sort()).toEqual(['100% done', "Check %' OR 1=1 -- in the logs"]);
  });

  it('underscore matches only an underscore', async () => {
    expect(await search('_')).toEqual(['snake_case name']);
  });

  it('backslash matches only a backslash', async () => {
    expect(await search('\\')).toEqual(['back\\slash']);
  });

  it('quote matches only a quote', async () => {
    expect(await search("'")).toEqual(["Check %' OR 1=1 -- in the logs"]);
  });
});

describe('markup in titles', () => {
  it('stores HTML byte for byte', async () => {
    const title = '<img src=x onerror=alert(1)>';
    const description = '<script>alert("x")</script> & "quotes"';
    const created = await user.api<Task>('POST', `/api/${user.id}/tasks`, { title, description });
    expect(created.status).toBe(201);
    expect(created.body.title).toBe(title);
    expect(created.body.description).toBe(description);

    const read = await send(server.url, 'GET', `/api/${user.id}/tasks/${created.body.id}`, {
      headers: auth(),
    });
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(read.body.title).toBe(title);
    expect(read.text).toContain(JSON.stringify(title));
  });
});
