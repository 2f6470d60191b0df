import { describe, expect, it } from 'vitest';
import { TASK_EVENT_TYPES, type TaskEvent, type TaskEventType } from './events';
import { applyMutation, type MutationOutcome } from './mutators';
import type { Task } from './task';

const ID = '0b9f1c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const NOW = new Date('2026-03-10T12:00:00Z');

function put(outcome: MutationOutcome): { task: Task; event: TaskEventType } {
  if (outcome.kind !== 'put') throw new Error('expected a put outcome');
  return outcome;
}

const pending = put(
  applyMutation('createTask', { id: ID, title: 'Buy milk' }, undefined, { now: NOW }),
).task;
const done = put(
  applyMutation('completeTask', { id: ID, completed: true }, pending, { now: NOW }),
).task;

const MUTATIONS: [string, unknown, Task | undefined, TaskEventType][] = [
  ['createTask', { id: ID, title: 'Buy milk' }, undefined, 'created'],
  ['updateTask', { id: ID, title: 'Buy bread' }, pending, 'updated'],
  ['updateTask', { id: ID, completed: true }, pending, 'completed'],
  ['completeTask', { id: ID, completed: true }, pending, 'completed'],
  ['completeTask', { id: ID, completed: false }, done, 'updated'],
  ['deleteTask', { id: ID }, pending, 'deleted'],
];

describe('task events', () => {
  it.each(MUTATIONS)('%s %j emits %4$s', (name, args, existing, event) => {
    expect(put(applyMutation(name, args, existing, { now: NOW })).event).toBe(event);
  });

  it('every event type is emitted', () => {
    const emitted = new Set(
      MUTATIONS.map(
        ([name, args, existing]) => put(applyMutation(name, args, existing, { now: NOW })).event,
      ),
    );
    expect([...emitted].sort()).toEqual([...TASK_EVENT_TYPES].sort());
  });

  it('event round-trips through JSON', () => {
    const { task, event } = put(applyMutation('deleteTask', { id: ID }, pending, { now: NOW }));
    const message: TaskEvent = {
      event_type: event,
      task_id: task.id,
      task_data: task,
      user_id: 'user-1',
      timestamp: task.updated_at,
      source: 'rest',
    };
    expect(JSON.parse(JSON.stringify(message))).toEqual({
      event_type: 'deleted',
      task_id: ID,
      task_data: { ...pending, deleted: true },
      user_id: 'user-1',
      timestamp: '2026-03-10T12:00:00.000Z',
      source: 'rest',
    });
  });
});
