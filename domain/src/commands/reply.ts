import { isoWeekday, parseRRule } from '../recurrence';
import type { Priority, RecurrenceMode, Reminder } from '../task-model';
import { formatDate, formatTime, parseDate, wallTimeAt } from '../time';
import { REPLY_TEXT, type ReplyText } from './reply-text';
import type { CommandLanguage, ParsedCommand, TaskMatch } from './types';

/** The fields of a task that a reply may mention, as the tools return them. */
export interface TaskSummary {
  id?: string;
  title: string;
  due_date?: string | null;
  due_time?: string | null;
  /** The task's IANA zone, used to show reminders set for an absolute instant. */
  time_zone?: string;
  completed?: boolean;
  priority?: Priority;
  tags?: string[];
  recurrence?: { rrule: string; from: RecurrenceMode } | null;
  reminders?: Reminder[];
}

/** What a tool call did, as far as the reply needs to know. */
export type ToolOutcome =
  | { kind: 'added'; task: TaskSummary }
  | { kind: 'listed'; tasks: TaskSummary[] }
  | { kind: 'completed'; task: TaskSummary }
  | { kind: 'deleted'; task: TaskSummary }
  | { kind: 'updated'; task: TaskSummary }
  | { kind: 'rescheduled'; tasks: TaskSummary[] }
  | { kind: 'reminder_set'; task: TaskSummary }
  /** Several tasks match the words given, so nothing was changed and the user must pick one. */
  | { kind: 'candidates'; tasks: TaskSummary[] }
  | { kind: 'not_found' }
  | { kind: 'failed'; message: string };

function formatDay(date: string, text: ReplyText): string {
  const { year, month, day } = parseDate(date);
  return `${text.weekdays[isoWeekday(date) - 1]} ${day} ${text.months[month - 1]} ${year}`;
}

function formatWhen(
  date: string | null | undefined,
  time: string | null | undefined,
  text: ReplyText,
): string {
  if (date && time) return text.dateTime(formatDay(date, text), time);
  if (date) return formatDay(date, text);
  return time ?? '';
}

function describeReminder(reminder: Reminder, zone: string | undefined, text: ReplyText): string {
  if ('at' in reminder) {
    const wall = wallTimeAt(new Date(reminder.at), zone ?? 'UTC');
    const when = text.dateTime(formatDay(formatDate(wall), text), formatTime(wall));
    return text.at(zone ? when : `${when} UTC`);
  }
  const minutes = reminder.minutes_before;
  if (minutes === 0) return text.atDue;
  if (minutes % 10_080 === 0) return text.before(minutes / 10_080, 'week');
  if (minutes % 1440 === 0) return text.before(minutes / 1440, 'day');
  if (minutes % 60 === 0) return text.before(minutes / 60, 'hour');
  return text.before(minutes, 'minute');
}

