// Recurring tasks and reminders in the browser: the editor's pickers, the notification
// permission, the push subscription, a reminder sent by the notifier through web-push-testing,
// and the service worker's notification actions.
//
// Headless Chromium cannot make a real push subscription here: its push service is Google's
// (FCM), which these tests must not contact, and a Playwright context is incognito, where
// Chromium has no Push API at all. So the page's PushManager is replaced by one that returns a
// subscription web-push-testing made on 127.0.0.1, and what web-push-testing receives is handed
// to the service worker with the DevTools protocol (ServiceWorker.deliverPushMessage), a real
// push event. Notification clicks are dispatched as NotificationEvents inside the worker.
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type AppServer,
  addTask,
  buildPwa,
  createEventBus,
  generateVapidKeys,
  launchChromium,
  newDevice,
  type PushService,
  type PushServiceSubscription,
  signUp,
  startAppServer,
  startPushService,
  startTestNotifier,
  tempDir,
  uniqueEmail,
  userIdOf,
  type VapidKeys,
  waitForServiceWorker,
  waitForSynced,
} from './support';

let server: AppServer;
let browser: Browser;
let push: PushService;
let notifier: { close(): Promise<void> };
let bus: unknown;
let vapid: VapidKeys;

beforeAll(async () => {
  const staticDir = join(await tempDir('fehrist-pwa-'), 'dist');
  await buildPwa(staticDir, 'reminders-e2e');
  const databaseUrl = inject('databaseUrl');
  vapid = generateVapidKeys();
  push = await startPushService();
  bus = await createEventBus();
  notifier = await startTestNotifier(databaseUrl, bus, vapid);
  server = await startAppServer(databaseUrl, staticDir, {
    eventBus: bus,
    audit: true,
    vapidPublicKey: vapid.publicKey,
    env: { PUSH_ALLOW_INSECURE_ENDPOINTS: 'true' },
  });
  browser = await launchChromium(inject('chromiumPath'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await notifier?.close();
  await (bus as { close?: () => Promise<void> } | undefined)?.close?.();
  await push?.close();
});

interface ServerTask {
  id: string;
  title: string;
  completed: boolean;
  due_date: string | null;
  recurrence: { rrule: string; from: string; occurrence: number } | null;
  reminders: Array<{ minutes_before?: number; at?: string }>;
}

async function taskByTitle(context: BrowserContext, userID: string, title: string) {
  const response = await context.request.get(
    `${server.url}/api/${userID}/tasks?limit=500&status=all`,
  );
  const body = (await response.json()) as { items?: ServerTask[]; tasks?: ServerTask[] };
  const task = (body.items ?? body.tasks ?? []).find((item) => item.title === title);
  if (!task) throw new Error(`no task titled ${title} on the server`);
  return task;
}

/** Records the mutations the page pushes, by name. */
function recordPushedMutations(page: Page): Array<{ name: string; args: Record<string, unknown> }> {
  const pushed: Array<{ name: string; args: Record<string, unknown> }> = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/sync/push')) return;
    const body = request.postDataJSON() as {
      mutations: Array<{ name: string; args: Record<string, unknown> }>;
    };
    pushed.push(...body.mutations.map(({ name, args }) => ({ name, args })));
  });
  return pushed;
}

/**
 * Replaces PushManager in the page with one that hands out `subscription` (made by
 * web-push-testing) and keeps it in localStorage, as a browser keeps its subscription. Counts
 * permission requests, and keeps each one pending until the test sets `__allowNotifications`, as a
 * person would take a moment to press "Allow".
 */
