import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type FieldIssue, issuesFromZod } from './errors';
import {
  normalizeTags,
  TaskCompleteSchema,
  TaskCreateSchema,
  TaskDeleteSchema,
  TaskUpdateSchema,
} from './task';

const ID = '0b9f1c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

/** Returns the field issues of a failed parse, or an empty list when it succeeds. */
function issuesOf(schema: z.ZodType, input: unknown): FieldIssue[] {
  const result = schema.safeParse(input);
  return result.success ? [] : issuesFromZod(result.error);
}

function createOutput(fields: Record<string, unknown>) {
  return TaskCreateSchema.parse({ id: ID, title: 'Buy milk', ...fields });
}

function tagList(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `tag${index}`);
}

describe('TaskCreateSchema accepts', () => {
  it.each([
    ['title of 200', { title: 'x'.repeat(200) }, 'title', 'x'.repeat(200)],
    ['title of 200 after trimming', { title: `  ${'x'.repeat(200)}\t` }, 'title', 'x'.repeat(200)],
    ['title of 1', { title: 'x' }, 'title', 'x'],
    ['Urdu title', { title: 'دودھ خریدنا' }, 'title', 'دودھ خریدنا'],
    [
      'markup title as text',
      { title: '<img src=x onerror=alert(1)>' },
      'title',
      '<img src=x onerror=alert(1)>',
    ],
    ['description of 1000', { description: 'd'.repeat(1000) }, 'description', 'd'.repeat(1000)],
    ['empty description', { description: '' }, 'description', ''],
    ['priority none', { priority: 'none' }, 'priority', 'none'],
    ['priority low', { priority: 'low' }, 'priority', 'low'],
    ['priority medium', { priority: 'medium' }, 'priority', 'medium'],
    ['priority high', { priority: 'high' }, 'priority', 'high'],
    ['30 tags', { tags: tagList(30) }, 'tags', tagList(30)],
    ['tag of 40', { tags: ['t'.repeat(40)] }, 'tags', ['t'.repeat(40)]],
    ['tag of 40 after trimming', { tags: [` ${'t'.repeat(40)} `] }, 'tags', ['t'.repeat(40)]],
    ['31 tags with one duplicate', { tags: [...tagList(30), 'TAG0'] }, 'tags', tagList(30)],
    ['leap day', { due_date: '2024-02-29' }, 'due_date', '2024-02-29'],
    ['null due date', { due_date: null }, 'due_date', null],
    ['due time with a date', { due_date: '2026-03-10', due_time: '23:59' }, 'due_time', '23:59'],
    ['midnight due time', { due_date: '2026-03-10', due_time: '00:00' }, 'due_time', '00:00'],
    ['null due time', { due_date: '2026-03-10', due_time: null }, 'due_time', null],
    ['time zone', { time_zone: 'Asia/Karachi' }, 'time_zone', 'Asia/Karachi'],
    ['lower-case time zone', { time_zone: 'asia/karachi' }, 'time_zone', 'Asia/Karachi'],
    ['renamed time zone', { time_zone: 'Europe/Kyiv' }, 'time_zone', 'Europe/Kyiv'],
    ['completed', { completed: true }, 'completed', true],
    ['upper-case id', { id: ID.toUpperCase() }, 'id', ID],
  ])('%s', (_name, fields, field, expected) => {
    expect(createOutput(fields)[field as keyof ReturnType<typeof createOutput>]).toEqual(expected);
  });

  it('defaults for omitted fields', () => {
    expect(TaskCreateSchema.parse({ id: ID, title: 'Buy milk' })).toEqual({
      id: ID,
      title: 'Buy milk',
      description: '',
      priority: 'none',
      tags: [],
      due_date: null,
      due_time: null,
      time_zone: 'UTC',
      completed: false,
      recurrence: null,
      reminders: [],
    });
  });
});

