import { describe, expect, it } from 'vitest';
import { issuesFromZod } from './errors';
import {
  applyQuery,
  compareCodePoints,
  compareTasks,
  foldText,
  isOverdue,
  matchesQuery,
} from './query';
import { type TaskQueryInput, TaskQuerySchema } from './query-schema';
import type { Task } from './task';
import { dueInstant } from './time';

const NOW = new Date('2026-03-10T12:00:00Z');

function idOf(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Builds a stored task numbered `n`, deriving due_at the way the mutators do. */
function task(n: number, fields: Partial<Task> = {}): Task {
  const merged = {
    id: idOf(n),
    title: `Task ${n}`,
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
    created_at: `2026-03-0${n}T10:00:00.000Z`,
    updated_at: `2026-03-0${n}T10:00:00.000Z`,
    version: n,
    deleted: false,
    ...fields,
  } as Task;
  const dueAt = merged.due_date
    ? dueInstant(merged.due_date, merged.due_time, merged.time_zone).toISOString()
    : null;
  return { ...merged, due_at: dueAt };
}

function query(input: TaskQueryInput = {}) {
  return TaskQuerySchema.parse(input);
}

/** Returns the numbers of the tasks a query returns, in result order. */
function run(tasks: Task[], input: TaskQueryInput, now = NOW): number[] {
  return applyQuery(tasks, query(input), now).map((found) => Number(found.id.slice(-12)));
}

const TASKS: Task[] = [
  task(1, {
    title: 'Buy milk',
    priority: 'high',
    tags: ['Home', 'Shopping'],
    due_date: '2026-03-09',
  }),
  task(2, {
    title: 'دودھ خریدنا',
    description: 'دو لیٹر',
    priority: 'medium',
    tags: ['گھر'],
    due_date: '2026-03-10',
    due_time: '18:00',
    time_zone: 'Asia/Karachi',
  }),
  task(3, {
    title: 'Pay rent',
    completed: true,
    completed_at: '2026-03-02T09:00:00.000Z',
    priority: 'high',
    tags: ['home', 'bills'],
    due_date: '2026-03-01',
  }),
  task(4, { title: 'Call mum', description: 'About the 100% plan' }),
  task(5, {
    title: 'Fix SQL',
    description: "Search the logs for %' OR 1=1 -- again",
    priority: 'low',
    tags: ['Work'],
    due_date: '2026-03-10',
    due_time: '09:00',
  }),
  task(6, { title: 'Buy milk', deleted: true }),
];

describe('applyQuery filters', () => {
  it.each<[string, TaskQueryInput, number[]]>([
    ['no filter', {}, [1, 2, 3, 4, 5]],
    ['status all', { status: 'all' }, [1, 2, 3, 4, 5]],
    ['status pending', { status: 'pending' }, [1, 2, 4, 5]],
    ['status completed', { status: 'completed' }, [3]],
    ['priority high', { priority: ['high'] }, [1, 3]],
    ['priority high or low', { priority: ['high', 'low'] }, [1, 3, 5]],
    ['priority none', { priority: ['none'] }, [4]],
    ['tag in another case', { tags: ['home'] }, [1, 3]],
    ['tag in upper case', { tags: ['HOME'] }, [1, 3]],
    ['tag with spaces', { tags: ['  home '] }, [1, 3]],
    ['two tags both present', { tags: ['home', 'SHOPPING'] }, [1]],
    ['two tags one present', { tags: ['home', 'work'] }, []],
    ['Urdu tag', { tags: ['گھر'] }, [2]],
    ['unknown tag', { tags: ['garden'] }, []],
    ['text in title', { q: 'milk' }, [1]],
    ['text in upper case', { q: 'MILK' }, [1]],
    ['text with spaces', { q: '  rent ' }, [3]],
    ['Urdu text in title', { q: 'دودھ' }, [2]],
    ['Urdu text in description', { q: 'لیٹر' }, [2]],
    ['SQL text literally', { q: "%' OR 1=1 --" }, [5]],
    ['percent sign literally', { q: '%' }, [4, 5]],
    ['SQL tautology', { q: "' OR '1'='1" }, []],
    ['underscore literally', { q: '_' }, []],
    ['due from', { due_from: '2026-03-10' }, [2, 5]],
    ['due to', { due_to: '2026-03-09' }, [1, 3]],
    ['due range inclusive', { due_from: '2026-03-09', due_to: '2026-03-10' }, [1, 2, 5]],
    ['due range of one day', { due_from: '2026-03-10', due_to: '2026-03-10' }, [2, 5]],
    ['due range before all', { due_to: '2026-02-28' }, []],
    ['overdue', { overdue: true }, [1, 5]],
    ['pending and high', { status: 'pending', priority: ['high'] }, [1]],
    ['pending and home', { status: 'pending', tags: ['home'] }, [1]],
    ['overdue and text', { overdue: true, q: 'sql' }, [5]],
    [
      'completed home before 5th',
      { status: 'completed', tags: ['home'], due_to: '2026-03-05' },
      [3],
    ],
    [
      'pending medium from 10th',
      { status: 'pending', priority: ['medium'], due_from: '2026-03-10' },
      [2],
    ],
    ['overdue and completed', { overdue: true, status: 'completed' }, []],
  ])('%s', (_name, input, expected) => {
    expect(run(TASKS, input)).toEqual(expected);
  });

  it('deleted task never matches', () => {
    const tombstone = TASKS[5] as Task;
    expect(matchesQuery(tombstone, query({ q: 'milk' }), NOW)).toBe(false);
    expect(matchesQuery({ ...tombstone, deleted: false }, query({ q: 'milk' }), NOW)).toBe(true);
  });
});

describe('isOverdue', () => {
  it.each<[string, Partial<Task>, boolean]>([
    ['timed due a minute ago', { due_date: '2026-03-10', due_time: '11:59' }, true],
    ['timed due this minute', { due_date: '2026-03-10', due_time: '12:00' }, false],
    ['timed due in a minute', { due_date: '2026-03-10', due_time: '12:01' }, false],
    [
      'timed due 16:59 Karachi',
      { due_date: '2026-03-10', due_time: '16:59', time_zone: 'Asia/Karachi' },
      true,
    ],
    [
      'timed due 17:01 Karachi',
      { due_date: '2026-03-10', due_time: '17:01', time_zone: 'Asia/Karachi' },
      false,
    ],
    ['date-only yesterday', { due_date: '2026-03-09' }, true],
    ['date-only today', { due_date: '2026-03-10' }, false],
    ['date-only tomorrow', { due_date: '2026-03-11' }, false],
    ['date-only last year', { due_date: '2025-12-31' }, true],
    ['completed and past', { due_date: '2026-03-01', completed: true }, false],
    [
      'completed timed and past',
      { due_date: '2026-03-10', due_time: '08:00', completed: true },
      false,
    ],
    ['undated', {}, false],
    // At 12:00Z it is already 11 March 02:00 in Kiritimati (+14) but 10 March 03:00 in Adak (-9).
    ['10th in Kiritimati', { due_date: '2026-03-10', time_zone: 'Pacific/Kiritimati' }, true],
    ['10th in Adak', { due_date: '2026-03-10', time_zone: 'America/Adak' }, false],
    ['11th in Kiritimati', { due_date: '2026-03-11', time_zone: 'Pacific/Kiritimati' }, false],
    ['9th in Adak', { due_date: '2026-03-09', time_zone: 'America/Adak' }, true],
    [
      '01:59 on the 11th in Kiritimati',
      { due_date: '2026-03-11', due_time: '01:59', time_zone: 'Pacific/Kiritimati' },
      true,
    ],
    ['10th in Jakarta', { due_date: '2026-03-10', time_zone: 'Asia/Jakarta' }, false],
  ])('%s is %s', (_name, fields, expected) => {
    expect(isOverdue(task(1, fields), NOW)).toBe(expected);
  });

  it('timed due earlier this minute', () => {
    const dueNoon = task(1, { due_date: '2026-03-10', due_time: '12:00' });
    expect(isOverdue(dueNoon, new Date('2026-03-10T12:00:30Z'))).toBe(true);
  });

  it('same instant, two zones', () => {
    const kiritimati = task(1, { due_date: '2026-03-10', time_zone: 'Pacific/Kiritimati' });
    const adak = task(2, { due_date: '2026-03-10', time_zone: 'America/Adak' });
    expect(run([kiritimati, adak], { overdue: true })).toEqual([1]);
  });
});

describe('applyQuery sorts', () => {
  // Task 5's date-only due in Kiritimati starts before task 3's timed due in Karachi that day.
  const SORTABLE: Task[] = [
    task(1, {
      title: 'banana',
      priority: 'low',
      updated_at: '2026-03-08T00:00:00.000Z',
      due_date: '2026-03-12',
    }),
    task(2, { title: 'Apple', priority: 'high', updated_at: '2026-03-04T00:00:00.000Z' }),
    task(3, {
      title: 'cherry',
      priority: 'high',
      created_at: '2026-03-02T10:00:00.000Z',
      updated_at: '2026-03-06T00:00:00.000Z',
      due_date: '2026-03-11',
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
    }),
    task(4, { title: 'apple', priority: 'none', updated_at: '2026-03-04T00:00:00.000Z' }),
    task(5, {
      title: 'آم',
      priority: 'medium',
      updated_at: '2026-03-05T00:00:00.000Z',
      due_date: '2026-03-11',
      time_zone: 'Pacific/Kiritimati',
    }),
  ];

  it.each<[TaskQueryInput['sort'], TaskQueryInput['order'], number[]]>([
    ['created', 'asc', [1, 2, 3, 4, 5]],
    ['created', 'desc', [5, 4, 3, 2, 1]],
    ['updated', 'asc', [2, 4, 5, 3, 1]],
    ['updated', 'desc', [1, 3, 5, 4, 2]],
    ['title', 'asc', [2, 4, 1, 3, 5]],
    ['title', 'desc', [5, 3, 1, 4, 2]],
    ['priority', 'asc', [4, 1, 5, 2, 3]],
    ['priority', 'desc', [3, 2, 5, 1, 4]],
    ['due', 'asc', [5, 3, 1, 2, 4]],
    ['due', 'desc', [1, 3, 5, 4, 2]],
  ])('%s %s', (sort, order, expected) => {
    expect(run(SORTABLE, { sort, order })).toEqual(expected);
  });

  it.each(['asc', 'desc'] as const)('undated last in %s', (order) => {
    const result = run(SORTABLE, { sort: 'due', order });
    expect(result.slice(-2).sort()).toEqual([2, 4]);
  });

  it('input order does not matter', () => {
    const reversed = [...SORTABLE].reverse();
    expect(run(reversed, { sort: 'title' })).toEqual(run(SORTABLE, { sort: 'title' }));
  });

  it('ties break on id', () => {
    const twins = [task(2, { title: 'Same' }), task(1, { title: 'same' })];
    expect(twins.sort(compareTasks('title', 'asc')).map((found) => found.id)).toEqual([
      idOf(1),
      idOf(2),
    ]);
  });
});

describe('text helpers', () => {
  it.each([
    ['CAFÉ', 'café'],
    ['Cafe\u0301', 'caf\u00e9'],
    ['دودھ', 'دودھ'],
    ["%' OR 1=1 --", "%' or 1=1 --"],
  ])('foldText %j is %j', (text, expected) => {
    expect(foldText(text)).toBe(expected);
  });

  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', 'a', -1],
    ['Z', 'a', -1],
    ['apple', 'آم', -1],
    // U+1F600 sorts after U+FFFF by code point, though its first UTF-16 unit is smaller.
    ['\u{1F600}', '\uFFFF', 1],
  ])('compareCodePoints %j %j has sign %i', (left, right, sign) => {
    expect(Math.sign(compareCodePoints(left, right))).toBe(sign);
  });
});

