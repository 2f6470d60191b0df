import { describe, expect, it } from 'vitest';
import {
  formatRRule,
  isoWeekday,
  nextOccurrence,
  occurrences,
  parseRRule,
  RecurrenceRuleError,
} from './recurrence';

function firstDates(rrule: string, anchor: string, count: number): string[] {
  const dates: string[] = [];
  for (const date of occurrences(parseRRule(rrule), anchor)) {
    dates.push(date);
    if (dates.length === count) break;
  }
  return dates;
}

describe('parseRRule', () => {
  it.each([
    ['FREQ=DAILY', 'FREQ=DAILY'],
    ['RRULE:freq=weekly;byday=mo,we,th', 'FREQ=WEEKLY;BYDAY=MO,WE,TH'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    ['FREQ=MONTHLY;BYDAY=2MO', 'FREQ=MONTHLY;BYDAY=2MO'],
    ['FREQ=YEARLY;BYMONTH=11;BYDAY=4TH', 'FREQ=YEARLY;BYDAY=4TH;BYMONTH=11'],
    ['FREQ=DAILY;INTERVAL=3;COUNT=5', 'FREQ=DAILY;INTERVAL=3;COUNT=5'],
    ['FREQ=WEEKLY;UNTIL=20270131T000000Z', 'FREQ=WEEKLY;UNTIL=20270131'],
  ])('reads %s', (text, normalised) => {
    expect(formatRRule(parseRRule(text))).toBe(normalised);
  });

  it.each([
    ['', 'empty'],
    ['FREQ=HOURLY', 'FREQ must be one of'],
    ['FREQ=DAILY;BYHOUR=9', 'BYHOUR is not supported'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be from 1'],
    ['FREQ=DAILY;COUNT=2;UNTIL=20270101', 'not both'],
    ['FREQ=WEEKLY;BYDAY=2MO', 'need FREQ=MONTHLY or YEARLY'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'must not be 0'],
    ['FREQ=MONTHLY;BYDAY=XX', 'weekday code'],
    ['FREQ=DAILY;UNTIL=20270230', 'not a real date'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'repeats FREQ'],
    ['FREQ=YEARLY;BYDAY=MO', 'needs BYMONTH'],
  ])('rejects %j', (text, message) => {
    expect(() => parseRRule(text)).toThrow(RecurrenceRuleError);
    expect(() => parseRRule(text)).toThrow(message);
  });
});

describe('occurrences', () => {
  it.each([
    // R1, R2: the anchor day survives a clamp to a shorter month.
    [
      'FREQ=MONTHLY',
      '2027-01-31',
      ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31'],
    ],
    ['FREQ=MONTHLY', '2028-01-31', ['2028-01-31', '2028-02-29', '2028-03-31']],
    // R3
    ['FREQ=MONTHLY', '2027-03-31', ['2027-03-31', '2027-04-30', '2027-05-31']],
    ['FREQ=MONTHLY;BYMONTHDAY=31', '2027-01-31', ['2027-01-31', '2027-02-28', '2027-03-31']],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2027-01-10', ['2027-01-31', '2027-02-28', '2027-03-31']],
    ['FREQ=MONTHLY;BYDAY=-1FR', '2027-01-01', ['2027-01-29', '2027-02-26', '2027-03-26']],
    ['FREQ=MONTHLY;BYDAY=2MO', '2027-01-01', ['2027-01-11', '2027-02-08', '2027-03-08']],
    // R8: calendar months, never 30 days.
    ['FREQ=MONTHLY;INTERVAL=2', '2027-01-15', ['2027-01-15', '2027-03-15', '2027-05-15']],
    ['FREQ=YEARLY', '2028-02-29', ['2028-02-29', '2029-02-28', '2030-02-28']],
    ['FREQ=YEARLY;BYMONTH=11;BYDAY=4TH', '2027-01-01', ['2027-11-25', '2028-11-23']],
    // R7: weekdays of the rule, on the local calendar.
    [
      'FREQ=WEEKLY;BYDAY=MO,WE,TH',
      '2027-03-01',
      ['2027-03-01', '2027-03-03', '2027-03-04', '2027-03-08'],
    ],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2027-03-02', ['2027-03-02', '2027-03-16', '2027-03-30']],
    ['FREQ=WEEKLY', '2027-03-03', ['2027-03-03', '2027-03-10', '2027-03-17']],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', '2027-03-05', ['2027-03-05', '2027-03-08', '2027-03-09']],
    ['FREQ=DAILY;INTERVAL=3', '2027-12-30', ['2027-12-30', '2028-01-02', '2028-01-05']],
    ['FREQ=DAILY;COUNT=2', '2027-01-01', ['2027-01-01', '2027-01-02']],
    ['FREQ=DAILY;UNTIL=20270102', '2027-01-01', ['2027-01-01', '2027-01-02']],
  ])('%s from %s', (rrule, anchor, expected) => {
    expect(
      firstDates(
        rrule,
        anchor,
        expected.length + (rrule.includes('COUNT') || rrule.includes('UNTIL') ? 5 : 0),
      ),
    ).toEqual(expected);
  });
});

describe('nextOccurrence', () => {
  it('gives the position in the series', () => {
    expect(nextOccurrence(parseRRule('FREQ=MONTHLY'), '2027-01-31', '2027-02-28')).toEqual({
      date: '2027-03-31',
      position: 3,
    });
  });

  it('returns null after the last occurrence', () => {
    expect(nextOccurrence(parseRRule('FREQ=DAILY;COUNT=3'), '2027-01-01', '2027-01-03')).toBeNull();
  });

  it('skips weeks the interval leaves out', () => {
    expect(
      nextOccurrence(parseRRule('FREQ=WEEKLY;INTERVAL=2'), '2027-03-01', '2027-03-01')?.date,
    ).toBe('2027-03-15');
  });
});

describe('isoWeekday', () => {
  it.each([
    ['2027-03-01', 1],
    ['2027-03-07', 7],
    ['2026-12-04', 5],
  ])('%s is day %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});
