import {
  canonicalTimeZone,
  isCalendarDate,
  PRIORITIES,
  parseRRule,
  RECURRENCE_MODES,
  TASK_LIMITS,
} from '@fehrist/domain';
import { z } from 'zod';

// Input schemas of the MCP task tools. Every field carries a description, because the model
// reads them to build its calls. Checks mirror the domain's rules, so invalid input is
// rejected as a protocol error before any REST call. The REST API checks everything again.

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const calendarDate = (field: string) =>
  z
    .string()
    .regex(DATE_PATTERN, { error: `${field} must be a date in the form YYYY-MM-DD` })
    .refine(isCalendarDate, { error: `${field} must be a real calendar date` });

const timeOfDay = (field: string) =>
  z.string().regex(TIME_PATTERN, { error: `${field} must be a 24-hour time in the form HH:MM` });

export const taskIdField = z
  .uuid({ error: 'id must be a task id (a UUID) from list_tasks or get_task' })
  .describe('Id of the task (a UUID), as list_tasks, get_task or add_task returned it.');

export const matchField = z
  .string()
  .trim()
  .min(1, { error: 'match must not be empty' })
  .max(TASK_LIMITS.titleMax)
  .describe(
    'Words from the task title, for when the id is not known (case-insensitive). If several ' +
      'tasks match, nothing changes and the candidates come back with their ids.',
  );

export const titleField = z
  .string()
  .trim()
  .min(1, { error: 'title must not be empty' })
  .max(TASK_LIMITS.titleMax, { error: `title must be at most ${TASK_LIMITS.titleMax} characters` })
  .describe('Title of the task, in the words and language the user used.');

export const descriptionField = z
  .string()
  .max(TASK_LIMITS.descriptionMax, {
    error: `description must be at most ${TASK_LIMITS.descriptionMax} characters`,
  })
  .describe('Longer notes about the task.');

export const priorityField = z
  .enum(PRIORITIES, { error: `priority must be one of ${PRIORITIES.join(', ')}` })
  .describe('How urgent the task is.');

export const tagsField = z
  .array(
    z
      .string()
      .trim()
      .min(1, { error: 'a tag must not be empty' })
      .max(TASK_LIMITS.tagMax, {
        error: `each tag must be at most ${TASK_LIMITS.tagMax} characters`,
      }),
  )
  .max(TASK_LIMITS.tagsMax, { error: `a task can have at most ${TASK_LIMITS.tagsMax} tags` })
  .describe('Labels such as "work" or "meeting"; compared case-insensitively.');

export const dueDateField = calendarDate('due_date').describe(
  'Due date as YYYY-MM-DD, a calendar day in the task time zone.',
);

export const dueTimeField = timeOfDay('due_time').describe(
  'Due time as 24-hour HH:MM wall-clock time in the task time zone; needs a due date.',
);

export const timeZoneField = z
  .string()
  .refine((value) => canonicalTimeZone(value) !== undefined, {
    error: 'time_zone must be an IANA time-zone name such as Asia/Karachi',
  })
  .describe(
    'IANA time zone of the due date and time, such as Asia/Karachi. Defaults to the user zone.',
  );

const reminderField = z
  .strictObject({
    minutes_before: z
      .number()
      .int({ error: 'minutes_before must be a whole number of minutes' })
      .min(0, { error: 'minutes_before must not be negative' })
      .max(TASK_LIMITS.minutesBeforeMax, {
        error: `minutes_before must be at most ${TASK_LIMITS.minutesBeforeMax} (four weeks)`,
      })
      .optional()
      .describe('Minutes before the due moment; 0 reminds at the due time.'),
    at: z.iso
      .datetime({ offset: true, error: 'at must be an ISO 8601 instant with Z or an offset' })
      .optional()
      .describe(
        'An exact instant, ISO 8601 with Z or an offset, such as 2027-01-13T09:00:00+05:00.',
      ),
  })
  .refine((value) => (value.minutes_before === undefined) !== (value.at === undefined), {
    error: 'each reminder needs exactly one of minutes_before and at',
  })
  .describe('One reminder: minutes before the due moment, or an exact instant.');

