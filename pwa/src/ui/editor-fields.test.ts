import type { Task } from '@fehrist/domain';
import { describe, expect, it } from 'vitest';
import { fieldsFromTask, patchFromFields, RepeatRuleError } from './editor-fields';

const ZONE = 'Asia/Karachi';

function task(fields: Partial<Task> = {}): Task {
  return {
    id: '0b6f1d2e-8a4c-4f3b-9d1e-2c3b4a5d6e7f',
    title: 'Pay rent',
    description: '',
    completed: false,
    completed_at: null,
    priority: 'none',
    tags: [],
    due_date: '2027-01-31',
    due_time: '09:00',
    time_zone: ZONE,
    due_at: '2027-01-31T04:00:00.000Z',
    recurrence: {
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=31',
      from: 'due',
      anchor_date: '2027-01-31',
      occurrence: 3,
    },
    reminders: [{ minutes_before: 15 }],
    created_at: '2026-12-01T00:00:00.000Z',
    updated_at: '2026-12-01T00:00:00.000Z',
    version: 4,
    deleted: false,
    ...fields,
  };
}

describe('patchFromFields', () => {
  it('sends nothing when nothing changed, so the series keeps its anchor and count', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    expect(initial.repeat.preset).toBe('monthlyDay');
    expect(patchFromFields(current, initial, { ...initial }, ZONE)).toEqual({});
  });

  it('sends the new rule when the preset changes', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    const fields = {
      ...initial,
      repeat: { ...initial.repeat, preset: 'monthlyLast' as const, fromCompletion: true },
    };
    expect(patchFromFields(current, initial, fields, ZONE)).toEqual({
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', from: 'completion' },
    });
  });

  it('sends null when the task stops repeating', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    const fields = { ...initial, repeat: { ...initial.repeat, preset: 'none' as const } };
    expect(patchFromFields(current, initial, fields, ZONE)).toEqual({ recurrence: null });
  });

  it('moves "monthly on day N" with the due date', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    const patch = patchFromFields(current, initial, { ...initial, dueDate: '2027-02-15' }, ZONE);
    expect(patch).toMatchObject({
      due_date: '2027-02-15',
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', from: 'due' },
    });
  });

  it('sends the reminders when they changed', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    const reminders = [{ minutes_before: 15 }, { at: '2027-01-30T10:00:00.000Z' }];
    expect(patchFromFields(current, initial, { ...initial, reminders }, ZONE)).toEqual({
      reminders,
    });
  });

  it('leaves completion to TaskActions.complete', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    expect(patchFromFields(current, initial, { ...initial, completed: true }, ZONE)).toEqual({});
  });

  it('throws RepeatRuleError for a custom rule the domain rejects', () => {
    const current = task();
    const initial = fieldsFromTask(current, ZONE);
    const fields = {
      ...initial,
      repeat: { ...initial.repeat, preset: 'custom' as const, custom: 'FREQ=SECONDLY' },
    };
    expect(() => patchFromFields(current, initial, fields, ZONE)).toThrow(RepeatRuleError);
  });
});
