import {
  addDays,
  localDate,
  normalizeTags,
  PRIORITIES,
  type Priority,
  type Reminder,
  type Task,
  wallTimeAt,
} from '@fehrist/domain';
import type { TaskPatch } from '../app/actions';
import {
  type RepeatChoice,
  recurrenceFromChoice,
  repeatChoiceFromRecurrence,
  sameRecurrence,
} from '../notifications/repeat-choice';

/** The editor's form values: plain strings, as the inputs hold them. */
export interface EditorFields {
  title: string;
  description: string;
  priority: Priority;
  tags: string;
  dueDate: string;
  dueTime: string;
  repeat: RepeatChoice;
  reminders: Reminder[];
  completed: boolean;
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * Fills the form from a task. A timed due is shown as the wall time in the user's zone. A
 * date-only due keeps its date, because it names a day, not an instant.
 */
export function fieldsFromTask(task: Task, userZone: string): EditorFields {
  let dueDate = task.due_date ?? '';
  let dueTime = task.due_time ?? '';
  if (task.due_time && task.due_at && task.time_zone !== userZone) {
    const wall = wallTimeAt(new Date(task.due_at), userZone);
    dueDate = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
    dueTime = `${pad(wall.hour)}:${pad(wall.minute)}`;
  }
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    tags: task.tags.join(', '),
    dueDate,
    dueTime,
    repeat: repeatChoiceFromRecurrence(task.recurrence, dueDate),
    reminders: [...task.reminders],
    completed: task.completed,
  };
}

export function parseTags(text: string): string[] {
  return normalizeTags(text.split(/[,،]/u).filter((tag) => tag.trim() !== ''));
}

/**
 * Returns only the fields the user changed, so an edit of one field on this device and of
 * another field on a second device both survive the sync. A changed due is stored in the
 * user's current zone. `completed` is left out: the editor completes through
 * TaskActions.complete, which sends the occurrence date of a recurring task. The recurrence is
 * sent when what the picker stands for changed, so an untouched rule keeps its anchor and count.
 * Throws RepeatRuleError when the custom rule is not valid.
 */
export function patchFromFields(
  task: Task,
  initial: EditorFields,
  fields: EditorFields,
  userZone: string,
): TaskPatch {
  const patch: TaskPatch = {};
  if (fields.title.trim() !== task.title) patch.title = fields.title;
  if (fields.description !== task.description) patch.description = fields.description;
  if (fields.priority !== task.priority && PRIORITIES.includes(fields.priority))
    patch.priority = fields.priority;

  const tags = parseTags(fields.tags);
  if (tags.join('\u0000') !== task.tags.join('\u0000')) patch.tags = tags;

  if (fields.dueDate !== initial.dueDate || fields.dueTime !== initial.dueTime) {
    patch.due_date = fields.dueDate || null;
    patch.due_time = fields.dueDate && fields.dueTime ? fields.dueTime : null;
    if (fields.dueDate) patch.time_zone = userZone;
  }

  const before = recurrenceFromChoice(initial.repeat, initial.dueDate);
  const after = recurrenceFromChoice(fields.repeat, fields.dueDate);
  if (!after.ok) throw new RepeatRuleError(after.message);
  if (!before.ok || !sameRecurrence(before.recurrence, after.recurrence))
    patch.recurrence = after.recurrence;

  if (JSON.stringify(fields.reminders) !== JSON.stringify(task.reminders))
    patch.reminders = fields.reminders;
  return patch;
}

/** The custom repeat rule cannot be parsed; the message is the domain's. */
export class RepeatRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepeatRuleError';
  }
}

/** Returns the dates behind the editor's quick buttons, in the user's zone. */
export function quickDates(now: Date, userZone: string) {
  const today = localDate(now, userZone);
  return { today, tomorrow: addDays(today, 1), nextWeek: addDays(today, 7) };
}
