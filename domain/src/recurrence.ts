import { addDays, daysInMonth, formatDate, parseDate } from './time';

// Recurrence rules are a subset of RFC 5545 RRULE evaluated on calendar dates in the
// task's own zone; the time of day is kept separately, so occurrences never drift across
// daylight-saving changes. Unlike RFC 5545, a day of month that a month lacks (the 31st in
// April) falls on that month's last day instead of being skipped, as todo apps do.

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** A weekday (1 = Monday … 7 = Sunday), with an ordinal within the month or year if given. */
export interface WeekdayRule {
  weekday: number;
  ordinal?: number;
}

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byDay: WeekdayRule[];
  byMonthDay: number[];
  byMonth: number[];
  /** Last date an occurrence may fall on, in the task's zone. */
  until?: string;
  count?: number;
}

export class RecurrenceRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecurrenceRuleError';
  }
}

const MAX_INTERVAL = 1000;
const MAX_COUNT = 10_000;
// Enough to step over any realistic gap (a daily rule over a century), and a bound
// for rules such as "February 30th" that never occur.
const MAX_STEPS = 50_000;

/** Parses an RRULE such as `FREQ=MONTHLY;BYMONTHDAY=31`; an `RRULE:` prefix is allowed. */
export function parseRRule(text: string): RecurrenceRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) throw new RecurrenceRuleError('rrule is empty; start it with FREQ=');

  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [rawName, value, extra] = part.split('=');
    const name = rawName?.trim().toUpperCase() ?? '';
    if (!name || value === undefined || extra !== undefined) {
      throw new RecurrenceRuleError(`rrule part "${part}" is not NAME=VALUE`);
    }
    if (parts.has(name)) throw new RecurrenceRuleError(`rrule repeats ${name}`);
    parts.set(name, value.trim().toUpperCase());
  }

  const supported = new Set([
    'FREQ',
    'INTERVAL',
    'BYDAY',
    'BYMONTHDAY',
    'BYMONTH',
    'UNTIL',
    'COUNT',
    'WKST',
  ]);
  for (const name of parts.keys()) {
    if (!supported.has(name)) {
      throw new RecurrenceRuleError(
        `rrule part ${name} is not supported; use ${[...supported].join(', ')}`,
      );
    }
  }

  const freq = parts.get('FREQ');
  if (!freq || !(FREQUENCIES as readonly string[]).includes(freq)) {
    throw new RecurrenceRuleError(`rrule FREQ must be one of ${FREQUENCIES.join(', ')}`);
  }
  if (parts.get('WKST') !== undefined && parts.get('WKST') !== 'MO') {
    throw new RecurrenceRuleError('rrule WKST must be MO, the only week start supported');
  }

  const rule: RecurrenceRule = {
    freq: freq as Frequency,
    interval: parseInteger(parts.get('INTERVAL') ?? '1', 'INTERVAL', 1, MAX_INTERVAL),
    byDay: parseByDay(parts.get('BYDAY'), freq as Frequency),
    byMonthDay: parseList(parts.get('BYMONTHDAY'), 'BYMONTHDAY', -31, 31, true),
    byMonth: parseList(parts.get('BYMONTH'), 'BYMONTH', 1, 12, false),
  };

  const until = parts.get('UNTIL');
  const count = parts.get('COUNT');
  if (until !== undefined && count !== undefined) {
    throw new RecurrenceRuleError('rrule may have UNTIL or COUNT, not both');
  }
  if (until !== undefined) rule.until = parseUntil(until);
  if (count !== undefined) rule.count = parseInteger(count, 'COUNT', 1, MAX_COUNT);

  if (rule.byMonthDay.length > 0 && rule.byDay.length > 0) {
    throw new RecurrenceRuleError('rrule may have BYDAY or BYMONTHDAY, not both');
  }
  if (rule.freq === 'YEARLY' && rule.byDay.length > 0 && rule.byMonth.length === 0) {
    throw new RecurrenceRuleError(
      'a yearly rule with BYDAY needs BYMONTH, for example BYMONTH=11;BYDAY=4TH',
    );
  }
  return rule;
}

/** Writes a rule back as RRULE text in a stable order, so equal rules compare equal. */
export function formatRRule(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length > 0) {
    parts.push(
      `BYDAY=${rule.byDay.map((day) => `${day.ordinal ?? ''}${WEEKDAY_CODES[day.weekday - 1]}`).join(',')}`,
    );
  }
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.replaceAll('-', '')}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  return parts.join(';');
}

/**
 * Lists the occurrence dates of a series that starts on `anchor`, in order. The anchor
 * supplies what the rule leaves out: the weekday of a weekly rule, the day of a monthly
 * one, the month and day of a yearly one. UNTIL and COUNT end the list.
 */
export function* occurrences(rule: RecurrenceRule, anchor: string): Generator<string> {
  let produced = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    for (const date of periodDates(rule, anchor, step)) {
      if (date < anchor) continue;
      if (rule.until && date > rule.until) return;
      if (rule.count !== undefined && produced >= rule.count) return;
      produced++;
      yield date;
    }
  }
}

/** Returns the first occurrence after `after` with its 1-based position, or null when the series has ended. */
export function nextOccurrence(
  rule: RecurrenceRule,
  anchor: string,
  after: string,
): { date: string; position: number } | null {
  let position = 0;
  for (const date of occurrences(rule, anchor)) {
    position++;
    if (date > after) return { date, position };
  }
  return null;
}