describe('TaskQuerySchema', () => {
  it('fills defaults', () => {
    expect(query()).toEqual({
      status: 'all',
      priority: [],
      tags: [],
      q: '',
      overdue: false,
      sort: 'created',
      order: 'asc',
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['unknown status', { status: 'done' }, 'status', 'status must be one of'],
    ['unknown priority', { priority: ['urgent'] }, 'priority.0', 'priority must be one of'],
    ['unknown sort', { sort: 'name' }, 'sort', 'sort must be one of'],
    ['unknown order', { order: 'up' }, 'order', 'order must be one of'],
    [
      'due_to before due_from',
      { due_from: '2026-03-10', due_to: '2026-03-09' },
      'due_to',
      'due_to must not be before due_from',
    ],
    [
      'February 30',
      { due_from: '2026-02-30' },
      'due_from',
      'due_from must be a real calendar date',
    ],
    [
      'due_to with a time',
      { due_to: '2026-03-10T00:00' },
      'due_to',
      'due_to must be a real calendar date',
    ],
    ['overdue as text', { overdue: 'true' }, 'overdue', 'overdue must be true or false'],
    ['q of 201', { q: 'q'.repeat(201) }, 'q', 'q must be at most 200'],
    ['unknown field', { page: 2 }, 'page', 'unknown field "page"'],
  ])('rejects %s', (_name, input, field, messagePart) => {
    const result = TaskQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = issuesFromZod(result.error);
    expect(issues.map((issue) => issue.field)).toEqual([field]);
    expect(issues[0]?.message).toContain(messagePart);
  });

  // Zod's own messages for these do not name the field, so only the issue's field does.
  it.each<[string, Record<string, unknown>, string]>([
    ['priority as text', { priority: 'high' }, 'priority'],
    ['empty tag', { tags: ['home', ''] }, 'tags.1'],
    ['tag of 41', { tags: ['t'.repeat(41)] }, 'tags.0'],
  ])('rejects %s by field', (_name, input, field) => {
    const result = TaskQuerySchema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(issuesFromZod(result.error).map((issue) => issue.field)).toEqual([field]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['one-day range', { due_from: '2026-03-10', due_to: '2026-03-10' }],
    ['q of 200', { q: 'q'.repeat(200) }],
    ['every priority', { priority: ['none', 'low', 'medium', 'high'] }],
    ['every option', { status: 'pending', sort: 'due', order: 'desc', overdue: true }],
  ])('accepts %s', (_name, input) => {
    expect(TaskQuerySchema.safeParse(input).success).toBe(true);
  });
});
