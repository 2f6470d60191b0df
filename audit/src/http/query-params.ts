import type { ParsedUrlQuery } from 'node:querystring';
import {
  TASK_EVENT_SOURCES,
  TASK_EVENT_TYPES,
  type TaskEventSource,
  type TaskEventType,
} from '@fehrist/domain';
import { type ActivityFilter, decodeCursor, type Page } from '../history/query';
import { invalid } from './errors';

export const PAGE_LIMITS = { default: 50, max: 200 } as const;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Issue = { field: string; message: string };

/**
 * Reads the query of `GET /api/{user_id}/activity`. `type` and `source` may repeat or hold
 * commas. Every bad parameter is named in one 422 response.
 */
export function parseActivityQuery(params: ParsedUrlQuery): {
  filter: ActivityFilter;
  page: Page;
} {
  const issues = unknownParameters(params, [
    'task_id',
    'type',
    'source',
    'from',
    'to',
    'limit',
    'cursor',
  ]);
  const filter: ActivityFilter = {
    types: listOf(params, 'type', TASK_EVENT_TYPES, issues) as TaskEventType[],
    sources: listOf(params, 'source', TASK_EVENT_SOURCES, issues) as TaskEventSource[],
  };

  const taskId = single(params, 'task_id', issues);
  if (taskId !== undefined) {
    if (UUID_PATTERN.test(taskId)) filter.taskId = taskId.toLowerCase();
    else issues.push({ field: 'task_id', message: 'task_id must be a task UUID' });
  }
  filter.from = instant(params, 'from', issues);
  filter.to = instant(params, 'to', issues);
  if (filter.from && filter.to && filter.from > filter.to) {
    issues.push({ field: 'to', message: 'to must not be before from' });
  }
  const page = pageOf(params, issues);

  if (issues.length > 0) throw invalid(issues.map((issue) => issue.message).join('; '), issues);
  return { filter, page };
}

/** Reads the query of `GET /api/{user_id}/tasks/{id}/history`: `limit` and `cursor`. */
export function parseHistoryQuery(params: ParsedUrlQuery): Page {
  const issues = unknownParameters(params, ['limit', 'cursor']);
  const page = pageOf(params, issues);
  if (issues.length > 0) throw invalid(issues.map((issue) => issue.message).join('; '), issues);
  return page;
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

function unknownParameters(params: ParsedUrlQuery, known: string[]): Issue[] {
  return Object.keys(params)
    .filter((name) => !known.includes(name))
    .map((name) => ({
      field: name,
      message: `unknown query parameter ${name}; use ${known.join(', ')}`,
    }));
}

function single(params: ParsedUrlQuery, name: string, issues: Issue[]): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) {
    issues.push({ field: name, message: `${name} must be given once` });
    return undefined;
  }
  return value;
}

function listOf(
  params: ParsedUrlQuery,
  name: string,
  allowed: readonly string[],
  issues: Issue[],
): string[] {
  const raw = params[name];
  if (raw === undefined) return [];
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim());
  for (const value of values) {
    if (!allowed.includes(value)) {
      // An empty value (`?type=`) is an error too, so a client bug cannot widen the filter.
      const found = value === '' ? 'an empty value' : `"${value}"`;
      issues.push({
        field: name,
        message: `${name} must be one of ${allowed.join(', ')}, not ${found}; leave ${name} out for all`,
      });
      return [];
    }
  }
  return [...new Set(values)];
}

function instant(params: ParsedUrlQuery, name: string, issues: Issue[]): Date | undefined {
  const value = single(params, name, issues);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!INSTANT_PATTERN.test(value) || Number.isNaN(date.getTime())) {
    issues.push({
      field: name,
      message: `${name} must be an ISO 8601 instant with a zone, such as 2026-12-04T00:00:00Z`,
    });
    return undefined;
  }
  return date;
}

function pageOf(params: ParsedUrlQuery, issues: Issue[]): Page {
  const page: Page = { limit: PAGE_LIMITS.default };
  const limit = single(params, 'limit', issues);
  if (limit !== undefined) {
    const size = /^\d+$/.test(limit) ? Number(limit) : Number.NaN;
    if (size >= 1 && size <= PAGE_LIMITS.max) page.limit = size;
    else
      issues.push({
        field: 'limit',
        message: `limit must be a whole number from 1 to ${PAGE_LIMITS.max}`,
      });
  }
  const cursor = single(params, 'cursor', issues);
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (decoded) page.cursor = decoded;
    else
      issues.push({
        field: 'cursor',
        message: 'cursor is not valid; pass next_cursor from the previous page unchanged',
      });
  }
  return page;
}
