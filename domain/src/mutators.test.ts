import { describe, expect, it } from 'vitest';
import { MutationError } from './errors';
import {
  applyMutation,
  completeTask,
  createTask,
  deleteTask,
  isMutatorName,
  type MutationOutcome,
  mutationTaskId,
  updateTask,
} from './mutators';
import type { Task } from './task';

const ID = '0b9f1c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const CREATED = new Date('2026-03-10T12:00:00Z');
const LATER = new Date('2026-03-11T08:30:00Z');
const LATEST = new Date('2026-03-12T06:15:00Z');

/** Returns the task of a 'put' outcome, failing the test on 'unchanged'. */
function stored(outcome: MutationOutcome): Task {
  expect(outcome.kind).toBe('put');
  if (outcome.kind !== 'put') throw new Error('expected a put outcome');
  return outcome.task;
}

/** Returns the event of a 'put' outcome, failing the test on 'unchanged'. */
function eventOf(outcome: MutationOutcome): string {
  expect(outcome.kind).toBe('put');
  if (outcome.kind !== 'put') throw new Error('expected a put outcome');
  return outcome.event;
}

function created(fields: Record<string, unknown> = {}): Task {
  return stored(createTask({ id: ID, title: 'Buy milk', ...fields }, undefined, { now: CREATED }));
}

/** A pending task due 2026-03-12 18:00 in Karachi, as the server stores it at version 7. */
function dueTask(): Task {
  const task = created({
    description: 'two litres',
    priority: 'low',
    tags: ['home'],
    due_date: '2026-03-12',
    due_time: '18:00',
    time_zone: 'Asia/Karachi',
  });
  return { ...task, version: 7 };
}

/** Runs a mutation and returns the MutationError it throws. */
function rejection(run: () => unknown): MutationError {
  try {
    run();
  } catch (error) {
    if (error instanceof MutationError) return error;
    throw error;
  }
  throw new Error('the mutation was applied');
}

describe('createTask', () => {
  it('fills defaults', () => {
    const outcome = createTask({ id: ID, title: 'Buy milk' }, undefined, { now: CREATED });
    expect(outcome).toEqual({
      kind: 'put',
      event: 'created',
      task: {
        id: ID,
        title: 'Buy milk',
        description: '',
        completed: false,
        completed_at: null,
        priority: 'none',
        tags: [],
        due_date: null,
        due_time: null,
        time_zone: 'UTC',
        due_at: null,
        recurrence: null,
        reminders: [],
        created_at: '2026-03-10T12:00:00.000Z',
        updated_at: '2026-03-10T12:00:00.000Z',
        version: 0,
        deleted: false,
      },
    });
  });

  it('completed sets completed_at', () => {
    const task = created({ completed: true });
    expect(task.completed).toBe(true);
    expect(task.completed_at).toBe('2026-03-10T12:00:00.000Z');
  });

  it.each([
    ['2026-03-10', '18:00', 'Asia/Karachi', '2026-03-10T13:00:00.000Z', '18:00 Karachi'],
    ['2026-03-10', '13:00', 'UTC', '2026-03-10T13:00:00.000Z', '13:00 UTC as given'],
    ['2026-08-08', null, 'America/Bogota', '2026-08-08T05:00:00.000Z', 'date-only Bogota'],
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z', 'spring gap'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z', 'fall overlap'],
    ['2026-03-10', '09:00', 'Asia/Kolkata', '2026-03-10T03:30:00.000Z', 'half-hour offset'],
  ])('due %s %s in %s is %s (%s)', (dueDate, dueTime, zone, dueAt, _name) => {
    const task = created({ due_date: dueDate, due_time: dueTime, time_zone: zone });
    expect(task.due_at).toBe(dueAt);
    expect(task.due_date).toBe(dueDate);
    expect(task.due_time).toBe(dueTime);
  });

  it('due_at ignores the clock', () => {
    const args = { id: ID, title: 'Buy milk', due_date: '2026-03-10', due_time: '18:00' };
    const first = stored(
      createTask({ ...args, time_zone: 'Asia/Karachi' }, undefined, { now: CREATED }),
    );
    const second = stored(
      createTask({ ...args, time_zone: 'Asia/Karachi' }, undefined, { now: LATEST }),
    );
    expect(second.due_at).toBe(first.due_at);
  });

  it('keeps the canonical time zone', () => {
    expect(created({ time_zone: 'asia/karachi' }).time_zone).toBe('Asia/Karachi');
  });

  it('retried create is unchanged', () => {
    const task = created();
    const retry = createTask({ id: ID, title: 'Buy milk' }, task, { now: LATER });
    expect(retry).toEqual({ kind: 'unchanged' });
  });

  it('create over a different task is unchanged', () => {
    const task = created();
    const retry = createTask({ id: ID, title: 'Buy bread', priority: 'high' }, task, {
      now: LATER,
    });
    expect(retry).toEqual({ kind: 'unchanged' });
  });

  it('create over a tombstone is unchanged', () => {
    const tombstone = { ...created(), deleted: true };
    const retry = createTask({ id: ID, title: 'Buy milk' }, tombstone, { now: LATER });
    expect(retry).toEqual({ kind: 'unchanged' });
  });

  it.each([
    ['title of 201', { title: 'x'.repeat(201) }, ['title']],
    ['client-set due_at', { due_at: '2026-03-10T13:00:00Z' }, ['due_at']],
    ['due time without a date', { due_time: '09:00' }, ['due_time']],
    ['two bad fields', { priority: 'urgent', due_date: '2026-02-30' }, ['priority', 'due_date']],
  ])('rejects %s as invalid', (_name, fields, fieldNames) => {
    const error = rejection(() =>
      createTask({ id: ID, title: 'Buy milk', ...fields }, undefined, { now: CREATED }),
    );
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(fieldNames);
  });
});

