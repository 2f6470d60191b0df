import { isoWeekday } from '../recurrence';
import {
  addDays,
  daysInMonth,
  formatDate,
  formatTime,
  isCalendarDate,
  parseDate,
  wallTimeAt,
  zonedTimeToInstant,
} from '../time';
import {
  EN_MONTHS,
  EN_NUMBERS,
  EN_WEEKDAYS,
  indexOfWord,
  numberPattern,
  numberValue,
  PERIOD_TIMES,
  type Period,
  ROMAN_WORDS,
  type SovWords,
  URDU_WORDS,
} from './lexicon';
import { alt, B, E, type Phrase, rx } from './text';

// Dates and times in a phrase, resolved against the user's calendar day. Rules take the text
// they match, so what is left over is the title. One date and one time are taken at most;
// a second date stays in the text.

export type Script = 'latin' | 'urdu';

/** What the date rules need to know about the moment the user spoke. */
export interface Clock {
  now: Date;
  timeZone: string;
  /** The user's calendar day at `now`, `YYYY-MM-DD`. */
  today: string;
  /** The sentence is in the past tense, so کل and kal mean yesterday. */
  past: boolean;
}

/** A time of day as said, before a period word or a guess turns it into 24-hour time. */
interface SaidTime {
  hour: number;
  minute: number;
  meridiem?: 'am' | 'pm';
  /** Written as 24-hour time ("14:00", "09:30"), so no guessing is needed. */
  exact?: boolean;
  /** Midnight: 00:00 at the end of the named day. */
  midnight?: boolean;
}

/** Dates and times found in a phrase. */
export interface When {
  date?: string;
  time?: string;
  /** A span such as "this week", for list filters; `date` is then the day an added task is due. */
  range?: { from: string; to: string };
  /** The period word said ("morning"), kept for filters such as "my morning meetings". */
  period?: Period;
  /** Days to add to the date the caller picks when only a time was said (midnight: 1). */
  dayShift?: number;
}

