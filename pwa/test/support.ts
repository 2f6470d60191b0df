// Helpers for the end-to-end tests: build the PWA, serve it with the real sync API on
// 127.0.0.1, and drive Debian's Chromium through playwright-core.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

export const pwaRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Chromium flags for tests: no sandbox (root in CI), and nothing that reaches out to Google's
 * services, so the browser only talks to the server under test.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
  '--metrics-recording-only',
];

/**
 * Builds the PWA into `outDir`; `buildId` makes two builds of the same source differ.
 * `chatKitDomainKey` sets FEHRIST_CHATKIT_DOMAIN_KEY, which makes the chat panel try ChatKit.
 */
export async function buildPwa(
  outDir: string,
  buildId: string,
  options: { chatKitDomainKey?: string } = {},
): Promise<void> {
  const previous = {
    buildId: process.env.FEHRIST_BUILD_ID,
    nodeEnv: process.env.NODE_ENV,
    chatKitDomainKey: process.env.FEHRIST_CHATKIT_DOMAIN_KEY,
  };
  process.env.FEHRIST_BUILD_ID = buildId;
  if (options.chatKitDomainKey) process.env.FEHRIST_CHATKIT_DOMAIN_KEY = options.chatKitDomainKey;
  else delete process.env.FEHRIST_CHATKIT_DOMAIN_KEY;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build and set
  // import.meta.env.DEV, which skips the service worker.
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(pwaRoot, 'vite.config.ts'),
      root: pwaRoot,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    restoreEnv('FEHRIST_BUILD_ID', previous.buildId);
    restoreEnv('NODE_ENV', previous.nodeEnv);
    restoreEnv('FEHRIST_CHATKIT_DOMAIN_KEY', previous.chatKitDomainKey);
  }
}

interface StartServerOptions {
  databaseUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  staticDir: string;
  authSecret: string;
  signUpRateLimit: { max: number; windowSeconds: number };
  signInRateLimit: { max: number; windowSeconds: number };
  env: Record<string, string>;
  eventBus?: unknown;
  vapidPublicKey?: string;
}

type MountedHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

type StartServer = (options: StartServerOptions) => Promise<{
  url: string;
  mount(handler: MountedHandler): void;
  close(): Promise<void>;
}>;

type CreateAgentService = (options: {
  selfUrl: string;
  syncApiUrl: string;
  databaseUrl?: string;
  databasePoolSize?: number;
  env: Record<string, string>;
}) => Promise<{ handle: MountedHandler; close(): Promise<void> }>;

type StartAudit = (options: {
  databaseUrl?: string;
  eventBus: unknown;
  env: Record<string, string>;
  poolSize?: number;
  syncApiUrl: () => string;
}) => Promise<{ handle: MountedHandler; close(): Promise<void> }>;

/**
 * Imports sync-api's startServer by URL, so the PWA's type check does not compile the server,
 * which has its own tsconfig. The options above are the part of its signature used here.
 */
async function loadStartServer(): Promise<StartServer> {
  const serverModule = new URL('../../sync-api/src/server.ts', import.meta.url).href;
  const { startServer } = (await import(serverModule)) as { startServer: StartServer };
  return startServer;
}

/** Imports the agent's createAgentService by URL, for the same reason as startServer. */
async function loadCreateAgentService(): Promise<CreateAgentService> {
  const agentModule = new URL('../../agent/src/service.ts', import.meta.url).href;
  const { createAgentService } = (await import(agentModule)) as {
    createAgentService: CreateAgentService;
  };
  return createAgentService;
}

