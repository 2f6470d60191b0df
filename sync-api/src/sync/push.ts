import {
  MutationError,
  type PushRequest,
  type PushResponse,
  type RejectedMutation,
} from '@fehrist/domain';
import { ClientEntity, type ClientRow } from '../db/entities';
import { HttpError } from '../http/errors';
import { moduleLogger } from '../logger';
import { runUserWrite, type UserWrite, type WriteContext } from './user-write';

const log = moduleLogger('push');

/**
 * Applies a push in one transaction. Each client's mutations must continue its
 * lastMutationID: already processed ids are skipped, and a gap rejects the whole push
 * so the client re-pulls and sends again. A mutation the domain refuses is recorded as
 * processed, changes nothing and is reported, so it cannot block the queue behind it.
 */
export async function applyPush(
  context: WriteContext,
  userId: string,
  push: PushRequest,
): Promise<PushResponse> {
  return runUserWrite(context, userId, 'app', async (write) => {
    await claimClientGroup(write, push.clientGroupID);
    const clients = await loadClients(write, push);
    await write.prefetch(push.mutations.map((mutation) => mutationId(mutation.args)));

    const rejected: RejectedMutation[] = [];
    for (const mutation of push.mutations) {
      const client = clientFor(write, clients, push.clientGroupID, mutation.clientID);
      const expected = client.last_mutation_id + 1;
      if (mutation.id < expected) continue;
      if (mutation.id > expected) {
        throw new HttpError(
          409,
          'mutation_gap',
          `client ${mutation.clientID} sent mutation ${mutation.id}, but the next one the server expects is ${expected}; pull, then push again from mutation ${expected}`,
        );
      }

      try {
        await write.apply(mutation.name, mutation.args, mutation.source);
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
        log.info(
          { userId, clientID: mutation.clientID, mutationID: mutation.id, code: error.code },
          'mutation rejected',
        );
      }

      client.last_mutation_id = mutation.id;
      client.version = write.version;
      client.updated_at = new Date();
      write.markChanged();
    }
    return { rejected };
  });
}

async function claimClientGroup(write: UserWrite, clientGroupID: string): Promise<void> {
  // Inserted at once rather than at flush: the unit of work does not order it before the
  // client rows that reference it.
  await write.em.execute(
    'insert into "sync_client_group" ("id", "user_id") values (?, ?) on conflict do nothing',
    [clientGroupID, write.userId],
  );
  const [group] = await write.em.execute<{ user_id: string }[]>(
    'select "user_id" from "sync_client_group" where "id" = ?',
    [clientGroupID],
  );
  if (group?.user_id !== write.userId) {
    throw new HttpError(403, 'forbidden', `client group ${clientGroupID} belongs to another user`);
  }
}

async function loadClients(write: UserWrite, push: PushRequest): Promise<Map<string, ClientRow>> {
  const ids = [...new Set(push.mutations.map((mutation) => mutation.clientID))];
  const rows = ids.length > 0 ? await write.em.find(ClientEntity, { id: { $in: ids } }) : [];
  for (const row of rows) {
    if (row.client_group_id !== push.clientGroupID) {
      throw new HttpError(
        409,
        'client_group_mismatch',
        `client ${row.id} belongs to another client group; start a new client id`,
      );
    }
  }
  return new Map(rows.map((row) => [row.id, row]));
}

function clientFor(
  write: UserWrite,
  clients: Map<string, ClientRow>,
  clientGroupID: string,
  clientID: string,
): ClientRow {
  let client = clients.get(clientID);
  if (!client) {
    client = write.em.create(ClientEntity, {
      id: clientID,
      client_group_id: clientGroupID,
      last_mutation_id: 0,
      version: write.version,
      updated_at: new Date(),
    });
    clients.set(clientID, client);
  }
  return client;
}

function mutationId(args: unknown): string {
  const id = (args as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
}