describe('updateTask', () => {
  it.each<[string, Record<string, unknown>, Partial<Task>]>([
    ['title', { title: 'Buy bread' }, { title: 'Buy bread' }],
    ['trimmed title', { title: '  Buy bread ' }, { title: 'Buy bread' }],
    ['description', { description: '' }, { description: '' }],
    ['priority', { priority: 'high' }, { priority: 'high' }],
    ['tags', { tags: ['Work', 'work', 'shop'] }, { tags: ['Work', 'shop'] }],
    ['no tags', { tags: [] }, { tags: [] }],
    ['tag spelling', { tags: ['Home'] }, { tags: ['Home'] }],
    [
      'due date',
      { due_date: '2026-03-13' },
      { due_date: '2026-03-13', due_at: '2026-03-13T13:00:00.000Z' },
    ],
    ['due time', { due_time: '09:00' }, { due_time: '09:00', due_at: '2026-03-12T04:00:00.000Z' }],
    [
      'cleared due time',
      { due_time: null },
      { due_time: null, due_at: '2026-03-11T19:00:00.000Z' },
    ],
    [
      'cleared due date clears the time',
      { due_date: null },
      { due_date: null, due_time: null, due_at: null },
    ],
    [
      'time zone keeps 18:00 local',
      { time_zone: 'Asia/Kolkata' },
      { time_zone: 'Asia/Kolkata', due_at: '2026-03-12T12:30:00.000Z' },
    ],
    [
      'completed',
      { completed: true },
      { completed: true, completed_at: '2026-03-11T08:30:00.000Z' },
    ],
  ])('changes only %s', (_name, patch, changes) => {
    const task = dueTask();
    const next = stored(updateTask({ id: ID, ...patch }, task, { now: LATER }));
    expect(next).toEqual({ ...task, ...changes, updated_at: '2026-03-11T08:30:00.000Z' });
  });

  it.each([
    ['title', { title: 'Buy bread' }, 'updated'],
    ['completed', { completed: true }, 'completed'],
    ['completed with a title', { completed: true, title: 'Buy bread' }, 'completed'],
  ])('%s emits %s', (_name, patch, event) => {
    expect(eventOf(updateTask({ id: ID, ...patch }, dueTask(), { now: LATER }))).toBe(event);
  });

  it('reopening clears completed_at', () => {
    const done = stored(completeTask({ id: ID, completed: true }, dueTask(), { now: LATER }));
    const outcome = updateTask({ id: ID, completed: false }, done, { now: LATEST });
    const next = stored(outcome);
    expect(next.completed).toBe(false);
    expect(next.completed_at).toBeNull();
    expect(eventOf(outcome)).toBe('updated');
  });

  it.each([
    ['id alone', {}],
    ['same title', { title: 'Buy milk' }],
    ['title that trims to the same', { title: '  Buy milk ' }],
    ['same tags', { tags: ['home'] }],
    ['same due date and time', { due_date: '2026-03-12', due_time: '18:00' }],
    ['same zone in lower case', { time_zone: 'asia/karachi' }],
    ['pending stays pending', { completed: false }],
  ])('%s is unchanged', (_name, patch) => {
    expect(updateTask({ id: ID, ...patch }, dueTask(), { now: LATER })).toEqual({
      kind: 'unchanged',
    });
  });

  it.each([
    ['title', { title: 'Buy bread' }],
    ['priority', { priority: 'high' }],
    ['tags', { tags: ['shop'] }],
    ['completed', { completed: true }],
  ])('%s keeps due_at, created_at and version', (_name, patch) => {
    const task = dueTask();
    const next = stored(updateTask({ id: ID, ...patch }, task, { now: LATEST }));
    expect(next.due_at).toBe('2026-03-12T13:00:00.000Z');
    expect(next.created_at).toBe(task.created_at);
    expect(next.version).toBe(7);
  });

  it('due time on an undated task is invalid', () => {
    const error = rejection(() =>
      updateTask({ id: ID, due_time: '09:00' }, created(), { now: LATER }),
    );
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['due_time']);
  });

  it.each([
    ['whitespace-only title', { title: '   ' }, ['title']],
    ['unknown priority', { priority: 'urgent' }, ['priority']],
    ['February 30', { due_date: '2026-02-30' }, ['due_date']],
    ['client-set due_at', { due_at: '2026-03-12T13:00:00Z' }, ['due_at']],
  ])('rejects %s as invalid', (_name, patch, fieldNames) => {
    const error = rejection(() => updateTask({ id: ID, ...patch }, dueTask(), { now: LATER }));
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(fieldNames);
  });

  it('deleted task rejects the edit', () => {
    const tombstone = stored(deleteTask({ id: ID }, dueTask(), { now: LATER }));
    const error = rejection(() =>
      updateTask({ id: ID, title: 'Buy bread' }, tombstone, { now: LATEST }),
    );
    expect(error.code).toBe('task_deleted');
  });

  it('unknown task is not_found', () => {
    const error = rejection(() =>
      updateTask({ id: ID, title: 'Buy bread' }, undefined, { now: LATER }),
    );
    expect(error.code).toBe('not_found');
  });

  it('edits to different fields both survive', () => {
    const fromA = { id: ID, title: 'Buy oat milk' };
    const fromB = { id: ID, priority: 'high' };

    const afterA = stored(updateTask(fromA, dueTask(), { now: LATER }));
    const afterBoth = stored(updateTask(fromB, afterA, { now: LATEST }));

    expect(afterBoth.title).toBe('Buy oat milk');
    expect(afterBoth.priority).toBe('high');
    expect(afterBoth.updated_at).toBe('2026-03-12T06:15:00.000Z');
  });

  it('edits to different fields survive in either order', () => {
    const fromA = { id: ID, title: 'Buy oat milk' };
    const fromB = { id: ID, priority: 'high' };

    const afterB = stored(updateTask(fromB, dueTask(), { now: LATER }));
    const afterBoth = stored(updateTask(fromA, afterB, { now: LATEST }));

    expect(afterBoth.title).toBe('Buy oat milk');
    expect(afterBoth.priority).toBe('high');
  });

  it('later edit of one field wins', () => {
    const afterA = stored(updateTask({ id: ID, title: 'From A' }, dueTask(), { now: LATER }));
    const afterB = stored(updateTask({ id: ID, title: 'From B' }, afterA, { now: LATEST }));
    expect(afterB.title).toBe('From B');
  });
});

