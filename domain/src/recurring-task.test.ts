import { describe, expect, it } from 'vitest';
import { applyMutation, type MutationOutcome } from './mutators';
import type { Task } from './task';
import { wallTimeAt } from './time';

const ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

function put(outcome: MutationOutcome): Task {
  if (outcome.kind !== 'put') throw new Error('expected the mutation to store a task');
  return outcome.task;
}

function recurring(fields: Record<string, unknown>, createdAt = '2026-01-01T00:00:00Z'): Task {
  return put(
    applyMutation('createTask', { id: ID, title: 'Pay rent', ...fields }, undefined, {
      now: new Date(createdAt),
    }),
  );
}

function complete(task: Task, at: string, extra: Record<string, unknown> = {}): MutationOutcome {
  return applyMutation('completeTask', { id: task.id, completed: true, ...extra }, task, {
    now: new Date(at),
  });
}

/** Completes the task on its own due day at noon UTC, as many times as asked. */
function completeOnDueDays(task: Task, times: number): string[] {
  const dates: string[] = [];
  let current = task;
  for (let index = 0; index < times; index++) {
    current = put(complete(current, `${current.due_date}T12:00:00Z`));
    dates.push(current.due_date ?? 'none');
  }
  return dates;
}

describe('completing a monthly task', () => {
  it('R1: Jan 31 moves to Feb 28', () => {
    const task = recurring({ due_date: '2027-01-31', recurrence: { rrule: 'FREQ=MONTHLY' } });
    expect(completeOnDueDays(task, 1)).toEqual(['2027-02-28']);
  });

  it('R1: Jan 31 moves to Feb 29 in a leap year', () => {
    const task = recurring({ due_date: '2028-01-31', recurrence: { rrule: 'FREQ=MONTHLY' } });
    expect(completeOnDueDays(task, 1)).toEqual(['2028-02-29']);
  });

  it('R2: the 31st survives the February clamp', () => {
    const task = recurring({ due_date: '2027-01-31', recurrence: { rrule: 'FREQ=MONTHLY' } });
    expect(completeOnDueDays(task, 3)).toEqual(['2027-02-28', '2027-03-31', '2027-04-30']);
  });

  it('R3: Mar 31 moves to Apr 30, then May 31', () => {
    const task = recurring({ due_date: '2027-03-31', recurrence: { rrule: 'FREQ=MONTHLY' } });
    expect(completeOnDueDays(task, 2)).toEqual(['2027-04-30', '2027-05-31']);
  });

  it('R8: advances by calendar months', () => {
    const task = recurring({ due_date: '2027-01-15', recurrence: { rrule: 'FREQ=MONTHLY' } });
    expect(completeOnDueDays(task, 3)).toEqual(['2027-02-15', '2027-03-15', '2027-04-15']);
  });

  it('on the 31st by rule clamps and returns', () => {
    const task = recurring({
      due_date: '2027-01-31',
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' },
    });
    expect(completeOnDueDays(task, 2)).toEqual(['2027-02-28', '2027-03-31']);
  });
});

