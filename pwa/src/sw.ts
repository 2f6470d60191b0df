/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { MESSAGE_OPEN_TASK, MESSAGE_SYNC, SYNC_TAG } from './notifications/messages';
import {
  applyNotificationAction,
  openDatabaseWithTask,
  parseReminderPayload,
  pushQueuedMutations,
  type ReminderPayload,
  reminderNotification,
  signedInUserIDs,
  userDatabaseNames,
} from './notifications/sw-actions';
import {
  registerRenewedSubscription,
  type SubscriptionChange,
} from './notifications/sw-subscription';
import { defaultLocks } from './sync/lock';

/** Background Sync (Chromium only), which lib.webworker does not declare. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
/** The Push API's subscription change event, which lib.webworker does not declare either. */
type PushSubscriptionChangeEvent = ExtendableEvent & SubscriptionChange;
interface SyncManager {
  register(tag: string): Promise<void>;
}

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
  registration: ServiceWorkerRegistration & { sync?: SyncManager };
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(
    type: 'pushsubscriptionchange',
    listener: (event: PushSubscriptionChangeEvent) => void,
  ): void;
};

// The shell (HTML, JS, CSS, icons, manifest), listed by vite-plugin-pwa at build time.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Deep links open offline: every navigation gets the precached index.html and the app routes.
// /api/ is excluded so sign-in redirects and the event stream always reach the server.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }),
);

// Same-origin images not in the precache (icons added later, say): 30 days, 60 entries.
registerRoute(
  ({ request, url }) => request.destination === 'image' && url.origin === self.location.origin,
  new CacheFirst({
    cacheName: 'fehrist-images',
    plugins: [new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 30 * 24 * 60 * 60 })],
  }),
);

// Scripts and styles outside the precache: chunks of an older version that an open page still
// requests after an update. One week, 40 entries.
registerRoute(
  ({ request, url }) =>
    (request.destination === 'script' || request.destination === 'style') &&
    url.origin === self.location.origin &&
    !url.pathname.startsWith('/api/'),
  new StaleWhileRevalidate({
    cacheName: 'fehrist-assets',
    plugins: [new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 7 * 24 * 60 * 60 })],
  }),
);

// API responses are never cached: tasks live in IndexedDB and sync goes through the queue.

// A new version waits until the page sends SKIP_WAITING (the update prompt), so an open page
// never runs a mix of old and new code.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first version controls the page it was installed from at once, so that page works
// offline without a reload. Later versions take over only after SKIP_WAITING.
clientsClaim();

/**
 * Keeps the worker alive until `work` settles. An event a test made with `new PushEvent(...)`
 * cannot be extended (waitUntil throws InvalidStateError), so the work then just runs.
 */
function keepAlive(event: ExtendableEvent, work: Promise<unknown>): void {
  const logged = work.catch((error: unknown) =>
    console.error(`[sw] ${event.type} work failed`, error),
  );
  try {
    event.waitUntil(logged);
  } catch {
    // A script-constructed event: nothing to extend.
  }
}

// Reminders arrive as Web Push messages from the notifier. Every push must show a notification
// (the subscription is userVisibleOnly), so a payload this version cannot read shows the app name.
self.addEventListener('push', (event) => {
  keepAlive(event, showPushedNotification(event.data));
});

async function showPushedNotification(data: PushMessageData | null): Promise<void> {
  let json: unknown = null;
  try {
    json = data?.json();
  } catch {
    // Not JSON: shown as the app name below.
  }
  const payload = parseReminderPayload(json);
  if (!payload) {
    await self.registration.showNotification('Fehrist', { icon: '/icons/icon-192.png' });
    return;
  }
  const { title, options } = reminderNotification(payload);
  await self.registration.showNotification(title, options);
}

// "Mark done" and "Snooze 10 minutes" edit the local store through the mutation queue, so they
// work without a connection. A tap anywhere else opens the task.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const payload = parseReminderPayload(event.notification.data);
  if (!payload) {
    keepAlive(event, openApp('/', null));
    return;
  }
  if (event.action === 'complete' || event.action === 'snooze') {
    keepAlive(event, runAction(event.action, payload));
  } else {
    keepAlive(event, openApp(payload.url, payload.task_id));
  }
});

async function runAction(action: 'complete' | 'snooze', payload: ReminderPayload): Promise<void> {
  const names = await userDatabaseNames().catch(() => []);
  const db = await openDatabaseWithTask(payload.task_id, names);
  // The task is not on this device (signed out, or no indexedDB.databases()): open it instead.
  if (!db) return openApp(payload.url, payload.task_id);
  try {
    await applyNotificationAction(db, action, payload);
  } finally {
    db.close();
  }
  await requestSync();
}

/**
 * Gets the queued edit to the server: open pages sync at once, and Background Sync (where the
 * browser has it) pushes from the worker when a connection is there. Without either, the queue
 * waits in IndexedDB and the app pushes it when it next starts.
 */
async function requestSync(): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) client.postMessage({ type: MESSAGE_SYNC });
  await self.registration.sync?.register(SYNC_TAG).catch(() => undefined);
}

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    userDatabaseNames().then((names) =>
      pushQueuedMutations(names, (input, init) => fetch(input, init), defaultLocks()),
    ),
  );
});

/** Focuses an open window of the app and sends it the task to open, or opens a new window. */
async function openApp(url: string, taskId: string | null): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const client = windows.find((candidate) => candidate.focused) ?? windows[0];
  if (client) {
    await client.focus();
    if (taskId) client.postMessage({ type: MESSAGE_OPEN_TASK, taskId });
    return;
  }
  await self.clients.openWindow(new URL(url, self.location.origin).href);
}

// Firefox fires this when its push service renews a subscription; Chromium so far does not,
// and there the page registers a changed endpoint at its next start (ensurePushSubscription).
self.addEventListener('pushsubscriptionchange', (event) => {
  keepAlive(
    event,
    registerRenewedSubscription(event, {
      fetch: (input, init) => fetch(input, init),
      userIDs: async () => signedInUserIDs(await userDatabaseNames()),
      subscribe: (applicationServerKey) =>
        self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }),
    }),
  );
});
