import { type FehristDatabase, readSyncState } from '../store/db';

/**
 * Moves the queued mutations to a new client id, numbered again from 1. It runs only when the
 * server still returns 409 (a mutation id gap) after a full pull, which means the server lost
 * this client's history, from a restored backup for example. Running the mutators again is
 * safe, because a create of an existing task changes nothing.
 */
export async function renumberQueue(db: FehristDatabase): Promise<string> {
  return db.transaction('rw', db.mutations, db.meta, async () => {
    const state = await readSyncState(db);
    const clientID = crypto.randomUUID();
    const pending = await db.mutations.orderBy('id').toArray();
    await db.mutations.clear();
    await db.mutations.bulkAdd(
      pending.map((mutation, index) => ({ ...mutation, clientID, id: index + 1 })),
    );
    await db.meta.put({ ...state, clientID, nextMutationID: pending.length + 1 });
    return clientID;
  });
}