export const remindersField = z
  .array(reminderField)
  .max(TASK_LIMITS.remindersMax, {
    error: `a task can have at most ${TASK_LIMITS.remindersMax} reminders`,
  })
  .describe('Reminders of the task; they replace the ones it had.');

export const recurrenceField = z
  .strictObject({
    rrule: z
      .string()
      .max(500, { error: 'recurrence.rrule must be at most 500 characters' })
      .superRefine((value, context) => {
        try {
          parseRRule(value);
        } catch (error) {
          context.addIssue({
            code: 'custom',
            message: error instanceof Error ? error.message : 'recurrence.rrule is not valid',
          });
        }
      })
      .describe('RFC 5545 rule without DTSTART, such as FREQ=WEEKLY;BYDAY=MO or FREQ=MONTHLY.'),
    from: z
      .enum(RECURRENCE_MODES, {
        error: `recurrence.from must be one of ${RECURRENCE_MODES.join(', ')}`,
      })
      .optional()
      .describe('"due" repeats from the due date (default); "completion" from the day it is done.'),
  })
  .describe('How the task repeats; it needs a due date.');

/** Checks that exactly one of `id` and `match` is given. */
function oneTarget(value: { id?: string; match?: string }, context: z.RefinementCtx) {
  if ((value.id === undefined) === (value.match === undefined)) {
    context.addIssue({
      code: 'custom',
      message: 'give exactly one of id and match',
      path: value.id === undefined ? ['id'] : ['match'],
    });
  }
}

export const AddTaskInput = z
  .strictObject({
    title: titleField,
    description: descriptionField.optional(),
    priority: priorityField.optional(),
    tags: tagsField.optional(),
    due_date: dueDateField.optional(),
    due_time: dueTimeField.optional(),
    time_zone: timeZoneField.optional(),
    reminders: remindersField.optional(),
    recurrence: recurrenceField.optional(),
  })
  .refine((value) => value.due_time === undefined || value.due_date !== undefined, {
    error: 'due_time needs a due_date',
    path: ['due_time'],
  });

const SORTS = ['created', 'updated', 'title', 'due', 'priority'] as const;

