import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FieldIssue, issuesFromZod, MutationError, parseInput } from './errors';
import { TaskCreateSchema } from './task';

const ID = '0b9f1c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

const NestedSchema = z
  .object({
    title: z.string({ error: 'title must be text' }),
    reminder: z.object({ minutes: z.number({ error: 'minutes must be a number' }) }).strict(),
  })
  .strict();

/** Runs parseInput and returns the MutationError it throws. */
function rejection(schema: z.ZodType, input: unknown): MutationError {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof MutationError) return error;
    throw error;
  }
  throw new Error('parseInput accepted the input');
}

describe('issuesFromZod', () => {
  it.each<[string, unknown, FieldIssue[]]>([
    [
      'wrong type',
      { title: 1, reminder: { minutes: 5 } },
      [{ field: 'title', message: 'title must be text' }],
    ],
    [
      'nested field',
      { title: 'a', reminder: { minutes: 'five' } },
      [{ field: 'reminder.minutes', message: 'minutes must be a number' }],
    ],
    [
      'two unknown keys',
      { title: 'a', reminder: { minutes: 5 }, colour: 'red', size: 2 },
      [
        { field: 'colour', message: 'unknown field "colour"' },
        { field: 'size', message: 'unknown field "size"' },
      ],
    ],
    [
      'nested unknown key',
      { title: 'a', reminder: { minutes: 5, channel: 'sms' } },
      [{ field: 'reminder.channel', message: 'unknown field "channel"' }],
    ],
  ])('%s', (_name, input, expected) => {
    const result = NestedSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(issuesFromZod(result.error)).toEqual(expected);
  });

  it.each([
    ['null', null],
    ['array', []],
    ['text', 'Buy milk'],
  ])('%s body is named (body)', (_name, input) => {
    const result = NestedSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(issuesFromZod(result.error).map((issue) => issue.field)).toEqual(['(body)']);
  });
});

describe('parseInput', () => {
  it('returns parsed output', () => {
    expect(parseInput(TaskCreateSchema, { id: ID, title: '  Buy milk ' }).title).toBe('Buy milk');
  });

  it('throws invalid naming each field', () => {
    const error = rejection(TaskCreateSchema, { id: ID, title: '', priority: 'urgent' });
    expect(error.code).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['title', 'priority']);
  });

  it('joins issue messages into the message', () => {
    const error = rejection(TaskCreateSchema, { id: ID, title: '', priority: 'urgent' });
    expect(error.message).toBe(
      'title must not be empty; priority must be one of none, low, medium, high',
    );
  });
});

describe('MutationError', () => {
  it.each([
    ['not_found', 'task 1 was not found'],
    ['task_deleted', 'task 1 was deleted'],
    ['unknown_mutator', 'unknown mutator "x"'],
  ] as const)('%s keeps code and message', (code, message) => {
    const error = new MutationError(code, message);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MutationError');
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.issues).toEqual([]);
  });
});
