import {
  applyQuery,
  foldText,
  localDate,
  MutationError,
  type ParsedCommand,
  type Reminder,
  type RescheduleFilter,
  type Task,
  type TaskMatch,
  type TaskQuery,
  type TaskSummary,
  type ToolOutcome,
} from '@fehrist/domain';
import type { TaskActions, TaskPatch } from '../app/actions';
import type { FehristDatabase } from '../store/db';

/** A parsed command that names a tool; `unknown` commands have nothing to run. */
export type ToolCommand = Exclude<ParsedCommand, { tool: 'unknown' }>;

export interface OfflineContext {
  /** Read only: every change goes through `actions`, so it is queued and syncs later. */
  db: FehristDatabase;
  actions: TaskActions;
  now: Date;
}

// The same limits as the agent's tools (agent/src/tools/), so a command does the same thing
// with or without a connection.
const LIST_MAX = 50;
const MOVE_MAX = 100;

type Resolution =
  | { kind: 'one'; task: Task }
  | { kind: 'several'; candidates: Task[] }
  | { kind: 'none' };

/**
 * Runs one parsed command against the tasks on this device, as the agent's task tools would
 * against the server. Changes go through `TaskActions`, so each is an ordinary queued
 * mutation that syncs when the connection is back. A command acts on one task at most, except
 * a move of a group (`reschedule_tasks`). A title that fits several tasks changes nothing and
 * returns them as candidates.
 */
export async function executeCommand(
  command: ToolCommand,
  context: OfflineContext,
): Promise<ToolOutcome> {
  try {
    return await run(command, context);
  } catch (error) {
    if (!(error instanceof MutationError)) throw error;
    return { kind: 'failed', message: error.message };
  }
}

async function run(command: ToolCommand, context: OfflineContext): Promise<ToolOutcome> {
  const { db, actions } = context;
  switch (command.tool) {
    case 'add_task': {
      const id = await actions.create({ ...command.args });
      return { kind: 'added', task: await summaryOf(db, id) };
    }

    case 'list_tasks':
      return { kind: 'listed', tasks: await listTasks(command.args, context) };

    case 'complete_task': {
      const resolution = await resolveTask(db, command.args.match, 'pending');
      if (resolution.kind !== 'one') return unresolved(resolution);
      // The task as shown: completing a recurring one sends its due date as the occurrence.
      await actions.complete(resolution.task, true);
      return { kind: 'completed', task: await summaryOf(db, resolution.task.id) };
    }

    case 'delete_task': {
      const resolution = await resolveTask(db, command.args.match, 'all');
      if (resolution.kind !== 'one') return unresolved(resolution);
      await actions.remove(resolution.task.id);
      return { kind: 'deleted', task: summarize(resolution.task) };
    }

    case 'update_task': {
      const resolution = await resolveTask(db, command.args.match, 'all');
      if (resolution.kind !== 'one') return unresolved(resolution);
      const { task } = resolution;
      const patch: TaskPatch = { ...command.args.changes };
      // A time alone moves the task to that time today when it has no date, as a bulk move
      // does, because a time needs a date.
      if (patch.due_time && !patch.due_date && !task.due_date) {
        patch.due_date = localDate(context.now, task.time_zone);
      }
      await actions.update(task.id, patch);
      return { kind: 'updated', task: await summaryOf(db, task.id) };
    }

    case 'reschedule_tasks':
      return rescheduleTasks(command.args, context);

    case 'set_reminder': {
      const resolution = await resolveTask(db, command.args.match, 'all');
      if (resolution.kind !== 'one') return unresolved(resolution);
      const { task } = resolution;
      const relative = command.args.reminders.some((reminder) => 'minutes_before' in reminder);
      if (relative && !task.due_date) {
        return {
          kind: 'failed',
          message: `"${task.title}" has no due date, so a reminder before it cannot fire.`,
        };
      }
      await actions.update(task.id, {
        reminders: withReminders(task.reminders, command.args.reminders),
      });
      return { kind: 'reminder_set', task: await summaryOf(db, task.id) };
    }
  }
}

/**
 * Finds the task a command names, as the agent's `resolveTask` does: by id, or by a title
 * containing the words. Several titles fit: the one equal to the words, if exactly one is,
 * else all of them as candidates, oldest first.
 */
