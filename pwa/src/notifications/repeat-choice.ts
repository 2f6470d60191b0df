import {
  formatRRule,
  isCalendarDate,
  isoWeekday,
  parseDate,
  parseRRule,
  type RecurrenceMode,
  RecurrenceRuleError,
} from '@fehrist/domain';

/** The presets of the editor's repeat picker. */
export const REPEAT_PRESETS = [
  'none',
  'daily',
  'weekdays',
  'weekly',
  'monthlyDay',
  'monthlyLast',
  'yearly',
  'custom',
] as const;
export type RepeatPreset = (typeof REPEAT_PRESETS)[number];

/** The picker's state: a preset, the weekdays of "every week on…", a custom rule, the mode. */
export interface RepeatChoice {
  preset: RepeatPreset;
  /** ISO weekdays (1 = Monday … 7 = Sunday) for the `weekly` preset. */
  weekdays: number[];
  /** RRULE text for the `custom` preset. */
  custom: string;
  fromCompletion: boolean;
}

/** The wire form of a recurrence that clients send (`task.recurrence` without the kept fields). */
export interface RecurrenceInput {
  rrule: string;
  from: RecurrenceMode;
}

export type RepeatResult =
  | { ok: true; recurrence: RecurrenceInput | null }
  | { ok: false; message: string };

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WORKWEEK_RULE = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';

function normalize(rrule: string): string | null {
  try {
    return formatRRule(parseRRule(rrule));
  } catch (error) {
    if (error instanceof RecurrenceRuleError) return null;
    throw error;
  }
}

function weekdaysRule(weekdays: number[]): string {
  const sorted = [...new Set(weekdays)].filter((day) => day >= 1 && day <= 7).sort();
  return `FREQ=WEEKLY;BYDAY=${sorted.map((day) => WEEKDAY_CODES[day - 1]).join(',')}`;
}

/**
 * The picker state that shows a task's recurrence. Only rules a preset writes exactly map to
 * that preset; anything else (a rule from the API or the chat agent, say) shows as custom text,
 * so opening and saving the editor never rewrites a rule the user did not touch.
 */
export function repeatChoiceFromRecurrence(
  recurrence: RecurrenceInput | null,
  dueDate: string,
): RepeatChoice {
  const dueWeekday = isCalendarDate(dueDate) ? isoWeekday(dueDate) : 1;
  const choice: RepeatChoice = {
    preset: 'none',
    weekdays: [dueWeekday],
    custom: '',
    fromCompletion: recurrence?.from === 'completion',
  };
  if (!recurrence) return choice;

  const rrule = normalize(recurrence.rrule) ?? recurrence.rrule;
  const dueDay = isCalendarDate(dueDate) ? parseDate(dueDate).day : null;
  const weekly =
    /^FREQ=WEEKLY;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$/.exec(rrule);
  if (rrule === 'FREQ=DAILY') return { ...choice, preset: 'daily' };
  if (rrule === WORKWEEK_RULE) return { ...choice, preset: 'weekdays' };
  if (weekly?.[1]) {
    const weekdays = weekly[1]
      .split(',')
      .map((code) => WEEKDAY_CODES.indexOf(code as (typeof WEEKDAY_CODES)[number]) + 1);
    return { ...choice, preset: 'weekly', weekdays };
  }
  if (dueDay !== null && rrule === `FREQ=MONTHLY;BYMONTHDAY=${dueDay}`)
    return { ...choice, preset: 'monthlyDay' };
  if (rrule === 'FREQ=MONTHLY;BYMONTHDAY=-1') return { ...choice, preset: 'monthlyLast' };
  if (rrule === 'FREQ=YEARLY') return { ...choice, preset: 'yearly' };
  return { ...choice, preset: 'custom', custom: rrule };
}

/**
 * The `{rrule, from}` a picker state stands for, with the due date supplying the day of the
 * "monthly on day N" preset and the default weekday of "every week on…". A custom rule is
 * checked and normalized with the domain's parser, which the server runs too.
 */
export function recurrenceFromChoice(choice: RepeatChoice, dueDate: string): RepeatResult {
  const from: RecurrenceMode = choice.fromCompletion ? 'completion' : 'due';
  const dated = isCalendarDate(dueDate);
  let rrule: string;
  switch (choice.preset) {
    case 'none':
      return { ok: true, recurrence: null };
    case 'daily':
      rrule = 'FREQ=DAILY';
      break;
    case 'weekdays':
      rrule = WORKWEEK_RULE;
      break;
    case 'weekly': {
      let weekdays = choice.weekdays;
      if (weekdays.length === 0) weekdays = dated ? [isoWeekday(dueDate)] : [1];
      rrule = weekdaysRule(weekdays);
      break;
    }
    case 'monthlyDay':
      rrule = `FREQ=MONTHLY;BYMONTHDAY=${dated ? parseDate(dueDate).day : 1}`;
      break;
    case 'monthlyLast':
      rrule = 'FREQ=MONTHLY;BYMONTHDAY=-1';
      break;
    case 'yearly':
      rrule = 'FREQ=YEARLY';
      break;
    case 'custom': {
      try {
        rrule = formatRRule(parseRRule(choice.custom));
      } catch (error) {
        if (!(error instanceof RecurrenceRuleError)) throw error;
        return { ok: false, message: error.message };
      }
      break;
    }
  }
  return { ok: true, recurrence: { rrule, from } };
}

/** Returns whether two recurrences repeat the same way, where null is "does not repeat". */
export function sameRecurrence(a: RecurrenceInput | null, b: RecurrenceInput | null): boolean {
  if (a === null || b === null) return a === b;
  return a.from === b.from && (normalize(a.rrule) ?? a.rrule) === (normalize(b.rrule) ?? b.rrule);
}
