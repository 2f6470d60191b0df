import type { ItemRecord, Page as StorePage, ThreadRecord } from '../store/types';
import type { Page, Thread, ThreadItem } from './protocol';

/** Converts a stored message to its ChatKit item; tool calls are internal and return undefined. */
export function toChatKitItem(record: ItemRecord): ThreadItem | undefined {
  const base = { id: record.id, thread_id: record.thread_id, created_at: record.created_at };
  if (record.type === 'user_message') {
    const data = record.data as Partial<
      Omit<Extract<ThreadItem, { type: 'user_message' }>, 'type'>
    >;
    return {
      ...base,
      type: 'user_message',
      content: data.content ?? [],
      attachments: data.attachments ?? [],
      ...(data.quoted_text ? { quoted_text: data.quoted_text } : {}),
      inference_options: data.inference_options ?? {},
    };
  }
  if (record.type === 'assistant_message') {
    const data = record.data as Partial<Extract<ThreadItem, { type: 'assistant_message' }>>;
    return { ...base, type: 'assistant_message', content: data.content ?? [] };
  }
  return undefined;
}

export function toChatKitPage(page: StorePage<ItemRecord>): Page<ThreadItem> {
  return {
    data: page.data.map(toChatKitItem).filter((item): item is ThreadItem => item !== undefined),
    has_more: page.has_more,
    after: page.after,
  };
}

export function toChatKitThread(
  thread: ThreadRecord,
  items: Page<ThreadItem> = { data: [], has_more: false, after: null },
): Thread {
  return {
    id: thread.id,
    ...(thread.title ? { title: thread.title } : {}),
    created_at: thread.created_at,
    status: { type: 'active' },
    metadata: {},
    items,
  };
}
