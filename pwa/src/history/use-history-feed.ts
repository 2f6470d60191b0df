import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryEntry } from '../store/db';
import type { HistoryPage } from './api';

/**
 * `fresh`: the entries came from the server just now. `offline` and `failed`: the request
 * failed (no network, or an error status), and the entries are the ones stored earlier.
 */
export type FeedStatus = 'loading' | 'fresh' | 'offline' | 'failed';

export interface HistoryFeed {
  entries: HistoryEntry[];
  status: FeedStatus;
  /** The server has more entries after these (`next_cursor` was set). */
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
}

export interface FeedSource {
  /** Fetches and stores one page; a null cursor requests the first. */
  fetchPage(cursor: string | null): Promise<HistoryPage>;
  /** Reads the stored entries, shown when a request fails. */
  readStored(): Promise<HistoryEntry[]>;
  /** Orders the entries shown, which may differ from the order the route pages in. */
  compare(a: HistoryEntry, b: HistoryEntry): number;
}

function failureStatus(error: unknown): 'offline' | 'failed' {
  // fetch rejects with a TypeError when the request never reached a server.
  return error instanceof TypeError || globalThis.navigator?.onLine === false
    ? 'offline'
    : 'failed';
}

function merge(
  current: HistoryEntry[],
  more: HistoryEntry[],
  compare: FeedSource['compare'],
): HistoryEntry[] {
  const byId = new Map(current.map((entry) => [entry.id, entry]));
  for (const entry of more) byId.set(entry.id, entry);
  return [...byId.values()].sort(compare);
}

/**
 * Loads the first page of a history route when `key` changes, and again, keeping what is shown
 * meanwhile, when `revision` changes. When the request fails it shows the stored entries.
 */
export function useHistoryFeed(key: string, revision: unknown, source: FeedSource): HistoryFeed {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [status, setStatus] = useState<FeedStatus>('loading');
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // The caller builds a new source on every render; the latest one is used for each request.
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const shownKey = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision only triggers a reload
  useEffect(() => {
    let cancelled = false;
    if (shownKey.current !== key) {
      shownKey.current = key;
      setEntries([]);
      setCursor(null);
      setStatus('loading');
    }
    const { fetchPage, readStored, compare } = sourceRef.current;
    (async () => {
      try {
        const page = await fetchPage(null);
        if (cancelled) return;
        setEntries([...page.events].sort(compare));
        setCursor(page.next_cursor);
        setStatus('fresh');
      } catch (error) {
        console.warn('[history] fetching the first page failed; showing stored entries', error);
        const stored = await readStored();
        if (cancelled) return;
        setEntries(stored);
        setCursor(null);
        setStatus(failureStatus(error));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [key, revision]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const requestedKey = key;
    const { fetchPage, compare } = sourceRef.current;
    setLoadingMore(true);
    fetchPage(cursor)
      .then((page) => {
        if (shownKey.current !== requestedKey) return;
        setEntries((current) => merge(current, page.events, compare));
        setCursor(page.next_cursor);
      })
      .catch((error: unknown) => {
        console.warn('[history] fetching the next page failed', error);
        if (shownKey.current === requestedKey) setStatus(failureStatus(error));
      })
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore, key]);

  return { entries, status, hasMore: cursor !== null, loadingMore, loadMore };
}
