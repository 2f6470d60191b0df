import type { Priority, RecurrenceMode, Reminder } from '../task-model';

/** Language of a command, and of the reply to it: English, Urdu script or Roman Urdu. */
export const COMMAND_LANGUAGES = ['en', 'ur', 'ur-Latn'] as const;
export type CommandLanguage = (typeof COMMAND_LANGUAGES)[number];

/**
 * How a command names an existing task: words of its title, or its id. The tool, not the
 * parser, looks the text up, and returns the candidates when several tasks match.
 */
export type TaskMatch = { text: string } | { id: string };

/** Arguments of `add_task`. Dates are `YYYY-MM-DD` and times `HH:MM` in the user's zone. */
export interface AddTaskArgs {
  title: string;
  description?: string;
  due_date?: string;
  due_time?: string;
  priority?: Priority;
  tags?: string[];
  recurrence?: { rrule: string; from: RecurrenceMode };
  reminders?: Reminder[];
}

/** Arguments of `list_tasks`. `due_from` and `due_to` are inclusive, as in the task query. */
export interface ListTasksArgs {
  status?: 'pending' | 'completed';
  priority?: Priority[];
  tags?: string[];
  q?: string;
  due_from?: string;
  due_to?: string;
  overdue?: boolean;
}

/** Fields `update_task` changes. A due time alone keeps the task's due date. */
export interface TaskChanges {
  title?: string;
  due_date?: string;
  due_time?: string;
  priority?: Priority;
}

/**
 * Which tasks `reschedule_tasks` moves. All given conditions must hold. `q` matches a word in
 * the title, the description or a tag. `before_time` and `after_time` compare the due time
 * (`due_time < before_time`, `due_time >= after_time`), so undated and untimed tasks never
 * match them.
 */
export interface RescheduleFilter {
  q?: string;
  tags?: string[];
  due_date?: string;
  before_time?: string;
  after_time?: string;
  overdue?: boolean;
}

/** A new date, a new time or both. What is not given stays as it was on each task. */
export interface RescheduleTasksArgs {
  filter: RescheduleFilter;
  new_date?: string;
  new_time?: string;
}

/**
 * Why a command was not understood. The parser never guesses: it returns one of these, and
 * the reply explains what to write instead.
 */
export const UNKNOWN_REASONS = [
  /** Nothing but spaces or punctuation. */
  'empty',
  /** No command word (add, show, complete, delete, move, remind…) was found. */
  'no_command',
  /** An add or remind command with no words left for the title. */
  'missing_title',
  /** A complete, delete, update or reminder command that does not name a task. */
  'missing_task',
  /** A reminder or move without a day or time. */
  'missing_time',
  /** A change command whose new value was not understood ("set priority of X to soon"). */
  'missing_change',
  /** A date that does not exist, such as 31/02/2027. */
  'invalid_date',
  /** The title is longer than a task allows. */
  'title_too_long',
  /** The message is longer than any command (MAX_COMMAND_LENGTH characters). */
  'too_long',
  /** "delete all tasks": offline, tasks are deleted one at a time. */
  'bulk_delete',
  /** A move that would apply to every task, with no condition to narrow it. */
  'filter_too_broad',
] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

/** A command as a call of one of the agent's task tools, or `unknown`. */
export type ParsedCommand =
  | { tool: 'add_task'; language: CommandLanguage; args: AddTaskArgs }
  | { tool: 'list_tasks'; language: CommandLanguage; args: ListTasksArgs }
  | { tool: 'complete_task'; language: CommandLanguage; args: { match: TaskMatch } }
  | { tool: 'delete_task'; language: CommandLanguage; args: { match: TaskMatch } }
  | {
      tool: 'update_task';
      language: CommandLanguage;
      args: { match: TaskMatch; changes: TaskChanges };
    }
  | { tool: 'reschedule_tasks'; language: CommandLanguage; args: RescheduleTasksArgs }
  | {
      tool: 'set_reminder';
      language: CommandLanguage;
      args: { match: TaskMatch; reminders: Reminder[] };
    }
  | { tool: 'unknown'; language: CommandLanguage; reason: UnknownReason };

export type CommandTool = ParsedCommand['tool'];

/** The instant the user spoke and their IANA time zone, against which dates are resolved. */
export interface ParseOptions {
  now: Date;
  timeZone: string;
}