describe('completing across daylight-saving changes', () => {
  it('R4: Auckland daily 09:00 moves to the next day', () => {
    // Pacific/Auckland starts daylight saving on 2026-09-27.
    const task = recurring({
      due_date: '2026-09-26',
      due_time: '09:00',
      time_zone: 'Pacific/Auckland',
      recurrence: { rrule: 'FREQ=DAILY' },
    });
    const next = put(complete(task, '2026-09-25T21:30:00Z'));
    expect(next.due_date).toBe('2026-09-27');
    expect(next.due_time).toBe('09:00');
    expect(wallTimeAt(new Date(next.due_at ?? ''), 'Pacific/Auckland')).toMatchObject({
      day: 27,
      hour: 9,
      minute: 0,
    });
  });

  it('R5: Berlin weekly midnight stays at 00:00 local', () => {
    // Europe/Berlin leaves daylight saving on 2026-10-25.
    let task = recurring({
      due_date: '2026-10-19',
      due_time: '00:00',
      time_zone: 'Europe/Berlin',
      recurrence: { rrule: 'FREQ=WEEKLY' },
    });
    for (const expected of ['2026-10-26', '2026-11-02']) {
      task = put(complete(task, '2026-10-19T06:00:00Z'.replace('2026-10-19', task.due_date ?? '')));
      expect(task.due_date).toBe(expected);
      const wall = wallTimeAt(new Date(task.due_at ?? ''), 'Europe/Berlin');
      expect(wall.hour).toBe(0);
      expect(wall.day).toBe(Number(expected.slice(8)));
    }
  });

  it('R6: Denver daily 06:00 across November', () => {
    // America/Denver leaves daylight saving on 2026-11-01.
    let task = recurring({
      due_date: '2026-10-30',
      due_time: '06:00',
      time_zone: 'America/Denver',
      recurrence: { rrule: 'FREQ=DAILY' },
    });
    const instants: string[] = [];
    for (let index = 0; index < 3; index++) {
      task = put(complete(task, `${task.due_date}T18:00:00Z`));
      instants.push(task.due_at ?? '');
    }
    expect(instants).toEqual([
      '2026-10-31T12:00:00.000Z',
      '2026-11-01T13:00:00.000Z',
      '2026-11-02T13:00:00.000Z',
    ]);
  });

  it('R7: Denver 01:00 on Mon, Wed, Thu stays on those days', () => {
    let task = recurring({
      due_date: '2026-11-02',
      due_time: '01:00',
      time_zone: 'America/Denver',
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,TH' },
    });
    const weekdays: string[] = [];
    for (let index = 0; index < 4; index++) {
      task = put(complete(task, `${task.due_date}T12:00:00Z`));
      const local = new Intl.DateTimeFormat('en-US', {
        weekday: 'short',
        timeZone: 'America/Denver',
      });
      weekdays.push(local.format(new Date(task.due_at ?? '')));
    }
    expect(weekdays).toEqual(['Wed', 'Thu', 'Mon', 'Wed']);
  });

  it.each([
    ['Asia/Karachi', '2026-03-07', '2026-03-08', '2026-03-08T04:00:00.000Z'],
    ['Australia/Adelaide', '2026-04-04', '2026-04-05', '2026-04-04T23:30:00.000Z'],
    ['America/New_York', '2026-03-07', '2026-03-08', '2026-03-08T13:00:00.000Z'],
    ['Europe/London', '2026-03-28', '2026-03-29', '2026-03-29T08:00:00.000Z'],
    ['Pacific/Auckland', '2026-04-04', '2026-04-05', '2026-04-04T21:00:00.000Z'],
  ])('daily 09:00 in %s keeps local time over the change', (zone, due, next, instant) => {
    const task = recurring({
      due_date: due,
      due_time: '09:00',
      time_zone: zone,
      recurrence: { rrule: 'FREQ=DAILY' },
    });
    const advanced = put(complete(task, `${due}T00:30:00Z`));
    expect(advanced.due_date).toBe(next);
    expect(advanced.due_at).toBe(instant);
  });
});

describe('repeating from completion', () => {
  it('R9: every 3 days, due Monday, completed Thursday, moves to Sunday', () => {
    const task = recurring({
      due_date: '2027-03-01',
      recurrence: { rrule: 'FREQ=DAILY;INTERVAL=3', from: 'completion' },
    });
    expect(put(complete(task, '2027-03-04T10:00:00Z')).due_date).toBe('2027-03-07');
  });

  it('counts the completion day in the task zone', () => {
    const task = recurring({
      due_date: '2027-03-01',
      time_zone: 'Asia/Karachi',
      recurrence: { rrule: 'FREQ=DAILY', from: 'completion' },
    });
    // 20:30 UTC on the 4th is already the 5th in Karachi.
    expect(put(complete(task, '2027-03-04T20:30:00Z')).due_date).toBe('2027-03-06');
  });
});

