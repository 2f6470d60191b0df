import type { Reminder, Task } from '@fehrist/domain';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { testTranslations } from '../test/i18n';
import {
  addReminder,
  describeReminder,
  instantFromLocalInput,
  leadMinutes,
  localInputFromInstant,
  nextReminder,
  sortReminders,
} from './reminder-options';

let t: { en: TFunction; ur: TFunction };
beforeAll(async () => {
  t = await testTranslations();
});

const task = (fields: Partial<Task>) =>
  ({
    due_date: '2027-03-10',
    due_time: '09:00',
    time_zone: 'Asia/Karachi',
    reminders: [],
    completed: false,
    deleted: false,
    ...fields,
  }) as Task;

describe('describeReminder', () => {
  it.each([
    [{ minutes_before: 0 }, 'At the due time', 'مقررہ وقت پر'],
    [{ minutes_before: 15 }, '15 minutes before', '15 منٹ پہلے'],
    [{ minutes_before: 60 }, '1 hour before', '1 گھنٹہ پہلے'],
    [{ minutes_before: 120 }, '2 hours before', '2 گھنٹے پہلے'],
    [{ minutes_before: 1440 }, '1 day before', '1 دن پہلے'],
    [{ minutes_before: 90 }, '90 minutes before', '90 منٹ پہلے'],
  ] as [Reminder, string, string][])('%j', (reminder, english, urdu) => {
    expect(describeReminder(reminder, t.en, 'en', 'Asia/Karachi')).toBe(english);
    expect(describeReminder(reminder, t.ur, 'ur', 'Asia/Karachi')).toBe(urdu);
  });

  it('shows an absolute reminder as wall time in the zone', () => {
    const text = describeReminder({ at: '2027-03-10T03:45:00.000Z' }, t.en, 'en', 'Asia/Karachi');
    expect(text).toBe('On Wed, Mar 10, 8:45 AM');
  });
});

describe('nextReminder', () => {
  it('gives the next fire time in UTC, 15 minutes before 09:00 in Karachi', () => {
    const next = nextReminder(
      task({ reminders: [{ minutes_before: 15 }, { minutes_before: 1440 }] }),
      new Date('2027-03-09T12:00:00Z'),
    );
    expect(next).toBe('2027-03-10T03:45:00.000Z');
  });

  it('counts a date-only due from 09:00', () => {
    const next = nextReminder(
      task({ due_time: null, reminders: [{ minutes_before: 60 }] }),
      new Date('2027-03-01T00:00:00Z'),
    );
    expect(next).toBe('2027-03-10T03:00:00.000Z');
  });

  it('is null when every reminder is past or the task is done', () => {
    const reminders = [{ minutes_before: 0 }];
    expect(nextReminder(task({ reminders }), new Date('2027-03-11T00:00:00Z'))).toBeNull();
    expect(nextReminder(task({ reminders, completed: true }), new Date('2027-01-01'))).toBeNull();
  });
});

describe('local date-time inputs', () => {
  it('reads a datetime-local value in the user zone', () => {
    expect(instantFromLocalInput('2027-03-10T18:00', 'Asia/Karachi')).toBe(
      '2027-03-10T13:00:00.000Z',
    );
    expect(instantFromLocalInput('2027-02-30T18:00', 'Asia/Karachi')).toBeNull();
    expect(localInputFromInstant('2027-03-10T13:00:00.000Z', 'Asia/Karachi')).toBe(
      '2027-03-10T18:00',
    );
  });
});

describe('reminder lists', () => {
  it('adds no duplicates and at most ten', () => {
    expect(addReminder([{ minutes_before: 5 }], { minutes_before: 5 })).toEqual([
      { minutes_before: 5 },
    ]);
    const full = Array.from({ length: 10 }, (_, index) => ({ minutes_before: index }));
    expect(addReminder(full, { minutes_before: 99 })).toBeNull();
  });

  it('sorts lead times from longest to shortest, then absolute times', () => {
    expect(
      sortReminders([
        { at: '2027-01-02T00:00:00.000Z' },
        { minutes_before: 5 },
        { at: '2027-01-01T00:00:00.000Z' },
        { minutes_before: 60 },
      ]),
    ).toEqual([
      { minutes_before: 60 },
      { minutes_before: 5 },
      { at: '2027-01-01T00:00:00.000Z' },
      { at: '2027-01-02T00:00:00.000Z' },
    ]);
  });

  it('reads custom lead times', () => {
    expect(leadMinutes('2', 'hours')).toBe(120);
    expect(leadMinutes('3', 'days')).toBe(4320);
    expect(leadMinutes('0', 'minutes')).toBeNull();
    expect(leadMinutes('1.5', 'hours')).toBeNull();
  });
});
