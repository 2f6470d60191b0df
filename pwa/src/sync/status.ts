/**
 * Why the last sync failed: `offline` (no network), `auth` (the session ended, so syncing
 * waits for sign-in), `server` (5xx, 429 or another status worth retrying) or `client`
 * (the server refused the request as malformed, or the local store failed).
 */
export type SyncErrorKind = 'offline' | 'auth' | 'server' | 'client';

export interface SyncError {
  kind: SyncErrorKind;
  /** HTTP status of the failed response; null when no response arrived. */
  status: number | null;
  detail: string | null;
  /** Failed attempts in a row. */
  failures: number;
  /** When the next automatic retry runs (ms since the epoch); null when none is scheduled. */
  retryAt: number | null;
}

export interface SyncStatus {
  running: boolean;
  error: SyncError | null;
  /** When the last sync finished without error (ms since the epoch). */
  lastSyncedAt: number | null;
}

export const INITIAL_STATUS: SyncStatus = { running: false, error: null, lastSyncedAt: null };