async function stubPushAndPermission(
  context: BrowserContext,
  subscription: PushServiceSubscription,
) {
  await context.addInitScript((data) => {
    const KEY = 'fehrist.test.push-subscription';
    const state = window as unknown as {
      __permissionRequests: number;
      __allowNotifications?: boolean;
      __unsubscribed: number;
    };
    state.__permissionRequests = 0;
    state.__unsubscribed = 0;
    const make = (key: number[]) => ({
      endpoint: data.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(key).buffer },
      toJSON: () => ({ endpoint: data.endpoint, expirationTime: null, keys: data.keys }),
      unsubscribe: async () => {
        localStorage.removeItem(KEY);
        state.__unsubscribed++;
        return true;
      },
    });
    PushManager.prototype.getSubscription = async function getSubscription() {
      const stored = localStorage.getItem(KEY);
      return stored ? (make(JSON.parse(stored)) as unknown as PushSubscription) : null;
    };
    PushManager.prototype.subscribe = async function subscribe(options) {
      const key = [...new Uint8Array(options?.applicationServerKey as ArrayBuffer)];
      localStorage.setItem(KEY, JSON.stringify(key));
      return make(key) as unknown as PushSubscription;
    };
    const request = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = async () => {
      state.__permissionRequests++;
      while (!state.__allowNotifications) await new Promise((resolve) => setTimeout(resolve, 50));
      return request();
    };
  }, subscription);
}

const permissionRequests = (page: Page) =>
  page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests);

/** Records POST and DELETE requests on the push subscription routes, with their status. */
function recordSubscriptionRequests(page: Page): Array<{ method: string; status: number }> {
  const seen: Array<{ method: string; status: number }> = [];
  page.on('response', (response) => {
    const request = response.request();
    if (!/\/api\/[^/]+\/push-subscriptions/.test(request.url())) return;
    if (request.method() === 'GET') return;
    seen.push({ method: request.method(), status: response.status() });
  });
  return seen;
}

/** Tracks the service worker registrations by scope, through DevTools. */
async function registrationIds(cdp: CDPSession): Promise<Map<string, string>> {
  const scopes = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
    for (const registration of event.registrations) {
      if (registration.isDeleted) scopes.delete(registration.scopeURL);
      else scopes.set(registration.scopeURL, registration.registrationId);
    }
  });
  await cdp.send('ServiceWorker.enable');
  return scopes;
}

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function appWorker(context: BrowserContext): Promise<Worker> {
  return until(
    async () => context.serviceWorkers().find((worker) => worker.url().endsWith('/sw.js')),
    15_000,
  );
}

/** Lists the titles, tags and actions of the notifications the worker shows. */
function shownNotifications(worker: Worker) {
  return worker.evaluate(async () =>
    (await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications()).map(
      (notification) => ({
        title: notification.title,
        tag: notification.tag,
        actions: (notification as Notification & { actions: { action: string }[] }).actions.map(
          (action) => action.action,
        ),
      }),
    ),
  );
}

/** Taps an action of the shown notification, as the platform would dispatch it. */
function tapNotification(worker: Worker, action: string) {
  return worker.evaluate(async (name) => {
    const scope = self as unknown as ServiceWorkerGlobalScope;
    const [notification] = await scope.registration.getNotifications();
    if (!notification) throw new Error('no notification to tap');
    scope.dispatchEvent(new NotificationEvent('notificationclick', { notification, action: name }));
  }, action);
}

/**
 * Signs up on a new device that allows notifications, waits for its subscription to be
 * registered, then switches the app to Urdu and waits for the second registration.
 */
async function urduDevice() {
  const subscription = await push.subscribe(vapid.publicKey);
  const context = await newDevice(browser);
  await stubPushAndPermission(context, subscription);
  await context.grantPermissions(['notifications'], { origin: server.url });
  const page = await context.newPage();
  const subscriptionRequests = recordSubscriptionRequests(page);
  await signUp(page, server.url, uniqueEmail());
  const userID = await userIdOf(page);
  await waitForServiceWorker(page);
  await until(async () => subscriptionRequests.length === 1, 10_000);

  await page.locator('summary.account-button').click();
  await page.getByLabel('Language').selectOption('ur');
  await until(async () => subscriptionRequests.length === 2, 10_000);
  return { subscription, context, page, userID, subscriptionRequests };
}

