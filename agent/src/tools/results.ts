import type { Task } from '@fehrist/domain';
import { z } from 'zod';

// Output schemas of the MCP task tools. Results carry task text exactly as stored, because
// titles and descriptions are the user's data. The agent's instructions forbid obeying them.

export const TaskView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  completed: z.boolean(),
  priority: z.string(),
  tags: z.array(z.string()),
  due_date: z.string().nullable(),
  due_time: z.string().nullable(),
  time_zone: z.string(),
  reminders: z.array(
    z.union([z.object({ minutes_before: z.number() }), z.object({ at: z.string() })]),
  ),
  recurrence: z.object({ rrule: z.string(), from: z.string() }).nullable(),
});
export type TaskView = z.output<typeof TaskView>;

/** Outcome of a tool that acts on one task: what it did, or the candidates when it did nothing. */
export const TaskResult = z.object({
  status: z.enum(['created', 'found', 'updated', 'completed', 'reopened', 'deleted', 'ambiguous']),
  message: z.string(),
  task: TaskView.optional(),
  match: z.string().optional(),
  candidates: z.array(TaskView).optional(),
});
export type TaskResult = z.output<typeof TaskResult>;

export const ListResult = z.object({
  status: z.literal('listed'),
  message: z.string(),
  count: z.number(),
  has_more: z.boolean(),
  tasks: z.array(TaskView),
});
export type ListResult = z.output<typeof ListResult>;

const Schedule = z.object({ due_date: z.string().nullable(), due_time: z.string().nullable() });

export const RescheduleResult = z.object({
  status: z.literal('rescheduled'),
  message: z.string(),
  count: z.number(),
  moved: z.array(z.object({ id: z.string(), title: z.string(), from: Schedule, to: Schedule })),
  failed: z.array(z.object({ id: z.string(), title: z.string(), error: z.string() })),
});
export type RescheduleResult = z.output<typeof RescheduleResult>;

export function viewTask(task: Task): TaskView {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    completed: task.completed,
    priority: task.priority,
    tags: task.tags,
    due_date: task.due_date,
    due_time: task.due_time,
    time_zone: task.time_zone,
    reminders: task.reminders,
    recurrence: task.recurrence
      ? { rrule: task.recurrence.rrule, from: task.recurrence.from }
      : null,
  };
}