describe('completeTask', () => {
  it('true sets completed_at', () => {
    const task = dueTask();
    const outcome = completeTask({ id: ID, completed: true }, task, { now: LATER });
    expect(outcome).toEqual({
      kind: 'put',
      event: 'completed',
      task: {
        ...task,
        completed: true,
        completed_at: '2026-03-11T08:30:00.000Z',
        updated_at: '2026-03-11T08:30:00.000Z',
      },
    });
  });

  it('false clears completed_at', () => {
    const done = stored(completeTask({ id: ID, completed: true }, dueTask(), { now: LATER }));
    const outcome = completeTask({ id: ID, completed: false }, done, { now: LATEST });
    expect(outcome).toEqual({
      kind: 'put',
      event: 'updated',
      task: {
        ...done,
        completed: false,
        completed_at: null,
        updated_at: '2026-03-12T06:15:00.000Z',
      },
    });
  });

  it('completing twice is unchanged', () => {
    const done = stored(completeTask({ id: ID, completed: true }, dueTask(), { now: LATER }));
    expect(completeTask({ id: ID, completed: true }, done, { now: LATEST })).toEqual({
      kind: 'unchanged',
    });
  });

  it('reopening a pending task is unchanged', () => {
    expect(completeTask({ id: ID, completed: false }, dueTask(), { now: LATER })).toEqual({
      kind: 'unchanged',
    });
  });

  it.each([
    ['deleted task', 'task_deleted', () => ({ ...dueTask(), deleted: true })],
    ['unknown task', 'not_found', () => undefined],
  ])('%s is %s', (_name, code, existing) => {
    const error = rejection(() =>
      completeTask({ id: ID, completed: true }, existing(), { now: LATER }),
    );
    expect(error.code).toBe(code);
  });

  it.each([
    ['missing completed', {}, ['completed']],
    ['completed as text', { completed: 'true' }, ['completed']],
    ['extra field', { completed: true, title: 'x' }, ['title']],
  ])('rejects %s as invalid', (_name, fields, fieldNames) => {
    const error = rejection(() => completeTask({ id: ID, ...fields }, dueTask(), { now: LATER }));
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(fieldNames);
  });
});