async function resolveTask(
  db: FehristDatabase,
  match: TaskMatch,
  status: 'all' | 'pending',
): Promise<Resolution> {
  const fits = (task: Task) => !task.deleted && (status === 'all' || !task.completed);

  if ('id' in match) {
    const task = await db.tasks.get(match.id.toLowerCase());
    return task && fits(task) ? { kind: 'one', task } : { kind: 'none' };
  }

  const words = foldText(match.text);
  const candidates = (await db.tasks.toArray())
    .filter((task) => fits(task) && foldText(task.title).includes(words))
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'one', task: candidates[0] as Task };

  const exact = candidates.filter((task) => foldText(task.title).trim() === words);
  if (exact.length === 1) return { kind: 'one', task: exact[0] as Task };
  return { kind: 'several', candidates };
}

function unresolved(resolution: Exclude<Resolution, { kind: 'one' }>): ToolOutcome {
  return resolution.kind === 'several'
    ? { kind: 'candidates', tasks: resolution.candidates.map(summarize) }
    : { kind: 'not_found' };
}

async function listTasks(
  args: Extract<ToolCommand, { tool: 'list_tasks' }>['args'],
  context: OfflineContext,
): Promise<TaskSummary[]> {
  const query: TaskQuery = {
    status: args.status ?? 'pending',
    priority: args.priority ?? [],
    tags: args.tags ?? [],
    q: args.q ?? '',
    due_from: args.due_from,
    due_to: args.due_to,
    overdue: args.overdue ?? false,
    sort: 'due',
    order: 'asc',
  };
  const tasks = applyQuery(await context.db.tasks.toArray(), query, context.now);
  return tasks.slice(0, LIST_MAX).map(summarize);
}

/**
 * Moves every open task that fits the filter, as the agent's `reschedule_tasks` does. Times
 * are wall-clock values in each task's own zone. A task without a date that gets only a new
 * time moves to today.
 */
async function rescheduleTasks(
  args: Extract<ToolCommand, { tool: 'reschedule_tasks' }>['args'],
  context: OfflineContext,
): Promise<ToolOutcome> {
  const { filter } = args;
  const query: TaskQuery = {
    status: 'pending',
    priority: [],
    tags: filter.tags ?? [],
    q: '',
    due_from: filter.due_date,
    due_to: filter.due_date,
    overdue: filter.overdue === true,
    sort: 'due',
    order: 'asc',
  };
  const selected = applyQuery(await context.db.tasks.toArray(), query, context.now).filter((task) =>
    fitsFilter(task, filter),
  );
  if (selected.length > MOVE_MAX) {
    return {
      kind: 'failed',
      message: `${selected.length} tasks fit, more than the ${MOVE_MAX} one command may move.`,
    };
  }

  const moved: TaskSummary[] = [];
  for (const task of selected) {
    const to = {
      due_date: args.new_date ?? task.due_date ?? localDate(context.now, task.time_zone),
      due_time: args.new_time ?? task.due_time,
    };
    if (to.due_date === task.due_date && to.due_time === task.due_time) continue;
    await context.actions.update(task.id, to);
    moved.push({ ...summarize(task), ...to });
  }
  return { kind: 'rescheduled', tasks: moved };
}

/** Checks the filter conditions that a task query cannot express: words and due times. */
function fitsFilter(task: Task, filter: RescheduleFilter): boolean {
  if (filter.q !== undefined) {
    const words = foldText(filter.q);
    const texts = [task.title, task.description, ...task.tags].map(foldText);
    if (!texts.some((text) => text.includes(words))) return false;
  }
  if (filter.before_time !== undefined) {
    if (!task.due_time || task.due_time >= filter.before_time) return false;
  }
  if (filter.after_time !== undefined) {
    if (!task.due_time || task.due_time < filter.after_time) return false;
  }
  return true;
}

/** Adds the reminders a task does not have yet; the mutator rejects more than it allows. */
function withReminders(current: Reminder[], added: Reminder[]): Reminder[] {
  const keys = new Set(current.map((reminder) => JSON.stringify(reminder)));
  return [...current, ...added.filter((reminder) => !keys.has(JSON.stringify(reminder)))];
}

async function summaryOf(db: FehristDatabase, id: string): Promise<TaskSummary> {
  const task = await db.tasks.get(id);
  if (!task) throw new Error(`task ${id} is missing from the local database after a mutation`);
  return summarize(task);
}

function summarize(task: Task): TaskSummary {
  return {
    id: task.id,
    title: task.title,
    due_date: task.due_date,
    due_time: task.due_time,
    time_zone: task.time_zone,
    completed: task.completed,
    priority: task.priority,
    tags: task.tags,
    recurrence: task.recurrence
      ? { rrule: task.recurrence.rrule, from: task.recurrence.from }
      : null,
    reminders: task.reminders,
  };
}