/** Lists the sources the audit service recorded for a task's events of one type. */
async function recordedSources(
  context: BrowserContext,
  userID: string,
  taskId: string,
  type: string,
) {
  const tokenResponse = await context.request.get(`${server.url}/api/auth/token`);
  const { token } = (await tokenResponse.json()) as { token: string };
  const response = await context.request.get(
    `${server.url}/api/${userID}/activity?task_id=${taskId}&type=${type}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const { events } = (await response.json()) as { events: { source: string | null }[] };
  return events.map((event) => event.source);
}

/** Formats an instant as wall time in Karachi (UTC+5 all year), as a datetime-local value. */
function karachiLocal(instant: Date): string {
  const shifted = new Date(instant.getTime() + 5 * 60 * 60_000);
  return shifted.toISOString().slice(0, 16);
}

describe('recurring tasks and reminders', () => {
  it('advances a repeating task on completion', async () => {
    const context = await newDevice(browser, { width: 360, height: 740 });
    const page = await context.newPage();
    const pushed = recordPushedMutations(page);
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);
    await addTask(page, 'Pay rent');

    await page.getByRole('button', { name: 'Details of “Pay rent”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByLabel('Due date', { exact: true }).fill('2027-01-31');
    await dialog.getByLabel('Repeat').selectOption({ label: 'Every month on day 31' });
    await dialog.getByText('Every month on the 31st').waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();

    const row = page.locator('.task', { hasText: 'Pay rent' });
    await row.getByText('Every month on the 31st').waitFor();
    await row.getByText('Sun, Jan 31, 2027').waitFor();
    await row.getByRole('checkbox', { name: 'Complete “Pay rent”' }).click();
    // February has no 31st: the next occurrence is its last day, and the task stays open.
    await row.getByText('Sun, Feb 28, 2027').waitFor();
    expect(await row.getByRole('checkbox', { name: 'Complete “Pay rent”' }).isChecked()).toBe(
      false,
    );

    await waitForSynced(page);
    const task = await taskByTitle(context, userID, 'Pay rent');
    expect(task).toMatchObject({ completed: false, due_date: '2027-02-28' });
    expect(task.recurrence).toMatchObject({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', from: 'due' });
    const completions = pushed.filter((mutation) => mutation.name === 'completeTask');
    expect(completions.map((mutation) => mutation.args.occurrence_date)).toEqual(['2027-01-31']);
    await context.close();
  });

  it('asks at the tap and rings once', async () => {
    const subscription = await push.subscribe(vapid.publicKey);
    const context = await newDevice(browser);
    await stubPushAndPermission(context, subscription);
    const page = await context.newPage();
    const subscriptionRequests = recordSubscriptionRequests(page);
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);
    await addTask(page, 'Water the plants');
    await waitForServiceWorker(page);

    // Opening the app and the editor requests no permission.
    await page.getByRole('button', { name: 'Details of “Water the plants”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByRole('button', { name: 'Tomorrow' }).click();
    await dialog.getByLabel('Repeat').selectOption({ label: 'Every day' });
    expect(await permissionRequests(page)).toBe(0);

    // The tap on "Add a reminder" requests it, and the person allows.
    await dialog.getByRole('button', { name: 'Add a reminder' }).click();
    await until(async () => (await permissionRequests(page)) === 1, 5_000);
    await context.grantPermissions(['notifications'], { origin: server.url });
    await page.evaluate(() => {
      (window as unknown as { __allowNotifications: boolean }).__allowNotifications = true;
    });

    // A reminder at the next whole minute that is at least a minute away.
    const remindAt = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
    await dialog.getByLabel('When', { exact: true }).selectOption({ label: 'On a date and time…' });
    await dialog.getByLabel('Date and time').fill(karachiLocal(remindAt));
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog
      .getByText(/^On .+/)
      .first()
      .waitFor();
    await dialog.getByText(/^Next reminder: /).waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page
      .locator('.task', { hasText: 'Water the plants' })
      .locator('.chip--reminder')
      .waitFor();
    await waitForSynced(page);

    // One POST of the subscription, stored once on the server.
    await until(async () => subscriptionRequests.length === 1, 10_000);
    expect(subscriptionRequests).toEqual([{ method: 'POST', status: 201 }]);
    const listed = await context.request.get(`${server.url}/api/${userID}/push-subscriptions`);
    const { subscriptions } = (await listed.json()) as { subscriptions: { endpoint: string }[] };
    expect(subscriptions.map((item) => item.endpoint)).toEqual([subscription.endpoint]);

    // A reload registers nothing again.
    await page.reload();
    await page.getByLabel('Add a task').waitFor();
    await page.waitForTimeout(2_000);
    expect(subscriptionRequests).toHaveLength(1);

    // The notifier sends the reminder through web-push-testing, which decrypts it.
    const [message] = (await until(
      async () => {
        const messages = await push.messages(subscription);
        return messages.length > 0 ? messages : null;
      },
      remindAt.getTime() - Date.now() + 60_000,
    )) as Array<Record<string, unknown>>;
    const task = await taskByTitle(context, userID, 'Water the plants');
    expect(message).toMatchObject({
      type: 'reminder',
      task_id: task.id,
      title: 'Water the plants',
      remind_at: remindAt.toISOString(),
      url: `/tasks/${task.id}`,
    });
    const tomorrow = task.due_date;

    // The push service hands it to the browser: the worker shows it, with both actions.
    const cdp = await context.newCDPSession(page);
    const registrations = await registrationIds(cdp);
    const registrationId = await until(async () => registrations.get(`${server.url}/`), 5_000);
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId,
      data: JSON.stringify(message),
    });
    const worker = await appWorker(context);
    const notifications = await until(async () => {
      const list = await shownNotifications(worker);
      return list.length > 0 ? list : null;
    }, 10_000);
    expect(notifications).toEqual([
      { title: 'Water the plants', tag: message?.tag, actions: ['complete', 'snooze'] },
    ]);

    // "Mark done" with no connection queues the completion ...
    await context.setOffline(true);
    await tapNotification(worker, 'complete');
    await page.getByText('Offline · 1 change waiting').waitFor();
    expect(await shownNotifications(worker)).toEqual([]);
    // ... and it reaches the server once the connection is back.
    await context.setOffline(false);
    await waitForSynced(page, 15_000);
    const completed = await taskByTitle(context, userID, 'Water the plants');
    expect(completed.completed).toBe(false);
    expect(completed.due_date).not.toBe(tomorrow);
    expect(completed.recurrence?.occurrence).toBe(2);
    // The task's history shows that the completion came from a reminder.
    await expect
      .poll(() => recordedSources(context, userID, completed.id, 'completed'))
      .toEqual(['reminder']);

    // "Snooze 10 minutes" adds one absolute reminder ten minutes on.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId,
      data: JSON.stringify(message),
    });
    await until(async () => (await shownNotifications(worker)).length === 1, 10_000);
    const snoozedAt = Date.now();
    await tapNotification(worker, 'snooze');
    await until(async () => {
      await waitForSynced(page, 15_000);
      const snoozed = await taskByTitle(context, userID, 'Water the plants');
      return snoozed.reminders.length === 2 ? snoozed : null;
    }, 15_000);
    const snoozed = await taskByTitle(context, userID, 'Water the plants');
    const added = Date.parse(snoozed.reminders[1]?.at ?? '');
    expect(added - snoozedAt).toBeGreaterThan(9 * 60_000);
    expect(added - snoozedAt).toBeLessThan(11 * 60_000);
    // The newest update is the snooze, also from the reminder.
    await expect
      .poll(async () => (await recordedSources(context, userID, snoozed.id, 'updated'))[0])
      .toBe('reminder');

    // Exactly one reminder reached the push service.
    expect(await push.messages(subscription)).toHaveLength(1);
    await context.close();
  }, 240_000);

  it('keeps one registration and subscription', async () => {
    const subscription = await push.subscribe(vapid.publicKey);
    const context = await newDevice(browser);
    await stubPushAndPermission(context, subscription);
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    const subscriptionRequests = recordSubscriptionRequests(page);
    await signUp(page, server.url, uniqueEmail());
    await waitForServiceWorker(page);

    // Notifications were allowed before: the app registers the subscription at start, without
    // asking again.
    await until(async () => subscriptionRequests.length === 1, 10_000);
    expect(await permissionRequests(page)).toBe(0);

    // A second registration under another scope, as an older build might have left.
    await page.evaluate(() => navigator.serviceWorker.register('/sw.js', { scope: '/tasks/' }));
    const count = () =>
      page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    expect(await count()).toBe(2);
    await page.reload();
    await page.getByLabel('Add a task').waitFor();
    await until(async () => (await count()) === 1, 10_000);
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations())[0]?.scope),
    ).toBe(`${server.url}/`);

    // One registration shows one notification per push.
    const cdp = await context.newCDPSession(page);
    const registrations = await registrationIds(cdp);
    const registrationId = await until(async () => registrations.get(`${server.url}/`), 5_000);
    const payload = {
      type: 'reminder',
      task_id: crypto.randomUUID(),
      title: 'Stray check',
      body: 'Reminder',
      due_at: null,
      remind_at: new Date().toISOString(),
      late: false,
      actions: [{ action: 'complete', title: 'Mark done' }],
      url: '/',
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId,
      data: JSON.stringify(payload),
    });
    const worker = await appWorker(context);
    await until(async () => (await shownNotifications(worker)).length === 1, 10_000);
    expect(subscriptionRequests).toEqual([{ method: 'POST', status: 201 }]);

    // Sign-out deletes this device's subscription on the server and in the browser.
    await page.locator('summary.account-button').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Create an account' }).waitFor({ timeout: 15_000 });
    expect(subscriptionRequests).toEqual([
      { method: 'POST', status: 201 },
      { method: 'DELETE', status: 204 },
    ]);
    expect(
      await page.evaluate(() => (window as unknown as { __unsubscribed: number }).__unsubscribed),
    ).toBe(1);
    await context.close();
  });

  it('tells the server when the app switches to Urdu', async () => {
    const { subscription, context, userID, subscriptionRequests } = await urduDevice();

    const listed = await context.request.get(`${server.url}/api/${userID}/push-subscriptions`);
    const { subscriptions } = (await listed.json()) as {
      subscriptions: { endpoint: string; language: string | null }[];
    };
    expect(subscriptions).toEqual([
      expect.objectContaining({ endpoint: subscription.endpoint, language: 'ur' }),
    ]);
    expect(subscriptionRequests).toEqual([
      { method: 'POST', status: 201 },
      { method: 'POST', status: 200 },
    ]);
    await context.close();
  });

  it('registers a subscription the browser renewed, from the worker', async () => {
    const { subscription, context, page, userID } = await urduDevice();
    await page.close();

    // The push service renews the subscription while no page is open. Chromium does not fire
    // pushsubscriptionchange, so the test dispatches it in the worker, as Firefox would.
    const renewed = await push.subscribe(vapid.publicKey);
    const worker = await appWorker(context);
    await worker.evaluate(
      ({ oldEndpoint, renewedJSON }) => {
        const event = new ExtendableEvent('pushsubscriptionchange');
        Object.defineProperties(event, {
          oldSubscription: {
            value: { endpoint: oldEndpoint, options: { applicationServerKey: null } },
          },
          newSubscription: {
            value: { endpoint: renewedJSON.endpoint, toJSON: () => renewedJSON },
          },
        });
        self.dispatchEvent(event);
      },
      {
        oldEndpoint: subscription.endpoint,
        renewedJSON: { endpoint: renewed.endpoint, keys: renewed.keys },
      },
    );

    const listed = async () => {
      const response = await context.request.get(`${server.url}/api/${userID}/push-subscriptions`);
      const body = (await response.json()) as {
        subscriptions: { endpoint: string; language: string | null }[];
      };
      return body.subscriptions.map((item) => [item.endpoint, item.language]);
    };
    await expect.poll(listed).toEqual([[renewed.endpoint, 'ur']]);

    // The next reminder reaches the renewed endpoint, still in Urdu.
    const created = await context.request.post(`${server.url}/api/${userID}/tasks`, {
      data: { title: 'دوا لینا', reminders: [{ at: new Date(Date.now() + 2_000).toISOString() }] },
    });
    expect(created.status()).toBe(201);
    const [message] = (await until(async () => {
      const messages = await push.messages(renewed);
      return messages.length > 0 ? messages : null;
    }, 30_000)) as Array<{ title: string; actions: { title: string }[] }>;
    expect(message?.title).toBe('دوا لینا');
    expect(message?.actions.map((action) => action.title)).toEqual([
      'مکمل کریں',
      '10 منٹ بعد یاد دلائیں',
    ]);
    expect(await push.messages(subscription)).toEqual([]);
    await context.close();
  });
});
