import { createTokenCache, type TokenCache } from '../app/token';
import type { FehristDatabase, HistoryEntry } from '../store/db';
import { type ActivityFilter, storeEntries } from './store';

/** Entries per request; the routes allow 1 to 200. */
export const HISTORY_PAGE_SIZE = 50;

export interface HistoryPage {
  events: HistoryEntry[];
  next_cursor: string | null;
}

/** A history route returned an error status, or a body that is not a page of entries. */
export class HistoryRequestError extends Error {
  readonly status: number;

  constructor(url: string, status: number, reason = `HTTP ${status}`) {
    super(`GET ${url} failed: ${reason}`);
    this.name = 'HistoryRequestError';
    this.status = status;
  }
}

export interface HistoryClient {
  /**
   * Fetches a page of one task's history, newest first, and stores its entries. The first page
   * contains the latest changes, which are what a person opening a long-lived task looks for.
   */
  taskHistory(taskId: string, cursor: string | null): Promise<HistoryPage>;
  /** Fetches a page of the user's activity, newest first, and stores its entries. */
  activity(filter: ActivityFilter, cursor: string | null): Promise<HistoryPage>;
}

export interface HistoryClientOptions {
  db: FehristDatabase;
  userID: string;
  /** The sender of bearer-authorized requests; a new token cache by default. */
  tokens?: Pick<TokenCache, 'fetch'>;
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    isString(entry.id) &&
    isString(entry.task_id) &&
    isString(entry.type) &&
    isString(entry.occurred_at) &&
    typeof entry.version === 'number' &&
    isString(entry.title) &&
    (entry.changes === null || Array.isArray(entry.changes))
  );
}

/**
 * Creates a client of the audit service's routes, which take a bearer token only (not the session
 * cookie). Every page it reads is also stored in the user's database.
 */
export function createHistoryClient(options: HistoryClientOptions): HistoryClient {
  const { db, userID } = options;
  const tokens = options.tokens ?? createTokenCache();
  const base = `/api/${encodeURIComponent(userID)}`;

  async function getPage(url: string): Promise<HistoryPage> {
    const response = await tokens.fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new HistoryRequestError(url, response.status);

    const body = (await response.json()) as { events?: unknown; next_cursor?: unknown };
    if (!Array.isArray(body.events))
      throw new HistoryRequestError(url, response.status, 'the body has no events list');
    const page = {
      events: body.events.filter(isEntry),
      next_cursor: isString(body.next_cursor) ? body.next_cursor : null,
    };
    await storeEntries(db, page.events);
    return page;
  }

  return {
    taskHistory(taskId, cursor) {
      // The activity route filtered by task pages newest first; the task's own history route
      // pages oldest first. A task the audit service has not recorded yet gets an empty page.
      const query = new URLSearchParams({ task_id: taskId, limit: String(HISTORY_PAGE_SIZE) });
      if (cursor) query.set('cursor', cursor);
      return getPage(`${base}/activity?${query}`);
    },
    activity(filter, cursor) {
      const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE) });
      if (filter.types && filter.types.length > 0) query.set('type', filter.types.join(','));
      query.set('from', filter.from.toISOString());
      if (cursor) query.set('cursor', cursor);
      return getPage(`${base}/activity?${query}`);
    },
  };
}

const clients = new WeakMap<FehristDatabase, HistoryClient>();

/** Returns the history client of an open user database, sharing one token cache per user. */
export function historyClientFor(db: FehristDatabase, userID: string): HistoryClient {
  let client = clients.get(db);
  if (!client) {
    client = createHistoryClient({ db, userID });
    clients.set(db, client);
  }
  return client;
}
