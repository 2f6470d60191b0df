import { foldText, type Task } from '@fehrist/domain';
import type { ListParams, TasksClient } from '../tasks/client';

/** Thrown for a failure the model should read and recover from; it becomes an `isError` result. */
export class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolFailure';
  }
}

/**
 * Start of every "not found" failure message. The offline model checks for it, so that its
 * reply says "no task matches" in the user's language instead of quoting an English sentence.
 */
export const NOT_FOUND_PREFIX = 'Not found:';

export type Resolution = { kind: 'one'; task: Task } | { kind: 'ambiguous'; candidates: Task[] };

// A match text that fits more tasks than this is refused as too vague to list.
const MATCH_SCAN_MAX = 50;

/**
 * Finds the task a tool call names, by id or by words from its title. A match that fits one
 * title acts on it, and so does a match that equals exactly one title ("buy milk" beside
 * "Buy milk chocolate"). A match that fits several titles returns them all, so the caller
 * asks the user instead of guessing.
 */
export async function resolveTask(
  client: TasksClient,
  target: { id?: string | undefined; match?: string | undefined },
  status: ListParams['status'] = 'all',
): Promise<Resolution> {
  if (target.id !== undefined) return { kind: 'one', task: await client.get(target.id) };

  const match = target.match ?? '';
  const folded = foldText(match);
  // The REST search also looks in descriptions, so its hits are narrowed to titles here.
  const { tasks } = await client.list({ status, q: match, sort: 'created' }, MATCH_SCAN_MAX);
  const candidates = tasks.filter((task) => foldText(task.title).includes(folded));

  if (candidates.length === 0) {
    let scope = 'task';
    if (status === 'pending') scope = 'open task';
    if (status === 'completed') scope = 'completed task';
    throw new ToolFailure(
      `${NOT_FOUND_PREFIX} no ${scope} has a title containing "${match}". list_tasks shows the tasks.`,
    );
  }
  if (candidates.length === 1) return { kind: 'one', task: candidates[0] as Task };

  const exact = candidates.filter((task) => foldText(task.title).trim() === folded);
  if (exact.length === 1) return { kind: 'one', task: exact[0] as Task };
  return { kind: 'ambiguous', candidates };
}
