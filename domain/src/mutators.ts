import { MutationError, parseInput } from './errors';
import type { TaskEventType } from './events';
import { formatRRule, parseRRule } from './recurrence';
import { advanceRecurrence } from './recurring-task';
import {
  type Recurrence,
  type RecurrenceInput,
  type Task,
  TaskCompleteSchema,
  TaskCreateSchema,
  TaskDeleteSchema,
  type TaskPatch,
  TaskUpdateSchema,
} from './task';
import { dueInstant } from './time';

// Mutators are pure: given the stored task (if any) and the arguments, they return the
// task to store. The server runs them inside its push transaction, the client runs them
// on its local store, so both sides reach the same state from the same mutation.

export const MUTATOR_NAMES = ['createTask', 'updateTask', 'completeTask', 'deleteTask'] as const;
export type MutatorName = (typeof MUTATOR_NAMES)[number];

export interface MutationContext {
  /** When the mutation is applied; becomes updated_at (and created_at, completed_at). */
  now: Date;
}

export type MutationOutcome =
  | { kind: 'put'; task: Task; event: TaskEventType }
  /** Already applied, or a request for what is already true: nothing to store or publish. */
  | { kind: 'unchanged' };

export function isMutatorName(name: string): name is MutatorName {
  return (MUTATOR_NAMES as readonly string[]).includes(name);
}

/**
 * Reads the task id a mutation addresses, so the caller can load that task before
 * applying it. Throws MutationError for an unknown mutator or arguments without an id.
 */
export function mutationTaskId(name: string, args: unknown): string {
  if (!isMutatorName(name)) {
    throw new MutationError(
      'unknown_mutator',
      `unknown mutator "${name}"; expected one of ${MUTATOR_NAMES.join(', ')}`,
    );
  }
  const id = (args as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') {
    throw new MutationError('invalid', 'id is required', [
      { field: 'id', message: 'id is required' },
    ]);
  }
  return id.toLowerCase();
}

/** Applies one named mutation to the stored task, or throws MutationError when it cannot. */
export function applyMutation(
  name: string,
  args: unknown,
  existing: Task | undefined,
  context: MutationContext,
): MutationOutcome {
  mutationTaskId(name, args);
  switch (name as MutatorName) {
    case 'createTask':
      return createTask(args, existing, context);
    case 'updateTask':
      return updateTask(args, existing, context);
    case 'completeTask':
      return completeTask(args, existing, context);
    case 'deleteTask':
      return deleteTask(args, existing, context);
  }
}

export function createTask(
  args: unknown,
  existing: Task | undefined,
  context: MutationContext,
): MutationOutcome {
  const input = parseInput(TaskCreateSchema, args);
  // A retried create, or one for a task since deleted, must not make a second task
  // nor bring a tombstone back.
  if (existing) return { kind: 'unchanged' };

  const now = context.now.toISOString();
  const task: Task = {
    id: input.id,
    title: input.title,
    description: input.description,
    completed: input.completed,
    completed_at: input.completed ? now : null,
    priority: input.priority,
    tags: input.tags,
    due_date: input.due_date,
    due_time: input.due_time,
    time_zone: input.time_zone,
    due_at: null,
    recurrence: startRecurrence(input.recurrence, input.due_date),
    reminders: input.reminders,
    created_at: now,
    updated_at: now,
    version: 0,
    deleted: false,
  };
  requireStorableText(task);
  return { kind: 'put', task: withDueAt(task), event: 'created' };
}

export function updateTask(
  args: unknown,
  existing: Task | undefined,
  context: MutationContext,
): MutationOutcome {
  const { id, completed, ...patch } = parseInput(TaskUpdateSchema, args);
  const current = requireLiveTask(existing, id);
  const edited = applyPatch(current, patch, context);
  const next = completed === undefined ? edited : setCompleted(edited, completed, context);
  if (sameContent(current, next)) return { kind: 'unchanged' };

  const event: TaskEventType = completed && !current.completed ? 'completed' : 'updated';
  return { kind: 'put', task: next, event };
}

export function completeTask(
  args: unknown,
  existing: Task | undefined,
  context: MutationContext,
): MutationOutcome {
  const { id, completed, occurrence_date } = parseInput(TaskCompleteSchema, args);
  const current = requireLiveTask(existing, id);
  if (current.completed === completed) return { kind: 'unchanged' };
  // Two devices completing the same occurrence advance the series once: the second one
  // names a due date the task has already left.
  if (occurrence_date !== undefined && occurrence_date !== current.due_date) {
    return { kind: 'unchanged' };
  }

  const next = setCompleted(current, completed, context);
  return { kind: 'put', task: next, event: completed ? 'completed' : 'updated' };
}

export function deleteTask(
  args: unknown,
  existing: Task | undefined,
  context: MutationContext,
): MutationOutcome {
  const { id } = parseInput(TaskDeleteSchema, args);
  if (!existing) throw notFound(id);
  if (existing.deleted) return { kind: 'unchanged' };

  const task: Task = { ...existing, deleted: true, updated_at: context.now.toISOString() };
  return { kind: 'put', task, event: 'deleted' };
}

function requireLiveTask(existing: Task | undefined, id: string): Task {
  if (!existing) throw notFound(id);
  if (existing.deleted) {
    throw new MutationError('task_deleted', `task ${id} was deleted, so this change was not saved`);
  }
  return existing;
}

function notFound(id: string): MutationError {
  return new MutationError('not_found', `task ${id} was not found`);
}

