import type { Task } from '@fehrist/domain';

/** A REST call that failed; `status` is the sync API's HTTP status, 0 when it was unreachable. */
export class RestError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.code = code;
  }
}

/** List parameters of `GET /api/{user_id}/tasks`, as the REST API names them. */
export interface ListParams {
  status?: 'all' | 'pending' | 'completed';
  q?: string;
  tags?: string[];
  priority?: string[];
  due_from?: string;
  due_to?: string;
  overdue?: boolean;
  sort?: string;
  order?: 'asc' | 'desc';
}

// The REST API serves at most this many tasks per page.
const PAGE_MAX = 500;
// Every request is bounded, so a stalled sync API fails the tool instead of hanging the chat.
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The sync API's task routes, called with one user's bearer token. Ownership is checked by
 * the sync API alone: another user's task id returns 404 like a missing one.
 */
export class TasksClient {
  constructor(
    private readonly baseUrl: string,
    private readonly userId: string,
    private readonly token: string,
  ) {}

  async get(id: string): Promise<Task> {
    return this.send<Task>('GET', `/tasks/${encodeURIComponent(id)}`);
  }

  async create(fields: Record<string, unknown>): Promise<Task> {
    return this.send<Task>('POST', '/tasks', fields);
  }

  async update(id: string, fields: Record<string, unknown>): Promise<Task> {
    return this.send<Task>('PUT', `/tasks/${encodeURIComponent(id)}`, fields);
  }

  async complete(id: string, completed: boolean): Promise<Task> {
    return this.send<Task>('PATCH', `/tasks/${encodeURIComponent(id)}/complete`, { completed });
  }

  async delete(id: string): Promise<void> {
    await this.send<void>('DELETE', `/tasks/${encodeURIComponent(id)}`);
  }

  /** Reads up to `max` tasks, following `next_cursor` page by page. */
  async list(params: ListParams, max: number): Promise<{ tasks: Task[]; hasMore: boolean }> {
    const tasks: Task[] = [];
    let cursor: string | null = null;
    do {
      const query = listQuery(params, Math.min(PAGE_MAX, max - tasks.length), cursor);
      const page: { tasks: Task[]; next_cursor: string | null } = await this.send(
        'GET',
        `/tasks?${query}`,
      );
      tasks.push(...page.tasks);
      cursor = page.next_cursor;
    } while (cursor && tasks.length < max);
    return { tasks, hasMore: cursor !== null };
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}/api/${encodeURIComponent(this.userId)}${path}`;
    // The task history names the chat as the source of these changes.
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      'x-fehrist-source': 'chat',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RestError(0, 'unreachable', `the task service could not be reached (${reason})`);
    }
    const text = await response.text();

    if (!response.ok) throw problemToError(response.status, text);
    if (!text) return undefined as T;
    return JSON.parse(text) as T;
  }
}

function listQuery(params: ListParams, limit: number, cursor: string | null): string {
  const query = new URLSearchParams();
  if (params.status) query.set('status', params.status);
  if (params.q) query.set('q', params.q);
  for (const tag of params.tags ?? []) query.append('tag', tag);
  for (const priority of params.priority ?? []) query.append('priority', priority);
  if (params.due_from) query.set('due_from', params.due_from);
  if (params.due_to) query.set('due_to', params.due_to);
  if (params.overdue !== undefined) query.set('overdue', String(params.overdue));
  if (params.sort) query.set('sort', params.sort);
  if (params.order) query.set('order', params.order);
  query.set('limit', String(Math.max(1, limit)));
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/** Reads the sync API's problem document into an error whose message a person can act on. */
function problemToError(status: number, text: string): RestError {
  let code = 'http_error';
  let detail = '';
  try {
    const problem = JSON.parse(text) as { code?: unknown; detail?: unknown };
    if (typeof problem.code === 'string') code = problem.code;
    if (typeof problem.detail === 'string') detail = problem.detail;
  } catch {
    // Not a problem document (a proxy's error page, for example), so the status alone is used.
  }
  return new RestError(status, code, detail || `the task service returned HTTP ${status}`);
}
