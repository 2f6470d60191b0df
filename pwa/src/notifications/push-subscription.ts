// Web Push subscription of this device: subscribe with the server's VAPID key, register the
// subscription with sync-api once per user and interface language, and remove it on sign-out
// or when the user turns notifications off. Routes: sync-api/src/push/routes.ts.
import { currentLanguage } from '../i18n';
import type { FetchLike } from '../sync/http';
import { defaultLocks, type LockManagerLike } from '../sync/lock';
import { isTurnedOff, setTurnedOff } from './permission';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface PushEnvironment {
  fetch: FetchLike;
  /** The app's service worker registration, or null when there is none. */
  registration: () => Promise<ServiceWorkerRegistration | null>;
  storage: StorageLike | null;
  locks: LockManagerLike;
  permission: () => NotificationPermission;
  /** The interface language, which the notifier writes this device's reminders in. */
  language: () => string;
}

/**
 * Record of this device's registration with the server, kept so the POST happens once per
 * subscription.
 */
export interface StoredSubscription {
  userID: string;
  /** The server's id of the subscription row, for DELETE. */
  id: string;
  endpoint: string;
  /** The language the server has for this device; absent in records from before it was sent. */
  language?: string;
}

export type SubscribeOutcome =
  /** A subscription was made or changed, and the server stored it. */
  | 'subscribed'
  /** The server already has this device's subscription for this user. */
  | 'unchanged'
  | 'unsupported'
  | 'not-permitted'
  | 'turned-off';

export class PushSetupError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.name = 'PushSetupError';
    this.status = status;
  }
}

const STORAGE_KEY = 'fehrist.push';
const READY_TIMEOUT_MS = 10_000;

function readStored(store: StorageLike | null): StoredSubscription | null {
  try {
    const value = JSON.parse(store?.getItem(STORAGE_KEY) ?? 'null') as StoredSubscription | null;
    return value && typeof value.id === 'string' && typeof value.endpoint === 'string'
      ? value
      : null;
  } catch {
    return null;
  }
}

function writeStored(store: StorageLike | null, value: StoredSubscription | null): void {
  try {
    if (value) store?.setItem(STORAGE_KEY, JSON.stringify(value));
    else store?.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused: the next start POSTs again, which the server treats as an update.
  }
}

/** Decodes a base64url VAPID key into the bytes `applicationServerKey` takes. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function sameBytes(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a) return false;
  const left = new Uint8Array(a);
  return left.length === b.length && left.every((byte, index) => byte === b[index]);
}

async function readProblem(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown; title?: unknown };
    if (typeof body.detail === 'string') return body.detail;
    if (typeof body.title === 'string') return body.title;
  } catch {
    // Not JSON: the status is the message.
  }
  return `HTTP ${response.status}`;
}

async function fetchVapidKey(env: PushEnvironment): Promise<string> {
  const response = await env.fetch('/api/push/vapid-public-key', {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new PushSetupError(await readProblem(response), response.status);
  const { key } = (await response.json()) as { key?: unknown };
  if (typeof key !== 'string' || key === '')
    throw new PushSetupError('the server sent no VAPID public key');
  return key;
}

function subscriptionsUrl(userID: string, id?: string): string {
  const base = `/api/${encodeURIComponent(userID)}/push-subscriptions`;
  return id ? `${base}/${encodeURIComponent(id)}` : base;
}

/**
 * Builds the browser's environment: same-origin fetch, the app's registration, localStorage and
 * Web Locks.
 */
export function browserPushEnvironment(): PushEnvironment {
  return {
    fetch: (input, init) => fetch(input, init),
    async registration() {
      if (!('serviceWorker' in navigator)) return null;
      // `ready` never settles without a registration (the dev server has none).
      const timeout = new Promise<null>((resolve) =>
        setTimeout(() => resolve(null), READY_TIMEOUT_MS),
      );
      return Promise.race([navigator.serviceWorker.ready, timeout]);
    },
    storage: (() => {
      try {
        return localStorage;
      } catch {
        return null;
      }
    })(),
    locks: defaultLocks(),
    permission: () => Notification.permission,
    language: currentLanguage,
  };
}

const inFlight = new Map<string, Promise<SubscribeOutcome>>();

