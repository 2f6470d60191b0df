import { describe, expect, it } from 'vitest';
import { taskChanges } from './changes';

const TASK = {
  id: '0b9f1c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
  title: 'Pay rent',
  description: '',
  completed: false,
  completed_at: null,
  priority: 'none',
  tags: [],
  due_date: null,
  reminders: [{ minutes_before: 15 }],
  created_at: '2026-03-10T12:00:00.000Z',
  updated_at: '2026-03-10T12:00:00.000Z',
  version: 3,
  deleted: false,
};

describe('taskChanges', () => {
  it('lists the non-empty fields of a created task', () => {
    expect(taskChanges(undefined, TASK)).toEqual([
      { field: 'title', old: null, new: 'Pay rent' },
      { field: 'priority', old: null, new: 'none' },
      { field: 'reminders', old: null, new: [{ minutes_before: 15 }] },
    ]);
  });

  it('lists changed fields with old and new values', () => {
    const after = {
      ...TASK,
      title: 'Pay the rent',
      completed: true,
      completed_at: '2026-03-11T08:00:00.000Z',
      updated_at: '2026-03-11T08:00:00.000Z',
      version: 4,
    };

    expect(taskChanges(TASK, after)).toEqual([
      { field: 'title', old: 'Pay rent', new: 'Pay the rent' },
      { field: 'completed', old: false, new: true },
      { field: 'completed_at', old: null, new: '2026-03-11T08:00:00.000Z' },
    ]);
  });

  it('compares lists and objects by value', () => {
    const after = { ...TASK, reminders: [{ minutes_before: 15 }], tags: ['home'], version: 5 };

    expect(taskChanges(TASK, after)).toEqual([{ field: 'tags', old: [], new: ['home'] }]);
  });

  it('ignores version and timestamps', () => {
    const after = { ...TASK, version: 9, updated_at: '2026-03-12T00:00:00.000Z' };

    expect(taskChanges(TASK, after)).toEqual([]);
  });

  it('lists a field the newer state dropped', () => {
    const { due_date: _dropped, ...after } = { ...TASK, due_date: '2026-03-20' };

    expect(taskChanges({ ...TASK, due_date: '2026-03-20' }, after)).toEqual([
      { field: 'due_date', old: '2026-03-20', new: null },
    ]);
  });
});
