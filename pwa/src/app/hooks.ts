import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SyncClient } from '../sync/client';
import type { SyncStatus } from '../sync/status';

export function useSyncStatus(client: SyncClient): SyncStatus {
  return useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.status,
  );
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** Returns the current time, refreshed every `intervalMs`, so due labels turn overdue on their own. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
