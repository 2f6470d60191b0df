import {
  applyMutation,
  MutationError,
  type PatchOperation,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RejectedMutation,
  type Task,
} from '@fehrist/domain';

interface ClientRecord {
  clientGroupID: string;
  lastMutationID: number;
  /** The user version at which lastMutationID last changed. */
  changedAtVersion: number;
}

type Fault = (
  | { kind: 'status'; status: number }
  /** The server applies the request, then the response is lost on the way back. */
  | { kind: 'lose-response' }
  /** The request never reaches the server. */
  | { kind: 'network' }
) & {
  /** Only a request of this action takes the fault; by default the next request does. */
  on?: 'push' | 'pull';
};

export interface RecordedRequest {
  action: 'push' | 'pull';
  userID: string;
  body: unknown;
}

/**
 * An in-memory sync server for unit tests, following the protocol of sync-api: per-client
 * lastMutationID with 409 on a gap, rejected mutations recorded as processed, a user version
 * as the cookie, tombstones sent as `del`. Faults can be queued per request.
 */
export class FakeSyncServer {
  readonly tasks = new Map<string, Task>();
  readonly requests: RecordedRequest[] = [];
  version = 0;
  signedIn = true;
  clock = () => new Date();
  readonly #clients = new Map<string, ClientRecord>();
  readonly #faults: Fault[] = [];

  constructor(readonly userID: string) {}

  /** Queues faults; each applies to one of the next requests, in order. */
  fail(...faults: Fault[]): void {
    this.#faults.push(...faults);
  }

  lastMutationID(clientID: string): number {
    return this.#clients.get(clientID)?.lastMutationID ?? 0;
  }

  /** Forgets a client's history, as a server restored from an old backup would. */
  forgetClient(clientID: string): void {
    this.#clients.delete(clientID);
  }

  /** Pushes a mutation as another device would, through the same code path. */
  applyAs(clientID: string, id: number, name: string, args: Record<string, unknown>): PushResponse {
    return this.#push({
      clientGroupID: `group-${clientID}`,
      mutations: [{ clientID, id, name, args, timestamp: Date.now() }],
    });
  }

  liveTasks(): Task[] {
    return [...this.tasks.values()].filter((task) => !task.deleted);
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const match = /^\/api\/([^/]+)\/sync\/(push|pull)$/.exec(input);
    if (!match) return json(404, { title: 'not found' });
    const userID = decodeURIComponent(match[1] ?? '');
    const action = match[2] as 'push' | 'pull';
    const body = JSON.parse(String(init?.body ?? 'null')) as unknown;

    const fault = this.#takeFault(action);
    if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
    this.requests.push({ action, userID, body });
    if (fault?.kind === 'status') return json(fault.status, { title: `HTTP ${fault.status}` });
    if (!this.signedIn) return json(401, { title: 'Unauthorized' });
    if (userID !== this.userID) return json(403, { title: 'Forbidden' });

    let response: Response;
    try {
      response =
        action === 'push'
          ? json(200, this.#push(body as PushRequest))
          : json(200, this.#pull(body as PullRequest));
    } catch (error) {
      if (error instanceof GapError) return json(409, { title: 'Conflict', detail: error.message });
      throw error;
    }
    if (fault?.kind === 'lose-response') throw new TypeError('Failed to fetch');
    return response;
  };

  #takeFault(action: 'push' | 'pull'): Fault | undefined {
    const index = this.#faults.findIndex((fault) => !fault.on || fault.on === action);
    return index === -1 ? undefined : this.#faults.splice(index, 1)[0];
  }

  #push(request: PushRequest): PushResponse {
    const rejected: RejectedMutation[] = [];
    for (const mutation of request.mutations) {
      const record = this.#clients.get(mutation.clientID) ?? {
        clientGroupID: request.clientGroupID,
        lastMutationID: 0,
        changedAtVersion: 0,
      };
      if (mutation.id <= record.lastMutationID) continue;
      if (mutation.id > record.lastMutationID + 1) {
        throw new GapError(
          `mutation ${mutation.id} of client ${mutation.clientID} follows ${record.lastMutationID}`,
        );
      }

      this.version += 1;
      const taskId = (mutation.args as { id?: string }).id ?? '';
      try {
        const outcome = applyMutation(mutation.name, mutation.args, this.tasks.get(taskId), {
          now: this.clock(),
        });
        if (outcome.kind === 'put') {
          this.tasks.set(outcome.task.id, { ...outcome.task, version: this.version });
        }
      } catch (error) {
        if (!(error instanceof MutationError)) throw error;
        rejected.push({
          clientID: mutation.clientID,
          id: mutation.id,
          name: mutation.name,
          code: error.code,
          message: error.message,
          issues: error.issues,
        });
      }
      this.#clients.set(mutation.clientID, {
        clientGroupID: request.clientGroupID,
        lastMutationID: mutation.id,
        changedAtVersion: this.version,
      });
    }
    return { rejected };
  }

  #pull(request: PullRequest): PullResponse {
    const since = request.cookie ?? -1;
    const patch: PatchOperation[] = request.cookie === null ? [{ op: 'clear' }] : [];
    for (const task of this.tasks.values()) {
      if (task.version <= since) continue;
      if (task.deleted) {
        if (request.cookie !== null) patch.push({ op: 'del', key: task.id });
      } else {
        patch.push({ op: 'put', key: task.id, value: task });
      }
    }
    const lastMutationIDChanges: Record<string, number> = {};
    for (const [clientID, record] of this.#clients) {
      if (record.clientGroupID !== request.clientGroupID) continue;
      if (record.changedAtVersion > since) lastMutationIDChanges[clientID] = record.lastMutationID;
    }
    return { cookie: this.version, lastMutationIDChanges, patch };
  }
}

class GapError extends Error {}

function json(status: number, body: unknown): Response {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}
