import { formatRRule, occurrences, parseRRule, type RecurrenceRule } from '../recurrence';
import type { RecurrenceMode } from '../task-model';
import { parseDate, parseTime, zonedTimeToInstant } from '../time';
import {
  EN_NUMBERS,
  EN_WEEKDAYS,
  indexOfWord,
  numberPattern,
  numberValue,
  type Period,
  ROMAN_WORDS,
  type SovWords,
  URDU_WORDS,
} from './lexicon';
import { alt, B, E, type Phrase, rx } from './text';
import type { Clock, Script } from './when';

// Repeat phrases ("every Monday", "ہر روز", "har mahine ki 5 tareekh ko") as RRULE text that
// domain/src/recurrence.ts accepts.

export interface Repeat {
  rrule: string;
  from: RecurrenceMode;
  /** "every morning": the period gives the time of day when the command has no time. */
  period?: Period;
}

type Frequency = RecurrenceRule['freq'];

interface RepeatRule {
  pattern: RegExp;
  build(
    match: RegExpExecArray,
  ): { rule: RecurrenceRule; period?: Period; completion?: boolean } | undefined;
}

const WORKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];

function rule(
  freq: Frequency,
  interval = 1,
  weekdays: number[] = [],
  monthDay?: number,
): RecurrenceRule {
  return {
    freq,
    interval,
    byDay: weekdays.map((weekday) => ({ weekday })),
    byMonthDay: monthDay === undefined ? [] : [monthDay],
    byMonth: [],
  };
}

/** Weekday numbers (1 = Monday) named in a list such as "monday and thursday". */
function weekdaysIn(text: string, groups: readonly (readonly string[])[]): number[] {
  const names = text.split(/\s*(?:,|&|\band\b|\baur\b|\bor\b|اور)\s*/u);
  const weekdays = names
    .map((name) => indexOfWord(groups, name.replace(/s$/, '').replace(/\s+(?:ko|کو)$/u, '')) + 1)
    .filter((weekday) => weekday > 0);
  return [...new Set(weekdays)].sort((a, b) => a - b);
}

function unitFrequency(unit: string, words?: SovWords): Frequency | 'weekday' | 'weekend' | Period {
  const folded = unit.replace(/\s+/g, ' ').replace(/s$/, '');
  if (words) {
    if (words.day.includes(unit)) return 'DAILY';
    if (words.week.includes(unit)) return 'WEEKLY';
    if (words.month.includes(unit)) return 'MONTHLY';
    if (words.year.includes(unit)) return 'YEARLY';
    for (const [period, names] of Object.entries(words.periods)) {
      if (names.includes(unit)) return period as Period;
    }
  }
  switch (folded) {
    case 'day':
      return 'DAILY';
    case 'week':
      return 'WEEKLY';
    case 'month':
      return 'MONTHLY';
    case 'year':
      return 'YEARLY';
    case 'weekday':
    case 'workday':
    case 'business day':
      return 'weekday';
    case 'weekend':
      return 'weekend';
    case 'morning':
    case 'afternoon':
    case 'evening':
      return folded;
    default:
      return 'night';
  }
}

function fromUnit(
  unit: Frequency | 'weekday' | 'weekend' | Period,
  interval: number,
  monthDay?: number,
): { rule: RecurrenceRule; period?: Period } {
  switch (unit) {
    case 'weekday':
      return { rule: rule('WEEKLY', interval, WORKDAYS) };
    case 'weekend':
      return { rule: rule('WEEKLY', interval, WEEKEND) };
    case 'DAILY':
    case 'WEEKLY':
    case 'YEARLY':
      return { rule: rule(unit, interval) };
    case 'MONTHLY':
      return { rule: rule('MONTHLY', interval, [], monthDay) };
    default:
      return { rule: rule('DAILY', interval), period: unit };
  }
}

const EN_COUNT = `(?:\\d{1,3}|${Object.keys(EN_NUMBERS)
  .filter((word) => word !== 'a' && word !== 'an')
  .join('|')})`;
const EN_WEEKDAY = `(?:${EN_WEEKDAYS.flat().join('|')})s?`;
const OF_THE_MONTH = '(?:\\s+of\\s+(?:the|each|every)\\s+month)?';

/** Day of the month in "the 31st" or "the last day", which is -1 as in RRULE. */
function monthDayOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text.startsWith('last')) return -1;
  const day = Number.parseInt(text, 10);
  return day >= 1 && day <= 31 ? day : undefined;
}