describe('TaskCreateSchema rejects', () => {
  it.each([
    ['title of 201', { title: 'x'.repeat(201) }, 'title', 'at most 200'],
    ['title of 201 after trimming', { title: ` ${'x'.repeat(201)} ` }, 'title', 'at most 200'],
    ['whitespace-only title', { title: ' \t\n ' }, 'title', 'must not be empty'],
    ['empty title', { title: '' }, 'title', 'must not be empty'],
    ['missing title', { title: undefined }, 'title', 'title is required'],
    ['numeric title', { title: 42 }, 'title', 'title must be text'],
    ['description of 1001', { description: 'd'.repeat(1001) }, 'description', 'at most 1000'],
    ['null description', { description: null }, 'description', 'description must be text'],
    ['unknown priority', { priority: 'urgent' }, 'priority', 'priority must be one of'],
    ['upper-case priority', { priority: 'HIGH' }, 'priority', 'priority must be one of'],
    ['31 tags', { tags: tagList(31) }, 'tags', 'at most 30 tags'],
    ['tag of 41', { tags: ['t'.repeat(41)] }, 'tags.0', 'at most 40 characters'],
    ['empty tag', { tags: ['home', ''] }, 'tags.1', 'tag must not be empty'],
    ['whitespace-only tag', { tags: ['  '] }, 'tags.0', 'tag must not be empty'],
    ['numeric tag', { tags: ['home', 7] }, 'tags.1', 'tag must be text'],
    ['tags as text', { tags: 'home' }, 'tags', 'tags must be a list'],
    ['February 30', { due_date: '2026-02-30' }, 'due_date', 'real calendar date'],
    ['due date with a time', { due_date: '2026-03-10T09:00:00Z' }, 'due_date', 'YYYY-MM-DD'],
    ['numeric due date', { due_date: 20260310 }, 'due_date', 'due_date must be text'],
    ['due time 24:00', { due_date: '2026-03-10', due_time: '24:00' }, 'due_time', 'HH:MM'],
    ['due time 9:00', { due_date: '2026-03-10', due_time: '9:00' }, 'due_time', 'HH:MM'],
    [
      'due time with seconds',
      { due_date: '2026-03-10', due_time: '09:00:00' },
      'due_time',
      'HH:MM',
    ],
    ['due time without a date', { due_time: '09:00' }, 'due_time', 'needs a due_date'],
    [
      'due time with a null date',
      { due_date: null, due_time: '09:00' },
      'due_time',
      'needs a due_date',
    ],
    ['unknown time zone', { time_zone: 'Mars/Olympus' }, 'time_zone', 'IANA'],
    ['offset time zone', { time_zone: '+05:00' }, 'time_zone', 'IANA'],
    ['abbreviated time zone', { time_zone: 'PKT' }, 'time_zone', 'IANA'],
    ['empty time zone', { time_zone: '' }, 'time_zone', 'IANA'],
    ['null time zone', { time_zone: null }, 'time_zone', 'IANA'],
    ['completed as text', { completed: 'yes' }, 'completed', 'true or false'],
    ['unknown field', { colour: 'red' }, 'colour', 'unknown field "colour"'],
    ['client-set due_at', { due_at: '2026-03-10T13:00:00Z' }, 'due_at', 'unknown field "due_at"'],
    [
      'client-set created_at',
      { created_at: '2026-03-10T12:00:00Z' },
      'created_at',
      'unknown field',
    ],
    ['client-set version', { version: 3 }, 'version', 'unknown field'],
    ['client-set deleted', { deleted: true }, 'deleted', 'unknown field'],
    ['id that is not a UUID', { id: 'task-1' }, 'id', 'UUID'],
    ['missing id', { id: undefined }, 'id', 'id is required'],
  ])('%s', (_name, fields, field, messagePart) => {
    const issues = issuesOf(TaskCreateSchema, { id: ID, title: 'Buy milk', ...fields });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe(field);
    expect(issues[0]?.message).toContain(messagePart);
  });

  it('each bad field of a request', () => {
    const issues = issuesOf(TaskCreateSchema, {
      id: ID,
      title: 'x'.repeat(201),
      description: 'd'.repeat(1001),
      priority: 'urgent',
      due_date: '2026-02-30',
    });
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'description',
      'due_date',
      'priority',
      'title',
    ]);
  });

  it('non-object body', () => {
    expect(issuesOf(TaskCreateSchema, null)).toEqual([
      { field: '(body)', message: expect.any(String) },
    ]);
  });
});

