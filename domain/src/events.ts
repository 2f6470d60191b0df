import type { Task } from './task';

export const TASK_EVENT_TYPES = ['created', 'updated', 'completed', 'deleted'] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

export const TOPICS = {
  taskEvents: 'task-events',
  reminders: 'reminders',
  taskUpdates: 'task-updates',
} as const;

/** The event published on `task-events` for every change to a task. */
export interface TaskEvent {
  event_type: TaskEventType;
  task_id: string;
  task_data: Task;
  user_id: string;
  /** ISO 8601 instant of the change, in UTC. */
  timestamp: string;
}
