import { addDays } from '../time';
import { dayOfMonth, weekdayDate } from './calendar';
import {
  applyMonthDate,
  type Found,
  group,
  type Rule,
  shifted,
  spanOf,
  unitOf,
  weekendOf,
} from './date-parts';
import {
  indexOfWord,
  numberPattern,
  numberValue,
  type Period,
  type SovWords,
  URDU_WORDS,
} from './lexicon';
import { alt, B, E, rx } from './text';
import type { Clock } from './when';

// Dates and times in the Urdu grammar, in Urdu script or Roman Urdu spelling: "کل صبح نو بجے",
// "3 din baad", "agle jumma", "ساڑھے نو بجے".

/** Rules of the Urdu date grammar, in Urdu script or Roman Urdu spelling. */
export function sovRules(words: SovWords): Rule[] {
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
  // "agle", "is" or "ko". Urdu script names may stand alone.
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
        found.date = dayOfMonth(clock.today, match[0], Number(group(match, 'd')), true);
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
        found.date = dayOfMonth(clock.today, match[0], Number(group(match, 'd')));
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
    // Halves only make sense for hours ("آدھے گھنٹے بعد"). A day and a half rounds down to 1 day.
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
