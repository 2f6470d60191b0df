import { applyMutation, MutationError, type PullResponse, type Task } from '@fehrist/domain';
import { type FehristDatabase, type PendingMutation, readSyncState } from '../store/db';

/**
 * Applies a pull response in one Dexie transaction: patch the server copy, drop the mutations
 * the server acknowledged, then rebuild every affected task from the server copy with the
 * remaining mutations replayed on top (rebase). Returns false, changing nothing, when the
 * database now belongs to another user than the one the pull was made for.
 */
export async function applyPullResponse(
  db: FehristDatabase,
  response: PullResponse,
  userID: string,
): Promise<boolean> {
  return db.transaction('rw', [db.tasks, db.serverTasks, db.mutations, db.meta], async () => {
    const state = await readSyncState(db);
    if (state.userID !== userID) return false;

    // Phase 1: bring the server copy to the pulled version.
    const affected = new Set<string>();
    let cleared = false;
    for (const operation of response.patch) {
      if (operation.op === 'clear') {
        await db.serverTasks.clear();
        cleared = true;
      } else if (operation.op === 'put') {
        await db.serverTasks.put(operation.value);
        affected.add(operation.key);
      } else {
        await db.serverTasks.delete(operation.key);
        affected.add(operation.key);
      }
    }

    // Phase 2: drop acknowledged mutations. Their tasks are rebuilt too, because the local
    // copy still contains their optimistic result, which the server may have decided otherwise.
    const acknowledged = response.lastMutationIDChanges[state.clientID];
    if (acknowledged !== undefined) {
      const dropped = await db.mutations.where('id').belowOrEqual(acknowledged).toArray();
      for (const mutation of dropped) affected.add(mutation.taskId);
      await db.mutations.where('id').belowOrEqual(acknowledged).delete();
    }
    const pending = await db.mutations.orderBy('id').toArray();
    for (const mutation of pending) affected.add(mutation.taskId);

    // Phase 3: reset affected tasks to the server copy and replay the pending mutations.
    if (cleared) {
      await db.tasks.clear();
      await db.tasks.bulkPut(await db.serverTasks.toArray());
    } else {
      // A pull that changed nothing must not write, or every open list would re-read.
      const ids = [...affected];
      if (ids.length > 0) {
        const serverCopies = await db.serverTasks.bulkGet(ids);
        await db.tasks.bulkDelete(ids);
        await db.tasks.bulkPut(serverCopies.filter((task): task is Task => task !== undefined));
      }
    }
    await replay(db, pending);

    if (state.cookie !== response.cookie) await db.meta.put({ ...state, cookie: response.cookie });
    return true;
  });
}

/**
 * Replays pending mutations on the local tasks in order. A mutation that no longer applies
 * (its task was deleted on another device, say) is kept in the queue: the server decides,
 * and its rejection reaches the user through the push response.
 */
async function replay(db: FehristDatabase, pending: PendingMutation[]): Promise<void> {
  for (const mutation of pending) {
    const existing = await db.tasks.get(mutation.taskId);
    try {
      const outcome = applyMutation(mutation.name, mutation.args, existing, {
        now: new Date(mutation.timestamp),
      });
      if (outcome.kind === 'put') await db.tasks.put(outcome.task);
    } catch (error) {
      if (!(error instanceof MutationError)) throw error;
    }
  }
}
