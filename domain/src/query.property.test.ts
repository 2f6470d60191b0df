import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyQuery, compareTasks, SORT_FIELDS, SORT_ORDERS, type TaskQuery } from './query';
import { TaskQuerySchema } from './query-schema';
import { PRIORITIES, type Task } from './task';
import { addDays, dueInstant, formatTime, localDate } from './time';

const SEED = 20_260_310;
const RUNS = 300;

const ZONES = [
  'UTC',
  'Asia/Karachi',
  'Asia/Kolkata',
  'America/New_York',
  'Pacific/Kiritimati',
  'America/Adak',
];
const TAGS = ['home', 'Home', 'work', 'WORK', 'گھر', 'bills'];
// Few distinct values, so ties on the sort field (and the id tie-break) are common.
const TITLES = ['apple', 'Apple', 'banana', 'آم', 'دودھ خریدنا', 'Café', 'Cafe\u0301', '😀 party'];
const DESCRIPTIONS = ['', 'two litres', "%' OR 1=1 --", 'دو لیٹر', 'MILK and bread'];
const SEARCHES = ['', 'a', 'milk', 'دودھ', '%', "' OR 1=1", 'café', 'PARTY'];

/** A calendar date up to 60 days after 2026-02-20. */
const dateArb = fc.integer({ min: 0, max: 60 }).map((days) => addDays('2026-02-20', days));

const timeArb = fc
  .record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 30, 59) })
  .map(formatTime);

const stampArb = fc.integer({ min: 1, max: 5 }).map((day) => `2026-03-0${day}T10:00:00.000Z`);

const dueArb = fc.option(
  fc.record({ date: dateArb, time: fc.option(timeArb), zone: fc.constantFrom(...ZONES) }),
);

const taskArb: fc.Arbitrary<Task> = fc
  .record({
    id: fc.uuid(),
    title: fc.oneof(fc.constantFrom(...TITLES), fc.string({ minLength: 1, maxLength: 6 })),
    description: fc.constantFrom(...DESCRIPTIONS),
    completed: fc.boolean(),
    priority: fc.constantFrom(...PRIORITIES),
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
    due: dueArb,
    created_at: stampArb,
    updated_at: stampArb,
    deleted: fc.oneof(
      { arbitrary: fc.constant(false), weight: 5 },
      { arbitrary: fc.constant(true), weight: 1 },
    ),
  })
  .map(({ due, ...fields }) => ({
    ...fields,
    completed_at: fields.completed ? fields.updated_at : null,
    due_date: due?.date ?? null,
    due_time: due?.time ?? null,
    time_zone: due?.zone ?? 'UTC',
    due_at: due ? dueInstant(due.date, due.time, due.zone).toISOString() : null,
    recurrence: null,
    reminders: [],
    version: 1,
  }));

const tasksArb = fc.uniqueArray(taskArb, { selector: (task) => task.id, maxLength: 25 });

const queryArb: fc.Arbitrary<TaskQuery> = fc
  .record({
    status: fc.constantFrom('all', 'pending', 'completed'),
    priority: fc.subarray([...PRIORITIES]),
    tags: fc.subarray(['home', 'WORK', 'گھر']),
    q: fc.constantFrom(...SEARCHES),
    range: fc.tuple(fc.option(dateArb), fc.option(dateArb)),
    overdue: fc.boolean(),
    sort: fc.constantFrom(...SORT_FIELDS),
    order: fc.constantFrom(...SORT_ORDERS),
  })
  .map(({ range: [from, to], ...fields }) => {
    const [due_from, due_to] = from && to && from > to ? [to, from] : [from, to];
    return TaskQuerySchema.parse({
      ...fields,
      ...(due_from ? { due_from } : {}),
      ...(due_to ? { due_to } : {}),
    });
  });

/** Any minute from 2026-02-15 to 2026-04-30. */
const nowArb = fc
  .integer({ min: 0, max: 74 * 24 * 60 })
  .map((minutes) => new Date(Date.parse('2026-02-15T00:00:00Z') + minutes * 60_000));

