import type { ParsedUrlQuery } from 'node:querystring';
import { issuesFromZod, type TaskQuery, TaskQuerySchema } from '@fehrist/domain';
import { HttpError, invalid } from '../http/errors';
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

  // Query and paging issues are collected together, so one response names every bad parameter.
  const result = TaskQuerySchema.safeParse(input);
  const issues = result.success
    ? []
    : issuesFromZod(result.error).map((issue) => ({ ...issue, field: parameterName(issue.field) }));
  let page: Page | undefined;
  try {
    page = parsePage(params.limit, params.cursor);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    issues.push(...error.issues);
  }
  if (!result.success || !page) {
    throw invalid(issues.map((issue) => issue.message).join('; '), issues);
  }
  return { query: result.data, page };
}

/** Maps an issue's field to its query parameter: `tags.2` to `tag`, `priority.0` to `priority`. */
function parameterName(field: string): string {
  const name = field.split('.')[0] ?? field;
  return name === 'tags' ? 'tag' : name;
}

function listParam(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((item) => item.split(',')).filter((item) => item.trim().length > 0);
}
