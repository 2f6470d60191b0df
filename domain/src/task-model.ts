// The task's shape, limits and constants without zod, so code that only reads tasks (the
// PWA's first render) does not load the validation schemas.

export const TASK_LIMITS = {
  titleMax: 200,
  descriptionMax: 1000,
  tagsMax: 30,
  tagMax: 40,
  remindersMax: 10,
  /** Four weeks, the longest lead time a "minutes before" reminder may have. */
  minutesBeforeMax: 40_320,
} as const;

export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Rank used to sort by priority: higher is more urgent. */
export const PRIORITY_RANK: Record<Priority, number> = { none: 0, low: 1, medium: 2, high: 3 };

export const RECURRENCE_MODES = ['due', 'completion'] as const;
export type RecurrenceMode = (typeof RECURRENCE_MODES)[number];

/**
 * How a task repeats. `from: 'due'` steps from the due date, `from: 'completion'` from the
 * day it was completed. `anchor_date` and `occurrence` are kept by the mutators: the date
 * the series counts from (its day of month survives month-end clamps) and the 1-based
 * position of the current due date in the series.
 */
export interface Recurrence {
  rrule: string;
  from: RecurrenceMode;
  anchor_date: string;
  occurrence: number;
}

/** Minutes before the due moment, or an absolute instant. */
export type Reminder = { minutes_before: number } | { at: string };

/** A task as it is stored, synced and sent over the wire (snake_case field names). */
export interface Task {
  id: string;
  title: string;
  description: string;
  completed: boolean;
  completed_at: string | null;
  priority: Priority;
  tags: string[];
  due_date: string | null;
  due_time: string | null;
  time_zone: string;
  /** Derived from due_date, due_time and time_zone; clients never set it. */
  due_at: string | null;
  recurrence: Recurrence | null;
  reminders: Reminder[];
  created_at: string;
  updated_at: string;
  version: number;
  deleted: boolean;
}

export function normalizeTags(list: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of list) {
    const name = raw.trim();
    // Folds as tagKey in query.ts does. The fixed locale makes client and server keep the
    // same tags, and NFC makes composed and decomposed spellings one tag.
    const key = name.normalize('NFC').toLocaleLowerCase('en-US');
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(name);
  }
  return result;
}
