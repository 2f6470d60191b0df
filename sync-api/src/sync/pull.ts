import type { PatchOperation, PullRequest, PullResponse } from '@fehrist/domain';
import { IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import { ClientEntity, ClientGroupEntity, SyncUserEntity, TaskEntity } from '../db/entities';
import { HttpError } from '../http/errors';
import { rowToTask } from '../tasks/task-row';

/**
 * Returns what changed for the user since the cookie, read from one snapshot so the
 * cookie, the patch and lastMutationIDChanges agree. A null cookie, or one newer than
 * the server knows (a restored database), gets the whole list after a `clear`.
 */
export async function applyPull(
  orm: MikroORM,
  userId: string,
  pull: PullRequest,
): Promise<PullResponse> {
  return orm.em.fork().transactional(
    async (em) => {
      const group = await em.findOne(ClientGroupEntity, { id: pull.clientGroupID });
      if (group && group.user_id !== userId) {
        throw new HttpError(
          403,
          'forbidden',
          `client group ${pull.clientGroupID} belongs to another user`,
        );
      }

      const state = await em.findOne(SyncUserEntity, { user_id: userId });
      const version = state?.version ?? 0;
      const since = pull.cookie !== null && pull.cookie <= version ? pull.cookie : null;

      const patch: PatchOperation[] = [];
      if (since === null) {
        patch.push({ op: 'clear' });
        const rows = await em.find(
          TaskEntity,
          { user_id: userId, deleted: false },
          { orderBy: { created_at: 'asc', id: 'asc' } },
        );
        for (const row of rows) patch.push({ op: 'put', key: row.id, value: rowToTask(row) });
      } else {
        const rows = await em.find(
          TaskEntity,
          { user_id: userId, version: { $gt: since } },
          { orderBy: { version: 'asc', id: 'asc' } },
        );
        for (const row of rows) {
          patch.push(
            row.deleted
              ? { op: 'del', key: row.id }
              : { op: 'put', key: row.id, value: rowToTask(row) },
          );
        }
      }

      const lastMutationIDChanges: Record<string, number> = {};
      if (group) {
        const clients = await em.find(ClientEntity, {
          client_group_id: pull.clientGroupID,
          version: { $gt: since ?? -1 },
        });
        for (const client of clients) lastMutationIDChanges[client.id] = client.last_mutation_id;
      }

      return { cookie: version, lastMutationIDChanges, patch };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
