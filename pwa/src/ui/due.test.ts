import { applyMutation, type Task } from '@fehrist/domain';
import { describe, expect, it } from 'vitest';
import { dueLabelParts } from './due';

function task(fields: Record<string, unknown>): Task {
  const outcome = applyMutation(
    'createTask',
    { id: crypto.randomUUID(), title: 'Due', ...fields },
    undefined,
    { now: new Date('2026-01-01T00:00:00Z') },
  );
  if (outcome.kind !== 'put') throw new Error('createTask changed nothing');
  return outcome.task;
}

describe('dueLabelParts', () => {
  const now = new Date('2026-08-08T15:00:00Z');

  it('names today, tomorrow and yesterday', () => {
    const zone = 'Asia/Karachi';
    const label = (due_date: string) =>
      dueLabelParts(task({ due_date, time_zone: zone }), now, 'en', zone);
    expect(label('2026-08-08')).toMatchObject({ relative: 'today', tone: 'today' });
    expect(label('2026-08-09')).toMatchObject({ relative: 'tomorrow', tone: 'soon' });
    expect(label('2026-08-07')).toMatchObject({ relative: 'yesterday', tone: 'overdue' });
  });

  it('shows a date-only due on its own date in every zone', () => {
    const due = task({ due_date: '2026-08-08', time_zone: 'America/Bogota' });
    expect(dueLabelParts(due, now, 'en', 'Pacific/Auckland')?.relative).toBe('yesterday');
    expect(
      dueLabelParts(due, new Date('2026-07-01T00:00:00Z'), 'en', 'Pacific/Kiritimati')?.date,
    ).toBe('Sat, Aug 8');
  });

  it('shows a timed due in the user zone', () => {
    const due = task({ due_date: '2026-08-20', due_time: '18:00', time_zone: 'Asia/Karachi' });
    expect(dueLabelParts(due, now, 'en', 'Asia/Karachi')?.time).toBe('6:00 PM');
    expect(dueLabelParts(due, now, 'en', 'UTC')?.time).toBe('1:00 PM');
  });

  it('marks a timed due overdue once its minute has passed', () => {
    const due = task({ due_date: '2026-08-08', due_time: '19:59', time_zone: 'Asia/Karachi' });
    expect(dueLabelParts(due, now, 'en', 'Asia/Karachi')?.tone).toBe('overdue');
  });

  it('formats in Urdu with Urdu month names', () => {
    const due = task({ due_date: '2026-12-25', time_zone: 'Asia/Karachi' });
    expect(dueLabelParts(due, now, 'ur', 'Asia/Karachi')?.date).toMatch(/دسمبر/);
  });

  it('returns null for a task without a due date', () => {
    expect(dueLabelParts(task({}), now, 'en', 'UTC')).toBeNull();
  });
});
