import type { TaskEventType } from '@fehrist/domain';
import type { FehristDatabase, HistoryEntry } from '../store/db';
import { compareEntries } from './format';

/** Keeps fetched entries for reading offline; an entry fetched again replaces its copy. */
export async function storeEntries(
  db: FehristDatabase,
  entries: readonly HistoryEntry[],
): Promise<void> {
  if (entries.length > 0) await db.history.bulkPut([...entries]);
}

/** Reads the stored entries of one task, oldest first. */
export async function storedTaskHistory(
  db: FehristDatabase,
  taskId: string,
): Promise<HistoryEntry[]> {
  const entries = await db.history.where('task_id').equals(taskId).toArray();
  return entries.sort(compareEntries);
}

export interface ActivityFilter {
  /** Only these event types; every type when empty or left out. */
  types?: readonly TaskEventType[];
  /** Only changes at or after this instant. */
  from: Date;
}

/** Reads the stored entries that match an activity filter, newest first. */
export async function storedActivity(
  db: FehristDatabase,
  filter: ActivityFilter,
): Promise<HistoryEntry[]> {
  // occurred_at is always an ISO string in UTC with milliseconds (the server's toISOString),
  // so strings compare in time order.
  const entries = await db.history
    .where('occurred_at')
    .aboveOrEqual(filter.from.toISOString())
    .toArray();
  const types = filter.types ?? [];
  return entries
    .filter((entry) => types.length === 0 || types.includes(entry.type))
    .sort((a, b) => compareEntries(b, a));
}