function describeRepeat(
  recurrence: { rrule: string; from: RecurrenceMode },
  text: ReplyText,
): string {
  const rule = parseRRule(recurrence.rrule);
  const weekdays = rule.byDay.map((day) => day.weekday);
  let description: string;
  if (rule.freq === 'WEEKLY' && weekdays.join() === '1,2,3,4,5') description = text.everyWeekday;
  else if (rule.freq === 'WEEKLY' && weekdays.length > 0 && rule.interval === 1) {
    description = text.everyWeekdays(weekdays.map((day) => text.weekdays[day - 1]).join(text.and));
  } else if (rule.freq === 'MONTHLY' && rule.byMonthDay[0] === -1)
    description = text.lastDayOfMonth;
  else if (rule.freq === 'MONTHLY' && rule.byMonthDay.length === 1) {
    description = text.monthDay(rule.byMonthDay[0] ?? 1);
  } else {
    const unit = ({ DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' } as const)[
      rule.freq
    ];
    description = text.every(unit, rule.interval);
  }
  return recurrence.from === 'completion' ? description + text.fromCompletion : description;
}

function taskLine(task: TaskSummary, text: ReplyText): string {
  const when = formatWhen(task.due_date, task.due_time, text);
  return `${text.quote(task.title)}${when ? ` — ${when}` : ''}${task.completed ? text.done : ''}`;
}

function addedReply(task: TaskSummary, text: ReplyText): string {
  const sentences = [text.added(text.quote(task.title))];
  if (task.due_date)
    sentences.push(
      text.due(formatWhen(task.due_date, task.due_time, text), Boolean(task.due_time)),
    );
  if (task.priority && task.priority !== 'none')
    sentences.push(text.priorityIs(text.priority[task.priority]));
  if (task.tags && task.tags.length > 0) {
    sentences.push(text.tagsAre(text.join(task.tags.map((tag) => `#${tag}`))));
  }
  if (task.recurrence) sentences.push(text.repeats(describeRepeat(task.recurrence, text)));
  if (task.reminders && task.reminders.length > 0) {
    const reminders = task.reminders.map((reminder) =>
      describeReminder(reminder, task.time_zone, text),
    );
    sentences.push(text.reminderIs(reminders.join(text.and)));
  }
  return sentences.join(' ');
}

function updatedReply(command: ParsedCommand, task: TaskSummary, text: ReplyText): string {
  const title = text.quote(task.title);
  const changes = command.tool === 'update_task' ? command.args.changes : {};
  const sentences: string[] = [];
  if (changes.title) sentences.push(text.renamed(title));
  if (changes.priority)
    sentences.push(text.priorityChanged(title, text.priority[changes.priority]));
  if (changes.due_date || changes.due_time) {
    sentences.push(text.dueChanged(title, formatWhen(task.due_date, task.due_time, text)));
  }
  return sentences.length > 0
    ? sentences.join(' ')
    : text.dueChanged(title, formatWhen(task.due_date, task.due_time, text));
}

function matchText(match: TaskMatch, text: ReplyText): string {
  return text.quote('text' in match ? match.text : match.id);
}

function commandMatch(command: ParsedCommand): TaskMatch | undefined {
  switch (command.tool) {
    case 'complete_task':
    case 'delete_task':
    case 'update_task':
    case 'set_reminder':
      return command.args.match;
    default:
      return undefined;
  }
}

/**
 * Phrases the reply to a command from what its tool did, in English, Urdu script or Roman
 * Urdu. Task titles appear exactly as stored, in quotes and inside Unicode isolates, so a
 * title in another script does not reorder the sentence around it. For an `unknown`
 * command the outcome is ignored and may be null.
 */
export function replyFor(
  command: ParsedCommand,
  outcome: ToolOutcome | null,
  language: CommandLanguage,
): string {
  const text = REPLY_TEXT[language];
  if (command.tool === 'unknown') return text.unknown[command.reason];
  if (!outcome) return text.failed('no result');

  switch (outcome.kind) {
    case 'added':
      return addedReply(outcome.task, text);
    case 'listed': {
      if (outcome.tasks.length === 0) {
        const overdue = command.tool === 'list_tasks' && command.args.overdue;
        return overdue ? text.noneOverdue : text.noneListed;
      }
      const lines = outcome.tasks.map((task) => `• ${taskLine(task, text)}`);
      return [text.listed(outcome.tasks.length), ...lines].join('\n');
    }
    case 'completed':
      return text.completed(text.quote(outcome.task.title));
    case 'deleted':
      return text.deleted(text.quote(outcome.task.title));
    case 'updated':
      return updatedReply(command, outcome.task, text);
    case 'rescheduled': {
      if (outcome.tasks.length === 0) return text.noneRescheduled;
      const args = command.tool === 'reschedule_tasks' ? command.args : undefined;
      const when = formatWhen(args?.new_date, args?.new_time, text);
      const titles = text.join(outcome.tasks.map((task) => text.quote(task.title)));
      return text.rescheduled(outcome.tasks.length, when, titles);
    }
    case 'reminder_set': {
      const reminders =
        command.tool === 'set_reminder' ? command.args.reminders : (outcome.task.reminders ?? []);
      const description = reminders
        .map((reminder) => describeReminder(reminder, outcome.task.time_zone, text))
        .join(text.and);
      return text.reminderSet(text.quote(outcome.task.title), description);
    }
    case 'candidates': {
      const match = commandMatch(command);
      const lines = outcome.tasks.map((task, index) => `${index + 1}. ${taskLine(task, text)}`);
      const question = text.candidates(outcome.tasks.length, match ? matchText(match, text) : '');
      return [question, ...lines, text.unchanged].join('\n');
    }
    case 'not_found': {
      const match = commandMatch(command);
      return match ? text.notFound(matchText(match, text)) : text.noneFound;
    }
    case 'failed':
      return text.failed(outcome.message);
  }
}
