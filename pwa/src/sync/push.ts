import { PUSH_LIMITS, type PushRequest, type PushResponse } from '@fehrist/domain';
import { type FehristDatabase, type PendingMutation, readSyncState } from '../store/db';
import { type FetchLike, postJson } from './http';

export interface SyncContext {
  db: FehristDatabase;
  userID: string;
  fetch: FetchLike;
  /** Origin and path prefix of the API; empty for the same origin. */
  baseUrl: string;
}

export function syncUrl(context: SyncContext, action: 'push' | 'pull' | 'events'): string {
  return `${context.baseUrl}/api/${encodeURIComponent(context.userID)}/sync/${action}`;
}

/**
 * Pushes every queued mutation, oldest first, in batches the server accepts. Mutations stay
 * queued until a pull acknowledges them, so a push whose response is lost is simply sent
 * again and the server skips what it already applied. Returns the number of mutations sent.
 */
export async function pushPending(
  context: SyncContext,
  options: { keepalive?: boolean; maxBatch?: number } = {},
): Promise<number> {
  const { db, userID } = context;
  const maxBatch = Math.min(options.maxBatch ?? PUSH_LIMITS.maxMutations, PUSH_LIMITS.maxMutations);
  let sent = 0;
  let afterID = 0;

  for (;;) {
    const state = await readSyncState(db);
    if (state.userID !== userID) return sent;

    const batch = await db.mutations.where('id').above(afterID).limit(maxBatch).toArray();
    if (batch.length === 0) return sent;

    const request: PushRequest = {
      clientGroupID: state.clientGroupID,
      mutations: batch.map(({ taskId: _taskId, ...mutation }) => mutation),
    };
    const response = await postJson<PushResponse>(
      context.fetch,
      syncUrl(context, 'push'),
      request,
      {
        keepalive: options.keepalive ?? false,
      },
    );
    await recordRejections(db, response, batch);

    sent += batch.length;
    afterID = batch[batch.length - 1]?.id ?? afterID;
    if (options.keepalive) return sent;
  }
}

/** Stores each rejected mutation with its task's title, so the user sees what was not saved. */
async function recordRejections(
  db: FehristDatabase,
  response: PushResponse,
  batch: PendingMutation[],
): Promise<void> {
  if (response.rejected.length === 0) return;
  const byID = new Map(batch.map((mutation) => [`${mutation.clientID}:${mutation.id}`, mutation]));

  await db.transaction('rw', db.rejections, db.tasks, db.serverTasks, async () => {
    for (const rejected of response.rejected) {
      const mutation = byID.get(`${rejected.clientID}:${rejected.id}`);
      if (!mutation) continue;
      const task =
        (await db.tasks.get(mutation.taskId)) ?? (await db.serverTasks.get(mutation.taskId));
      const argsTitle = (mutation.args as { title?: unknown }).title;
      await db.rejections.put({
        id: rejected.id,
        clientID: rejected.clientID,
        name: rejected.name,
        taskId: mutation.taskId,
        taskTitle: task?.title ?? (typeof argsTitle === 'string' ? argsTitle : null),
        code: rejected.code,
        message: rejected.message,
        issues: rejected.issues,
        rejectedAt: Date.now(),
      });
    }
  });
}