/** Imports the audit service's startAudit by URL, for the same reason as startServer. */
async function loadStartAudit(): Promise<StartAudit> {
  const auditModule = new URL('../../audit/src/audit.ts', import.meta.url).href;
  const { startAudit } = (await import(auditModule)) as { startAudit: StartAudit };
  return startAudit;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export interface AppServerOptions {
  /** The in-process bus to publish on, shared with a notifier the test starts. */
  eventBus?: unknown;
  vapidPublicKey?: string;
  env?: Record<string, string>;
  /**
   * Mounts the chat agent (MCP tools, chat and ChatKit endpoints) on the same port, as the
   * embedded start does. With no OpenAI key it replies through the offline command model.
   */
  agent?: boolean;
  /**
   * Runs the audit service on the event bus and mounts its history routes on the same port,
   * as the embedded start does. It subscribes before the sync API starts publishing.
   */
  audit?: boolean;
}

/** Starts the sync API serving `staticDir` on a free port of 127.0.0.1. */
export async function startAppServer(
  databaseUrl: string | undefined,
  staticDir: string,
  options: AppServerOptions = {},
): Promise<AppServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-e2e-'));
  const eventBus = options.eventBus ?? (options.audit ? await createEventBus() : undefined);
  // The in-process bus drops events of a topic without a subscriber, so the audit service
  // subscribes first and learns the sync API's URL (its key set and token issuer) afterwards.
  let syncApiUrl = '';
  const audit = options.audit
    ? await (await loadStartAudit())({
        ...(databaseUrl ? { databaseUrl } : {}),
        eventBus,
        env: options.env ?? {},
        poolSize: 2,
        syncApiUrl: () => syncApiUrl,
      })
    : undefined;
  const startServer = await loadStartServer();
  const server = await startServer({
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    staticDir,
    authSecret: 'e2e-secret-that-is-long-enough-for-better-auth',
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
    env: options.env ?? {},
    ...(eventBus ? { eventBus } : {}),
    ...(options.vapidPublicKey ? { vapidPublicKey: options.vapidPublicKey } : {}),
  }).catch(async (error: unknown) => {
    await audit?.close();
    throw error;
  });
  syncApiUrl = server.url;
  if (audit) server.mount((request, response) => audit.handle(request, response));
  const agent = options.agent
    ? await (await loadCreateAgentService())({
        selfUrl: server.url,
        syncApiUrl: server.url,
        ...(databaseUrl ? { databaseUrl } : {}),
        databasePoolSize: 2,
        env: options.env ?? {},
      })
    : undefined;
  if (agent) server.mount((request, response) => agent.handle(request, response));
  return {
    url: server.url,
    async close() {
      await agent?.close();
      await server.close();
      await audit?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface DeviceOptions {
  locale?: string;
  timezoneId?: string;
  width?: number;
  height?: number;
}

/** Opens a fresh browser profile, as a second device would have. */
export async function newDevice(
  browser: Browser,
  options: DeviceOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Asia/Karachi',
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    serviceWorkers: 'allow',
  });
}

let userCounter = 0;

export function uniqueEmail(): string {
  userCounter += 1;
  return `user-${Date.now()}-${process.pid}-${userCounter}@example.test`;
}

export const PASSWORD = 'correct horse battery staple';

/** Signs up through the form and waits for the task list. */
export async function signUp(
  page: Page,
  baseUrl: string,
  email: string,
  name = 'Ayesha',
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Add a task').waitFor();
}

/** Signs in through the form and waits for the task list. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Add a task').waitFor();
}

export async function addTask(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('Add a task');
  await input.fill(text);
  await input.press('Enter');
  await page
    .locator('.task-title', { hasText: text.split(' #')[0]?.split(' p')[0] ?? text })
    .first()
    .waitFor();
}

/** Waits until the sync indicator reads "Synced" (nothing queued, no error). */
export async function waitForSynced(page: Page, timeout = 10_000): Promise<void> {
  await page.locator('[data-sync-state="synced"]').waitFor({ timeout });
}

/** Waits until a service worker controls the page, so the app can load offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
    timeout: 15_000,
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Reads a user's live tasks through the REST API with the page's session cookie. */
export async function serverTasks(context: BrowserContext, baseUrl: string, userID: string) {
  const response = await context.request.get(`${baseUrl}/api/${userID}/tasks?limit=500&status=all`);
  if (!response.ok()) throw new Error(`GET tasks failed with HTTP ${response.status()}`);
  const body = (await response.json()) as { items?: unknown[]; tasks?: unknown[] } | unknown[];
  const items = Array.isArray(body) ? body : (body.items ?? body.tasks ?? []);
  return items as Array<{
    id: string;
    title: string;
    completed: boolean;
    priority: string;
    deleted?: boolean;
  }>;
}

/** Returns the signed-in user's id, as the app cached it. */
export async function userIdOf(page: Page): Promise<string> {
  const id = await page.evaluate(
    () => JSON.parse(localStorage.getItem('fehrist.user') ?? '{}').id as string,
  );
  if (!id) throw new Error('no signed-in user cached in localStorage');
  return id;
}

export interface VapidKeys {
  subject: string;
  publicKey: string;
  privateKey: string;
}

/** Makes a VAPID key pair (P-256) in the base64url form web-push uses. */
export function generateVapidKeys(): VapidKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // The raw uncompressed point (0x04, x, y) is the last 65 bytes of the SPKI encoding.
  const raw = spki.subarray(spki.length - 65);
  return {
    subject: 'mailto:e2e@example.test',
    publicKey: raw.toString('base64url'),
    privateKey: jwk.d ?? '',
  };
}

export interface PushServiceSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  clientHash: string;
}

export interface PushService {
  url: string;
  /** Makes a subscription for the application server key, as a browser's push service would. */
  subscribe(applicationServerKey: string): Promise<PushServiceSubscription>;
  /** The decrypted payloads the subscription received, oldest first. */
  messages(subscription: PushServiceSubscription): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * Starts web-push-testing 1.2.2 on 127.0.0.1. Its package `main` is broken and its CLI listens
 * on every interface, so the server class is loaded directly and bound here.
 */
export async function startPushService(): Promise<PushService> {
  const require = createRequire(import.meta.url);
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
      // web-push-testing wants userVisibleOnly as the string "true".
      const { data } = await call('/subscribe', { applicationServerKey, userVisibleOnly: 'true' });
      return data as PushServiceSubscription;
    },
    async messages(subscription) {
      const { data } = await call('/get-notifications', { clientHash: subscription.clientHash });
      return (data.messages as string[]).map((text) => JSON.parse(text) as unknown);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface NotifierHandle {
  close(): Promise<void>;
}

type StartNotifier = (options: {
  databaseUrl: string;
  eventBus: unknown;
  vapid: VapidKeys;
  allowInsecureEndpoints: boolean;
  pollIntervalMs: number;
  env: Record<string, string>;
}) => Promise<NotifierHandle>;

/**
 * Starts the notifier on the test database, consuming `eventBus`, as the embedded start does.
 * Imported by URL for the same reason as startServer.
 */
export async function startTestNotifier(
  databaseUrl: string,
  eventBus: unknown,
  vapid: VapidKeys,
): Promise<NotifierHandle> {
  const notifierModule = new URL('../../notifier/src/notifier.ts', import.meta.url).href;
  const { startNotifier } = (await import(notifierModule)) as { startNotifier: StartNotifier };
  return startNotifier({
    databaseUrl,
    eventBus,
    vapid,
    allowInsecureEndpoints: true,
    pollIntervalMs: 200,
    env: {},
  });
}

/** Makes the in-process event bus that the sync API publishes on and the notifier reads. */
export async function createEventBus(): Promise<unknown> {
  const { InProcessEventBus } = await import('@fehrist/domain');
  return new InProcessEventBus();
}
