import type { PullRequest, PullResponse } from '@fehrist/domain';
import { readSyncState } from '../store/db';
import { postJson } from './http';
import { type SyncContext, syncUrl } from './push';

/**
 * Pulls the changes since the stored cookie (or everything, with `fromScratch`) and rebases
 * the pending mutations on top. Returns false when the pull was made for a user who is no
 * longer the database's user, in which case nothing was applied.
 */
export async function pullChanges(
  context: SyncContext,
  options: { fromScratch?: boolean } = {},
): Promise<boolean> {
  const state = await readSyncState(context.db);
  if (state.userID !== context.userID) return false;

  const request: PullRequest = {
    clientGroupID: state.clientGroupID,
    cookie: options.fromScratch ? null : state.cookie,
  };
  const response = await postJson<PullResponse>(context.fetch, syncUrl(context, 'pull'), request);
  // The rebase replays mutators, which need zod: loaded on first use, off the first render.
  const { applyPullResponse } = await import('./rebase');
  return applyPullResponse(context.db, response, context.userID);
}
