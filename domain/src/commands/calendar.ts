import { isoWeekday } from '../recurrence';
import { addDays, daysInMonth, formatDate, isCalendarDate, parseDate } from '../time';

// Calendar arithmetic on `YYYY-MM-DD` dates for the date rules. Weeks run Monday to Sunday.

export class InvalidDateError extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a real calendar date`);
    this.name = 'InvalidDateError';
  }
}

/** Adds calendar months. A day the target month lacks becomes its last day (31 Jan + 1 = 28 Feb). */
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

/** The first day with ISO weekday `weekday` (1 = Monday) after today, or in next week. */
export function weekdayDate(today: string, weekday: number, next: boolean): string {
  if (next) {
    const nextMonday = addDays(today, 8 - isoWeekday(today));
    return addDays(nextMonday, weekday - 1);
  }
  const ahead = (weekday - isoWeekday(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

export function weekRange(today: string, next: boolean): { from: string; to: string } {
  const monday = addDays(today, 1 - isoWeekday(today) + (next ? 7 : 0));
  return { from: monday, to: addDays(monday, 6) };
}

export function monthRange(today: string, next: boolean): { from: string; to: string } {
  const { year, month } = parseDate(addMonths(`${today.slice(0, 8)}01`, next ? 1 : 0));
  return {
    from: formatDate({ year, month, day: 1 }),
    to: formatDate({ year, month, day: daysInMonth(year, month) }),
  };
}

export function yearRange(today: string, next: boolean): { from: string; to: string } {
  const year = parseDate(today).year + (next ? 1 : 0);
  return {
    from: formatDate({ year, month: 1, day: 1 }),
    to: formatDate({ year, month: 12, day: 31 }),
  };
}

/** Builds a date and checks that it exists. A date without a year is the next one from today. */
export function calendarDate(
  today: string,
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
  const thisYear = parseDate(today).year;
  // Eight years always include a leap year, for 29 February.
  for (let offset = 0; offset <= 8; offset++) {
    const date = formatDate({ year: thisYear + offset, month, day });
    if (isCalendarDate(date) && date >= today) return date;
  }
  throw new InvalidDateError(text);
}

/** The next date, from today on, that falls on day `day` of its month. */
export function dayOfMonth(
  today: string,
  text: string,
  day: number,
  fromNextMonth = false,
): string {
  if (day < 1 || day > 31) throw new InvalidDateError(text);
  let month = parseDate(today).month + (fromNextMonth ? 1 : 0);
  let year = parseDate(today).year;
  for (let step = 0; step < 12; step++) {
    if (month > 12) {
      month -= 12;
      year++;
    }
    const date = formatDate({ year, month, day });
    if (isCalendarDate(date) && date >= today) return date;
    month++;
  }
  throw new InvalidDateError(text);
}