describe('deleteTask', () => {
  it('makes a tombstone', () => {
    const task = dueTask();
    expect(deleteTask({ id: ID }, task, { now: LATER })).toEqual({
      kind: 'put',
      event: 'deleted',
      task: { ...task, deleted: true, updated_at: '2026-03-11T08:30:00.000Z' },
    });
  });

  it('deleting twice is unchanged', () => {
    const tombstone = stored(deleteTask({ id: ID }, dueTask(), { now: LATER }));
    expect(deleteTask({ id: ID }, tombstone, { now: LATEST })).toEqual({ kind: 'unchanged' });
  });

  it('unknown task is not_found', () => {
    expect(rejection(() => deleteTask({ id: ID }, undefined, { now: LATER })).code).toBe(
      'not_found',
    );
  });

  it('id that is not a UUID is invalid', () => {
    const error = rejection(() => deleteTask({ id: 'task-1' }, undefined, { now: LATER }));
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['id']);
  });
});

describe('applyMutation', () => {
  it.each([
    ['createTask', { id: ID, title: 'Buy milk' }, undefined, 'created'],
    ['updateTask', { id: ID, title: 'Buy bread' }, dueTask, 'updated'],
    ['completeTask', { id: ID, completed: true }, dueTask, 'completed'],
    ['deleteTask', { id: ID }, dueTask, 'deleted'],
  ])('%s emits its event', (name, args, existing, event) => {
    expect(eventOf(applyMutation(name, args, existing?.(), { now: LATER }))).toBe(event);
  });

  it.each(['archiveTask', 'createtask', '', 'constructor'])('%j is unknown_mutator', (name) => {
    const error = rejection(() => applyMutation(name, { id: ID }, dueTask(), { now: LATER }));
    expect(error.code).toBe('unknown_mutator');
    expect(error.message).toContain('createTask, updateTask, completeTask, deleteTask');
  });

  it.each([
    ['null args', null],
    ['no id', { title: 'Buy milk' }],
    ['numeric id', { id: 7, title: 'Buy milk' }],
  ])('%s is invalid naming id', (_name, args) => {
    const error = rejection(() => applyMutation('createTask', args, undefined, { now: LATER }));
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['id']);
  });

  it('invalid args name their fields', () => {
    const error = rejection(() =>
      applyMutation('updateTask', { id: ID, title: '' }, dueTask(), { now: LATER }),
    );
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['title']);
  });
});

describe('mutationTaskId and isMutatorName', () => {
  it.each(['createTask', 'updateTask', 'completeTask', 'deleteTask'])('%s reads the id', (name) => {
    expect(mutationTaskId(name, { id: ID })).toBe(ID);
  });

  it('upper-case id reads as stored', () => {
    const args = { id: ID.toUpperCase(), title: 'Buy milk' };
    const task = stored(createTask(args, undefined, { now: CREATED }));
    expect(task.id).toBe(ID);
    expect(mutationTaskId('createTask', args)).toBe(task.id);
  });

  it.each([
    ['createTask', true],
    ['deleteTask', true],
    ['DeleteTask', false],
    ['toString', false],
    ['', false],
  ])('isMutatorName %j is %s', (name, expected) => {
    expect(isMutatorName(name)).toBe(expected);
  });
});

describe('updateTask clearing the date while setting a time', () => {
  it('rejects due_time without due_date', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const created = applyMutation(
      'createTask',
      { id: '0b8f7a52-6a7e-4c1f-9f4e-2d3c4b5a6978', title: 'Call', due_date: '2026-03-11' },
      undefined,
      { now },
    );
    const task = created.kind === 'put' ? created.task : undefined;
    expect(() =>
      applyMutation('updateTask', { id: task?.id, due_date: null, due_time: '09:00' }, task, {
        now,
      }),
    ).toThrow('due_time needs a due_date');
  });
});
