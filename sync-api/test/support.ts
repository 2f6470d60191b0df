import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, type ServerOptions, startServer } from '../src/server';

export interface TestServer extends RunningServer {
  dataDir: string;
}

/** Starts the sync API on a free 127.0.0.1 port against the given database. */
export async function startTestServer(
  databaseUrl: string | undefined,
  options: ServerOptions = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-test-'));
  const server = await startServer({
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    authSecret: 'test-secret-that-is-long-enough-for-better-auth',
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
    env: {},
    ...options,
  });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestUser {
  id: string;
  email: string;
  cookie: string;
  token: string;
  /** Calls the API with this user's bearer token. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON bodies of many shapes.
  api<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/** Sends one request with a bearer token, a cookie, or no credentials. */
// biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON bodies of many shapes.
export async function request<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string;
    cookie?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  if (text && (response.headers.get('content-type') ?? '').includes('json'))
    body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T };
}

/** Signs a new user up and returns their session cookie and a JWT. */
export async function signUp(baseUrl: string, name = 'Test User'): Promise<TestUser> {
  const email = `user-${randomUUID()}@example.com`;
  const response = await fetch(new URL('/api/auth/sign-up/email', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: 'correct horse battery', name }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-up failed with ${response.status}: ${await response.text()}`);
  }
  const { user } = (await response.json()) as { user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');

  const tokenResponse = await fetch(new URL('/api/auth/token', baseUrl), { headers: { cookie } });
  const { token } = (await tokenResponse.json()) as { token: string };

  return {
    id: user.id,
    email,
    cookie,
    token,
    api: (method, path, body) => request(baseUrl, method, path, { body, token }),
  };
}