/** Returns -1, 0 or 1 and never -0, which compareTasks returns for equal tasks in desc order. */
function signOf(value: number): -1 | 0 | 1 {
  if (value > 0) return 1;
  if (value < 0) return -1;
  return 0;
}

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Decides whether a task matches by the query rules, written apart from matchesQuery. */
function expectedMatch(task: Task, query: TaskQuery, now: Date): boolean {
  if (task.deleted) return false;
  if (query.status === 'pending' && task.completed) return false;
  if (query.status === 'completed' && !task.completed) return false;
  if (query.priority.length > 0 && !query.priority.includes(task.priority)) return false;

  const taskTags = task.tags.map(fold);
  if (!query.tags.every((tag) => taskTags.includes(fold(tag)))) return false;

  const q = fold(query.q);
  if (q && !fold(task.title).includes(q) && !fold(task.description).includes(q)) return false;

  if ((query.due_from || query.due_to) && !task.due_date) return false;
  if (query.due_from && task.due_date && task.due_date < query.due_from) return false;
  if (query.due_to && task.due_date && task.due_date > query.due_to) return false;

  if (query.overdue) {
    if (task.completed || !task.due_date) return false;
    const overdue = task.due_time
      ? new Date(task.due_at ?? '') < now
      : task.due_date < localDate(now, task.time_zone);
    if (!overdue) return false;
  }
  return true;
}

describe('applyQuery property', () => {
  it('returns exactly the matching tasks', () => {
    fc.assert(
      fc.property(tasksArb, queryArb, nowArb, (tasks, query, now) => {
        const found = applyQuery(tasks, query, now).map((task) => task.id);
        const expected = tasks
          .filter((task) => expectedMatch(task, query, now))
          .map((task) => task.id);
        expect([...found].sort()).toEqual([...expected].sort());
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('returns tasks sorted by compareTasks', () => {
    fc.assert(
      fc.property(tasksArb, queryArb, nowArb, (tasks, query, now) => {
        const found = applyQuery(tasks, query, now);
        const compare = compareTasks(query.sort, query.order);
        for (let index = 1; index < found.length; index++) {
          expect(compare(found[index - 1] as Task, found[index] as Task)).toBeLessThan(0);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('puts undated tasks last for due', () => {
    fc.assert(
      fc.property(tasksArb, fc.constantFrom(...SORT_ORDERS), nowArb, (tasks, order, now) => {
        const found = applyQuery(tasks, TaskQuerySchema.parse({ sort: 'due', order }), now);
        const firstUndated = found.findIndex((task) => task.due_at === null);
        if (firstUndated === -1) return;
        expect(found.slice(firstUndated).every((task) => task.due_at === null)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('compareTasks property', () => {
  const compareArb = fc.record({
    sort: fc.constantFrom(...SORT_FIELDS),
    order: fc.constantFrom(...SORT_ORDERS),
  });

  it('is antisymmetric', () => {
    fc.assert(
      fc.property(taskArb, taskArb, compareArb, (a, b, { sort, order }) => {
        const compare = compareTasks(sort, order);
        expect(signOf(compare(a, b)) + signOf(compare(b, a))).toBe(0);
        expect(signOf(compare(a, a))).toBe(0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('ties only on the same id', () => {
    fc.assert(
      fc.property(taskArb, taskArb, compareArb, (a, b, { sort, order }) => {
        fc.pre(a.id !== b.id);
        expect(compareTasks(sort, order)(a, b)).not.toBe(0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(taskArb, taskArb, taskArb, compareArb, (a, b, c, { sort, order }) => {
        const compare = compareTasks(sort, order);
        const orderings: [Task, Task, Task][] = [
          [a, b, c],
          [a, c, b],
          [b, a, c],
          [b, c, a],
          [c, a, b],
          [c, b, a],
        ];
        for (const [x, y, z] of orderings) {
          if (compare(x, y) <= 0 && compare(y, z) <= 0) {
            expect(compare(x, z)).toBeLessThanOrEqual(0);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