describe('tags', () => {
  it.each([
    [
      ['Work', ' work ', 'WORK', 'home'],
      ['Work', 'home'],
    ],
    [['  home  ', 'Home'], ['home']],
    [['کام', 'کام'], ['کام']],
    [['Ünïcode', 'üNÏCODE'], ['Ünïcode']],
    // NFC and NFD spellings of one word: "آم" (mango) and "café".
    [['\u0622\u0645', '\u0627\u0653\u0645'], ['\u0622\u0645']],
    [['caf\u00e9', 'cafe\u0301'], ['caf\u00e9']],
    [
      ['a', 'b', 'A', 'c', 'B'],
      ['a', 'b', 'c'],
    ],
    [[], []],
  ])('normalizeTags %j is %j', (input, expected) => {
    expect(normalizeTags(input)).toEqual(expected);
  });

  it.each([
    [['Work', 'work'], ['Work']],
    [['\u0622\u0645', '\u0627\u0653\u0645'], ['\u0622\u0645']],
  ])('create collapses %j to %j', (input, expected) => {
    expect(createOutput({ tags: input }).tags).toEqual(expected);
  });
});

describe('TaskUpdateSchema', () => {
  it.each([
    ['id alone', {}, {}],
    ['trimmed title', { title: '  Buy bread ' }, { title: 'Buy bread' }],
    ['cleared due date', { due_date: null }, { due_date: null }],
    ['due time alone', { due_time: '09:00' }, { due_time: '09:00' }],
    ['lower-case time zone', { time_zone: 'asia/karachi' }, { time_zone: 'Asia/Karachi' }],
    ['tags', { tags: ['Work', 'WORK'] }, { tags: ['Work'] }],
  ])('accepts %s', (_name, fields, expected) => {
    expect(TaskUpdateSchema.parse({ id: ID, ...fields })).toEqual({ id: ID, ...expected });
  });

  it.each([
    ['whitespace-only title', { title: '   ' }, 'title'],
    ['title of 201', { title: 'x'.repeat(201) }, 'title'],
    ['description of 1001', { description: 'd'.repeat(1001) }, 'description'],
    ['unknown priority', { priority: 'urgent' }, 'priority'],
    ['31 tags', { tags: tagList(31) }, 'tags'],
    ['February 30', { due_date: '2026-02-30' }, 'due_date'],
    ['due time 24:00', { due_time: '24:00' }, 'due_time'],
    ['unknown time zone', { time_zone: 'Mars/Olympus' }, 'time_zone'],
    ['client-set due_at', { due_at: '2026-03-10T13:00:00Z' }, 'due_at'],
    ['client-set updated_at', { updated_at: '2026-03-10T12:00:00Z' }, 'updated_at'],
    ['missing id', { id: undefined }, 'id'],
  ])('rejects %s', (_name, fields, field) => {
    const issues = issuesOf(TaskUpdateSchema, { id: ID, ...fields });
    expect(issues.map((issue) => issue.field)).toEqual([field]);
  });
});

describe('TaskCompleteSchema and TaskDeleteSchema', () => {
  it.each([
    ['complete true', TaskCompleteSchema, { id: ID, completed: true }, []],
    ['complete false', TaskCompleteSchema, { id: ID, completed: false }, []],
    ['complete without completed', TaskCompleteSchema, { id: ID }, ['completed']],
    ['complete with text', TaskCompleteSchema, { id: ID, completed: 'true' }, ['completed']],
    [
      'complete with a title',
      TaskCompleteSchema,
      { id: ID, completed: true, title: 'x' },
      ['title'],
    ],
    ['delete', TaskDeleteSchema, { id: ID }, []],
    ['delete without a UUID', TaskDeleteSchema, { id: 'task-1' }, ['id']],
    ['delete with deleted', TaskDeleteSchema, { id: ID, deleted: true }, ['deleted']],
  ])('%s: bad fields %j', (_name, schema, input, fields) => {
    expect(issuesOf(schema, input).map((issue) => issue.field)).toEqual(fields);
  });
});

describe('TaskCreateSchema with several bad fields', () => {
  it('names due_time beside another bad field', () => {
    const result = TaskCreateSchema.safeParse({
      id: '0b8f7a52-6a7e-4c1f-9f4e-2d3c4b5a6978',
      title: 'Call the bank',
      due_time: '09:00',
      priority: 'urgent',
    });
    expect(result.success).toBe(false);
    const fields = result.success ? [] : issuesFromZod(result.error).map((issue) => issue.field);
    expect(fields).toContain('priority');
    expect(fields).toContain('due_time');
  });
});
