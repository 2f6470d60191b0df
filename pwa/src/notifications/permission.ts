// Notification permission and the device's on/off choice. Small and free of the push code, so
// the account menu can show the state at first render; push-subscription.ts loads on demand.

/**
 * Whether reminders can ring on this device: `unsupported` (no Notification, service worker or
 * Push API), `default` (not asked yet), `denied` (blocked in the browser), `off` (allowed, but
 * the user turned them off in Fehrist), `on`.
 */
export type DeviceNotificationState = 'unsupported' | 'default' | 'denied' | 'off' | 'on';

const OFF_KEY = 'fehrist.notifications';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function pushSupported(scope: typeof globalThis = globalThis): boolean {
  return (
    'Notification' in scope &&
    'PushManager' in scope &&
    typeof scope.navigator !== 'undefined' &&
    'serviceWorker' in scope.navigator
  );
}

export function isTurnedOff(store: StorageLike | null = storage()): boolean {
  try {
    return store?.getItem(OFF_KEY) === 'off';
  } catch {
    return false;
  }
}

export function setTurnedOff(off: boolean, store: StorageLike | null = storage()): void {
  try {
    if (off) store?.setItem(OFF_KEY, 'off');
    else store?.removeItem(OFF_KEY);
  } catch {
    // Storage refused (a private window): the choice lasts for this page only.
  }
}

export function deviceNotificationState(
  scope: typeof globalThis = globalThis,
  store: StorageLike | null = storage(),
): DeviceNotificationState {
  if (!pushSupported(scope)) return 'unsupported';
  const permission = scope.Notification.permission;
  if (permission === 'denied') return 'denied';
  if (permission === 'default') return 'default';
  return isTurnedOff(store) ? 'off' : 'on';
}

/**
 * Asks for notification permission. Call it straight from a tap on a reminder control: browsers
 * ignore or quietly block a request made without a user gesture, and asking at page load is the
 * pattern users learn to deny.
 */
export async function requestNotificationPermission(
  scope: typeof globalThis = globalThis,
): Promise<NotificationPermission | 'unsupported'> {
  if (!pushSupported(scope)) return 'unsupported';
  const current = scope.Notification.permission;
  if (current !== 'default') return current;
  return scope.Notification.requestPermission();
}

/**
 * True on an iPhone or iPad when Fehrist runs in a browser tab: iOS and iPadOS (16.4 and later)
 * deliver Web Push only to web apps added to the Home Screen. iPadOS reports itself as a Mac,
 * so a Mac user agent with touch points counts as an iPad.
 */
export function needsHomeScreenInstall(
  nav: Pick<Navigator, 'userAgent' | 'maxTouchPoints'> & { standalone?: boolean },
  standaloneDisplay: boolean,
): boolean {
  const ios =
    /iPhone|iPad|iPod/.test(nav.userAgent) ||
    (/Macintosh/.test(nav.userAgent) && nav.maxTouchPoints > 1);
  return ios && !standaloneDisplay && nav.standalone !== true;
}

/** Returns whether the page runs as an installed app (Home Screen or desktop install). */
export function runsStandalone(): boolean {
  return globalThis.matchMedia?.('(display-mode: standalone)').matches ?? false;
}
