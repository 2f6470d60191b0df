import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  BusEvent,
  BusEventHandler,
  EventSubscriber,
  InProcessEventBus,
  Task,
  Topic,
} from '@fehrist/domain';
import pg from 'pg';
import webpush from 'web-push';
import { type RunningServer, startServer } from '../../sync-api/src/server';
import { addLogListener, type LogRecord } from '../src/logger';
import { type NotifierOptions, type RunningNotifier, startNotifier } from '../src/notifier';
import type { ReminderPayload } from '../src/push/payload';
import type { VapidDetails } from '../src/vapid';

const require = createRequire(import.meta.url);

/** Generates the VAPID key pair that every test of a file shares, as one deployment does. */
export function testVapid(): VapidDetails {
  const keys = webpush.generateVAPIDKeys();
  return { subject: 'mailto:tests@example.com', ...keys };
}

export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  clientHash: string;
}

export interface PushService {
  url: string;
  /** Makes a browser-like subscription for the application server key. */
  subscribe(applicationServerKey: string): Promise<TestSubscription>;
  /** The decrypted messages the subscription received, oldest first. */
  messages(subscription: TestSubscription): Promise<ReminderPayload[]>;
  /** Makes the push service respond 410 Gone to this subscription from now on. */
  expire(subscription: TestSubscription): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts web-push-testing 1.2.2 on 127.0.0.1. Its package `main` is broken and its CLI listens
 * on every interface, so the server class is loaded directly and bound here.
 */
export async function startPushService(): Promise<PushService> {
  const WebPushTestingServer = require('web-push-testing/src/server.js');
  const { PushApiModel } = require('web-push-testing/src/PushApiModel.js');
  const model = new PushApiModel();
  const testing = new WebPushTestingServer(model, 0);
  testing.setRequestHandlers();
  const server: Server = await new Promise((resolve) => {
    const listening = testing._app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  model.notifyUrl = `${url}/notify/`;

  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`web-push-testing ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  return {
    url,
    async subscribe(applicationServerKey) {
      // Without a key web-push-testing accepts pushes without checking their VAPID signature.
      if (!applicationServerKey) throw new Error('subscribe needs the VAPID public key');
      // web-push-testing wants userVisibleOnly as the string "true".
      const { data } = await call('/subscribe', { applicationServerKey, userVisibleOnly: 'true' });
      return data as TestSubscription;
    },
    async messages(subscription) {
      const { data } = await call('/get-notifications', { clientHash: subscription.clientHash });
      return (data.messages as string[]).map((text) => JSON.parse(text) as ReminderPayload);
    },
    async expire(subscription) {
      await fetch(`${url}/expire-subscription/${subscription.clientHash}`, { method: 'POST' });
    },
    close: () => closeServer(server),
  };
}

export interface TestUser {
  id: string;
  token: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON bodies of several shapes.
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export interface TestSyncApi extends RunningServer {
  signUp(): Promise<TestUser>;
}

/** Starts sync-api against the test database, publishing on `eventBus`. */
export async function startSyncApi(
  databaseUrl: string,
  options: { eventBus?: InProcessEventBus; vapid: VapidDetails; env?: NodeJS.ProcessEnv },
): Promise<TestSyncApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-notifier-test-'));
  const server = await startServer({
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    authSecret: 'test-secret-that-is-long-enough-for-better-auth',
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
    eventBus: options.eventBus,
    vapidPublicKey: options.vapid.publicKey,
    outbox: { pollIntervalMs: 100, retryInitialMs: 50, retryMaxMs: 500 },
    env: { PUSH_ALLOW_INSECURE_ENDPOINTS: 'true', ...options.env },
  });
  return {
    ...server,
    signUp: () => signUp(server.url),
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signUp(baseUrl: string): Promise<TestUser> {
  const email = `notifier-${randomUUID()}@example.com`;
  const response = await fetch(new URL('/api/auth/sign-up/email', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: 'correct horse battery', name: 'Notifier Test' }),
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
    token,
    async api(method, path, body) {
      const result = await fetch(new URL(path, baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await result.text();
      return { status: result.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** Stores a push subscription for the user through sync-api's REST route. */
export async function registerSubscription(
  user: TestUser,
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  language?: string,
): Promise<string> {
  const response = await user.api<{ id: string }>('POST', `/api/${user.id}/push-subscriptions`, {
    endpoint: subscription.endpoint,
    keys: subscription.keys,
    ...(language ? { language } : {}),
  });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(
      `storing the subscription failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.id;
}

export async function createTask(user: TestUser, fields: Record<string, unknown>): Promise<Task> {
  const response = await user.api<Task>('POST', `/api/${user.id}/tasks`, {
    id: randomUUID(),
    ...fields,
  });
  if (response.status !== 201) {
    throw new Error(
      `creating a task failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

export async function updateTask(
  user: TestUser,
  id: string,
  fields: Record<string, unknown>,
): Promise<Task> {
  const response = await user.api<Task>('PUT', `/api/${user.id}/tasks/${id}`, fields);
  if (response.status !== 200) {
    throw new Error(
      `updating a task failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/** A clock the test moves; it runs at the real rate from wherever it was set. */
export class TestClock {
  private offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);

  set(at: Date | string | number): void {
    this.offsetMs = new Date(at).getTime() - Date.now();
  }
}

/** Starts a notifier on the test database with test timings; close it in afterEach. */
export function startTestNotifier(
  databaseUrl: string,
  vapid: VapidDetails,
  options: Partial<NotifierOptions> = {},
): Promise<RunningNotifier> {
  return startNotifier({
    databaseUrl,
    vapid,
    env: {},
    pollIntervalMs: 100,
    allowInsecureEndpoints: true,
    retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 2_000 },
    ...options,
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Collects the notifier's log lines while a test runs. */
export function captureLogs(): { records: LogRecord[]; stop(): void } {
  const records: LogRecord[] = [];
  const stop = addLogListener((record) => records.push(record));
  return { records, stop };
}

/** Opens a connection pool on the test database, for checks and set-up that no API offers. */
export function testPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 3 });
}

export interface ScriptedPushService {
  url: string;
  /** Each request's path, time in epoch milliseconds and headers. */
  requests: { path: string; at: number; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}

/**
 * Starts a push endpoint on 127.0.0.1 that responds from a script: each request gets the next
 * status (the last one repeats), optionally with a Retry-After header.
 */
export async function startScriptedPushService(
  script: { status: number; retryAfter?: string }[],
): Promise<ScriptedPushService> {
  const requests: ScriptedPushService['requests'] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const step = script[Math.min(requests.length, script.length - 1)] ?? { status: 201 };
      requests.push({ path: request.url ?? '/', at: Date.now(), headers: request.headers });
      const headers: Record<string, string> = {};
      if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
      response.writeHead(step.status, headers);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => closeServer(server),
  };
}

/** Keys shaped like a browser's subscription keys, for endpoints that never decrypt. */
export function fakeSubscriptionKeys(): { p256dh: string; auth: string } {
  const { publicKey } = webpush.generateVAPIDKeys();
  return {
    p256dh: publicKey,
    auth: Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url'),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Subscribes to the bus once per topic and group and forwards to the handler registered
 * last. InProcessEventBus has no unsubscribe, so a notifier that a test stopped would keep
 * its turn in the group. With this, a restarted notifier takes the place of the stopped one.
 * While none runs, delivery fails and the event stays in the outbox, as with a real broker.
 */
export class ForwardingSubscriber implements EventSubscriber {
  private readonly current = new Map<string, BusEventHandler>();

  constructor(private readonly bus: InProcessEventBus) {}

  async subscribe(topic: Topic, group: string, handler: BusEventHandler): Promise<void> {
    const key = `${topic}/${group}`;
    if (!this.current.has(key)) {
      await this.bus.subscribe(topic, group, async (event: BusEvent) => {
        const forward = this.current.get(key);
        if (!forward) throw new Error(`no ${group} consumer is running`);
        await forward(event);
      });
    }
    this.current.set(key, handler);
  }

  async close(): Promise<void> {}
}

/** Records every event published on a topic, so a test can publish them again. */
export async function recordEvents(bus: InProcessEventBus, topic: Topic): Promise<BusEvent[]> {
  const events: BusEvent[] = [];
  await bus.subscribe(topic, `test-recorder-${topic}`, async (event) => {
    events.push(event);
  });
  return events;
}
