import { addDays, formatTime, parseDate, zonedTimeToInstant } from '../time';
import { InvalidDateError } from './calendar';
import { type Found, NEUTRAL_RULES, type SaidTime } from './date-parts';
import { ENGLISH_RULES } from './english-dates';
import { PERIOD_TIMES, type Period, ROMAN_WORDS, URDU_WORDS } from './lexicon';
import type { Phrase } from './text';
import { sovRules } from './urdu-dates';

// Dates and times in a phrase, resolved against the user's calendar day. Rules take the text
// they match, so what is left over is the title. One date and one time are taken at most;
// a second date stays in the text. Rules run in order: numeric forms first, then English, then
// the Urdu grammar, so "13/01/2027" is never read as a time or a count.

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

/** Dates and times found in a phrase. */
export interface When {
  date?: string;
  time?: string;
  /** A span such as "this week", for list filters. `date` is then the due date of an added task. */
  range?: { from: string; to: string };
  /** The period word given ("morning"), kept for filters such as "my morning meetings". */
  period?: Period;
  /** Days to add to the date the caller picks when only a time was given (midnight: 1). */
  dayShift?: number;
}

const LATIN_RULES = [...NEUTRAL_RULES, ...ENGLISH_RULES, ...sovRules(ROMAN_WORDS)];
const URDU_RULES = [...NEUTRAL_RULES, ...sovRules(URDU_WORDS)];

/**
 * Turns a time from the command into 24-hour time. A period word decides between a.m. and
 * p.m. Without one, hours 1 to 6 are taken as afternoon and 7 to 11 as morning, because that
 * is what people usually mean by "at 5" or "at 9".
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
 * Takes the date and time expressions out of a phrase. `period` is one given elsewhere in the command
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
 * The due date and time for a new task or a new reminder: a time given without a date is today
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
