import { randomUUID } from 'node:crypto';
import { type BusEvent, type Task, TOPICS } from '@fehrist/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiResponse } from '../../sync-api/test/support';
import type { HistoryPage } from '../src/history/query';
import {
  type AgentStack,
  AppDevice,
  auditGet,
  callTool,
  fullHistory,
  type Stack,
  signUp,
  startAgent,
  startStack,
  type TestUser,
  waitForHistory,
} from './support';

let stack: Stack;
let agent: AgentStack;

beforeAll(async () => {
  stack = await startStack(inject('databaseUrl'));
  agent = await startAgent(stack.api.url, stack.databaseUrl);
});

afterAll(async () => {
  await agent?.close();
  await stack?.close();
});

async function createByRest(user: TestUser, title: string): Promise<Task> {
  const response = await user.api<Task>('POST', `/api/${user.id}/tasks`, { title });
  expect(response.status).toBe(201);
  return response.body;
}

describe('task history', () => {
  it('lists changes from the app, REST, chat and a reminder in order', async () => {
    const user = await signUp(stack.api.url);
    const device = new AppDevice(stack.api.url, user);
    const taskId = randomUUID();
    await device.push('createTask', { id: taskId, title: 'Pay rent' });
    const rest = await user.api('PUT', `/api/${user.id}/tasks/${taskId}`, { priority: 'high' });
    expect(rest.status).toBe(200);
    const mcp = await agent.connect(user);
    const chat = await callTool(mcp, 'update_task', { id: taskId, title: 'Pay the rent' });
    await mcp.close();
    expect(chat.isError).toBe(false);
    await device.push('completeTask', { id: taskId, completed: true }, 'reminder');
    await device.push('completeTask', { id: taskId, completed: false });

    const history = await waitForHistory(stack.auditUrl, user, taskId, 5);

    expect(history.map((entry) => [entry.type, entry.source])).toEqual([
      ['created', 'app'],
      ['updated', 'rest'],
      ['updated', 'chat'],
      ['completed', 'reminder'],
      ['updated', 'app'],
    ]);
    expect(history[0]?.changes).toContainEqual({ field: 'title', old: null, new: 'Pay rent' });
    expect(history[1]?.changes).toEqual([{ field: 'priority', old: 'none', new: 'high' }]);
    expect(history[2]?.changes).toEqual([{ field: 'title', old: 'Pay rent', new: 'Pay the rent' }]);
    expect(history[3]?.changes).toContainEqual({ field: 'completed', old: false, new: true });
    expect(history[4]?.changes).toContainEqual({ field: 'completed', old: true, new: false });
    expect(history.map((entry) => entry.title)).toEqual([
      'Pay rent',
      'Pay rent',
      'Pay the rent',
      'Pay the rent',
      'Pay the rent',
    ]);
    const versions = history.map((entry) => entry.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('records a deleted task and keeps its history readable', async () => {
    const user = await signUp(stack.api.url);
    const task = await createByRest(user, 'Old errand');
    expect((await user.api('DELETE', `/api/${user.id}/tasks/${task.id}`)).status).toBe(204);

    const history = await waitForHistory(stack.auditUrl, user, task.id, 2);

    expect(history.map((entry) => entry.type)).toEqual(['created', 'deleted']);
    expect(history[1]?.changes).toEqual([{ field: 'deleted', old: false, new: true }]);
  });

  it('stores a redelivered event once', async () => {
    const delivered: BusEvent[] = [];
    await stack.bus.subscribe(TOPICS.taskEvents, 'test-redelivery', async (event) => {
      delivered.push(event);
    });
    const user = await signUp(stack.api.url);
    const task = await createByRest(user, 'Water the plants');
    await user.api('PUT', `/api/${user.id}/tasks/${task.id}`, { priority: 'low' });
    const before = await waitForHistory(stack.auditUrl, user, task.id, 2);

    const ofTask = delivered.filter((event) => event.key === task.id);
    await stack.bus.publish([...ofTask].reverse());
    await stack.bus.publish(ofTask);

    expect(ofTask).toHaveLength(2);
    expect(await fullHistory(stack.auditUrl, user, task.id)).toEqual(before);
  });

  it('tells sources apart with X-Fehrist-Source', async () => {
    const user = await signUp(stack.api.url);
    const task = await createByRest(user, 'Book a table');
    const response = await fetch(`${stack.api.url}/api/${user.id}/tasks/${task.id}/complete`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${user.token}`, 'x-fehrist-source': 'chat' },
    });
    expect(response.status).toBe(200);
    const rejected = await fetch(`${stack.api.url}/api/${user.id}/tasks/${task.id}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${user.token}`,
        'content-type': 'application/json',
        'x-fehrist-source': 'reminder',
      },
      body: JSON.stringify({ title: 'Book a table for two' }),
    });

    const history = await waitForHistory(stack.auditUrl, user, task.id, 2);

    expect(rejected.status).toBe(400);
    expect(history.map((entry) => entry.source)).toEqual(['rest', 'chat']);
  });
});

describe('activity', () => {
  it('lists a user’s changes newest first with filters', async () => {
    const user = await signUp(stack.api.url);
    const first = await createByRest(user, 'Call the bank');
    const second = await createByRest(user, 'Buy stamps');
    const done = await user.api('PATCH', `/api/${user.id}/tasks/${second.id}/complete`, {});
    expect(done.status).toBe(200);
    await waitForHistory(stack.auditUrl, user, second.id, 2);
    await waitForHistory(stack.auditUrl, user, first.id, 1);

    const all = await auditGet(stack.auditUrl, user, `/api/${user.id}/activity`);
    const completed = await auditGet(
      stack.auditUrl,
      user,
      `/api/${user.id}/activity?type=completed`,
    );
    const ofFirst = await auditGet(
      stack.auditUrl,
      user,
      `/api/${user.id}/activity?task_id=${first.id}`,
    );
    const createdOrCompleted = await auditGet(
      stack.auditUrl,
      user,
      `/api/${user.id}/activity?type=created&type=completed`,
    );

    expect(all.status).toBe(200);
    expect(all.body.events.map((entry) => [entry.task_id, entry.type])).toEqual([
      [second.id, 'completed'],
      [second.id, 'created'],
      [first.id, 'created'],
    ]);
    expect(completed.body.events.map((entry) => entry.task_id)).toEqual([second.id]);
    expect(ofFirst.body.events.map((entry) => entry.type)).toEqual(['created']);
    expect(createdOrCompleted.body.events).toHaveLength(3);
  });

  it('filters by a time range', async () => {
    const user = await signUp(stack.api.url);
    const task = await createByRest(user, 'Renew the passport');
    const [entry] = await waitForHistory(stack.auditUrl, user, task.id, 1);
    const at = new Date(entry?.occurred_at as string);
    const before = new Date(at.getTime() - 60_000).toISOString();
    const after = new Date(at.getTime() + 60_000).toISOString();
    const path = `/api/${user.id}/activity`;

    const inside = await auditGet(stack.auditUrl, user, `${path}?from=${before}&to=${after}`);
    const later = await auditGet(stack.auditUrl, user, `${path}?from=${after}`);
    const earlier = await auditGet(stack.auditUrl, user, `${path}?to=${before}`);
    const atStart = await auditGet(stack.auditUrl, user, `${path}?from=${at.toISOString()}`);
    const atEnd = await auditGet(stack.auditUrl, user, `${path}?to=${at.toISOString()}`);

    expect(inside.body.events).toHaveLength(1);
    expect(later.body.events).toHaveLength(0);
    expect(earlier.body.events).toHaveLength(0);
    expect(atStart.body.events).toHaveLength(1);
    expect(atEnd.body.events).toHaveLength(0);
  });

  it('rejects invalid parameters with 422', async () => {
    const user = await signUp(stack.api.url);
    const path = `/api/${user.id}/activity`;

    const response = await auditGet<{ code: string; errors: { field: string }[] }>(
      stack.auditUrl,
      user,
      `${path}?type=archived&task_id=nope&from=yesterday&limit=0&cursor=xyz&colour=red`,
    );

    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('invalid');
    expect(response.body.errors.map((issue) => issue.field).sort()).toEqual([
      'colour',
      'cursor',
      'from',
      'limit',
      'task_id',
      'type',
    ]);
  });

  it.each([
    ['an empty type', '?type=', 'type', 'an empty value'],
    ['an empty item in a list', '?source=app,', 'source', 'an empty value'],
    ['an unknown type', '?type=archived', 'type', '"archived"'],
  ])('rejects %s, naming the value', async (_name, query, field, named) => {
    const user = await signUp(stack.api.url);

    const response = await auditGet<{ errors: { field: string; message: string }[] }>(
      stack.auditUrl,
      user,
      `/api/${user.id}/activity${query}`,
    );

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field, message: expect.stringContaining(named) }]);
  });
});

describe('ownership', () => {
  let owner: TestUser;
  let other: TestUser;
  let taskId: string;

  beforeAll(async () => {
    owner = await signUp(stack.api.url);
    other = await signUp(stack.api.url);
    taskId = (await createByRest(owner, 'Private plans')).id;
    await waitForHistory(stack.auditUrl, owner, taskId, 1);
  });

  it.each([
    ['activity', () => `/api/${owner.id}/activity`],
    ['history', () => `/api/${owner.id}/tasks/${taskId}/history`],
  ])('%s answers 401 without a token', async (_route, path) => {
    const response = await auditGet(stack.auditUrl, undefined, path());

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it.each([
    ['activity', () => `/api/${owner.id}/activity`],
    ['history', () => `/api/${owner.id}/tasks/${taskId}/history`],
  ])('%s answers 401 for a cookie without a token', async (_route, path) => {
    const response = await fetch(`${stack.auditUrl}${path()}`, {
      headers: { cookie: owner.cookie },
    });

    expect(response.status).toBe(401);
  });

  it('rejects a token that is not from sync-api', async () => {
    const response = await fetch(`${stack.auditUrl}/api/${owner.id}/activity`, {
      headers: { authorization: 'Bearer not.a.token' },
    });

    expect(response.status).toBe(401);
  });

  it.each([
    ['activity', () => `/api/${owner.id}/activity`],
    ['history', () => `/api/${owner.id}/tasks/${taskId}/history`],
  ])('%s answers 403 on another user’s path', async (_route, path) => {
    const response = await auditGet(stack.auditUrl, other, path());

    expect(response.status).toBe(403);
  });

  it('answers 404 for another user’s task on one’s own path', async () => {
    const response = await auditGet(
      stack.auditUrl,
      other,
      `/api/${other.id}/tasks/${taskId}/history`,
    );

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 404 for an unknown or malformed task id', async () => {
    const unknown = await auditGet(
      stack.auditUrl,
      owner,
      `/api/${owner.id}/tasks/${randomUUID()}/history`,
    );
    const malformed = await auditGet(stack.auditUrl, owner, `/api/${owner.id}/tasks/nope/history`);

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it('shows no other user’s events in activity', async () => {
    const response = await auditGet(
      stack.auditUrl,
      other,
      `/api/${other.id}/activity?task_id=${taskId}`,
    );

    expect(response.status).toBe(200);
    expect(response.body.events).toEqual([]);
  });
});

describe('paging', () => {
  let user: TestUser;
  let task: Task;
  const EDITS = 7;

  beforeAll(async () => {
    user = await signUp(stack.api.url);
    task = await createByRest(user, 'Edit 0');
    for (let edit = 1; edit < EDITS; edit++) {
      const response = await user.api('PUT', `/api/${user.id}/tasks/${task.id}`, {
        title: `Edit ${edit}`,
      });
      expect(response.status).toBe(200);
    }
    await waitForHistory(stack.auditUrl, user, task.id, EDITS);
  });

  async function readPages(firstPath: string): Promise<HistoryPage[]> {
    const pages: HistoryPage[] = [];
    let path: string | undefined = firstPath;
    while (path) {
      const response: ApiResponse<HistoryPage> = await auditGet(stack.auditUrl, user, path);
      expect(response.status).toBe(200);
      pages.push(response.body);
      const cursor: string | null = response.body.next_cursor;
      path = cursor ? `${firstPath}&cursor=${cursor}` : undefined;
    }
    return pages;
  }

  it('pages a task’s history oldest first', async () => {
    const pages = await readPages(`/api/${user.id}/tasks/${task.id}/history?limit=3`);

    expect(pages.map((page) => page.events.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.events.map((entry) => entry.title))).toEqual(
      Array.from({ length: EDITS }, (_, edit) => `Edit ${edit}`),
    );
    expect(pages.at(-1)?.next_cursor).toBeNull();
  });

  it('pages activity newest first', async () => {
    const pages = await readPages(`/api/${user.id}/activity?limit=3`);

    expect(pages.map((page) => page.events.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.events.map((entry) => entry.title))).toEqual(
      Array.from({ length: EDITS }, (_, edit) => `Edit ${EDITS - 1 - edit}`),
    );
  });

  it('ends with a null cursor when the last page is full', async () => {
    const pages = await readPages(`/api/${user.id}/activity?limit=${EDITS}`);

    expect(pages).toHaveLength(1);
    expect(pages[0]?.next_cursor).toBeNull();
  });

  it('rejects a limit above the maximum and an invalid cursor', async () => {
    const path = `/api/${user.id}/tasks/${task.id}/history`;

    const tooMany = await auditGet(stack.auditUrl, user, `${path}?limit=201`);
    const badCursor = await auditGet(stack.auditUrl, user, `${path}?cursor=bm90LWEtY3Vyc29y`);

    expect(tooMany.status).toBe(422);
    expect(badCursor.status).toBe(422);
  });
});
