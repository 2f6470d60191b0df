import {
  DEFAULT_DATE_ONLY_REMINDER_TIME,
  dueInstant,
  isCalendarDate,
  isTimeOfDay,
  type Reminder,
  reminderInstants,
  TASK_LIMITS,
  type Task,
  wallTimeAt,
} from '@fehrist/domain';
import type { TFunction } from 'i18next';

/** Lead times the reminder picker offers, in minutes before the due moment. */
export const REMINDER_PRESETS = [0, 5, 10, 15, 30, 60, 1440] as const;

export const MINUTES_PER_UNIT = { minutes: 1, hours: 60, days: 1440 } as const;
export type LeadUnit = keyof typeof MINUTES_PER_UNIT;

const pad = (value: number) => String(value).padStart(2, '0');

/** Two reminders are the same when they fire at the same offset or the same instant. */
function reminderKey(reminder: Reminder): string {
  return 'at' in reminder
    ? `at:${new Date(reminder.at).toISOString()}`
    : `m:${reminder.minutes_before}`;
}

/**
 * Adds a reminder unless the task already has the same one. Returns null when the task already
 * has the maximum the domain allows (TASK_LIMITS.remindersMax).
 */
export function addReminder(list: readonly Reminder[], reminder: Reminder): Reminder[] | null {
  if (list.some((existing) => reminderKey(existing) === reminderKey(reminder))) return [...list];
  if (list.length >= TASK_LIMITS.remindersMax) return null;
  return [...list, reminder];
}

export function removeReminder(list: readonly Reminder[], index: number): Reminder[] {
  return list.filter((_, position) => position !== index);
}

/** Sorts "minutes before" reminders from the latest lead time down, then absolute ones by time. */
export function sortReminders(list: readonly Reminder[]): Reminder[] {
  const rank = (reminder: Reminder) =>
    'at' in reminder ? Date.parse(reminder.at) : -reminder.minutes_before;
  return [...list].sort((a, b) => {
    const aAt = 'at' in a;
    const bAt = 'at' in b;
    if (aAt !== bAt) return aAt ? 1 : -1;
    return rank(a) - rank(b);
  });
}

/** Minutes from an amount and unit typed in the picker, or null unless a whole number above 0. */
export function leadMinutes(amount: string, unit: LeadUnit): number | null {
  if (!/^\d{1,6}$/.test(amount.trim())) return null;
  const value = Number(amount.trim());
  if (value <= 0) return null;
  return value * MINUTES_PER_UNIT[unit];
}

/** Converts a `datetime-local` value (`YYYY-MM-DDTHH:MM`) in `zone` to an ISO instant. */
export function instantFromLocalInput(value: string, zone: string): string | null {
  const [date, time] = value.split('T');
  if (!date || !time) return null;
  const minutes = time.slice(0, 5);
  if (!isCalendarDate(date) || !isTimeOfDay(minutes)) return null;
  return dueInstant(date, minutes, zone).toISOString();
}

/** Formats an instant as the `datetime-local` value of its wall time in `zone`. */
export function localInputFromInstant(instant: Date | string, zone: string): string {
  const wall = wallTimeAt(new Date(instant), zone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Formats an instant as a short date and time in `zone`, as the reminder list shows it. */
export function formatInstant(instant: Date | string, locale: string, zone: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant));
}

/** Describes one reminder in words: "15 minutes before", "1 day before", "On Tue 12 Jan, 08:45". */
export function describeReminder(
  reminder: Reminder,
  t: TFunction,
  locale: string,
  zone: string,
): string {
  if ('at' in reminder)
    return t('reminders.at', { time: formatInstant(reminder.at, locale, zone) });
  const minutes = reminder.minutes_before;
  if (minutes === 0) return t('reminders.atTime');
  if (minutes % MINUTES_PER_UNIT.days === 0)
    return t('reminders.daysBefore', { count: minutes / MINUTES_PER_UNIT.days });
  if (minutes % MINUTES_PER_UNIT.hours === 0)
    return t('reminders.hoursBefore', { count: minutes / MINUTES_PER_UNIT.hours });
  return t('reminders.minutesBefore', { count: minutes });
}

/**
 * Returns the first reminder instant after `now` for a task as the editor would save it, or
 * null. It uses the domain's reminderInstants, so it agrees with what the notifier schedules.
 * A date-only due counts from the default 09:00, which the server's DATE_ONLY_REMINDER_TIME
 * may change.
 */
export function nextReminder(
  task: Pick<Task, 'due_date' | 'due_time' | 'time_zone' | 'reminders' | 'completed' | 'deleted'>,
  now: Date,
): string | null {
  const instants = reminderInstants(task as Task, DEFAULT_DATE_ONLY_REMINDER_TIME);
  return instants.find((instant) => Date.parse(instant) > now.getTime()) ?? null;
}

/** Returns an absolute reminder `minutes` after `now`, for "Snooze 10 minutes". */
export function snoozeReminder(now: Date, minutes = 10): Reminder {
  return { at: new Date(now.getTime() + minutes * 60_000).toISOString() };
}

/**
 * Returns the zone's long localized name ("Pakistan Standard Time"), or the IANA name when
 * Intl has none.
 */
export function timeZoneLongName(zone: string, locale: string, at = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((item) => item.type === 'timeZoneName');
    return part?.value ?? zone;
  } catch {
    return zone;
  }
}
