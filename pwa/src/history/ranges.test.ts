import { describe, expect, it } from 'vitest';
import { startOfToday, startOfWeek } from './ranges';

describe('startOfToday', () => {
  it('starts at local midnight, not UTC midnight', () => {
    // 01:30 in Karachi (UTC+5) is still the previous day in UTC.
    const now = new Date('2026-12-03T20:30:00Z');
    expect(startOfToday(now, 'Asia/Karachi').toISOString()).toBe('2026-12-03T19:00:00.000Z');
  });

  it('starts at 01:00 when clocks skip midnight', () => {
    // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026 (UTC-4 to UTC-3).
    const now = new Date('2026-09-06T15:00:00Z');
    expect(startOfToday(now, 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('uses the offset of the day itself after a change', () => {
    // Berlin: summer time from 29 March 2026, so midnight of the 30th is at UTC+2.
    const now = new Date('2026-03-30T09:00:00Z');
    expect(startOfToday(now, 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('startOfWeek', () => {
  it('starts on Monday', () => {
    // Thursday 3 December 2026 in Karachi; Monday is the 30th of November.
    const now = new Date('2026-12-03T08:00:00Z');
    expect(startOfWeek(now, 'Asia/Karachi').toISOString()).toBe('2026-11-29T19:00:00.000Z');
  });

  it('is today on a Monday and six days back on a Sunday', () => {
    const monday = new Date('2026-11-30T08:00:00Z');
    const sunday = new Date('2026-12-06T08:00:00Z');
    expect(startOfWeek(monday, 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(startOfWeek(sunday, 'UTC').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('keeps the offset of Monday across a change later in the week', () => {
    // The week of 23 March 2026 in Berlin starts in winter time (UTC+1) and ends in summer
    // time (UTC+2). The next week, from Monday the 30th, starts at UTC+2.
    const tuesday = new Date('2026-03-24T12:00:00Z');
    const sundayAfterChange = new Date('2026-03-29T12:00:00Z');
    const nextMonday = new Date('2026-03-30T12:00:00Z');
    expect(startOfWeek(tuesday, 'Europe/Berlin').toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(startOfWeek(sundayAfterChange, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-22T23:00:00.000Z',
    );
    expect(startOfWeek(nextMonday, 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('follows each Monday offset in Santiago', () => {
    // Chile's clocks skip from 00:00 to 01:00 on Sunday 6 September 2026, so the week of
    // 31 August starts at UTC-4 and the week of 7 September at UTC-3.
    const wednesday = new Date('2026-09-09T15:00:00Z');
    expect(startOfWeek(wednesday, 'America/Santiago').toISOString()).toBe(
      '2026-09-07T03:00:00.000Z',
    );
    const saturday = new Date('2026-09-05T15:00:00Z');
    expect(startOfWeek(saturday, 'America/Santiago').toISOString()).toBe(
      '2026-08-31T04:00:00.000Z',
    );
  });
});
