import { isOverdue, localDate, type Task } from '@fehrist/domain';
import { displayDay } from './view';

export type DueTone = 'overdue' | 'today' | 'soon' | 'later';

export interface DueLabelParts {
  /** today, tomorrow or yesterday; otherwise null, and `date` contains the formatted day. */
  relative: 'today' | 'tomorrow' | 'yesterday' | null;
  date: string;
  /** The due time in the user's zone, formatted; null for a date-only due. */
  time: string | null;
  tone: DueTone;
}

const DAY_MS = 86_400_000;

// Building an Intl.DateTimeFormat costs far more than formatting with one, and every visible
// row formats a date, so formatters are kept per locale, zone and options.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale, options]);
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/**
 * Describes when a task is due, in the user's zone and locale. A date-only due is shown as the
 * date it names in every zone; a timed due is converted to the user's wall time.
 */
export function dueLabelParts(
  task: Task,
  now: Date,
  locale: string,
  userZone: string,
): DueLabelParts | null {
  const day = displayDay(task, userZone);
  if (!day) return null;

  const distance = dayNumber(day) - dayNumber(localDate(now, userZone));
  const relativeNames: Record<number, DueLabelParts['relative']> = {
    0: 'today',
    1: 'tomorrow',
    [-1]: 'yesterday',
  };
  const relative = relativeNames[distance] ?? null;

  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const sameYear = year === Number(localDate(now, userZone).slice(0, 4));
  const thisWeek = distance > 1 && distance < 7;
  const dateOptions: Intl.DateTimeFormatOptions = thisWeek
    ? { timeZone: 'UTC', weekday: 'long' }
    : sameYear
      ? { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }
      : { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
  const formatted = formatter(locale, dateOptions).format(
    new Date(Date.UTC(year, month - 1, date)),
  );

  const time =
    task.due_time && task.due_at
      ? formatter(locale, { timeZone: userZone, hour: 'numeric', minute: '2-digit' }).format(
          new Date(task.due_at),
        )
      : null;

  let tone: DueTone = 'later';
  if (isOverdue(task, now)) tone = 'overdue';
  else if (distance <= 0) tone = 'today';
  else if (distance < 7) tone = 'soon';

  return { relative, date: formatted, time, tone };
}
