import { PRIORITY_RANK, type Priority, type Task } from './task-model';
import { localDate } from './time';

// One query model for the server (translated to SQL) and the PWA (run over Dexie rows).
// The keys below (search text, tag keys, title key) are stored by the server as columns,
// so both sides compare exactly the same strings.

export const TASK_STATUSES = ['all', 'pending', 'completed'] as const;
export const SORT_FIELDS = ['created', 'updated', 'title', 'due', 'priority'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export const QUERY_LIMITS = { searchMax: 200, pageDefault: 100, pageMax: 500 } as const;

export type TaskStatus = (typeof TASK_STATUSES)[number];
export type SortField = (typeof SORT_FIELDS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A parsed list query; TaskQuerySchema in query-schema.ts produces it from input. */
export interface TaskQuery {
  status: TaskStatus;
  priority: Priority[];
  tags: string[];
  q: string;
  due_from?: string | undefined;
  due_to?: string | undefined;
  overdue: boolean;
  sort: SortField;
  order: SortOrder;
}

/** Lower-cased, NFC-normalised text, so "Café", "CAFÉ" and Urdu text compare as typed. */
export function foldText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('en-US');
}

export function searchText(task: Pick<Task, 'title' | 'description'>): string {
  return foldText(`${task.title}\n${task.description}`);
}

export function tagKey(tag: string): string {
  return foldText(tag.trim());
}

export function titleKey(task: Pick<Task, 'title'>): string {
  return foldText(task.title);
}

/**
 * Checks whether a task is not completed and its due moment has passed in its own zone. A
 * timed due counts from its instant on, and a date-only due once that day has ended.
 */
export function isOverdue(task: Task, now: Date): boolean {
  if (task.completed || !task.due_date) return false;
  if (task.due_time && task.due_at) return Date.parse(task.due_at) < now.getTime();
  return task.due_date < localDate(now, task.time_zone);
}

export function matchesQuery(task: Task, query: TaskQuery, now: Date): boolean {
  if (task.deleted) return false;
  if (query.status === 'pending' && task.completed) return false;
  if (query.status === 'completed' && !task.completed) return false;
  if (query.priority.length > 0 && !query.priority.includes(task.priority)) return false;

  if (query.tags.length > 0) {
    const keys = new Set(task.tags.map(tagKey));
    if (!query.tags.every((tag) => keys.has(tagKey(tag)))) return false;
  }

  if (query.q && !searchText(task).includes(foldText(query.q))) return false;

  if (query.due_from || query.due_to) {
    if (!task.due_date) return false;
    if (query.due_from && task.due_date < query.due_from) return false;
    if (query.due_to && task.due_date > query.due_to) return false;
  }

  if (query.overdue && !isOverdue(task, now)) return false;
  return true;
}

/**
 * Returns the value a task sorts by. Tasks with no due date sort after all dated tasks in both
 * orders, so the due value uses an infinity on the side that keeps them last.
 */
export function sortValue(task: Task, sort: SortField, order: SortOrder): string | number {
  switch (sort) {
    case 'created':
      return task.created_at;
    case 'updated':
      return task.updated_at;
    case 'title':
      return titleKey(task);
    case 'priority':
      return PRIORITY_RANK[task.priority];
    case 'due':
      return task.due_at ?? (order === 'asc' ? 'infinity' : '-infinity');
  }
}

/** Compares strings by Unicode code point, the order PostgreSQL's "C" collation uses. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const difference = (left[index]?.codePointAt(0) ?? 0) - (right[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === b) return 0;
  if (a === 'infinity' || b === '-infinity') return 1;
  if (a === '-infinity' || b === 'infinity') return -1;
  if (typeof a === 'string' && typeof b === 'string') {
    // ISO instants of one format compare correctly as text.
    return compareCodePoints(a, b);
  }
  return 0;
}

/** Orders tasks by the sort field, then by id, both in the requested direction. */
export function compareTasks(sort: SortField, order: SortOrder): (a: Task, b: Task) => number {
  const sign = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const primary = compareValues(sortValue(a, sort, order), sortValue(b, sort, order));
    if (primary !== 0) return sign * primary;
    return sign * compareCodePoints(a.id, b.id);
  };
}

export function applyQuery(tasks: Iterable<Task>, query: TaskQuery, now: Date): Task[] {
  const result: Task[] = [];
  for (const task of tasks) {
    if (matchesQuery(task, query, now)) result.push(task);
  }
  return result.sort(compareTasks(query.sort, query.order));
}
