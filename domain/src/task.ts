import { z } from 'zod';
import { parseRRule, RecurrenceRuleError } from './recurrence';
import {
  normalizeTags,
  PRIORITIES,
  RECURRENCE_MODES,
  type Reminder,
  TASK_LIMITS,
} from './task-model';
import { canonicalTimeZone, isCalendarDate, isTimeOfDay } from './time';

export {
  normalizeTags,
  PRIORITIES,
  PRIORITY_RANK,
  type Priority,
  RECURRENCE_MODES,
  type Recurrence,
  type RecurrenceMode,
  type Reminder,
  TASK_LIMITS,
  type Task,
} from './task-model';

/** Builds a type-error message that distinguishes "missing" from "wrong type". */
function expected(field: string, what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${field} is required` : `${field} must be ${what}`;
}

const title = z
  .string({ error: expected('title', 'text') })
  .trim()
  .min(1, { error: 'title must not be empty' })
  .max(TASK_LIMITS.titleMax, {
    error: `title must be at most ${TASK_LIMITS.titleMax} characters`,
  });

const description = z
  .string({ error: expected('description', 'text') })
  .max(TASK_LIMITS.descriptionMax, {
    error: `description must be at most ${TASK_LIMITS.descriptionMax} characters`,
  });

const priority = z.enum(PRIORITIES, {
  error: `priority must be one of ${PRIORITIES.join(', ')}`,
});

const tag = z
  .string({ error: 'each tag must be text' })
  .trim()
  .min(1, { error: 'a tag must not be empty' })
  .max(TASK_LIMITS.tagMax, { error: `each tag must be at most ${TASK_LIMITS.tagMax} characters` });

/** Tags keep the first spelling of each name, compared case-insensitively. */
const tags = z
  .array(tag, { error: 'tags must be a list of text' })
  .transform(normalizeTags)
  .refine((list) => list.length <= TASK_LIMITS.tagsMax, {
    error: `a task can have at most ${TASK_LIMITS.tagsMax} tags`,
  });

const dueDate = z
  .string({ error: expected('due_date', 'text in the form YYYY-MM-DD') })
  .refine(isCalendarDate, {
    error: 'due_date must be a real calendar date in the form YYYY-MM-DD',
  });

const dueTime = z
  .string({ error: expected('due_time', 'text in the form HH:MM') })
  .refine(isTimeOfDay, { error: 'due_time must be a 24-hour time in the form HH:MM' });

const timeZone = z
  .string({ error: expected('time_zone', 'an IANA time-zone name such as Asia/Karachi') })
  .transform((value, context) => {
    const canonical = canonicalTimeZone(value);
    if (!canonical) {
      context.addIssue({
        code: 'custom',
        message: `time_zone "${value}" is not a known IANA time-zone name (for example Asia/Karachi)`,
      });
      return z.NEVER;
    }
    return canonical;
  });

const recurrenceInput = z
  .object({
    rrule: z
      .string({ error: expected('recurrence.rrule', 'an RRULE such as FREQ=WEEKLY;BYDAY=MO') })
      .max(500, { error: 'recurrence.rrule must be at most 500 characters' })
      .superRefine((value, context) => {
        try {
          parseRRule(value);
        } catch (error) {
          if (!(error instanceof RecurrenceRuleError)) throw error;
          context.addIssue({ code: 'custom', message: error.message });
        }
      }),
    from: z
      .enum(RECURRENCE_MODES, {
        error: `recurrence.from must be one of ${RECURRENCE_MODES.join(', ')}`,
      })
      .default('due'),
  })
  .strict();

export type RecurrenceInput = z.output<typeof recurrenceInput>;

const minutesBefore = z
  .number({ error: expected('minutes_before', 'a whole number of minutes') })
  .int({ error: 'minutes_before must be a whole number of minutes' })
  .min(0, { error: 'minutes_before must not be negative' })
  .max(TASK_LIMITS.minutesBeforeMax, {
    error: `minutes_before must be at most ${TASK_LIMITS.minutesBeforeMax} (four weeks)`,
  });

// An instant with its offset ("Z" or "+05:00") is taken as given and stored in UTC.
const remindAt = z.iso
  .datetime({ offset: true, error: 'at must be an ISO 8601 instant with Z or an offset' })
  .transform((value) => new Date(value).toISOString());

const reminder = z
  .object({ minutes_before: minutesBefore.optional(), at: remindAt.optional() })
  .strict()
  .superRefine((value, context) => {
    if ((value.minutes_before === undefined) === (value.at === undefined)) {
      context.addIssue({
        code: 'custom',
        message: 'each reminder must be {"minutes_before": N} or {"at": "<ISO instant>"}',
      });
    }
  })
  .transform(
    (value): Reminder =>
      value.at !== undefined ? { at: value.at } : { minutes_before: value.minutes_before ?? 0 },
  );

const reminders = z
  .array(reminder, { error: expected('reminders', 'a list') })
  .max(TASK_LIMITS.remindersMax, {
    error: `a task can have at most ${TASK_LIMITS.remindersMax} reminders`,
  });

// PostgreSQL prints UUIDs in lower case, so ids are stored that way on both sides.
const taskId = z
  .uuid({ error: expected('id', 'a UUID made by the client') })
  .transform((value) => value.toLowerCase());

/** Fields a client may set when it creates a task. */
export const TaskCreateSchema = z
  .object({
    id: taskId,
    title,
    description: description.default(''),
    priority: priority.default('none'),
    tags: tags.default([]),
    due_date: dueDate.nullable().default(null),
    due_time: dueTime.nullable().default(null),
    time_zone: timeZone.default('UTC'),
    completed: z.boolean({ error: expected('completed', 'true or false') }).default(false),
    recurrence: recurrenceInput.nullable().default(null),
    reminders: reminders.default([]),
  })
  .strict()
  // `when` runs the check even if another field failed, so every bad field is named at once.
  .superRefine(requireDateForTime, { when: (payload) => isRecord(payload.value) });

/** Fields a client may change; absent fields stay as they are. */
export const TaskPatchSchema = z
  .object({
    title,
    description,
    priority,
    tags,
    due_date: dueDate.nullable(),
    due_time: dueTime.nullable(),
    time_zone: timeZone,
    completed: z.boolean({ error: expected('completed', 'true or false') }),
    recurrence: recurrenceInput.nullable(),
    reminders,
  })
  .partial()
  .strict();

export const TaskUpdateSchema = TaskPatchSchema.extend({ id: taskId }).strict();

export const TaskCompleteSchema = z
  .object({
    id: taskId,
    completed: z.boolean({ error: expected('completed', 'true or false') }),
    /**
     * The due date the client saw when it completed a recurring task. When the series has
     * moved on since (another device completed it first), nothing changes.
     */
    occurrence_date: z
      .string()
      .refine(isCalendarDate, {
        error: 'occurrence_date must be a real calendar date in the form YYYY-MM-DD',
      })
      .optional(),
  })
  .strict();

export const TaskDeleteSchema = z.object({ id: taskId }).strict();

export type TaskCreate = z.output<typeof TaskCreateSchema>;
export type TaskCreateInput = z.input<typeof TaskCreateSchema>;
export type TaskPatch = z.output<typeof TaskPatchSchema>;
export type TaskUpdate = z.output<typeof TaskUpdateSchema>;
export type TaskUpdateInput = z.input<typeof TaskUpdateSchema>;
export type TaskComplete = z.output<typeof TaskCompleteSchema>;
export type TaskDelete = z.output<typeof TaskDeleteSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function requireDateForTime(
  value: { due_date?: string | null; due_time?: string | null; recurrence?: unknown },
  context: z.RefinementCtx,
): void {
  if (isRecord(value.recurrence) && !value.due_date) {
    context.addIssue({
      code: 'custom',
      path: ['recurrence'],
      message: 'recurrence needs a due_date to start from; set due_date too',
    });
  }
  if (typeof value.due_time === 'string' && !value.due_date) {
    context.addIssue({
      code: 'custom',
      path: ['due_time'],
      message: 'due_time needs a due_date; set due_date too or leave due_time empty',
    });
  }
}
