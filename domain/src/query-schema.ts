import { z } from 'zod';
import { QUERY_LIMITS, SORT_FIELDS, SORT_ORDERS, TASK_STATUSES, type TaskQuery } from './query';
import { PRIORITIES } from './task-model';
import { isCalendarDate } from './time';

const date = (field: string) =>
  z.string().refine(isCalendarDate, {
    error: `${field} must be a real calendar date in the form YYYY-MM-DD`,
  });

export const TaskQuerySchema = z
  .object({
    status: z
      .enum(TASK_STATUSES, { error: `status must be one of ${TASK_STATUSES.join(', ')}` })
      .default('all'),
    priority: z
      .array(z.enum(PRIORITIES, { error: `priority must be one of ${PRIORITIES.join(', ')}` }))
      .default([]),
    tags: z.array(z.string().trim().min(1).max(40)).default([]),
    q: z
      .string()
      .trim()
      .max(QUERY_LIMITS.searchMax, {
        error: `q must be at most ${QUERY_LIMITS.searchMax} characters`,
      })
      .default(''),
    due_from: date('due_from').optional(),
    due_to: date('due_to').optional(),
    overdue: z.boolean({ error: 'overdue must be true or false' }).default(false),
    sort: z
      .enum(SORT_FIELDS, { error: `sort must be one of ${SORT_FIELDS.join(', ')}` })
      .default('created'),
    order: z
      .enum(SORT_ORDERS, { error: `order must be one of ${SORT_ORDERS.join(', ')}` })
      .default('asc'),
  })
  .strict()
  .refine((query) => !query.due_from || !query.due_to || query.due_from <= query.due_to, {
    path: ['due_to'],
    error: 'due_to must not be before due_from',
  });

export type TaskQueryInput = z.input<typeof TaskQuerySchema>;

// Fails to compile when the schema's output and the TaskQuery interface drift apart.
type SchemaOutput = z.output<typeof TaskQuerySchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
true satisfies Same<SchemaOutput, TaskQuery>;
