import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  daysInMonth,
  dueInstant,
  formatDate,
  formatTime,
  isCalendarDate,
  isTimeOfDay,
  localDate,
  parseDate,
  parseTime,
  type WallDateTime,
  wallTimeAt,
  zonedTimeToInstant,
} from './time';

/** Parses `YYYY-MM-DD HH:MM` into wall-clock fields. */
function wall(text: string): WallDateTime {
  const [date = '', time = ''] = text.split(' ');
  return { ...parseDate(date), ...parseTime(time) };
}

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true, 'leap day in a leap year'],
    ['2000-02-29', true, 'leap day in a year divisible by 400'],
    ['2026-02-28', true, 'last day of February'],
    ['2026-04-30', true, 'last day of a 30-day month'],
    ['2026-12-31', true, 'last day of the year'],
    ['0001-01-01', true, 'first day of year 1'],
    ['0004-02-29', true, 'leap day in the first century'],
    ['9999-12-31', true, 'last four-digit day'],
    ['2026-02-29', false, 'leap day in a common year'],
    ['1900-02-29', false, 'leap day in a century year'],
    ['2100-02-29', false, 'leap day in a future century year'],
    ['2026-02-30', false, 'February 30'],
    ['2026-04-31', false, 'April 31'],
    ['2026-01-32', false, 'day 32'],
    ['2026-01-00', false, 'day 0'],
    ['2026-00-10', false, 'month 0'],
    ['2026-13-01', false, 'month 13'],
    ['0000-01-01', false, 'year 0'],
    ['2026-3-10', false, 'one-digit month'],
    ['2026-03-1', false, 'one-digit day'],
    ['26-03-10', false, 'two-digit year'],
    ['+02026-03-10', false, 'expanded year'],
    ['20260310', false, 'no separators'],
    ['2026/03/10', false, 'slashes'],
    ['10-03-2026', false, 'day first'],
    ['2026-03-10T00:00', false, 'date with a time'],
    [' 2026-03-10', false, 'leading space'],
    ['2026-03-10\n', false, 'trailing newline'],
    ['۲۰۲۶-۰۳-۱۰', false, 'Extended Arabic-Indic digits'],
    ['', false, 'empty'],
  ])('%s is %s (%s)', (value, valid) => {
    expect(isCalendarDate(value)).toBe(valid);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2026, 1, 31],
    [2026, 2, 28],
    [2024, 2, 29],
    [2000, 2, 29],
    [1900, 2, 28],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe('isTimeOfDay', () => {
  it.each([
    ['00:00', true],
    ['09:05', true],
    ['12:00', true],
    ['19:30', true],
    ['23:59', true],
    ['24:00', false],
    ['25:00', false],
    ['9:00', false],
    ['09:5', false],
    ['09:60', false],
    ['0900', false],
    ['09.00', false],
    ['09:00:00', false],
    ['9am', false],
    [' 09:00', false],
    ['-1:00', false],
    ['', false],
  ])('%s is %s', (value, valid) => {
    expect(isTimeOfDay(value)).toBe(valid);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['Asia/Karachi', 'Asia/Karachi'],
    ['America/New_York', 'America/New_York'],
    ['America/North_Dakota/New_Salem', 'America/North_Dakota/New_Salem'],
    ['America/Port-au-Prince', 'America/Port-au-Prince'],
    ['Etc/GMT-14', 'Etc/GMT-14'],
    ['asia/karachi', 'Asia/Karachi'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    // Names renamed by IANA stay as given, not turned back into the older spelling.
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'],
    ['America/Nuuk', 'America/Nuuk'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['US/Eastern', 'US/Eastern'],
  ])('accepts %s as %s', (zone, canonical) => {
    expect(canonicalTimeZone(zone)).toBe(canonical);
  });

  it.each([
    ['+05:00', 'UTC offset'],
    ['UTC+5', 'UTC with an offset'],
    ['GMT+5', 'GMT with an offset'],
    ['Z', 'ISO zone designator'],
    ['PKT', 'abbreviation unknown to ICU'],
    ['IST', 'abbreviation ICU reads as India'],
    ['BST', 'abbreviation ICU reads as Dhaka'],
    ['PST', 'abbreviation ICU reads as Los Angeles'],
    ['pst', 'lower-case abbreviation'],
    ['PLT', 'abbreviation ICU reads as Karachi'],
    ['SystemV/AST4', 'ICU SystemV zone'],
    ['Mars/Olympus', 'unknown area'],
    ['Asia/Atlantis', 'unknown city'],
    ['Etc/Unknown', 'ICU placeholder zone'],
    ['Asia', 'area only'],
    ['Asia/Karachi/', 'trailing slash'],
    ['/Asia/Karachi', 'leading slash'],
    ['Asia//Karachi', 'double slash'],
    ['Asia/Karachi ', 'trailing space'],
    ['America/New York', 'space in the city'],
    ['', 'empty'],
  ])('rejects %s (%s)', (zone) => {
    expect(canonicalTimeZone(zone)).toBeUndefined();
  });
});

describe('zonedTimeToInstant', () => {
  it.each([
    // America/New_York: clocks go 02:00 EST -> 03:00 EDT on 2026-03-08 and 02:00 EDT -> 01:00 EST on 2026-11-01.
    ['America/New_York', '2026-01-15 12:00', '2026-01-15T17:00:00.000Z', 'winter EST'],
    ['America/New_York', '2026-07-15 12:00', '2026-07-15T16:00:00.000Z', 'summer EDT'],
    [
      'America/New_York',
      '2026-03-08 01:59',
      '2026-03-08T06:59:00.000Z',
      'last minute before the gap',
    ],
    ['America/New_York', '2026-03-08 02:00', '2026-03-08T07:00:00.000Z', 'start of the gap'],
    [
      'America/New_York',
      '2026-03-08 02:30',
      '2026-03-08T07:30:00.000Z',
      'inside the gap is 03:30 EDT',
    ],
    ['America/New_York', '2026-03-08 03:00', '2026-03-08T07:00:00.000Z', 'end of the gap'],
    ['America/New_York', '2026-11-01 00:59', '2026-11-01T04:59:00.000Z', 'before the overlap'],
    [
      'America/New_York',
      '2026-11-01 01:00',
      '2026-11-01T05:00:00.000Z',
      'start of the overlap in EDT',
    ],
    [
      'America/New_York',
      '2026-11-01 01:30',
      '2026-11-01T05:30:00.000Z',
      'overlap takes the EDT instant',
    ],
    [
      'America/New_York',
      '2026-11-01 02:00',
      '2026-11-01T07:00:00.000Z',
      'after the overlap in EST',
    ],
    // Europe/Berlin: 02:00 CET -> 03:00 CEST on 2026-03-29, 03:00 CEST -> 02:00 CET on 2026-10-25.
    ['Europe/Berlin', '2026-03-29 01:59', '2026-03-29T00:59:00.000Z', 'before the gap'],
    [
      'Europe/Berlin',
      '2026-03-29 02:30',
      '2026-03-29T01:30:00.000Z',
      'inside the gap is 03:30 CEST',
    ],
    ['Europe/Berlin', '2026-03-29 03:00', '2026-03-29T01:00:00.000Z', 'end of the gap'],
    ['Europe/Berlin', '2026-10-25 00:00', '2026-10-24T22:00:00.000Z', 'midnight on the change day'],
    [
      'Europe/Berlin',
      '2026-10-25 02:30',
      '2026-10-25T00:30:00.000Z',
      'overlap takes the CEST instant',
    ],
    ['Europe/Berlin', '2026-10-25 03:00', '2026-10-25T02:00:00.000Z', 'after the overlap in CET'],
    ['Europe/Berlin', '2026-10-26 00:00', '2026-10-25T23:00:00.000Z', 'midnight after the change'],
    // Pacific/Auckland: 03:00 NZDT -> 02:00 NZST on 2026-04-05, 02:00 NZST -> 03:00 NZDT on 2026-09-27.
    ['Pacific/Auckland', '2026-01-15 09:00', '2026-01-14T20:00:00.000Z', 'summer NZDT'],
    ['Pacific/Auckland', '2026-07-15 09:00', '2026-07-14T21:00:00.000Z', 'winter NZST'],
    [
      'Pacific/Auckland',
      '2026-04-05 02:30',
      '2026-04-04T13:30:00.000Z',
      'overlap takes the NZDT instant',
    ],
    ['Pacific/Auckland', '2026-04-05 03:00', '2026-04-04T15:00:00.000Z', 'after the overlap'],
    ['Pacific/Auckland', '2026-09-26 09:00', '2026-09-25T21:00:00.000Z', 'day before the gap'],
    [
      'Pacific/Auckland',
      '2026-09-27 02:30',
      '2026-09-26T14:30:00.000Z',
      'inside the gap is 03:30 NZDT',
    ],
    ['Pacific/Auckland', '2026-09-27 09:00', '2026-09-26T20:00:00.000Z', 'day of the gap'],
    // Australia/Adelaide is +10:30 in summer and +09:30 in winter, changing on 2026-04-05 and 2026-10-04.
    ['Australia/Adelaide', '2026-01-01 12:00', '2026-01-01T01:30:00.000Z', 'summer ACDT'],
    ['Australia/Adelaide', '2026-07-01 12:00', '2026-07-01T02:30:00.000Z', 'winter ACST'],
    [
      'Australia/Adelaide',
      '2026-04-05 02:30',
      '2026-04-04T16:00:00.000Z',
      'overlap takes the ACDT instant',
    ],
    [
      'Australia/Adelaide',
      '2026-10-04 02:30',
      '2026-10-03T17:00:00.000Z',
      'inside the gap is 03:30 ACDT',
    ],
    // Australia/Lord_Howe moves its clocks by 30 minutes: +11:00 in summer, +10:30 in winter.
    ['Australia/Lord_Howe', '2026-04-05 01:45', '2026-04-04T14:45:00.000Z', 'half-hour overlap'],
    ['Australia/Lord_Howe', '2026-10-04 02:15', '2026-10-03T15:45:00.000Z', 'half-hour gap'],
    ['Asia/Kolkata', '2026-03-10 09:00', '2026-03-10T03:30:00.000Z', '+05:30'],
    ['Asia/Kolkata', '2026-03-10 00:00', '2026-03-09T18:30:00.000Z', '+05:30 midnight'],
    ['Asia/Kathmandu', '2026-03-10 09:00', '2026-03-10T03:15:00.000Z', '+05:45'],
    ['Asia/Karachi', '2026-03-10 18:00', '2026-03-10T13:00:00.000Z', '+05:00 in March'],
    ['Asia/Karachi', '2026-07-10 18:00', '2026-07-10T13:00:00.000Z', '+05:00 in July'],
    ['UTC', '2026-03-10 18:00', '2026-03-10T18:00:00.000Z', 'UTC'],
    // Samoa skipped 30 December 2011 when it moved across the date line.
    ['Pacific/Apia', '2011-12-30 12:00', '2011-12-30T22:00:00.000Z', 'skipped day moves forward'],
  ])('%s %s is %s (%s)', (zone, wallText, expected) => {
    expect(zonedTimeToInstant(wall(wallText), zone).toISOString()).toBe(expected);
  });

  it.each([
    ['America/New_York', '2026-11-01 01:30'],
    ['Europe/Berlin', '2026-10-25 02:30'],
    ['Pacific/Auckland', '2026-04-05 02:30'],
    ['Australia/Adelaide', '2026-04-05 02:30'],
    ['Asia/Kolkata', '2026-03-10 09:00'],
    ['Asia/Karachi', '2026-03-10 18:00'],
    ['America/Adak', '2026-03-10 23:59'],
    ['Pacific/Kiritimati', '2026-03-10 00:00'],
  ])('%s %s reads back unchanged', (zone, wallText) => {
    const instant = zonedTimeToInstant(wall(wallText), zone);
    expect(wallTimeAt(instant, zone)).toEqual(wall(wallText));
  });
});

describe('dueInstant', () => {
  it.each([
    ['2026-03-10', '18:00', 'Asia/Karachi', '2026-03-10T13:00:00.000Z', '18:00 Karachi'],
    ['2026-03-10', null, 'Asia/Karachi', '2026-03-09T19:00:00.000Z', 'date-only Karachi'],
    ['2026-08-08', null, 'America/Bogota', '2026-08-08T05:00:00.000Z', 'date-only Bogota'],
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z', 'spring gap'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z', 'fall overlap'],
    ['2026-03-10', '09:00', 'Asia/Kolkata', '2026-03-10T03:30:00.000Z', 'Kolkata'],
    ['2026-03-10', '00:00', 'UTC', '2026-03-10T00:00:00.000Z', 'midnight UTC'],
    ['2026-03-10', null, 'UTC', '2026-03-10T00:00:00.000Z', 'date-only UTC'],
    ['2026-03-10', '23:59', 'Pacific/Kiritimati', '2026-03-10T09:59:00.000Z', '+14:00'],
    ['2026-03-10', '23:59', 'America/Adak', '2026-03-11T08:59:00.000Z', '-09:00 HDT'],
  ])('%s %s in %s is %s (%s)', (date, time, zone, expected, _name) => {
    expect(dueInstant(date, time, zone).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-08-08', 'America/Bogota'],
    ['2026-03-10', 'Asia/Karachi'],
    ['2026-03-10', 'Pacific/Kiritimati'],
    ['2026-03-10', 'America/Adak'],
    ['2026-03-08', 'America/New_York'],
    ['2026-11-01', 'America/New_York'],
    ['2026-10-25', 'Europe/Berlin'],
    ['2026-09-27', 'Pacific/Auckland'],
    // Chile moves its clocks from 00:00 to 01:00, so this day has no midnight.
    ['2026-09-06', 'America/Santiago'],
    ['0050-06-01', 'UTC'],
    ['0099-12-31', 'Asia/Karachi'],
  ])('date-only %s stays that day in %s', (date, zone) => {
    expect(localDate(dueInstant(date, null, zone), zone)).toBe(date);
  });

  it.each([
    ['2026-03-10', '18:00', 'Asia/Karachi'],
    ['2026-03-10', '23:59', 'Pacific/Kiritimati'],
    ['2026-11-01', '01:30', 'America/New_York'],
    ['0050-06-01', '10:00', 'Asia/Karachi'],
  ])('%s %s in %s reads back unchanged', (date, time, zone) => {
    const instant = dueInstant(date, time, zone);
    expect(localDate(instant, zone)).toBe(date);
    expect(formatTime(wallTimeAt(instant, zone))).toBe(time);
  });
});

describe('localDate', () => {
  it.each([
    ['2026-03-10T18:00:00Z', 'Asia/Jakarta', '2026-03-11', 'Jakarta is already tomorrow'],
    ['2026-03-10T18:00:00Z', 'UTC', '2026-03-10', 'UTC is still today'],
    ['2026-03-10T16:59:59Z', 'Asia/Jakarta', '2026-03-10', 'one second before Jakarta midnight'],
    ['2026-03-10T17:00:00Z', 'Asia/Jakarta', '2026-03-11', 'Jakarta midnight'],
    ['2026-03-10T15:30:00Z', 'Asia/Shanghai', '2026-03-10', '23:30 at UTC+8'],
    ['2026-03-10T16:30:00Z', 'Asia/Shanghai', '2026-03-11', '00:30 at UTC+8'],
    ['2026-03-10T12:00:00Z', 'Pacific/Kiritimati', '2026-03-11', '+14:00'],
    ['2026-03-10T12:00:00Z', 'America/Adak', '2026-03-10', '-09:00'],
    ['2026-03-10T05:00:00Z', 'America/Bogota', '2026-03-10', 'Bogota midnight'],
    ['2026-03-10T04:59:00Z', 'America/Bogota', '2026-03-09', 'Bogota before midnight'],
    ['2026-12-31T23:30:00Z', 'Asia/Karachi', '2027-01-01', 'new year in Karachi first'],
  ])('%s in %s is %s (%s)', (instant, zone, expected) => {
    expect(localDate(new Date(instant), zone)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-10', 0, '2026-03-10'],
    ['2026-03-10', 1, '2026-03-11'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-07', 1, '2026-03-08'],
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-03-10', -70, '2025-12-30'],
    ['0099-12-31', 1, '0100-01-01'],
    ['0001-01-02', -1, '0001-01-01'],
    ['9999-12-30', 1, '9999-12-31'],
  ])('%s plus %i is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('formatDate and formatTime', () => {
  it.each([
    [{ year: 2026, month: 3, day: 9 }, '2026-03-09'],
    [{ year: 50, month: 1, day: 1 }, '0050-01-01'],
    [{ year: 9999, month: 12, day: 31 }, '9999-12-31'],
  ])('formatDate %o is %s', (date, expected) => {
    expect(formatDate(date)).toBe(expected);
  });

  it.each([
    [{ hour: 0, minute: 0 }, '00:00'],
    [{ hour: 9, minute: 5 }, '09:05'],
    [{ hour: 23, minute: 59 }, '23:59'],
  ])('formatTime %o is %s', (time, expected) => {
    expect(formatTime(time)).toBe(expected);
  });
});
