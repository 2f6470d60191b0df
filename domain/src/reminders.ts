import type { Task } from './task';
import { dueInstant } from './time';

/** Time of day a "minutes before" reminder counts from when the task has a date but no time. */
export const DEFAULT_DATE_ONLY_REMINDER_TIME = '09:00';

/**
 * The instants (ISO, UTC) at which a task's reminders fire, ascending and without repeats.
 * A completed or deleted task has none; a "minutes before" reminder needs a due date.
 */
export function reminderInstants(
  task: Task,
  dateOnlyTime: string = DEFAULT_DATE_ONLY_REMINDER_TIME,
): string[] {
  if (task.completed || task.deleted) return [];

  const instants = new Set<string>();
  for (const reminder of task.reminders) {
    if ('at' in reminder) {
      instants.add(reminder.at);
      continue;
    }
    if (!task.due_date) continue;
    const base = dueInstant(task.due_date, task.due_time ?? dateOnlyTime, task.time_zone);
    instants.add(new Date(base.getTime() - reminder.minutes_before * 60_000).toISOString());
  }
  return [...instants].sort();
}
