import type { AgentInputItem } from '@openai/agents';
import { HISTORY_ITEMS_MAX, historyToInput } from '../agent/history';
import type { ConversationStore, ThreadRecord } from '../store/types';

/** Maximum length of a chat message, in characters. */
export const MESSAGE_MAX = 4_000;

/**
 * Reads what a turn needs from the stored conversation: its history for the model, and the
 * time zone. A zone sent with the request wins and is remembered on the thread; otherwise
 * the thread's remembered zone applies, and UTC when there is none.
 */
export async function prepareTurn(
  store: ConversationStore,
  userId: string,
  thread: ThreadRecord,
  requestedZone: string | undefined,
): Promise<{ thread: ThreadRecord; timeZone: string; history: AgentInputItem[] }> {
  let current = thread;
  if (requestedZone && requestedZone !== thread.time_zone) {
    current = (await store.updateThread(userId, thread.id, { time_zone: requestedZone })) ?? thread;
  }
  const history = historyToInput(await store.recentItems(userId, thread.id, HISTORY_ITEMS_MAX));
  return { thread: current, timeZone: requestedZone ?? thread.time_zone ?? 'UTC', history };
}