/**
 * Completes or reopens a task. Completing a recurring task moves it to its next occurrence
 * and keeps it open, with every other field as it was. At the end of the series it is
 * completed like any other task.
 */
function setCompleted(task: Task, completed: boolean, context: MutationContext): Task {
  if (task.completed === completed) return task;
  const now = context.now.toISOString();

  if (completed && task.recurrence) {
    const next = advanceRecurrence(task, context.now);
    if (next) {
      return withDueAt({
        ...task,
        due_date: next.due_date,
        recurrence: next.recurrence,
        updated_at: now,
      });
    }
  }
  return { ...task, completed, completed_at: completed ? now : null, updated_at: now };
}

function startRecurrence(input: RecurrenceInput | null, dueDate: string | null): Recurrence | null {
  if (!input || !dueDate) return null;
  return {
    rrule: formatRRule(parseRRule(input.rrule)),
    from: input.from,
    anchor_date: dueDate,
    occurrence: 1,
  };
}

/**
 * Returns the recurrence after a patch. A new rule starts from the (new) due date. Moving
 * the due date by hand moves the series' anchor with it, and clearing the date ends the series.
 */
function patchRecurrence(
  current: Task,
  next: Task,
  patched: RecurrenceInput | null | undefined,
): Recurrence | null {
  if (patched === null) return null;
  if (patched !== undefined) {
    if (!next.due_date) {
      throw new MutationError('invalid', 'recurrence needs a due_date', [
        {
          field: 'recurrence',
          message: 'recurrence needs a due_date to start from; set due_date too',
        },
      ]);
    }
    return startRecurrence(patched, next.due_date);
  }
  if (!current.recurrence || !next.due_date) return null;
  if (next.due_date !== current.due_date)
    return { ...current.recurrence, anchor_date: next.due_date };
  return current.recurrence;
}

function applyPatch(
  current: Task,
  patch: Omit<TaskPatch, 'completed'>,
  context: MutationContext,
): Task {
  const next: Task = { ...current };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.tags !== undefined) next.tags = patch.tags;
  if (patch.time_zone !== undefined) next.time_zone = patch.time_zone;
  if (patch.due_date !== undefined) next.due_date = patch.due_date;
  if (patch.due_time !== undefined) next.due_time = patch.due_time;

  // Clearing the date clears the time with it, unless the same patch sets a time, which
  // then has no day to fall on.
  if (patch.due_date === null && typeof patch.due_time === 'string') {
    throw new MutationError('invalid', 'due_time needs a due_date', [
      {
        field: 'due_time',
        message: 'due_time needs a due_date; set due_date too or leave due_time empty',
      },
    ]);
  }
  if (patch.due_date === null) next.due_time = null;
  if (next.due_time && !next.due_date) {
    throw new MutationError('invalid', 'due_time needs a due_date', [
      {
        field: 'due_time',
        message: 'due_time needs a due_date; set due_date too or leave due_time empty',
      },
    ]);
  }

  if (patch.reminders !== undefined) next.reminders = patch.reminders;
  next.recurrence = patchRecurrence(current, next, patch.recurrence);

  requireStorableText(next);
  const changed = withDueAt(next);
  if (!sameContent(current, changed)) changed.updated_at = context.now.toISOString();
  return changed;
}

// Date#toISOString writes years outside 1 to 9999 as "0000" or "+010000", which PostgreSQL
// does not read, so a due moment outside them would fail the whole push at the database.
const DUE_AT_MIN = Date.parse('0001-01-01T00:00:00.000Z');
const DUE_AT_MAX = Date.parse('9999-12-31T23:59:59.999Z');

function withDueAt(task: Task): Task {
  if (!task.due_date) return { ...task, due_at: null };
  const instant = dueInstant(task.due_date, task.due_time, task.time_zone);
  if (!(instant.getTime() >= DUE_AT_MIN && instant.getTime() <= DUE_AT_MAX)) {
    const due = task.due_time ? `${task.due_date} ${task.due_time}` : task.due_date;
    const message = `due ${due} in ${task.time_zone} falls outside the years 1 to 9999 in UTC; pick a date within them`;
    throw new MutationError('invalid', message, [{ field: 'due_date', message }]);
  }
  return { ...task, due_at: instant.toISOString() };
}

// PostgreSQL text and jsonb cannot hold U+0000, and an unpaired UTF-16 surrogate is not
// Unicode text at all; either would fail the whole push at the database.
function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !/\p{Cs}/u.test(text);
}

function requireStorableText(task: Task): void {
  const texts: [string, string][] = [
    ['title', task.title],
    ['description', task.description],
    ['tags', task.tags.join(' ')],
  ];
  const issues = texts
    .filter(([, text]) => !isStorableText(text))
    .map(([field]) => ({
      field,
      message: `${field} must not contain the NUL character (U+0000) or an unpaired surrogate`,
    }));
  if (issues.length > 0) {
    throw new MutationError('invalid', issues.map((issue) => issue.message).join('; '), issues);
  }
}

const CONTENT_FIELDS = [
  'title',
  'description',
  'completed',
  'priority',
  'due_date',
  'due_time',
  'time_zone',
  'deleted',
] as const satisfies readonly (keyof Task)[];

function sameContent(a: Task, b: Task): boolean {
  if (CONTENT_FIELDS.some((field) => a[field] !== b[field])) return false;
  if (JSON.stringify(a.recurrence) !== JSON.stringify(b.recurrence)) return false;
  if (JSON.stringify(a.reminders) !== JSON.stringify(b.reminders)) return false;
  return a.tags.length === b.tags.length && a.tags.every((tag, index) => tag === b.tags[index]);
}