describe('the next occurrence', () => {
  it('R10: keeps every other field', () => {
    const task = recurring({
      due_date: '2027-03-01',
      due_time: '07:30',
      time_zone: 'Asia/Karachi',
      description: 'Transfer to the landlord',
      priority: 'high',
      tags: ['home', 'money'],
      reminders: [{ minutes_before: 15 }, { minutes_before: 60 }],
      recurrence: { rrule: 'FREQ=WEEKLY' },
    });
    const next = put(complete(task, '2027-03-01T03:00:00Z'));
    expect(next).toMatchObject({
      id: task.id,
      title: 'Pay rent',
      description: 'Transfer to the landlord',
      priority: 'high',
      tags: ['home', 'money'],
      due_time: '07:30',
      reminders: [{ minutes_before: 15 }, { minutes_before: 60 }],
      completed: false,
      completed_at: null,
      due_date: '2027-03-08',
    });
  });

  it('R11: a missed daily task leaves one open occurrence', () => {
    const task = recurring({ due_date: '2027-03-01', recurrence: { rrule: 'FREQ=DAILY' } });
    const next = put(complete(task, '2027-03-04T10:00:00Z'));
    expect(next.due_date).toBe('2027-03-05');
    expect(next.completed).toBe(false);
    expect(next.id).toBe(task.id);
  });

  it('R12: two devices completing one occurrence advance once', () => {
    const task = recurring({ due_date: '2027-03-01', recurrence: { rrule: 'FREQ=DAILY' } });
    const first = put(complete(task, '2027-03-01T10:00:00Z', { occurrence_date: '2027-03-01' }));
    const second = complete(first, '2027-03-01T10:05:00Z', { occurrence_date: '2027-03-01' });
    expect(first.due_date).toBe('2027-03-02');
    expect(second).toEqual({ kind: 'unchanged' });
  });

  it('ends the series at COUNT', () => {
    const task = recurring({ due_date: '2027-03-01', recurrence: { rrule: 'FREQ=DAILY;COUNT=2' } });
    const second = put(complete(task, '2027-03-01T10:00:00Z'));
    const done = put(complete(second, '2027-03-02T10:00:00Z'));
    expect(second.completed).toBe(false);
    expect(done.completed).toBe(true);
    expect(done.due_date).toBe('2027-03-02');
  });

  it('ends the series after UNTIL', () => {
    const task = recurring({
      due_date: '2027-03-01',
      recurrence: { rrule: 'FREQ=WEEKLY;UNTIL=20270305' },
    });
    expect(put(complete(task, '2027-03-01T10:00:00Z')).completed).toBe(true);
  });

  it('emits a completed event when advancing', () => {
    const task = recurring({ due_date: '2027-03-01', recurrence: { rrule: 'FREQ=DAILY' } });
    const outcome = complete(task, '2027-03-01T10:00:00Z');
    expect(outcome.kind === 'put' && outcome.event).toBe('completed');
  });
});

describe('editing a recurring task', () => {
  it('moving the due date moves the anchor', () => {
    const task = recurring({ due_date: '2027-01-31', recurrence: { rrule: 'FREQ=MONTHLY' } });
    const moved = put(
      applyMutation('updateTask', { id: ID, due_date: '2027-02-15' }, task, {
        now: new Date('2027-01-20T00:00:00Z'),
      }),
    );
    expect(moved.recurrence?.anchor_date).toBe('2027-02-15');
    expect(put(complete(moved, '2027-02-15T10:00:00Z')).due_date).toBe('2027-03-15');
  });

  it('clearing the due date ends the series', () => {
    const task = recurring({ due_date: '2027-01-31', recurrence: { rrule: 'FREQ=MONTHLY' } });
    const cleared = put(
      applyMutation('updateTask', { id: ID, due_date: null }, task, {
        now: new Date('2027-01-20T00:00:00Z'),
      }),
    );
    expect(cleared.recurrence).toBeNull();
  });

  it('rejects recurrence without a due date', () => {
    expect(() => recurring({ recurrence: { rrule: 'FREQ=DAILY' } })).toThrow(
      'recurrence needs a due_date',
    );
  });

  it('rejects an unsupported rule naming the field', () => {
    expect(() =>
      recurring({ due_date: '2027-01-01', recurrence: { rrule: 'FREQ=HOURLY' } }),
    ).toThrow('FREQ must be one of');
  });

  it('stores the rule in a normal form', () => {
    const task = recurring({
      due_date: '2027-01-01',
      recurrence: { rrule: 'rrule:freq=weekly;byday=we,mo' },
    });
    expect(task.recurrence).toEqual({
      rrule: 'FREQ=WEEKLY;BYDAY=WE,MO',
      from: 'due',
      anchor_date: '2027-01-01',
      occurrence: 1,
    });
  });
});
