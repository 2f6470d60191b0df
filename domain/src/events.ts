import type { Task } from './task';

export const TASK_EVENT_TYPES = ['created', 'updated', 'completed', 'deleted'] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/**
 * Where a task change came from: `app` (a sync push from the PWA), `rest` (the REST API),
 * `chat` (the agent's tools, which call the REST API with `X-Fehrist-Source: chat`), `reminder`
 * (a notification action, whose pushed mutation carries `source: 'reminder'`) or `system`
 * (kept for changes the server makes on its own; no code sends it yet).
 */
export const TASK_EVENT_SOURCES = ['app', 'rest', 'chat', 'reminder', 'system'] as const;
export type TaskEventSource = (typeof TASK_EVENT_SOURCES)[number];

export const TOPICS = {
  taskEvents: 'task-events',
  reminders: 'reminders',
  taskUpdates: 'task-updates',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Published on `task-events` for every change to a task, keyed by task id. */
export interface TaskEvent {
  event_type: TaskEventType;
  task_id: string;
  task_data: Task;
  user_id: string;
  /** ISO 8601 instant of the change, in UTC. */
  timestamp: string;
  source: TaskEventSource;
}

/**
 * Published on `reminders`, keyed by task id, whenever the reminder instants of a task
 * change: set, moved, or cleared (completed, deleted, or reminders removed). It carries the
 * whole current set, so a consumer replaces what it scheduled for the task.
 */
export interface ReminderEvent {
  task_id: string;
  user_id: string;
  title: string;
  due_at: string | null;
  /** Earliest pending reminder instant, or null when the task has none left. */
  remind_at: string | null;
  /** Every pending reminder instant of the task, ascending. */
  remind_ats: string[];
  time_zone: string;
  /** The task's version; a consumer ignores an event older than one it has applied. */
  version: number;
}

/** Published on `task-updates` after each write transaction, keyed by user id, for pokes. */
export interface TaskUpdateEvent {
  user_id: string;
  version: number;
}

/** One event as the bus carries it; `id` is the outbox row id, unique per event. */
export interface BusEvent<T = unknown> {
  id: string;
  topic: Topic;
  key: string;
  data: T;
}

export type BusEventHandler = (event: BusEvent) => Promise<void>;

/**
 * Publishes events; `publish` resolves only once the transport has accepted every event
 * (the broker acknowledged them, or in-process handlers finished), so the outbox relay can
 * mark them published. Delivery is at least once: handlers must be idempotent.
 */
export interface EventPublisher {
  publish(events: BusEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Delivers events of a topic to a handler; one consumer group shares the work. */
export interface EventSubscriber {
  subscribe(topic: Topic, group: string, handler: BusEventHandler): Promise<void>;
  close(): Promise<void>;
}
