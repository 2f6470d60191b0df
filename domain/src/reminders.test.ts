import { describe, expect, it } from 'vitest';
import { applyMutation } from './mutators';
import { reminderInstants } from './reminders';
import type { Task } from './task';

const ID = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
const NOW = new Date('2026-12-04T12:00:00Z');

function task(fields: Record<string, unknown>): Task {
  const outcome = applyMutation(
    'createTask',
    { id: ID, title: 'Call the bank', ...fields },
    undefined,
    {
      now: NOW,
    },
  );
  if (outcome.kind !== 'put') throw new Error('expected a stored task');
  return outcome.task;
}

describe('reminderInstants', () => {
  it('counts minutes before a timed due', () => {
    const due = task({
      due_date: '2026-12-05',
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ minutes_before: 15 }, { minutes_before: 0 }],
    });
    expect(reminderInstants(due)).toEqual(['2026-12-05T03:45:00.000Z', '2026-12-05T04:00:00.000Z']);
  });

  it('counts a date-only due from the configured time', () => {
    const due = task({
      due_date: '2026-08-08',
      time_zone: 'America/Bogota',
      reminders: [{ minutes_before: 30 }],
    });
    expect(reminderInstants(due)).toEqual(['2026-08-08T13:30:00.000Z']);
    expect(reminderInstants(due, '18:00')).toEqual(['2026-08-08T22:30:00.000Z']);
  });

  it('P7: keeps an absolute instant as given', () => {
    const due = task({
      reminders: [{ at: '2026-12-05T08:45:00+05:00' }, { at: '2026-12-05T03:45:00Z' }],
    });
    expect(reminderInstants(due)).toEqual(['2026-12-05T03:45:00.000Z']);
  });

  it('ignores minutes before when there is no due date', () => {
    expect(reminderInstants(task({ reminders: [{ minutes_before: 10 }] }))).toEqual([]);
  });

  it('has none for a completed task', () => {
    const due = task({
      due_date: '2026-12-05',
      completed: true,
      reminders: [{ minutes_before: 10 }],
    });
    expect(reminderInstants(due)).toEqual([]);
  });

  it('moves with the due time of a recurring task', () => {
    const due = task({
      due_date: '2026-12-05',
      due_time: '09:00',
      time_zone: 'UTC',
      reminders: [{ minutes_before: 15 }],
      recurrence: { rrule: 'FREQ=DAILY' },
    });
    const outcome = applyMutation('completeTask', { id: ID, completed: true }, due, {
      now: new Date('2026-12-05T09:30:00Z'),
    });
    expect(outcome.kind === 'put' && reminderInstants(outcome.task)).toEqual([
      '2026-12-06T08:45:00.000Z',
    ]);
  });

  it.each([
    [[{ minutes_before: -1 }], 'must not be negative'],
    [[{ minutes_before: 1.5 }], 'whole number'],
    [[{ minutes_before: 40_321 }], 'at most 40320'],
    [[{ at: '2026-12-05T08:45:00' }], 'with Z or an offset'],
    [[{ at: '2026-12-05T08:45:00Z', minutes_before: 5 }], 'each reminder must be'],
    [Array.from({ length: 11 }, () => ({ minutes_before: 5 })), 'at most 10 reminders'],
  ])('rejects %j', (reminders, message) => {
    expect(() => task({ due_date: '2026-12-05', reminders })).toThrow(message);
  });
});
