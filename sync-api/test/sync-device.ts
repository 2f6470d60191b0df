import { randomUUID } from 'node:crypto';
import {
  applyMutation,
  type Mutation,
  MutationError,
  mutationTaskId,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Task,
} from '@fehrist/domain';
import type { ApiResponse, TestUser } from './support';

/**
 * A model of one offline-first device, behaving as the sync protocol expects a client to.
 * It keeps the tasks of its last pull (the base), its queue of pending mutations, and the
 * tasks it shows, which are the base with the pending mutations replayed on top. It runs
 * the domain's applyMutation locally, the same code the PWA runs, and has its own client
 * group, as a browser profile does.
 */
export class SyncDevice {
  readonly clientGroupID = randomUUID();
  readonly clientID = randomUUID();
  cookie: number | null = null;
  pending: Mutation[] = [];
  /** Number of mutations made so far; the next one gets this plus one as its id. */
  mutationCount = 0;
  private base = new Map<string, Task>();
  private local = new Map<string, Task>();

  constructor(readonly user: TestUser) {}

  /** Applies a mutation to the local tasks and queues it for the next push. */
  mutate(name: string, args: unknown): Mutation {
    this.mutationCount += 1;
    const mutation: Mutation = {
      clientID: this.clientID,
      id: this.mutationCount,
      name,
      args,
      timestamp: Date.now(),
    };
    this.pending.push(mutation);
    applyLocally(this.local, mutation);
    return mutation;
  }

  /** Builds the push a client sends now: every pending mutation, oldest first. */
  pushRequest(): PushRequest {
    return { clientGroupID: this.clientGroupID, mutations: [...this.pending] };
  }

  /** Sends the pending mutations. Like Replicache, it drops them only after a pull. */
  push(): Promise<ApiResponse<PushResponse>> {
    return this.send(this.pushRequest());
  }

  send(request: PushRequest): Promise<ApiResponse<PushResponse>> {
    return this.user.api('POST', `/api/${this.user.id}/sync/push`, request);
  }

  /** Pulls since the cookie and rebases the pending mutations on the result. */
  async pull(): Promise<ApiResponse<PullResponse>> {
    const response = await this.user.api<PullResponse>('POST', `/api/${this.user.id}/sync/pull`, {
      clientGroupID: this.clientGroupID,
      cookie: this.cookie,
    });
    if (response.status === 200) this.rebase(response.body);
    return response;
  }

  /** Returns the tasks the device shows: everything local that is not deleted, by id. */
  liveTasks(): Map<string, Task> {
    return new Map([...this.local].filter(([, task]) => !task.deleted));
  }

  /**
   * Applies a pull to the base, drops the mutations the server has processed, and
   * replays the rest. A replayed mutation the domain rejects (say, an edit of a task
   * deleted elsewhere) stays queued: the server will reject it too and count its id.
   */
  rebase(pulled: PullResponse): void {
    for (const operation of pulled.patch) {
      if (operation.op === 'clear') this.base.clear();
      if (operation.op === 'put') this.base.set(operation.key, operation.value);
      if (operation.op === 'del') this.base.delete(operation.key);
    }
    this.cookie = pulled.cookie;

    const processed = pulled.lastMutationIDChanges[this.clientID];
    if (processed !== undefined) {
      this.pending = this.pending.filter((mutation) => mutation.id > processed);
    }

    this.local = new Map(this.base);
    for (const mutation of this.pending) applyLocally(this.local, mutation);
  }
}

/** What a push rejected, reduced to what the model can predict. */
export interface PredictedRejection {
  clientID: string;
  id: number;
  code: string;
}

/**
 * The server's expected state, kept by replaying every push the server accepted in the
 * order the server received them, with the documented lastMutationID rule. Tests compare
 * the real server against it to prove each mutation took effect exactly once.
 */
export class ServerModel {
  readonly tasks = new Map<string, Task>();
  readonly lastMutationIDs = new Map<string, number>();

  /** Replays one push and returns the mutations the server should have rejected. */
  applyPush(request: PushRequest): PredictedRejection[] {
    const rejected: PredictedRejection[] = [];
    for (const mutation of request.mutations) {
      const last = this.lastMutationIDs.get(mutation.clientID) ?? 0;
      if (mutation.id <= last) continue;
      if (mutation.id > last + 1) {
        throw new Error(
          `model: client ${mutation.clientID} sent mutation ${mutation.id} after ${last}, a gap the device model must never send`,
        );
      }
      const error = applyLocally(this.tasks, mutation);
      if (error) rejected.push({ clientID: mutation.clientID, id: mutation.id, code: error.code });
      this.lastMutationIDs.set(mutation.clientID, mutation.id);
    }
    return rejected;
  }

  /** Applies a REST write and returns the domain's error when the server should reject it. */
  applyRest(name: string, args: unknown): MutationError | undefined {
    return applyLocally(this.tasks, { clientID: 'rest', id: 0, name, args, timestamp: Date.now() });
  }
}

/** Runs a mutation against a task map and returns the domain's error instead of throwing it. */
export function applyLocally(
  tasks: Map<string, Task>,
  mutation: Mutation,
): MutationError | undefined {
  try {
    const id = mutationTaskId(mutation.name, mutation.args);
    const outcome = applyMutation(mutation.name, mutation.args, tasks.get(id), {
      now: new Date(mutation.timestamp),
    });
    if (outcome.kind === 'put') tasks.set(id, outcome.task);
    return undefined;
  } catch (error) {
    if (error instanceof MutationError) return error;
    throw error;
  }
}

/**
 * A task without the fields that depend on who applied a change and when: timestamps
 * and the version.
 */
export function content(task: Task) {
  const { created_at, updated_at, completed_at, version, ...rest } = task;
  return rest;
}

export function byId<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id));
}
