import {
  applyMutation,
  type Mutation,
  type MutatorName,
  mutationTaskId,
  type Task,
} from '@fehrist/domain';
import { type FehristDatabase, readSyncState } from './db';

export interface MutateResult {
  /** The task as stored after the mutation; undefined when nothing changed. */
  task: Task | undefined;
  /** The queued mutation id; undefined when the mutation changed nothing and was not queued. */
  mutationID: number | undefined;
}

export interface MutateOptions {
  /**
   * The origin of the change, sent with the queued mutation: `reminder` for a notification's
   * action. The app's own edits leave it out, and the server records them as `app`.
   */
  source?: Mutation['source'];
}

/**
 * Applies a domain mutator to the local store and appends it to the queue in one Dexie
 * transaction, so a crash never leaves a change without its queued mutation or the reverse.
 * Throws the domain's MutationError when the arguments are invalid; nothing is stored then.
 */
export async function mutate(
  db: FehristDatabase,
  name: MutatorName,
  args: Record<string, unknown>,
  now = new Date(),
  options: MutateOptions = {},
): Promise<MutateResult> {
  const taskId = mutationTaskId(name, args);
  return db.transaction('rw', db.tasks, db.mutations, db.meta, async () => {
    const state = await readSyncState(db);
    const existing = await db.tasks.get(taskId);
    const outcome = applyMutation(name, args, existing, { now });
    if (outcome.kind === 'unchanged') return { task: undefined, mutationID: undefined };

    await db.tasks.put(outcome.task);
    const id = state.nextMutationID;
    await db.mutations.add({
      clientID: state.clientID,
      id,
      name,
      args,
      timestamp: now.getTime(),
      taskId,
      ...(options.source ? { source: options.source } : {}),
    });
    await db.meta.put({ ...state, nextMutationID: id + 1 });
    return { task: outcome.task, mutationID: id };
  });
}
