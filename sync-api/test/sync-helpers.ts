import { randomUUID } from 'node:crypto';
import type { ReadableStreamReadResult } from 'node:stream/web';
import type {
  FieldIssue,
  Mutation,
  PatchOperation,
  PullResponse,
  PushResponse,
  Task,
  TaskCreateInput,
} from '@fehrist/domain';
import type { ApiResponse, TestUser } from './support';

/** The fields of an application/problem+json error the tests read. */
export interface Problem {
  code: string;
  detail: string;
  errors: FieldIssue[];
}

/** A push or pull response: the protocol body on 200, a problem document otherwise. */
export type SyncResponse<T> = ApiResponse<T & Partial<Problem>>;

/** Builds mutation `id` of `clientID`, stamped with the current time. */
export function mutation(clientID: string, id: number, name: string, args: unknown): Mutation {
  return { clientID, id, name, args, timestamp: Date.now() };
}

/** Builds createTask arguments for a new task with a fresh client-made id. */
export function newTask(title: string, fields: Partial<TaskCreateInput> = {}): TaskCreateInput {
  return { id: randomUUID(), title, ...fields };
}

export function push(
  user: TestUser,
  clientGroupID: string,
  mutations: Mutation[],
): Promise<SyncResponse<PushResponse>> {
  return user.api('POST', `/api/${user.id}/sync/push`, { clientGroupID, mutations });
}

export function pull(
  user: TestUser,
  clientGroupID: string,
  cookie: number | null,
): Promise<SyncResponse<PullResponse>> {
  return user.api('POST', `/api/${user.id}/sync/pull`, { clientGroupID, cookie });
}

/** Lists every task of the user that is not deleted, through the REST API. */
export async function listAll(user: TestUser): Promise<Task[]> {
  const response = await user.api<{ tasks: Task[] }>(
    'GET',
    `/api/${user.id}/tasks?status=all&limit=500`,
  );
  if (response.status !== 200) {
    throw new Error(
      `listing tasks failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.tasks;
}

export function putKeys(patch: PatchOperation[]): string[] {
  return patch.flatMap((operation) => (operation.op === 'put' ? [operation.key] : []));
}

export function deletedKeys(patch: PatchOperation[]): string[] {
  return patch.flatMap((operation) => (operation.op === 'del' ? [operation.key] : []));
}

export function putValue(patch: PatchOperation[], key: string): Task | undefined {
  for (const operation of patch) {
    if (operation.op === 'put' && operation.key === key) return operation.value;
  }
  return undefined;
}

/** One server-sent event: its `event:` name (`message` when absent) and joined `data:` lines. */
export interface ServerSentEvent {
  event: string;
  data: string;
  /** The block as received, comments and `retry:` lines included. */
  raw: string;
}

export interface EventStream {
  response: Response;
  /** Waits for the next event block, or returns null when none arrives within `timeoutMs`. */
  next(timeoutMs?: number): Promise<ServerSentEvent | null>;
  close(): void;
}

/** Opens the user's poke stream with a bearer token, the way a non-browser client would. */
export async function openEventStream(baseUrl: string, user: TestUser): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(new URL(`/api/${user.id}/sync/events`, baseUrl), {
    headers: { authorization: `Bearer ${user.token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (!response.body) throw new Error(`event stream has no body (status ${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();

  let buffer = '';
  // A read that timed out stays pending, so the next call waits on it instead of starting another.
  let pendingRead: Promise<ReadableStreamReadResult<string>> | undefined;

  async function next(timeoutMs = 5_000): Promise<ServerSentEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const raw = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseEvent(raw);
      }

      pendingRead ??= reader.read();
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), remaining);
      });
      const result = await Promise.race([pendingRead, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return null;
      pendingRead = undefined;
      if (result.done) return null;
      buffer += result.value;
    }
  }

  return {
    response,
    next,
    close: () => controller.abort(),
  };
}

function parseEvent(raw: string): ServerSentEvent {
  let event = 'message';
  const data: string[] = [];
  for (const line of raw.split('\n')) {
    if (line.startsWith('event:')) event = line.slice('event:'.length).trim();
    if (line.startsWith('data:')) data.push(line.slice('data:'.length).trim());
  }
  return { event, data: data.join('\n'), raw };
}
