import { addDays, localDate, parseDate, zonedTimeToInstant } from '@fehrist/domain';

/** Returns the instant the calendar day `date` (`YYYY-MM-DD`) starts in `zone`. */
function startOfDay(date: string, zone: string): Date {
  return zonedTimeToInstant({ ...parseDate(date), hour: 0, minute: 0 }, zone);
}

/**
 * Returns the instant today started in `zone`. On a day whose midnight falls in a
 * daylight-saving gap, that is the first instant the clocks show on that day.
 */
export function startOfToday(now: Date, zone: string): Date {
  return startOfDay(localDate(now, zone), zone);
}

/** Returns the instant this week started in `zone`: Monday 00:00, in English and in Urdu. */
export function startOfWeek(now: Date, zone: string): Date {
  const today = localDate(now, zone);
  const { year, month, day } = parseDate(today);
  // getUTCDay counts from Sunday (0); Monday is the first day of the week here.
  const daysSinceMonday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return startOfDay(addDays(today, -daysSinceMonday), zone);
}
