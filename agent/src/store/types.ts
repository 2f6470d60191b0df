import { randomBytes } from 'node:crypto';

/** A conversation: the ChatKit thread and the simple chat endpoint's `conversation_id`. */
export interface ThreadRecord {
  id: string;
  user_id: string;
  title: string | null;
  /** The zone the user last chatted in; later turns without a zone use it. */
  time_zone: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Kinds of stored items. Messages are shown to the user. A tool call is kept for the model's
 * context on later turns and is never sent to ChatKit clients.
 */
export type ItemType = 'user_message' | 'assistant_message' | 'tool_call';

export interface ItemRecord {
  id: string;
  thread_id: string;
  type: ItemType;
  created_at: string;
  /** The item's content in ChatKit's field names (`content`, `attachments`, …) or the tool call. */
  data: Record<string, unknown>;
}

export interface NewItem {
  /** A chosen id, for an item announced to a client before it is stored; generated otherwise. */
  id?: string;
  type: ItemType;
  data: Record<string, unknown>;
}

export interface PageRequest {
  limit: number;
  order: 'asc' | 'desc';
  /** Id of the last record of the previous page. */
  after?: string | null | undefined;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  /** Cursor for the next page: the id of this page's last record. */
  after: string | null;
}

/**
 * Conversation history, so that any replica can serve any turn. Every method takes the
 * caller's user id: another user's thread reads as missing.
 */
export interface ConversationStore {
  createThread(
    userId: string,
    fields: { title?: string | null; time_zone?: string | null },
  ): Promise<ThreadRecord>;
  getThread(userId: string, threadId: string): Promise<ThreadRecord | undefined>;
  updateThread(
    userId: string,
    threadId: string,
    fields: { title?: string | null; time_zone?: string | null },
  ): Promise<ThreadRecord | undefined>;
  listThreads(userId: string, page: PageRequest): Promise<Page<ThreadRecord>>;
  /** Returns false when the thread does not exist for this user. */
  deleteThread(userId: string, threadId: string): Promise<boolean>;
  /** Appends items in order; returns undefined when the thread does not exist for this user. */
  addItems(userId: string, threadId: string, items: NewItem[]): Promise<ItemRecord[] | undefined>;
  listItems(
    userId: string,
    threadId: string,
    page: PageRequest & { types?: ItemType[] },
  ): Promise<Page<ItemRecord> | undefined>;
  /** The newest `max` items, oldest first, for the model's context. */
  recentItems(userId: string, threadId: string, max: number): Promise<ItemRecord[]>;
  /** Throws when the backing store is unreachable; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Makes an id such as `thr_5f0c…` or `msg_91ab…`: a prefix naming the kind and 128 random bits. */
export function newId(prefix: 'thr' | 'msg' | 'tc'): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}
