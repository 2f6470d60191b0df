import { addDays } from '../time';
import { dayOfMonth, weekdayDate } from './calendar';
import {
  applyMonthDate,
  type Found,
  group,
  POSTPOSITION,
  type Rule,
  shifted,
  spanOf,
  unitOf,
  weekendOf,
} from './date-parts';
import {
  EN_MONTHS,
  EN_NUMBERS,
  EN_WEEKDAYS,
  indexOfWord,
  numberPattern,
  numberValue,
  type Period,
} from './lexicon';
import { B, E, rx } from './text';
import type { Clock } from './when';

// Dates and times in English: "tomorrow at 10", "in 2 weeks", "next friday", "13 Jan 2027".

const EN_WEEKDAY_NAMES = EN_WEEKDAYS.map((names) => names[0] ?? '');
const EN_WEEKDAY_SHORT = EN_WEEKDAYS.flatMap((names) => names.slice(1));
const EN_MONTH_WORDS = EN_MONTHS.flat();
const EN_PERIOD_WORDS = ['morning', 'afternoon', 'evening', 'night'];
const EN_NUMBER = numberPattern(EN_NUMBERS);
// Hours written as words: "a" and "an" count days ("in a week") but never name an hour.
const EN_HOUR = `(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const EN_UNIT = '(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)';

function enPeriod(word: string | undefined): Period | undefined {
  if (word === 'night' || word === 'tonight') return 'night';
  if (word === 'morning' || word === 'afternoon' || word === 'evening') return word;
  return undefined;
}

export const ENGLISH_RULES: Rule[] = [
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
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-)(?<mon>${EN_MONTH_WORDS})\.?(?:,?(?:\s+|-)(?<y>\d{4}))?${E}${POSTPOSITION}`,
    apply(match, clock, found) {
      applyMonthDate(match, clock, found, EN_MONTHS);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:(?:on|by|due|for|until|till)\s+)?(?<mon>${EN_MONTH_WORDS})\.?(?:\s+|-)(?<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<y>\d{4}))?${E}${POSTPOSITION}`,
    apply(match, clock, found) {
      applyMonthDate(match, clock, found, EN_MONTHS);
    },
  },
  {
    slot: 'date',
    pattern: rx`${B}(?:on|by|for|until|till)\s+the\s+(?<d>\d{1,2})(?:st|nd|rd|th)${E}`,
    apply(match, clock, found) {
      found.date = dayOfMonth(clock.today, match[0], Number(group(match, 'd')));
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
