import type { Task } from '@fehrist/domain';
import { type NotificationLanguage, STRINGS } from './messages';

/** The JSON a reminder push carries; the PWA's service worker turns it into a notification. */
export interface ReminderPayload {
  type: 'reminder';
  task_id: string;
  title: string;
  body: string;
  due_at: string | null;
  remind_at: string;
  /** True when the reminder went out later than planned, for example after an outage. */
  late: boolean;
  actions: { action: 'complete' | 'snooze'; title: string }[];
  url: string;
  /** Notification tag, so a device shows one notification per reminder occurrence. */
  tag: string;
}

export function buildReminderPayload(
  task: Task,
  remindAt: string,
  late: boolean,
  language: NotificationLanguage,
): ReminderPayload {
  const strings = STRINGS[language];
  return {
    type: 'reminder',
    task_id: task.id,
    title: task.title,
    body: describeDue(task, language),
    due_at: task.due_at,
    remind_at: remindAt,
    late,
    actions: [
      { action: 'complete', title: strings.markDone },
      { action: 'snooze', title: strings.snooze },
    ],
    url: `/tasks/${task.id}`,
    tag: `reminder-${task.id}-${Date.parse(remindAt) / 1000}`,
  };
}

// Building an Intl.DateTimeFormat costs far more than formatting with one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** Formats the due date, with its time when it has one, in the task's own time zone. */
export function describeDue(task: Task, language: NotificationLanguage): string {
  const strings = STRINGS[language];
  if (!task.due_date) return strings.noDueDate;

  if (task.due_time && task.due_at) {
    const when = formatter(strings.locale, {
      timeZone: task.time_zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(task.due_at));
    return strings.due(when);
  }

  // A date-only due is a calendar day, not an instant: format it at noon UTC so no zone
  // offset can move it to the day before or after.
  const day = new Date(`${task.due_date}T12:00:00Z`);
  const when = formatter(strings.locale, {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(day);
  return strings.due(when);
}