function periodDates(rule: RecurrenceRule, anchor: string, step: number): string[] {
  const start = parseDate(anchor);
  switch (rule.freq) {
    case 'DAILY': {
      const date = addDays(anchor, step * rule.interval);
      return matchesFilters(rule, date) ? [date] : [];
    }
    case 'WEEKLY': {
      const monday = addDays(anchor, 1 - isoWeekday(anchor) + step * 7 * rule.interval);
      const weekdays =
        rule.byDay.length > 0 ? rule.byDay.map((day) => day.weekday) : [isoWeekday(anchor)];
      return sortedUnique(weekdays.map((weekday) => addDays(monday, weekday - 1))).filter((date) =>
        matchesMonth(rule, date),
      );
    }
    case 'MONTHLY': {
      const monthIndex = start.month - 1 + step * rule.interval;
      const year = start.year + Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      if (rule.byMonth.length > 0 && !rule.byMonth.includes(month)) return [];
      return datesInMonth(rule, year, month, start.day);
    }
    case 'YEARLY': {
      const year = start.year + step * rule.interval;
      const months = rule.byMonth.length > 0 ? rule.byMonth : [start.month];
      return sortedUnique(months.flatMap((month) => datesInMonth(rule, year, month, start.day)));
    }
  }
}

function datesInMonth(
  rule: RecurrenceRule,
  year: number,
  month: number,
  anchorDay: number,
): string[] {
  const length = daysInMonth(year, month);
  if (rule.byMonthDay.length > 0) {
    return sortedUnique(
      rule.byMonthDay.map((day) => {
        const resolved = day > 0 ? Math.min(day, length) : Math.max(1, length + day + 1);
        return formatDate({ year, month, day: resolved });
      }),
    );
  }
  if (rule.byDay.length > 0) {
    return sortedUnique(rule.byDay.flatMap((day) => weekdaysInMonth(year, month, day)));
  }
  return [formatDate({ year, month, day: Math.min(anchorDay, length) })];
}

function weekdaysInMonth(year: number, month: number, rule: WeekdayRule): string[] {
  const first = formatDate({ year, month, day: 1 });
  const offset = (rule.weekday - isoWeekday(first) + 7) % 7;
  const all: string[] = [];
  for (let day = 1 + offset; day <= daysInMonth(year, month); day += 7) {
    all.push(formatDate({ year, month, day }));
  }
  if (rule.ordinal === undefined) return all;
  const picked = rule.ordinal > 0 ? all[rule.ordinal - 1] : all[all.length + rule.ordinal];
  return picked ? [picked] : [];
}

function matchesFilters(rule: RecurrenceRule, date: string): boolean {
  if (!matchesMonth(rule, date)) return false;
  if (rule.byDay.length > 0 && !rule.byDay.some((day) => day.weekday === isoWeekday(date)))
    return false;
  if (rule.byMonthDay.length > 0) {
    const { year, month, day } = parseDate(date);
    const length = daysInMonth(year, month);
    return rule.byMonthDay.some((wanted) => (wanted > 0 ? wanted : length + wanted + 1) === day);
  }
  return true;
}

function matchesMonth(rule: RecurrenceRule, date: string): boolean {
  return rule.byMonth.length === 0 || rule.byMonth.includes(parseDate(date).month);
}

/** ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function sortedUnique(dates: string[]): string[] {
  return [...new Set(dates)].sort();
}

function parseInteger(value: string, name: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new RecurrenceRuleError(`rrule ${name} must be a whole number`);
  const number = Number(value);
  if (number < min || number > max) {
    throw new RecurrenceRuleError(`rrule ${name} must be from ${min} to ${max}`);
  }
  return number;
}

function parseList(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  signed: boolean,
): number[] {
  if (value === undefined) return [];
  return value.split(',').map((item) => {
    const number = parseInteger(item, name, min, max);
    if (signed && number === 0) throw new RecurrenceRuleError(`rrule ${name} must not be 0`);
    return number;
  });
}

function parseByDay(value: string | undefined, freq: Frequency): WeekdayRule[] {
  if (value === undefined) return [];
  return value.split(',').map((item) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
    if (!match) {
      throw new RecurrenceRuleError(
        `rrule BYDAY "${item}" must be a weekday code such as MO, or 2MO or -1FR`,
      );
    }
    const weekday = WEEKDAY_CODES.indexOf(match[2] as WeekdayCode) + 1;
    if (match[1] === undefined) return { weekday };

    const ordinal = Number(match[1]);
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
      throw new RecurrenceRuleError('rrule BYDAY ordinals such as 2MO need FREQ=MONTHLY or YEARLY');
    }
    if (ordinal === 0 || ordinal < -5 || ordinal > 5) {
      throw new RecurrenceRuleError(`rrule BYDAY ordinal in "${item}" must be from -5 to 5, not 0`);
    }
    return { weekday, ordinal };
  });
}

/**
 * UNTIL as a calendar date. A date-time form is cut to its date, which is exact for the
 * date-only and midnight-UTC values apps write; a rule ending mid-day would keep one more
 * occurrence that day.
 */
function parseUntil(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value);
  if (!match) throw new RecurrenceRuleError('rrule UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSSZ');
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  const { year, month, day } = parseDate(date);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RecurrenceRuleError(`rrule UNTIL ${value} is not a real date`);
  }
  return date;
}
