import type { ParsedUrlQuery } from 'node:querystring';
import { issuesFromZod, type TaskQuery, TaskQuerySchema } from '@fehrist/domain';
import { invalid } from '../http/errors';
import { type Page, parsePage } from './list';

const SINGLE = ['status', 'q', 'due_from', 'due_to', 'overdue', 'sort', 'order'] as const;
const KNOWN = new Set<string>([...SINGLE, 'priority', 'tag', 'limit', 'cursor']);

/** Reads the list query string: `tag` and `priority` may repeat or hold commas. */
export function parseListQuery(params: ParsedUrlQuery): { query: TaskQuery; page: Page } {
  const unknown = Object.keys(params).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    throw invalid(
      `unknown query parameter ${unknown.join(', ')}`,
      unknown.map((name) => ({
        field: name,
        message: `unknown query parameter; use ${[...KNOWN].join(', ')}`,
      })),
    );
  }

  const input: Record<string, unknown> = {};
  for (const name of SINGLE) {
    const value = params[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      throw invalid(`${name} must be given once`, [
        { field: name, message: `${name} must be given once` },
      ]);
    }
    input[name] = value;
  }
  if (input.overdue !== undefined) {
    input.overdue =
      input.overdue === 'true' ? true : input.overdue === 'false' ? false : input.overdue;
  }
  input.priority = listParam(params.priority);
  input.tags = listParam(params.tag);

  const result = TaskQuerySchema.safeParse(input);
  if (!result.success) {
    const issues = issuesFromZod(result.error).map((issue) =>
      issue.field.startsWith('tags') ? { ...issue, field: 'tag' } : issue,
    );
    throw invalid(issues.map((issue) => issue.message).join('; '), issues);
  }
  return { query: result.data, page: parsePage(params.limit, params.cursor) };
}

function listParam(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((item) => item.split(',')).filter((item) => item.trim().length > 0);
}
