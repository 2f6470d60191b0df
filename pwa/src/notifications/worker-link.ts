// The page's side of the service worker's notification features: one registration per origin,
// messages from the worker, and the /tasks/<id> links that notifications open.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_OPEN_TASK, MESSAGE_SYNC } from './messages';
import { deviceNotificationState } from './permission';

/**
 * Unregisters every service worker registration of this origin except the app's own scope.
 * Each registration can hold its own push subscription, so a stray one (an older build that
 * registered under another scope, say) would make a second subscription and a second
 * notification for every reminder. Unregistering also ends its subscription.
 */
export async function unregisterStrayWorkers(
  container: Pick<ServiceWorkerContainer, 'getRegistrations'>,
  keepScope: string,
): Promise<number> {
  let removed = 0;
  for (const registration of await container.getRegistrations()) {
    if (registration.scope === keepScope) continue;
    if (await registration.unregister().catch(() => false)) removed++;
  }
  return removed;
}

const TASK_PATH = /^\/tasks\/([0-9a-fA-F-]{36})\/?$/;

/** Reads the task id of a `/tasks/<id>` path, as a notification links to, or returns null. */
export function taskIdFromPath(pathname: string): string | null {
  return TASK_PATH.exec(pathname)?.[1]?.toLowerCase() ?? null;
}

interface WorkerMessageHandlers {
  /** The worker queued an edit (a notification action): sync now. */
  onSync: () => void;
  /** The user tapped a notification while this page was open. */
  onOpenTask: (taskId: string) => void;
}

/**
 * Listens for the worker's messages, and on mount opens the task a notification link named
 * (`/tasks/<id>`), then puts `/` back in the address bar.
 */
export function useWorkerMessages(handlers: WorkerMessageHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const taskId = taskIdFromPath(window.location.pathname);
    if (taskId) {
      latest.current.onOpenTask(taskId);
      history.replaceState(null, '', `/${window.location.search}${window.location.hash}`);
    }

    const container = navigator.serviceWorker;
    if (!container) return;
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; taskId?: unknown } | null;
      if (data?.type === MESSAGE_SYNC) latest.current.onSync();
      else if (data?.type === MESSAGE_OPEN_TASK && typeof data.taskId === 'string')
        latest.current.onOpenTask(data.taskId.toLowerCase());
    };
    container.addEventListener('message', onMessage);
    return () => container.removeEventListener('message', onMessage);
  }, []);
}

/**
 * Registers this device's push subscription at start when notifications are already allowed
 * and on, so a new endpoint (after the browser renewed it, or for a user who signed in on a
 * device that already allowed notifications) reaches the server without asking again. It runs
 * again when the interface language changes, so reminders follow the language.
 */
export function useKeepPushSubscription(userID: string): void {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  // biome-ignore lint/correctness/useExhaustiveDependencies: ensurePushSubscription reads the language itself; the effect must run again when it changes.
  useEffect(() => {
    if (deviceNotificationState() !== 'on') return;
    // After the first render, so the push code stays out of the first load.
    const timer = setTimeout(() => {
      void import('./push-subscription')
        .then(({ ensurePushSubscription }) => ensurePushSubscription(userID))
        .catch((error: unknown) =>
          console.warn('[push] could not register the subscription', error),
        );
    }, 1000);
    return () => clearTimeout(timer);
  }, [userID, language]);
}
