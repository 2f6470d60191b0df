import { isoWeekday } from '../recurrence';
import { addDays, formatDate, wallTimeAt } from '../time';
import {
  addMonths,
  calendarDate,
  InvalidDateError,
  monthRange,
  weekRange,
  yearRange,
} from './calendar';
import { indexOfWord, type Period, type SovWords } from './lexicon';
import { B, E, rx } from './text';
import type { Clock } from './when';

// What the date rules share: the record they fill, the helpers that fill it, and the rules that
// read the same in every language. English rules are in english-dates.ts, Urdu ones in
// urdu-dates.ts, and when.ts runs them in order.

/** A time of day as written in the command, before a period word or a guess makes it 24-hour time. */
export interface SaidTime {
  hour: number;
  minute: number;
  meridiem?: 'am' | 'pm';
  /** Written as 24-hour time ("14:00", "09:30"), so no guessing is needed. */
  exact?: boolean;
  /** Midnight: 00:00 at the end of the named day. */
  midnight?: boolean;
}

/** What the rules have read from one phrase so far. */
export interface Found {
  date?: string;
  range?: { from: string; to: string };
  said?: SaidTime;
  period?: Period;
}

export interface Rule {
  /** Which slot the rule fills. It is skipped once that slot is filled. */
  slot: 'date' | 'time' | 'period';
  pattern: RegExp;
  apply(match: RegExpExecArray, clock: Clock, found: Found): void;
}

// A Roman Urdu or Urdu postposition after a date written the English way ("13 january ko").
export const POSTPOSITION = `(?:\\s+(?:ko|tak|ke\\s+din|کو|تک|کے\\s+دن)${E})?`;

export function group(match: RegExpExecArray, name: string): string | undefined {
  return match.groups?.[name];
}

/** The unit a duration word names ("days", "ghante", "ہفتے"). */
export function unitOf(
  word: string,
  words: SovWords | undefined,
): 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year' {
  const folded = word.trim().replace(/\s+/g, ' ');
  if (words) {
    if (words.minute.includes(folded)) return 'minute';
    if (words.hour.includes(folded)) return 'hour';
    if (words.day.includes(folded)) return 'day';
    if (words.week.includes(folded)) return 'week';
    if (words.month.includes(folded)) return 'month';
    if (words.year.includes(folded)) return 'year';
  }
  if (folded.startsWith('min')) return 'minute';
  if (folded.startsWith('h')) return 'hour';
  if (folded.startsWith('d')) return 'day';
  if (folded.startsWith('w')) return 'week';
  if (folded.startsWith('mo')) return 'month';
  return 'year';
}

/** Moves a date and time by a duration. Minutes and hours go through the user's zone. */
export function shifted(
  clock: Clock,
  amount: number,
  unit: ReturnType<typeof unitOf>,
  found: Found,
): void {
  switch (unit) {
    case 'minute':
    case 'hour': {
      const instant = new Date(
        clock.now.getTime() + amount * (unit === 'hour' ? 3_600_000 : 60_000),
      );
      const wall = wallTimeAt(instant, clock.timeZone);
      found.date = formatDate(wall);
      found.said = { hour: wall.hour, minute: wall.minute, exact: true };
      return;
    }
    case 'day':
      found.date = addDays(clock.today, amount);
      return;
    case 'week':
      found.date = addDays(clock.today, amount * 7);
      return;
    case 'month':
      found.date = addMonths(clock.today, amount);
      return;
    case 'year':
      found.date = addMonths(clock.today, amount * 12);
      return;
  }
}

/** "this/next week" and the like: the span, and the due date of a task added for it. */
export function spanOf(clock: Clock, unit: string, next: boolean, found: Found): void {
  const range =
    unit === 'week'
      ? weekRange(clock.today, next)
      : unit === 'month'
        ? monthRange(clock.today, next)
        : yearRange(clock.today, next);
  found.range = range;
  // "next week" starts then, but "this week" is a deadline at its end.
  found.date = next ? range.from : range.to;
}

export function weekendOf(clock: Clock, next: boolean, found: Found): void {
  const weekday = isoWeekday(clock.today);
  const saturday = weekday === 7 ? addDays(clock.today, -1) : addDays(clock.today, 6 - weekday);
  const start = next ? addDays(saturday, 7) : saturday;
  found.range = { from: start, to: addDays(start, 1) };
  found.date = !next && weekday === 7 ? clock.today : start;
}

export function applyMonthDate(
  match: RegExpExecArray,
  clock: Clock,
  found: Found,
  months: readonly (readonly string[])[],
): void {
  const month = indexOfWord(months, group(match, 'mon') ?? '') + 1;
  const yearText = group(match, 'y');
  found.date = calendarDate(
    clock.today,
    match[0],
    Number(group(match, 'd')),
    month,
    yearText ? Number(yearText) : undefined,
  );
}

// Rules that read the same in every language: numeric dates and 24-hour times.
export const NEUTRAL_RULES: Rule[] = [
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for)\s+)?(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})${E}${POSTPOSITION}`,
    apply(match, clock, found) {
      found.date = calendarDate(
        clock.today,
        match[0],
        Number(group(match, 'd')),
        Number(group(match, 'm')),
        Number(group(match, 'y')),
      );
    },
  },
  {
    // Day first, as in Pakistan and most of the world: 13/01/2027 is 13 January.
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for)\s+)?(?<d>\d{1,2})(?<sep>[/.-])(?<m>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})${E}${POSTPOSITION}`,
    apply(match, clock, found) {
      found.date = calendarDate(
        clock.today,
        match[0],
        Number(group(match, 'd')),
        Number(group(match, 'm')),
        Number(group(match, 'y')),
      );
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for)\s+)?(?<d>\d{1,2})/(?<m>\d{1,2})${E}${POSTPOSITION}`,
    apply(match, clock, found) {
      found.date = calendarDate(
        clock.today,
        match[0],
        Number(group(match, 'd')),
        Number(group(match, 'm')),
      );
    },
  },
  {
    slot: 'time',
    pattern: rx`${B}(?:(?:at|@|by|around)\s+)?(?<h>\d{1,2})[:.](?<m>[0-5]\d)\s*(?<ap>a\.?m\.?|p\.?m\.?)?(?:\s*(?:بجے|baje|bajay|bje|o'?clock|hrs|h)${E})?(?![\p{L}\p{M}\p{N}_:]|\.\d)`,
    apply(match, _clock, found) {
      const hourText = group(match, 'h') ?? '';
      const ap = group(match, 'ap');
      const hour = Number(hourText);
      const minute = Number(group(match, 'm'));
      if (hour > 23) throw new InvalidDateError(match[0]);
      found.said = {
        hour,
        minute,
        meridiem: ap ? (ap.startsWith('a') ? 'am' : 'pm') : undefined,
        exact: !ap && (hourText.length === 2 || hour === 0 || hour > 12),
      };
    },
  },
];
