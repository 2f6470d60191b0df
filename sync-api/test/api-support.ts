import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import type { Task } from '@fehrist/domain';
import { expect } from 'vitest';
import type { TestUser } from './support';

export interface Route {
  method: string;
  path: string;
}

export interface SentResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON bodies of many shapes.
  body: any;
}

/** Selects the routes under `/api/:user_id`, which need a signed-in owner. */
export function userRoutes(routes: Route[]): Route[] {
  return routes.filter((route) => route.path.startsWith('/api/:user_id/'));
}

/** Replaces `:user_id`, `:id` and `:subscription_id` in a router path. */
export function fillPath(
  path: string,
  userId: string,
  taskId = '',
  subscriptionId: string = randomUUID(),
): string {
  return path
    .replace(':user_id', encodeURIComponent(userId))
    .replace(':subscription_id', subscriptionId)
    .replace(':id', taskId);
}

/** A browser PushSubscription as the PWA sends it; the endpoint is never contacted. */
export function samplePushSubscription() {
  return {
    endpoint: `https://push.example.com/send/${randomUUID()}`,
    expirationTime: null,
    keys: {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  };
}

/** Registers a push subscription for the user and returns its id. */
export async function createPushSubscription(user: TestUser): Promise<string> {
  const response = await user.api<{ id: string }>(
    'POST',
    `/api/${user.id}/push-subscriptions`,
    samplePushSubscription(),
  );
  if (response.status !== 201) {
    throw new Error(
      `push subscription failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.id;
}

/**
 * Sends one request. An event stream is closed as soon as its headers arrive, so a test can
 * check the status of `GET /sync/events` without waiting for the stream to end.
 */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<SentResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = JSON.stringify(options.body);
  }

  const abort = new AbortController();
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: payload,
    signal: abort.signal,
  });
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    abort.abort();
    return { status: response.status, headers: response.headers, text: '', body: undefined };
  }

  const text = await response.text();
  const body = text && type.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, text, body };
}

/** Builds a valid body for the route, so only the credentials decide the outcome. */
export function sampleBody(route: Route, taskId: string, label: string): unknown {
  if (route.path.endsWith('/sync/push')) {
    return {
      clientGroupID: randomUUID(),
      mutations: [
        {
          clientID: randomUUID(),
          id: 1,
          name: 'updateTask',
          args: { id: taskId, title: `changed by ${label}` },
          timestamp: 1,
        },
      ],
    };
  }
  if (route.path.endsWith('/sync/pull')) return { clientGroupID: randomUUID(), cookie: null };
  if (route.path.endsWith('/push-subscriptions') && route.method === 'POST') {
    return samplePushSubscription();
  }
  if (route.method === 'POST') return { title: `created by ${label}` };
  if (route.method === 'PUT') return { title: `changed by ${label}` };
  if (route.method === 'PATCH') return { completed: true };
  return undefined;
}

/** Checks that a response is an RFC 9457 problem document with this status and code. */
export function expectProblem(
  response: SentResponse,
  status: number,
  code: string,
  operation = '',
) {
  expect(response.status, operation).toBe(status);
  expect(response.headers.get('content-type'), operation).toMatch(/^application\/problem\+json/);
  expect(response.body.status, operation).toBe(status);
  expect(response.body.code, operation).toBe(code);
  expect(typeof response.body.detail, operation).toBe('string');
  expect(response.body.detail.length, operation).toBeGreaterThan(0);
}

/** Creates a task through REST and returns it, failing the test unless it was created. */
export async function createTask(user: TestUser, fields: Record<string, unknown>): Promise<Task> {
  const response = await user.api<Task>('POST', `/api/${user.id}/tasks`, fields);
  if (response.status !== 201) {
    throw new Error(
      `creating a task failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/** Reads every live task of the user in creation order. */
export async function listAll(user: TestUser, query = ''): Promise<Task[]> {
  const separator = query ? '&' : '';
  const response = await user.api<{ tasks: Task[] }>(
    'GET',
    `/api/${user.id}/tasks?limit=500${separator}${query}`,
  );
  if (response.status !== 200) {
    throw new Error(
      `listing tasks failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.tasks;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