/**
 * Makes sure this device has a push subscription for the server's current VAPID key and that
 * the server stores it for `userID` with the current interface language. It POSTs only when
 * the subscription, the user or the language changed since the last successful POST, and one
 * call runs at a time per user across tabs, so a device registers its subscription once. It
 * never requests permission, so call requestNotificationPermission from a tap first.
 */
export function ensurePushSubscription(
  userID: string,
  env: PushEnvironment = browserPushEnvironment(),
): Promise<SubscribeOutcome> {
  const running = inFlight.get(userID);
  if (running) return running;
  const run = env.locks
    .request(`fehrist-push-${userID}`, () => subscribe(userID, env))
    .finally(() => inFlight.delete(userID));
  inFlight.set(userID, run);
  return run;
}

async function subscribe(userID: string, env: PushEnvironment): Promise<SubscribeOutcome> {
  if (isTurnedOff(env.storage)) return 'turned-off';
  if (env.permission() !== 'granted') return 'not-permitted';
  const registration = await env.registration();
  if (!registration?.pushManager) return 'unsupported';

  let subscription = await registration.pushManager.getSubscription();
  const stored = readStored(env.storage);
  const language = env.language();
  if (
    subscription &&
    stored?.userID === userID &&
    stored.endpoint === subscription.endpoint &&
    stored.language === language
  )
    return 'unchanged';

  const key = base64UrlToBytes(await fetchVapidKey(env));
  if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
    // A subscription made for another key (the server's keys were replaced) cannot be used.
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });

  const response = await env.fetch(subscriptionsUrl(userID), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...subscription.toJSON(), language }),
  });
  if (!response.ok) throw new PushSetupError(await readProblem(response), response.status);
  const saved = (await response.json()) as { id?: unknown };
  if (typeof saved.id !== 'string')
    throw new PushSetupError('the server returned no subscription id');
  writeStored(env.storage, { userID, id: saved.id, endpoint: subscription.endpoint, language });
  return 'subscribed';
}

/**
 * Removes this device's subscription: DELETE on the server (while the session still works),
 * then unsubscribe in the browser. Unsubscribing kills the endpoint even when the DELETE could
 * not be sent (offline), so the push service returns 410 and the notifier deletes the row.
 * Returns whether the server confirmed the deletion (404 counts: the row is gone either way).
 */
export async function removePushSubscription(
  userID: string,
  env: PushEnvironment = browserPushEnvironment(),
): Promise<boolean> {
  const registration = await env.registration().catch(() => null);
  const subscription =
    (await registration?.pushManager?.getSubscription().catch(() => null)) ?? null;
  let stored = readStored(env.storage);
  let deleted = false;
  try {
    if (stored?.userID !== userID && subscription)
      stored = await findOnServer(userID, subscription, env);
    if (stored?.userID === userID) {
      const response = await env.fetch(subscriptionsUrl(userID, stored.id), {
        method: 'DELETE',
        credentials: 'same-origin',
      });
      deleted = response.ok || response.status === 404;
    }
  } catch (error) {
    console.warn(
      `[push] could not delete subscription ${stored?.id ?? '(unknown id)'} of user ${userID}; the push service will report it gone`,
      error,
    );
  }
  await subscription?.unsubscribe().catch(() => false);
  writeStored(env.storage, null);
  return deleted;
}

/** Finds this device's row among the user's subscriptions, when the stored record is gone. */
async function findOnServer(
  userID: string,
  subscription: PushSubscription,
  env: PushEnvironment,
): Promise<StoredSubscription | null> {
  const response = await env.fetch(subscriptionsUrl(userID), {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) return null;
  const { subscriptions } = (await response.json()) as {
    subscriptions?: { id: string; endpoint: string }[];
  };
  const row = subscriptions?.find((item) => item.endpoint === subscription.endpoint);
  return row ? { userID, id: row.id, endpoint: row.endpoint } : null;
}

/** Turns notifications on for this device after permission was granted, and subscribes. */
export async function turnOnNotifications(
  userID: string,
  env: PushEnvironment = browserPushEnvironment(),
): Promise<SubscribeOutcome> {
  setTurnedOff(false, env.storage);
  return ensurePushSubscription(userID, env);
}

/** Turns notifications off for this device: the subscription is removed and not made again. */
export async function turnOffNotifications(
  userID: string,
  env: PushEnvironment = browserPushEnvironment(),
): Promise<void> {
  setTurnedOff(true, env.storage);
  await removePushSubscription(userID, env);
}
