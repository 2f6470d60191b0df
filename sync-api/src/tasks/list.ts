import {
  foldText,
  QUERY_LIMITS,
  type SortField,
  type SortOrder,
  sortValue,
  type Task,
  type TaskQuery,
  tagKey,
} from '@fehrist/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TaskEntity, type TaskRow } from '../db/entities';
import { invalid } from '../http/errors';
import { rowToTask } from './task-row';

export interface Page {
  limit: number;
  cursor?: string;
}

export interface TaskPage {
  tasks: Task[];
  next_cursor: string | null;
}

interface Cursor {
  sort: SortField;
  order: SortOrder;
  value: string | number;
  id: string;
}

/** SQL for each sort field; must order exactly as the domain's compareTasks does. */
function sortExpression(sort: SortField, order: SortOrder): string {
  switch (sort) {
    case 'created':
      return '"created_at"';
    case 'updated':
      return '"updated_at"';
    case 'title':
      return '"title_key" collate "C"';
    case 'priority':
      return '"priority_rank"';
    case 'due':
      return order === 'asc'
        ? `coalesce("due_at", 'infinity'::timestamptz)`
        : `coalesce("due_at", '-infinity'::timestamptz)`;
  }
}

function cursorCast(sort: SortField): string {
  if (sort === 'title') return '?::text collate "C"';
  if (sort === 'priority') return '?::int';
  return '?::timestamptz';
}

/** Lists one page of the user's tasks with the shared query model, in SQL. */
export async function listTasks(
  em: EntityManager,
  userId: string,
  query: TaskQuery,
  page: Page,
  now: Date,
): Promise<TaskPage> {
  const knex = em.getKnex();
  const builder = knex('task').select('*').where({ user_id: userId, deleted: false });

  if (query.status === 'pending') builder.andWhere({ completed: false });
  if (query.status === 'completed') builder.andWhere({ completed: true });
  if (query.priority.length > 0) builder.whereIn('priority', query.priority);
  if (query.tags.length > 0) {
    builder.whereRaw('"tag_keys" @> ?::text[]', [query.tags.map(tagKey)]);
  }
  if (query.q) {
    builder.whereRaw(`"search_text" like ? escape '\\'`, [`%${escapeLike(foldText(query.q))}%`]);
  }
  if (query.due_from) builder.whereRaw('"due_date" >= ?::date', [query.due_from]);
  if (query.due_to) builder.whereRaw('"due_date" <= ?::date', [query.due_to]);
  if (query.overdue) {
    // Same rule as the domain's isOverdue: a timed due once its instant has passed, a
    // date-only due once that day has ended in the task's own zone.
    builder.andWhere({ completed: false }).whereRaw(
      `"due_date" is not null and (("due_time" is not null and "due_at" < ?::timestamptz)
        or ("due_time" is null and "due_date" < (?::timestamptz at time zone "time_zone")::date))`,
      [now.toISOString(), now.toISOString()],
    );
  }

  const expression = sortExpression(query.sort, query.order);
  const direction = query.order === 'asc' ? 'asc' : 'desc';
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor, query.sort, query.order);
    const comparison = direction === 'asc' ? '>' : '<';
    builder.whereRaw(`(${expression}, "id") ${comparison} (${cursorCast(query.sort)}, ?::uuid)`, [
      cursor.value,
      cursor.id,
    ]);
  }
  builder.orderByRaw(`${expression} ${direction}, "id" ${direction}`).limit(page.limit + 1);

  const rows = (await builder) as Record<string, unknown>[];
  const tasks = rows
    .slice(0, page.limit)
    .map((row) => rowToTask(em.map(TaskEntity, row) as TaskRow));
  const last = tasks.at(-1);
  const next_cursor =
    rows.length > page.limit && last
      ? encodeCursor({
          sort: query.sort,
          order: query.order,
          value: sortValue(last, query.sort, query.order),
          id: last.id,
        })
      : null;
  return { tasks, next_cursor };
}

export function parsePage(limit: unknown, cursor: unknown): Page {
  const issues = [];
  let size: number = QUERY_LIMITS.pageDefault;
  if (limit !== undefined) {
    size = Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > QUERY_LIMITS.pageMax) {
      issues.push({
        field: 'limit',
        message: `limit must be a whole number from 1 to ${QUERY_LIMITS.pageMax}`,
      });
    }
  }
  if (cursor !== undefined && typeof cursor !== 'string') {
    issues.push({ field: 'cursor', message: 'cursor must be given once' });
  }
  if (issues.length > 0) throw invalid('invalid paging parameters', issues);
  return { limit: size, ...(typeof cursor === 'string' ? { cursor } : {}) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(encoded: string, sort: SortField, order: SortOrder): Cursor {
  const rejectCursor = (message: string) => invalid(message, [{ field: 'cursor', message }]);
  let cursor: Partial<Cursor>;
  try {
    cursor = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw rejectCursor('cursor is not valid; pass next_cursor from the previous page unchanged');
  }
  const validValue = typeof cursor.value === 'string' || typeof cursor.value === 'number';
  const validId = typeof cursor.id === 'string' && /^[0-9a-f-]{36}$/.test(cursor.id);
  if (!validValue || !validId) {
    throw rejectCursor('cursor is not valid; pass next_cursor from the previous page unchanged');
  }
  if (cursor.sort !== sort || cursor.order !== order) {
    throw rejectCursor('cursor belongs to another sort or order; start again without a cursor');
  }
  return cursor as Cursor;
}