export const ListTasksInput = z.strictObject({
  status: z
    .enum(['all', 'pending', 'completed'], { error: 'status must be all, pending or completed' })
    .optional()
    .describe('Which tasks to list; pending (not completed) by default.'),
  q: z
    .string()
    .trim()
    .max(200, { error: 'q must be at most 200 characters' })
    .optional()
    .describe('Text that the title or description contains (case-insensitive).'),
  tags: tagsField.optional().describe('Only tasks that have every one of these tags.'),
  priority: z.array(priorityField).optional().describe('Only tasks with one of these priorities.'),
  due_from: calendarDate('due_from').optional().describe('Only tasks due on or after this date.'),
  due_to: calendarDate('due_to').optional().describe('Only tasks due on or before this date.'),
  overdue: z
    .boolean()
    .optional()
    .describe('true: only tasks whose due moment has passed and that are not completed.'),
  sort: z.enum(SORTS).optional().describe('Sort key; due by default.'),
  order: z.enum(['asc', 'desc']).optional().describe('Sort order; asc by default.'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(200, { error: 'limit must be at most 200' })
    .optional()
    .describe('Maximum number of tasks to return; 50 by default.'),
});

export const GetTaskInput = z.strictObject({ id: taskIdField });

export const UpdateTaskInput = z
  .strictObject({
    id: taskIdField.optional(),
    match: matchField.optional(),
    title: titleField.optional(),
    description: descriptionField.optional(),
    priority: priorityField.optional(),
    tags: tagsField.optional().describe('New tags; they replace the ones the task had.'),
    due_date: dueDateField.nullable().optional().describe('New due date; null removes it.'),
    due_time: dueTimeField.nullable().optional().describe('New due time; null removes it.'),
    time_zone: timeZoneField.optional(),
    reminders: remindersField.optional(),
    recurrence: recurrenceField.nullable().optional().describe('New rule; null stops repeating.'),
  })
  .superRefine(oneTarget)
  .refine(
    (value) =>
      Object.keys(value).some(
        (key) => key !== 'id' && key !== 'match' && value[key as 'title'] !== undefined,
      ),
    { error: 'give at least one field to change' },
  );

export const CompleteTaskInput = z
  .strictObject({
    id: taskIdField.optional(),
    match: matchField.optional(),
    completed: z
      .boolean()
      .optional()
      .describe('true marks the task done (default); false opens it again.'),
  })
  .superRefine(oneTarget);

export const DeleteTaskInput = z
  .strictObject({ id: taskIdField.optional(), match: matchField.optional() })
  .superRefine(oneTarget);

export const RescheduleFilter = z
  .strictObject({
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'Text that the title, the description or one of the tags contains (case-insensitive), ' +
          'such as "meeting".',
      ),
    tags: tagsField.optional().describe('Only tasks that have every one of these tags.'),
    due_date: calendarDate('filter.due_date')
      .optional()
      .describe('Only tasks due on this day (YYYY-MM-DD), such as today in the user zone.'),
    before_time: timeOfDay('filter.before_time')
      .optional()
      .describe('Only tasks due earlier than this HH:MM in their zone; "morning" is before 12:00.'),
    after_time: timeOfDay('filter.after_time')
      .optional()
      .describe('Only tasks due at or after this HH:MM in their zone.'),
    overdue: z.boolean().optional().describe('true: only overdue tasks.'),
    include_completed: z
      .boolean()
      .optional()
      .describe('true: completed tasks move too; by default only pending tasks move.'),
  })
  .refine(
    (filter) =>
      filter.q !== undefined ||
      filter.tags !== undefined ||
      filter.due_date !== undefined ||
      filter.before_time !== undefined ||
      filter.after_time !== undefined ||
      filter.overdue === true,
    { error: 'filter needs at least one condition, so that not every task moves' },
  )
  .describe('Which tasks to move; every condition given must hold.');

export const RescheduleTasksInput = z
  .strictObject({
    filter: RescheduleFilter,
    new_date: calendarDate('new_date')
      .optional()
      .describe('Date (YYYY-MM-DD) to move the tasks to; absent keeps each task date.'),
    new_time: timeOfDay('new_time')
      .optional()
      .describe('Time (HH:MM, in each task zone) to move the tasks to; absent keeps each time.'),
  })
  .refine((value) => value.new_date !== undefined || value.new_time !== undefined, {
    error: 'give new_date, new_time or both',
  });

export const SetReminderInput = z
  .strictObject({
    id: taskIdField.optional(),
    match: matchField.optional(),
    minutes_before: z
      .number()
      .int()
      .min(0)
      .max(TASK_LIMITS.minutesBeforeMax)
      .optional()
      .describe('Add a reminder this many minutes before the due moment (0: at the due time).'),
    at: z.iso
      .datetime({ offset: true, error: 'at must be an ISO 8601 instant with Z or an offset' })
      .optional()
      .describe('Add a reminder at this instant, ISO 8601 with Z or an offset.'),
    clear: z.boolean().optional().describe('true removes every reminder of the task.'),
  })
  .superRefine(oneTarget)
  .refine(
    (value) =>
      [value.minutes_before !== undefined, value.at !== undefined, value.clear === true].filter(
        Boolean,
      ).length === 1,
    { error: 'give exactly one of minutes_before, at and clear: true' },
  );

export type AddTaskArgs = z.output<typeof AddTaskInput>;
export type ListTasksArgs = z.output<typeof ListTasksInput>;
export type UpdateTaskArgs = z.output<typeof UpdateTaskInput>;
export type CompleteTaskArgs = z.output<typeof CompleteTaskInput>;
export type DeleteTaskArgs = z.output<typeof DeleteTaskInput>;
export type RescheduleTasksArgs = z.output<typeof RescheduleTasksInput>;
export type RescheduleFilterArgs = z.output<typeof RescheduleFilter>;
export type SetReminderArgs = z.output<typeof SetReminderInput>;
