import { foldText, localDate, type Task } from '@fehrist/domain';
import { RestError } from '../tasks/client';
import { ToolFailure } from './resolve';
import type { RescheduleResult } from './results';
import type { RescheduleFilterArgs, RescheduleTasksArgs } from './schemas';
import type { ToolContext } from './task-tools';

// Maximum number of tasks read to find the ones a filter selects. Beyond it, the call fails
// and asks for a narrower filter.
const SCAN_MAX = 2_000;
// Maximum number of moves in one call, so that a loose filter cannot rewrite a whole list.
const MOVE_MAX = 100;

/**
 * Moves every task that fits the filter. Times are wall-clock values in each task's own
 * zone, so "before 12:00" and "to 14:00" mean local time for every task. Each move is one
 * REST update, so it syncs like any edit; a failed move is reported and the others go on.
 */
export async function rescheduleTasks(
  args: RescheduleTasksArgs,
  context: ToolContext,
): Promise<RescheduleResult> {
  const { filter } = args;
  const { tasks, hasMore } = await context.client.list(
    {
      status: filter.include_completed ? 'all' : 'pending',
      tags: filter.tags,
      due_from: filter.due_date,
      due_to: filter.due_date,
      overdue: filter.overdue === true ? true : undefined,
      sort: 'due',
    },
    SCAN_MAX,
  );
  if (hasMore) {
    throw new ToolFailure(
      `More than ${SCAN_MAX} tasks fit the date and tag conditions; add a narrower condition.`,
    );
  }

  const selected = tasks.filter((task) => fitsFilter(task, filter));
  if (selected.length > MOVE_MAX) {
    throw new ToolFailure(
      `${selected.length} tasks fit the filter, more than the ${MOVE_MAX} one call may move; ` +
        'add a narrower condition.',
    );
  }

  const result: RescheduleResult = {
    status: 'rescheduled',
    message: '',
    count: 0,
    moved: [],
    failed: [],
  };
  for (const task of selected) {
    const from = { due_date: task.due_date, due_time: task.due_time };
    const to = {
      due_date: args.new_date ?? task.due_date ?? localDate(context.now(), task.time_zone),
      due_time: args.new_time ?? task.due_time,
    };
    if (to.due_date === from.due_date && to.due_time === from.due_time) continue;
    try {
      await context.client.update(task.id, to);
      result.moved.push({ id: task.id, title: task.title, from, to });
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      result.failed.push({ id: task.id, title: task.title, error: error.message });
    }
  }

  result.count = result.moved.length;
  result.message =
    result.count === 0 && result.failed.length === 0
      ? 'No task fits the filter, so nothing moved.'
      : `Moved ${result.count} task(s)${result.failed.length > 0 ? `; ${result.failed.length} failed` : ''}.`;
  return result;
}

/** The conditions the REST list query cannot express: text in title, description or tags, and times. */
function fitsFilter(task: Task, filter: RescheduleFilterArgs): boolean {
  if (filter.q !== undefined) {
    const needle = foldText(filter.q);
    const haystack = [task.title, task.description, ...task.tags].map(foldText);
    if (!haystack.some((text) => text.includes(needle))) return false;
  }
  if (filter.before_time !== undefined) {
    if (!task.due_time || task.due_time >= filter.before_time) return false;
  }
  if (filter.after_time !== undefined) {
    if (!task.due_time || task.due_time < filter.after_time) return false;
  }
  return true;
}