export class InvalidDateError extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a real calendar date`);
    this.name = 'InvalidDateError';
  }
}

interface Found {
  date?: string;
  range?: { from: string; to: string };
  said?: SaidTime;
  period?: Period;
}

interface Rule {
  /** Which slot the rule fills; it is skipped once that slot is filled. */
  slot: 'date' | 'time' | 'period';
  pattern: RegExp;
  apply(match: RegExpExecArray, clock: Clock, found: Found): void;
}

const EN_WEEKDAY_NAMES = EN_WEEKDAYS.map((names) => names[0] ?? '');
const EN_WEEKDAY_SHORT = EN_WEEKDAYS.flatMap((names) => names.slice(1));
const EN_MONTH_WORDS = EN_MONTHS.flat();
const EN_PERIOD_WORDS = ['morning', 'afternoon', 'evening', 'night'];
const EN_NUMBER = numberPattern(EN_NUMBERS);
// Hours said as words; "a" and "an" count days ("in a week") but never name an hour.
const EN_HOUR = `(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const EN_UNIT = '(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)';

function group(match: RegExpExecArray, name: string): string | undefined {
  return match.groups?.[name];
}

function enPeriod(word: string | undefined): Period | undefined {
  if (word === 'night' || word === 'tonight') return 'night';
  if (word === 'morning' || word === 'afternoon' || word === 'evening') return word;
  return undefined;
}

function unitOf(
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

/** Adds calendar months; a day the target month lacks becomes its last day (31 Jan + 1 = 28 Feb). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** Moves a date and time by a duration; minutes and hours go through the user's zone. */
function shifted(
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

/** The first day with ISO weekday `weekday` (1 = Monday) after today, or in next week. */
export function weekdayDate(today: string, weekday: number, next: boolean): string {
  if (next) {
    const nextMonday = addDays(today, 8 - isoWeekday(today));
    return addDays(nextMonday, weekday - 1);
  }
  const ahead = (weekday - isoWeekday(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

function weekRange(today: string, next: boolean): { from: string; to: string } {
  const monday = addDays(today, 1 - isoWeekday(today) + (next ? 7 : 0));
  return { from: monday, to: addDays(monday, 6) };
}

function monthRange(today: string, next: boolean): { from: string; to: string } {
  const { year, month } = parseDate(addMonths(today.slice(0, 8) + '01', next ? 1 : 0));
  return {
    from: formatDate({ year, month, day: 1 }),
    to: formatDate({ year, month, day: daysInMonth(year, month) }),
  };
}

function yearRange(today: string, next: boolean): { from: string; to: string } {
  const year = parseDate(today).year + (next ? 1 : 0);
  return {
    from: formatDate({ year, month: 1, day: 1 }),
    to: formatDate({ year, month: 12, day: 31 }),
  };
}

/** "this/next week" and the like: the span, and the day a task said to be due then gets. */
function spanOf(clock: Clock, unit: string, next: boolean, found: Found): void {
  const range =
    unit === 'week'
      ? weekRange(clock.today, next)
      : unit === 'month'
        ? monthRange(clock.today, next)
        : yearRange(clock.today, next);
  found.range = range;
  // "next week" starts then; "this week" is a deadline at its end.
  found.date = next ? range.from : range.to;
}

function weekendOf(clock: Clock, next: boolean, found: Found): void {
  const weekday = isoWeekday(clock.today);
  const saturday = weekday === 7 ? addDays(clock.today, -1) : addDays(clock.today, 6 - weekday);
  const start = next ? addDays(saturday, 7) : saturday;
  found.range = { from: start, to: addDays(start, 1) };
  found.date = !next && weekday === 7 ? clock.today : start;
}

/** Builds a date and checks that it exists; a date without a year is the next one from today. */
function calendarDate(
  clock: Clock,
  text: string,
  day: number,
  month: number,
  year?: number,
): string {
  if (year !== undefined) {
    const fullYear = year < 100 ? 2000 + year : year;
    const date = formatDate({ year: fullYear, month, day });
    if (!isCalendarDate(date)) throw new InvalidDateError(text);
    return date;
  }
  const thisYear = parseDate(clock.today).year;
  // Eight years always include a leap year, for 29 February.
  for (let offset = 0; offset <= 8; offset++) {
    const date = formatDate({ year: thisYear + offset, month, day });
    if (isCalendarDate(date) && date >= clock.today) return date;
  }
  throw new InvalidDateError(text);
}

/** The next date, from today on, that falls on day `day` of its month. */
function dayOfMonth(clock: Clock, text: string, day: number, fromNextMonth = false): string {
  if (day < 1 || day > 31) throw new InvalidDateError(text);
  let month = parseDate(clock.today).month + (fromNextMonth ? 1 : 0);
  let year = parseDate(clock.today).year;
  for (let step = 0; step < 12; step++) {
    if (month > 12) {
      month -= 12;
      year++;
    }
    const date = formatDate({ year, month, day });
    if (isCalendarDate(date) && date >= clock.today) return date;
    month++;
  }
  throw new InvalidDateError(text);
}

// Rules that read the same in every language: numeric dates and 24-hour times.
const NEUTRAL_RULES: Rule[] = [
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for)\s+)?(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})${E}`,
    apply(match, clock, found) {
      found.date = calendarDate(
        clock,
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
    pattern: rx`${B}(?:(?:on|by|due|for)\s+)?(?<d>\d{1,2})(?<sep>[/.-])(?<m>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})${E}`,
    apply(match, clock, found) {
      found.date = calendarDate(
        clock,
        match[0],
        Number(group(match, 'd')),
        Number(group(match, 'm')),
        Number(group(match, 'y')),
      );
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for)\s+)?(?<d>\d{1,2})/(?<m>\d{1,2})${E}`,
    apply(match, clock, found) {
      found.date = calendarDate(
        clock,
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

const ENGLISH_RULES: Rule[] = [
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw)(?:\s+(?<period>${EN_PERIOD_WORDS}))?${E}`,
    apply(match, clock, found) {
      found.date = addDays(clock.today, 2);
      found.period = enPeriod(group(match, 'period'));
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:the\s+)?day\s+before\s+yesterday${E}`,
    apply(_match, clock, found) {
      found.date = addDays(clock.today, -2);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?<word>today|tonight|tomorrow|tomorow|tmrw|tmr|yesterday)(?:'s)?(?:\s+(?<period>${EN_PERIOD_WORDS}))?${E}`,
    apply(match, clock, found) {
      const word = group(match, 'word');
      const shift = word === 'yesterday' ? -1 : word === 'today' || word === 'tonight' ? 0 : 1;
      found.date = addDays(clock.today, shift);
      found.period = enPeriod(group(match, 'period')) ?? (word === 'tonight' ? 'night' : undefined);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}this\s+(?<period>morning|afternoon|evening)${E}`,
    apply(match, clock, found) {
      found.date = clock.today;
      found.period = enPeriod(group(match, 'period'));
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:in|within|after)\s+(?<n>${EN_NUMBER}|a\s+couple\s+of|half\s+an)\s+(?<unit>${EN_UNIT})${E}`,
    apply(match, clock, found) {
      applyDuration(match, clock, found, 1);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?<n>${EN_NUMBER})\s+(?<unit>${EN_UNIT})\s+(?:from\s+(?:now|today)|later)${E}`,
    apply(match, clock, found) {
      applyDuration(match, clock, found, 1);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?<n>${EN_NUMBER})\s+(?<unit>${EN_UNIT})\s+ago${E}`,
    apply(match, clock, found) {
      applyDuration(match, clock, found, -1);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|for|over)\s+)?(?:the\s+)?(?:(?<which>this|next|coming)\s+)?weekend${E}`,
    apply(match, clock, found) {
      weekendOf(clock, group(match, 'which') === 'next', found);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till|before)\s+)?(?:(?<which>this|next|coming)\s+)?(?<day>${EN_WEEKDAY_NAMES})(?:'s)?(?<nextweek>\s+next\s+week)?(?:\s+(?<period>${EN_PERIOD_WORDS}))?${E}`,
    apply(match, clock, found) {
      applyEnglishWeekday(match, clock, found);
    },
  },
  {
    // Short weekday names ("sat", "wed") also are words, so they need "on", "this" or "next".
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|until|till)\s+(?:(?<which>this|next|coming)\s+)?|(?<which2>this|next|coming)\s+)(?<day>${EN_WEEKDAY_SHORT})\.?(?:\s+(?<period>${EN_PERIOD_WORDS}))?${E}`,
    apply(match, clock, found) {
      applyEnglishWeekday(match, clock, found);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?:the\s+)?(?<which>this|next|coming)\s+(?<unit>week|month|year)${E}`,
    apply(match, clock, found) {
      spanOf(clock, group(match, 'unit') ?? 'week', group(match, 'which') !== 'this', found);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?<mon>${EN_MONTH_WORDS})\.?(?:,?(?:\s+|-)(?<y>\d{4}))?${E}`,
    apply(match, clock, found) {
      applyMonthDate(match, clock, found, EN_MONTHS);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?<mon>${EN_MONTH_WORDS})\.?(?:\s+|-)(?<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<y>\d{4}))?${E}`,
    apply(match, clock, found) {
      applyMonthDate(match, clock, found, EN_MONTHS);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:on|by|for|until|till)\s+the\s+(?<d>\d{1,2})(?:st|nd|rd|th)${E}`,
    apply(match, clock, found) {
      found.date = dayOfMonth(clock, match[0], Number(group(match, 'd')));
    },
  },
  {
    slot: 'time',
    pattern: rx`${B}(?:(?:at|@|by|around)\s+)?(?<h>\d{1,2})\s*(?<ap>a\.?m\.?|p\.?m\.?)(?=$|[^\p{L}\p{M}\p{N}_])`,
    apply(match, _clock, found) {
      const ap = group(match, 'ap') ?? '';
      found.said = {
        hour: Number(group(match, 'h')),
        minute: 0,
        meridiem: ap.startsWith('a') ? 'am' : 'pm',
      };
    },
  },
  {
    slot: 'time',
    pattern: rx`${B}(?:(?:at|@|around)\s+(?<h>${EN_HOUR})(?:\s+o'?clock)?|(?<h2>${EN_HOUR})\s+o'?clock)${E}(?!\s*${EN_UNIT}${E})`,
    apply(match, _clock, found) {
      const hour = numberValue(group(match, 'h') ?? group(match, 'h2') ?? '') ?? 0;
      found.said = { hour, minute: 0 };
    },
  },
  {
    slot: 'time',
    pattern: rx`${B}(?:(?:at|by|around)\s+)?(?<word>noon|midday|midnight)${E}`,
    apply(match, _clock, found) {
      found.said =
        group(match, 'word') === 'midnight'
          ? { hour: 0, minute: 0, exact: true, midnight: true }
          : { hour: 12, minute: 0, exact: true };
    },
  },
  {
    slot: 'period',
    pattern: rx`${B}(?:in\s+the|this|at)\s+(?<period>${EN_PERIOD_WORDS})${E}`,
    apply(match, _clock, found) {
      found.period = enPeriod(group(match, 'period'));
    },
  },
];

function applyDuration(match: RegExpExecArray, clock: Clock, found: Found, sign: number): void {
  const amountText = (group(match, 'n') ?? '1').replace(/\s+/g, ' ');
  const unit = unitOf(group(match, 'unit') ?? 'day', undefined);
  if (amountText === 'half an') {
    shifted(clock, sign * 30, 'minute', found);
    return;
  }
  const amount = amountText === 'a couple of' ? 2 : (numberValue(amountText) ?? 1);
  shifted(clock, sign * amount, unit, found);
}

function applyEnglishWeekday(match: RegExpExecArray, clock: Clock, found: Found): void {
  const weekday = indexOfWord(EN_WEEKDAYS, group(match, 'day') ?? '') + 1;
  const which = group(match, 'which') ?? group(match, 'which2');
  const next = which === 'next' || Boolean(group(match, 'nextweek'));
  found.date = weekdayDate(clock.today, weekday, next);
  found.period = enPeriod(group(match, 'period'));
}

function applyMonthDate(
  match: RegExpExecArray,
  clock: Clock,
  found: Found,
  months: readonly (readonly string[])[],
): void {
  const month = indexOfWord(months, group(match, 'mon') ?? '') + 1;
  const yearText = group(match, 'y');
  found.date = calendarDate(
    clock,
    match[0],
    Number(group(match, 'd')),
    month,
    yearText ? Number(yearText) : undefined,
  );
}

/** Rules of the Urdu date grammar, in Urdu script or Roman Urdu spelling. */
function sovRules(words: SovWords): Rule[] {
  const number = numberPattern(words.numbers);
  const anyUnit = [
    ...words.day,
    ...words.week,
    ...words.month,
    ...words.year,
    ...words.hour,
    ...words.minute,
  ];
  const calendarUnit = [...words.day, ...words.week, ...words.month, ...words.year];
  const periodWords = Object.values(words.periods).flat();
  const onRequired = `\\s+${alt(words.on)}${E}`;
  const on = `(?:${onRequired})?`;
  const weekdays = words.weekdays.flat().filter((name) => !words.saturday.includes(name));
  const periodOf = (word: string | undefined): Period | undefined => {
    if (!word) return undefined;
    const folded = word.trim().replace(/\s+/g, ' ');
    return (Object.keys(words.periods) as Period[]).find((period) =>
      words.periods[period].includes(folded),
    );
  };
  const hourOf = (text: string | undefined) => numberValue(text ?? '') ?? 0;
  // Roman weekday names are also English words or names ("peer", "budh"), so they need
  // "agle", "is" or "ko"; Urdu script names may stand alone.
  const weekday =
    words === URDU_WORDS
      ? `(?:(?<which>${alt([...words.next, ...words.this])})\\s+)?(?<day>${alt(weekdays)})${on}`
      : `(?:(?<which>${alt([...words.next, ...words.this])})\\s+(?<day>${alt(weekdays)})${on}|(?<day2>${alt(weekdays)})${onRequired})`;

  return [
    {
      slot: 'date',
      pattern: rx`${B}${words.pastPrefix}\s+(?<word>${words.kal}|${words.parson})${on}${E}`,
      apply(match, clock, found) {
        found.date = addDays(clock.today, words.kal.includes(group(match, 'word') ?? '') ? -1 : -2);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<word>${words.today}|${words.kal}|${words.parson})${on}${E}`,
      apply(match, clock, found) {
        const word = group(match, 'word') ?? '';
        const distance = words.today.includes(word) ? 0 : words.kal.includes(word) ? 1 : 2;
        found.date = addDays(clock.today, clock.past ? -distance : distance);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<n>${number}|${words.half}|${words.oneAndHalf}|${words.twoAndHalf})\s+(?<unit>${anyUnit})(?:\s+${words.of})?\s+${words.after}${E}`,
      apply(match, clock, found) {
        applySovDuration(match, clock, found, words, 1);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<n>${number})\s+(?<unit>${calendarUnit})\s+${words.before}${E}`,
      apply(match, clock, found) {
        applySovDuration(match, clock, found, words, -1);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}${words.next}\s+${words.month}\s+${words.of}\s+(?<d>\d{1,2})\s+${words.dateOfMonth}${on}${E}`,
      apply(match, clock, found) {
        found.date = dayOfMonth(clock, match[0], Number(group(match, 'd')), true);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}${weekday}${E}`,
      apply(match, clock, found) {
        applySovWeekday(match, clock, found, words);
      },
    },
    {
      // ہفتہ is Saturday when it is a day ("ہفتے کو") and "week" otherwise ("اگلے ہفتے").
      slot: 'date',
      pattern: rx`${B}(?:(?<which>${words.next}|${words.this})\s+)?(?<day>${words.saturday})\s+${words.on}${E}`,
      apply(match, clock, found) {
        applySovWeekday(match, clock, found, words);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?:(?<which>${words.next}|${words.this})\s+)?${words.weekend}${on}${E}`,
      apply(match, clock, found) {
        weekendOf(clock, words.next.includes(group(match, 'which') ?? ''), found);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<which>${words.next}|${words.this})\s+(?<unit>${words.week}|${words.month}|${words.year})${on}${E}`,
      apply(match, clock, found) {
        const unit = unitOf(group(match, 'unit') ?? '', words);
        spanOf(clock, unit, words.next.includes(group(match, 'which') ?? ''), found);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<d>\d{1,2})\s+(?<mon>${words.months.flat()})(?:\s+(?<y>\d{4}))?${on}${E}`,
      apply(match, clock, found) {
        applyMonthDate(match, clock, found, words.months);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<mon>${words.months.flat()})\s+${words.of}\s+(?<d>\d{1,2})(?:\s+${words.dateOfMonth})?${on}${E}`,
      apply(match, clock, found) {
        applyMonthDate(match, clock, found, words.months);
      },
    },
    {
      slot: 'date',
      pattern: rx`${B}(?<d>\d{1,2})\s+${words.dateOfMonth}${on}${E}`,
      apply(match, clock, found) {
        found.date = dayOfMonth(clock, match[0], Number(group(match, 'd')));
      },
    },
    {
      slot: 'time',
      pattern: rx`${B}(?<h>${number})\s+${words.pastHour}\s+(?<m>${number})(?:\s+${words.minute})?${E}`,
      apply(match, _clock, found) {
        found.said = { hour: hourOf(group(match, 'h')), minute: hourOf(group(match, 'm')) };
      },
    },
    {
      slot: 'time',
      pattern: rx`${B}(?<kind>${words.halfPast}|${words.quarterPast}|${words.quarterTo})\s+(?<h>${number})(?:\s+${words.oclock})?${E}`,
      apply(match, _clock, found) {
        const kind = group(match, 'kind') ?? '';
        const hour = hourOf(group(match, 'h'));
        if (words.halfPast.includes(kind)) found.said = { hour, minute: 30 };
        else if (words.quarterPast.includes(kind)) found.said = { hour, minute: 15 };
        else found.said = { hour: hour === 1 ? 12 : hour - 1, minute: 45 };
      },
    },
    {
      slot: 'time',
      pattern: rx`${B}(?<kind>${words.oneAndHalf}|${words.twoAndHalf})\s+${words.oclock}${E}`,
      apply(match, _clock, found) {
        found.said = {
          hour: words.oneAndHalf.includes(group(match, 'kind') ?? '') ? 1 : 2,
          minute: 30,
        };
      },
    },
    {
      slot: 'time',
      pattern: rx`${B}(?<h>${number})\s+${words.oclock}${E}`,
      apply(match, _clock, found) {
        found.said = { hour: hourOf(group(match, 'h')), minute: 0 };
      },
    },
    {
      slot: 'period',
      pattern: rx`${B}(?<period>${periodWords})(?:\s+${words.periodLink})?${E}`,
      apply(match, _clock, found) {
        found.period = periodOf(group(match, 'period'));
      },
    },
  ];
}

function applySovDuration(
  match: RegExpExecArray,
  clock: Clock,
  found: Found,
  words: SovWords,
  sign: number,
): void {
  const amountText = group(match, 'n') ?? '1';
  const unit = unitOf(group(match, 'unit') ?? '', words);
  const fraction = words.half.includes(amountText)
    ? 0.5
    : words.oneAndHalf.includes(amountText)
      ? 1.5
      : words.twoAndHalf.includes(amountText)
        ? 2.5
        : undefined;
  if (fraction !== undefined) {
    // Halves only make sense for hours ("آدھے گھنٹے بعد"); a day and a half rounds to 1 day.
    if (unit === 'hour') shifted(clock, sign * fraction * 60, 'minute', found);
    else shifted(clock, sign * Math.floor(fraction), unit, found);
    return;
  }
  shifted(clock, sign * (numberValue(amountText) ?? 1), unit, found);
}

function applySovWeekday(
  match: RegExpExecArray,
  clock: Clock,
  found: Found,
  words: SovWords,
): void {
  const weekday =
    indexOfWord(words.weekdays, group(match, 'day') ?? group(match, 'day2') ?? '') + 1;
  found.date = weekdayDate(clock.today, weekday, words.next.includes(group(match, 'which') ?? ''));
}

const LATIN_RULES = [...NEUTRAL_RULES, ...ENGLISH_RULES, ...sovRules(ROMAN_WORDS)];
const URDU_RULES = [...NEUTRAL_RULES, ...sovRules(URDU_WORDS)];

/**
 * Turns a said time into 24-hour time. A period word decides between a.m. and p.m.; without
 * one, hours 1 to 6 are taken as afternoon and 7 to 11 as morning, because that is when people
 * usually mean "at 5" or "at 9".
 */
function toDayTime(
  said: SaidTime | undefined,
  period: Period | undefined,
): { time?: string; dayShift: number } {
  if (!said) {
    if (!period) return { dayShift: 0 };
    const [hour, minute] = PERIOD_TIMES[period];
    return { time: formatTime({ hour, minute }), dayShift: 0 };
  }
  if (said.midnight) return { time: '00:00', dayShift: 1 };

  let hour = said.hour;
  let dayShift = 0;
  if (said.meridiem) {
    hour = (said.hour % 12) + (said.meridiem === 'pm' ? 12 : 0);
  } else if (said.exact || said.hour > 12) {
    hour = said.hour;
  } else if (period) {
    switch (period) {
      case 'morning':
        hour = said.hour % 12;
        break;
      case 'noon':
        hour = said.hour <= 6 ? said.hour + 12 : said.hour;
        break;
      case 'afternoon':
      case 'evening':
        hour = said.hour === 12 ? 12 : said.hour + 12;
        break;
      case 'night':
        if (said.hour === 12) {
          hour = 0;
          dayShift = 1;
        } else {
          hour = said.hour <= 4 ? said.hour : said.hour + 12;
        }
        break;
    }
  } else {
    hour = said.hour >= 1 && said.hour <= 6 ? said.hour + 12 : said.hour % 24;
  }
  if (hour > 23 || said.minute > 59) throw new InvalidDateError(`${said.hour}:${said.minute}`);
  return { time: formatTime({ hour, minute: said.minute }), dayShift };
}

/**
 * Takes the date and time expressions out of a phrase. `period` is one already said elsewhere
 * ("every evening"), so "at 7" becomes 19:00. Throws InvalidDateError for a date that does not
 * exist, such as 31/02/2027.
 */
export function takeWhen(phrase: Phrase, clock: Clock, script: Script, period?: Period): When {
  const found: Found = period ? { period } : {};
  for (const rule of script === 'latin' ? LATIN_RULES : URDU_RULES) {
    if (rule.slot === 'date' && found.date) continue;
    if (rule.slot === 'time' && found.said) continue;
    if (rule.slot === 'period' && found.period) continue;
    const match = phrase.take(rule.pattern);
    if (match) rule.apply(match, clock, found);
  }

  const { time, dayShift } = toDayTime(found.said, found.period);
  const when: When = {};
  if (found.date) when.date = dayShift ? addDays(found.date, dayShift) : found.date;
  if (time) when.time = time;
  if (found.range) when.range = found.range;
  if (found.period) when.period = found.period;
  if (dayShift && !found.date) when.dayShift = dayShift;
  return when;
}

/**
 * The due date and time for a new task or a new reminder: a time said without a date is today
 * when that moment is still ahead, and tomorrow otherwise.
 */
export function dueFrom(when: When, clock: Clock): { date?: string; time?: string } {
  if (!when.time) return when.date ? { date: when.date } : {};
  if (when.date) return { date: when.date, time: when.time };

  const [hour, minute] = when.time.split(':').map(Number) as [number, number];
  let date = addDays(clock.today, when.dayShift ?? 0);
  const instant = zonedTimeToInstant({ ...parseDate(date), hour, minute }, clock.timeZone);
  if (instant.getTime() <= clock.now.getTime()) date = addDays(date, 1);
  return { date, time: when.time };
}

export function isEmptyWhen(when: When): boolean {
  return !when.date && !when.time && !when.period;
}