const ENGLISH_REPEATS: RepeatRule[] = [
  {
    pattern: rx`${B}(?:every|each)(?<bang>!)?\s+(?<days>${EN_WEEKDAY}(?:\s*(?:,|&|and)\s*${EN_WEEKDAY})*)${E}`,
    build(match) {
      return {
        rule: rule('WEEKLY', 1, weekdaysIn(match.groups?.days ?? '', EN_WEEKDAYS)),
        completion: Boolean(match.groups?.bang),
      };
    },
  },
  {
    pattern: rx`${B}(?:every|each)(?<bang>!)?\s+(?:the\s+)?(?<md>\d{1,2}(?:st|nd|rd|th)|last\s+day)${OF_THE_MONTH}${E}`,
    build(match) {
      const monthDay = monthDayOf(match.groups?.md);
      if (monthDay === undefined) return undefined;
      return { rule: rule('MONTHLY', 1, [], monthDay), completion: Boolean(match.groups?.bang) };
    },
  },
  {
    pattern: rx`${B}(?:every|each)(?<bang>!)?\s*(?:(?<other>other)\s+|(?<n>${EN_COUNT})\s+)?(?<unit>days?|weeks?|months?|years?|weekdays?|workdays?|business\s+days?|weekends?|morning|afternoon|evening|night)(?:\s+on\s+the\s+(?<md>\d{1,2}(?:st|nd|rd|th)?|last(?:\s+day)?)${OF_THE_MONTH})?${E}`,
    build(match) {
      const interval = match.groups?.other ? 2 : (numberValue(match.groups?.n ?? '1') ?? 1);
      const built = fromUnit(
        unitFrequency(match.groups?.unit ?? 'day'),
        interval,
        monthDayOf(match.groups?.md),
      );
      return { ...built, completion: Boolean(match.groups?.bang) };
    },
  },
  {
    pattern: rx`${B}(?<word>everyday|daily|weekly|fortnightly|biweekly|monthly|yearly|annually|on\s+weekdays)${E}`,
    build(match) {
      switch (match.groups?.word?.replace(/\s+/g, ' ')) {
        case 'weekly':
          return { rule: rule('WEEKLY') };
        case 'fortnightly':
        case 'biweekly':
          return { rule: rule('WEEKLY', 2) };
        case 'monthly':
          return { rule: rule('MONTHLY') };
        case 'yearly':
        case 'annually':
          return { rule: rule('YEARLY') };
        case 'on weekdays':
          return { rule: rule('WEEKLY', 1, WORKDAYS) };
        default:
          return { rule: rule('DAILY') };
      }
    },
  },
];

function sovRepeats(words: SovWords): RepeatRule[] {
  const count = numberPattern(words.numbers);
  const weekdayNames = words.weekdays.flat();
  const dayList = `${alt(weekdayNames)}(?:\\s*${alt(words.and)}\\s*${alt(weekdayNames)})*`;
  const units = [
    ...words.day,
    ...words.week,
    ...words.month,
    ...words.year,
    ...Object.values(words.periods).flat(),
  ];
  return [
    {
      pattern: rx`${B}${words.every}\s+${words.month}\s+${words.of}\s+(?<md>\d{1,2})(?:\s+${words.dateOfMonth})?(?:\s+${words.on})?${E}`,
      build(match) {
        const monthDay = monthDayOf(match.groups?.md);
        return monthDay === undefined ? undefined : { rule: rule('MONTHLY', 1, [], monthDay) };
      },
    },
    {
      // "ہر ہفتے" is every week, but "ہر ہفتے کو" is every Saturday.
      pattern: rx`${B}${words.every}\s+(?:(?<other>${words.other})\s+|(?<n>${count})\s+)?(?<unit>${units})(?!\s+${words.on}${E})(?:\s+${words.after})?${E}`,
      build(match) {
        const interval = match.groups?.other ? 2 : (numberValue(match.groups?.n ?? '1') ?? 1);
        return fromUnit(unitFrequency(match.groups?.unit ?? '', words), interval);
      },
    },
    {
      pattern: rx`${B}${words.every}\s+(?<days>${dayList})(?:\s+${words.on})?${E}`,
      build(match) {
        return { rule: rule('WEEKLY', 1, weekdaysIn(match.groups?.days ?? '', words.weekdays)) };
      },
    },
    {
      pattern: rx`${B}(?<word>${[...words.daily, ...words.weekly, ...words.monthly, ...words.yearly]})${E}`,
      build(match) {
        const word = (match.groups?.word ?? '').replace(/\s+/g, ' ');
        if (words.weekly.includes(word)) return { rule: rule('WEEKLY') };
        if (words.monthly.includes(word)) return { rule: rule('MONTHLY') };
        if (words.yearly.includes(word)) return { rule: rule('YEARLY') };
        return { rule: rule('DAILY') };
      },
    },
  ];
}

const LATIN_REPEATS = [...ENGLISH_REPEATS, ...sovRepeats(ROMAN_WORDS)];
const URDU_REPEATS = sovRepeats(URDU_WORDS);

const COMPLETION: Record<Script, RegExp> = {
  latin: rx`${B}(?:(?:after|from)\s+(?:completion|completing(?:\s+it)?|(?:it'?s|it\s+is)\s+done|done|(?:the\s+)?last\s+(?:one|completion)|i\s+(?:complete|finish)\s+it)|${ROMAN_WORDS.afterCompletion})${E}`,
  urdu: rx`${B}${URDU_WORDS.afterCompletion}${E}`,
};

/** Takes a repeat phrase. "every!" and "after completion" repeat from the completion day. */
export function takeRepeat(phrase: Phrase, script: Script): Repeat | undefined {
  for (const repeat of script === 'latin' ? LATIN_REPEATS : URDU_REPEATS) {
    const match = phrase.match(repeat.pattern);
    if (!match) continue;
    const built = repeat.build(match);
    if (!built) continue;
    phrase.cut(match.index, match.index + match[0].length);
    const completion = Boolean(phrase.take(COMPLETION[script])) || Boolean(built.completion);
    const result: Repeat = {
      rrule: formatRRule(built.rule),
      from: completion ? 'completion' : 'due',
    };
    if (built.period) result.period = built.period;
    return result;
  }
  return undefined;
}

/**
 * The first due date of a new repeating task when the command gives none: the first occurrence from
 * today on whose due moment is still ahead.
 */
export function firstOccurrence(rrule: string, clock: Clock, time?: string): string {
  for (const date of occurrences(parseRRule(rrule), clock.today)) {
    if (!time) return date;
    const { hour, minute } = parseTime(time);
    const due = zonedTimeToInstant({ ...parseDate(date), hour, minute }, clock.timeZone);
    if (due.getTime() > clock.now.getTime()) return date;
  }
  // The rules built here have no UNTIL or COUNT, so their occurrences never run out.
  return clock.today;
}
