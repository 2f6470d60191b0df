import { nextOccurrence, parseRRule } from './recurrence';
import type { Recurrence, Task } from './task';
import { localDate } from './time';

/**
 * Where a recurring task moves when it is completed at `completedAt`: its next due date and
 * recurrence state, or null when the series has ended (UNTIL or COUNT reached).
 *
 * From the due date, the next occurrence comes after both the current due date and today in
 * the task's zone, so a late completion skips the missed days instead of leaving the task
 * overdue. From completion, the series restarts on the completion day.
 */
export function advanceRecurrence(
  task: Task,
  completedAt: Date,
): { due_date: string; recurrence: Recurrence } | null {
  const recurrence = task.recurrence;
  if (!recurrence || !task.due_date) return null;

  const rule = parseRRule(recurrence.rrule);
  const today = localDate(completedAt, task.time_zone);

  if (recurrence.from === 'completion') {
    const occurrence = recurrence.occurrence + 1;
    if (rule.count !== undefined && occurrence > rule.count) return null;
    const next = nextOccurrence({ ...rule, count: undefined }, today, today);
    if (!next) return null;
    return { due_date: next.date, recurrence: { ...recurrence, anchor_date: today, occurrence } };
  }

  // YYYY-MM-DD strings sort as dates, so the later of the two is the last after sorting.
  const after = [task.due_date, today].sort()[1] ?? today;
  const next = nextOccurrence(rule, recurrence.anchor_date, after);
  if (!next) return null;
  return { due_date: next.date, recurrence: { ...recurrence, occurrence: next.position } };
}
