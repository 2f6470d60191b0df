import {
  applyMutation,
  compareTasks,
  matchesQuery,
  type Task,
  TaskQuerySchema,
} from '@fehrist/domain';
import { describe, expect, it } from 'vitest';
import {
  collectTags,
  compareCodePointsFast,
  DEFAULT_VIEW,
  displayDay,
  filterBySearch,
  filterTasks,
  sortTasks,
  VIEW_SORTS,
  type ViewPrefs,
} from './view';

const now = new Date('2026-03-10T12:00:00Z');
let counter = 0;

function task(fields: Record<string, unknown>, at = now): Task {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const outcome = applyMutation(
    'createTask',
    { id, title: `Task ${counter}`, ...fields },
    undefined,
    {
      now: at,
    },
  );
  if (outcome.kind !== 'put') throw new Error('createTask changed nothing');
  return outcome.task;
}

/** A small seeded generator, so a failing order can be reproduced. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const titles = ['apple', 'Apple', 'zebra', 'اردو', 'ب', '😀 smile', 'ﬀ ligature', 'é', 'e', '眼'];

describe('sortTasks', () => {
  const random = seeded(7);
  const tasks = Array.from({ length: 200 }, () =>
    task(
      {
        title: titles[Math.floor(random() * titles.length)],
        priority: (['none', 'low', 'medium', 'high'] as const)[Math.floor(random() * 4)],
        due_date:
          random() < 0.3
            ? null
            : `2026-03-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      },
      new Date(now.getTime() + Math.floor(random() * 5) * 1000),
    ),
  );

  for (const sort of VIEW_SORTS) {
    for (const order of ['asc', 'desc'] as const) {
      it(`orders by ${sort} ${order} as the domain does`, () => {
        const expected = [...tasks].sort(compareTasks(sort, order)).map((entry) => entry.id);
        expect(sortTasks(tasks, sort, order).map((entry) => entry.id)).toEqual(expected);
      });
    }
  }

  it('compares code points past surrogate pairs', () => {
    expect(Math.sign(compareCodePointsFast('😀', 'ﬀ'))).toBe(1);
    expect(Math.sign(compareCodePointsFast('a', 'b'))).toBe(-1);
    expect(compareCodePointsFast('same', 'same')).toBe(0);
  });
});

describe('filterTasks', () => {
  const userZone = 'Asia/Karachi';
  const today = '2026-03-10';
  const context = { now, today, dayOf: (entry: Task) => displayDay(entry, userZone) };
  const open = task({ title: 'Open', tags: ['Home'], priority: 'high' });
  const done = task({ title: 'Done', completed: true, tags: ['work'] });
  const dueToday = task({ title: 'Due today', due_date: today, time_zone: userZone });
  const late = task({ title: 'Late', due_date: '2026-03-01', time_zone: userZone });
  const later = task({ title: 'Later', due_date: '2026-04-01', time_zone: userZone });
  const all = [open, done, dueToday, late, later];
  const view = (changes: Partial<ViewPrefs>): ViewPrefs => ({
    ...DEFAULT_VIEW,
    status: 'all',
    ...changes,
  });
  const titlesOf = (list: readonly Task[]) => list.map((entry) => entry.title);

  it.each<[Partial<ViewPrefs>, string[]]>([
    [{}, ['Open', 'Done', 'Due today', 'Late', 'Later']],
    [{ status: 'pending' }, ['Open', 'Due today', 'Late', 'Later']],
    [{ status: 'completed' }, ['Done']],
    [{ priority: 'high' }, ['Open']],
    [{ tag: 'home' }, ['Open']],
    [{ tag: 'WORK' }, ['Done']],
    [{ due: 'today' }, ['Due today']],
    [{ due: 'overdue' }, ['Late']],
    [{ due: 'upcoming' }, ['Later']],
    [{ due: 'none' }, ['Open', 'Done']],
  ])('filters with %j', (changes, expected) => {
    expect(titlesOf(filterTasks(all, view(changes), context))).toEqual(expected);
  });

  it('agrees with the domain query on status, priority and tag', () => {
    for (const changes of [{ status: 'pending' }, { priority: 'high' }, { tag: 'home' }] as const) {
      const query = TaskQuerySchema.parse({
        status: 'status' in changes ? changes.status : 'all',
        priority: 'priority' in changes ? [changes.priority] : [],
        tags: 'tag' in changes ? [changes.tag] : [],
      });
      const expected = all.filter((entry) => matchesQuery(entry, query, now));
      expect(filterTasks(all, view(changes), context)).toEqual(expected);
    }
  });
});

describe('filterBySearch', () => {
  const milk = task({ title: 'Buy MILK', description: 'from the corner shop' });
  const urdu = task({ title: 'دودھ خریدنا' });
  const sql = task({ title: "100% done' OR 1=1 --" });
  const all = [milk, urdu, sql];

  it.each([
    ['milk', [milk]],
    ['CORNER', [milk]],
    ['دودھ', [urdu]],
    ["%' OR 1=1 --", []],
    ["' OR 1=1", [sql]],
    ['  ', all],
  ])('finds %j', (q, expected) => {
    expect(filterBySearch(all, q)).toEqual(expected);
  });
});

describe('collectTags', () => {
  it('keeps the first spelling of each tag', () => {
    const tasks = [task({ tags: ['Home', 'work'] }), task({ tags: ['home', 'Errands'] })];
    expect(collectTags(tasks, 'en')).toEqual(['Errands', 'Home', 'work']);
  });
});
