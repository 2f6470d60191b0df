import type { Task } from '@fehrist/domain';
import { localDate } from '@fehrist/domain';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../app/hooks';
import { markFullListRendered, markStep } from '../app/perf';
import type { FehristDatabase, ListSnapshot } from '../store/db';
import {
  collectTags,
  displayDay,
  filterBySearch,
  filterTasks,
  sortTasks,
  type ViewPrefs,
  warmSearchKeys,
} from './view';

export interface TaskView {
  /** False until the first rows (snapshot or full read) are known. */
  loaded: boolean;
  /** True while the rows come from the snapshot and the full read is still running. */
  partial: boolean;
  /** Live tasks in the database, before any filter. */
  total: number;
  /** Tasks matching the view; more than visible.length while partial. */
  matching: number;
  visible: readonly Task[];
  tags: string[];
}

const SNAPSHOT_ROWS = 60;
const SNAPSHOT_DELAY_MS = 400;

/**
 * Reads every task from Dexie (live) and derives the list in three memoised stages, so a
 * search keystroke only re-runs the cheapest: sort (when tasks or sort change), filters
 * (when a filter or the minute changes), then the search text. Until the full read returns,
 * the rows of the last snapshot for the same view are shown.
 */
export function useTaskView(
  db: FehristDatabase,
  view: ViewPrefs,
  userZone: string,
  hiddenId: string | null,
): TaskView {
  const { i18n } = useTranslation();
  const now = useNow();
  const viewKey = JSON.stringify([view, userZone]);
  const snapshot = useSnapshot(db);
  // The full read waits for the snapshot read: Chromium runs one database's requests in order,
  // so reading 10,000 tasks first would hold the snapshot back for the whole read.
  const snapshotRead = snapshot !== undefined;
  const tasks = useLiveQuery(async () => {
    if (!snapshotRead) return undefined;
    const rows = await db.tasks.toArray();
    markStep('tasks-read');
    return rows;
  }, [db, snapshotRead]);

  const live = useMemo(
    () => (tasks ?? []).filter((task) => !task.deleted && task.id !== hiddenId),
    [tasks, hiddenId],
  );
  const sorted = useMemo(
    () => sortTasks(live, view.sort, view.order),
    [live, view.sort, view.order],
  );

  const today = localDate(now, userZone);
  const { status, priority, due, tag, sort, order } = view;
  const filtered = useMemo(() => {
    const days = new Map<string, string | null>();
    const dayOf = (task: Task) => {
      let day = days.get(task.id);
      if (day === undefined) {
        day = displayDay(task, userZone);
        days.set(task.id, day);
      }
      return day;
    };
    // The search text is left out here: filterBySearch applies it per keystroke below.
    const filters: ViewPrefs = { q: '', status, priority, due, tag, sort, order };
    return filterTasks(sorted, filters, { now, today, dayOf });
  }, [sorted, status, priority, due, tag, sort, order, now, today, userZone]);

  const visible = useMemo(() => filterBySearch(filtered, view.q), [filtered, view.q]);
  const tags = useMemo(() => collectTags(live, i18n.language), [live, i18n.language]);

  // Fold search keys while idle, so the first keystroke does not pay for 10,000 tasks.
  useEffect(() => {
    const idle =
      globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 50));
    const cancel = globalThis.cancelIdleCallback ?? clearTimeout;
    const handle = idle(() => warmSearchKeys(live));
    return () => cancel(handle as number);
  }, [live]);

  // Keep the snapshot of the first rows current: a little after the list settles, and when
  // the page is hidden or unloaded before that.
  useEffect(() => {
    if (!tasks) return;
    markFullListRendered();
    const save = () => {
      clearTimeout(timer);
      const next: ListSnapshot = {
        key: 'first-page',
        viewKey,
        tasks: visible.slice(0, SNAPSHOT_ROWS),
        matching: visible.length,
        total: live.length,
        tags,
      };
      void db.snapshots.put(next).catch(() => undefined);
    };
    const timer = setTimeout(save, SNAPSHOT_DELAY_MS);
    window.addEventListener('pagehide', save);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pagehide', save);
    };
  }, [db, tasks, visible, live, tags, viewKey]);

  if (!tasks) {
    if (snapshot && snapshot.viewKey === viewKey) {
      return {
        loaded: true,
        partial: true,
        total: snapshot.total,
        matching: snapshot.matching,
        visible: snapshot.tasks.filter((task) => task.id !== hiddenId),
        tags: snapshot.tags,
      };
    }
    return { loaded: false, partial: true, total: 0, matching: 0, visible: [], tags: [] };
  }
  return {
    loaded: true,
    partial: false,
    total: live.length,
    matching: visible.length,
    visible,
    tags,
  };
}

/** Reads the saved first page once; null when there is none. */
function useSnapshot(db: FehristDatabase): ListSnapshot | null | undefined {
  const [snapshot, setSnapshot] = useState<ListSnapshot | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    db.snapshots
      .get('first-page')
      .then((row) => {
        markStep('snapshot-read');
        if (!cancelled) setSnapshot(row ?? null);
      })
      .catch(() => setSnapshot(null));
    return () => {
      cancelled = true;
    };
  }, [db]);
  return snapshot;
}
