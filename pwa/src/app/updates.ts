import type { Workbox } from 'workbox-window';
import { unregisterStrayWorkers } from '../notifications/worker-link';

type Listener = () => void;

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
let workbox: Workbox | null = null;
let updateWaiting = false;
let updateAccepted = false;
const listeners = new Set<Listener>();

function notify(): void {
  for (const listener of listeners) listener();
}

/**
 * Registers the service worker through workbox-window at scope `/`, and unregisters any other
 * registration of the origin. A new version waits until the user
 * accepts it (see acceptUpdate), so an open page never switches code under queued edits.
 * Updates are looked for at start, hourly and when the connection comes back.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/sw.js', { scope: '/' });

  workbox.addEventListener('waiting', () => {
    updateWaiting = true;
    notify();
  });
  // The new worker took control after the user accepted the update: load the new version.
  workbox.addEventListener('controlling', () => {
    if (updateAccepted) window.location.reload();
  });

  await workbox.register();
  // One registration per origin, so one push subscription and one notification per reminder.
  await unregisterStrayWorkers(navigator.serviceWorker, new URL('/', window.location.href).href);
  const checkForUpdate = () => void workbox?.update().catch(() => undefined);
  setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);
  window.addEventListener('online', checkForUpdate);
}

export function subscribeToUpdates(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

/**
 * Activates the waiting version, and the page reloads once the new worker controls it.
 * `beforeReload` runs first, so an edit the UI has not committed yet (a delete waiting for its
 * undo) reaches the queue, which lives in IndexedDB and survives the reload.
 */
export async function acceptUpdate(beforeReload: () => Promise<void>): Promise<void> {
  await beforeReload();
  updateAccepted = true;
  workbox?.messageSkipWaiting();
}
