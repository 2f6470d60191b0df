import { EntitySchema } from '@mikro-orm/core';

// EntitySchema definitions, because tsx and esbuild emit no decorator metadata. Property
// names are the column names.

export interface ChatThreadRow {
  id: string;
  user_id: string;
  title: string | null;
  time_zone: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ChatItemRow {
  id: string;
  thread_id: string;
  /** 1, 2, 3, … within the thread; orders items that share a timestamp. */
  position: number;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

export const ChatThreadEntity = new EntitySchema<ChatThreadRow>({
  name: 'ChatThreadRow',
  tableName: 'chat_thread',
  properties: {
    id: { type: 'text', primary: true },
    user_id: { type: 'text' },
    title: { type: 'text', nullable: true },
    time_zone: { type: 'text', nullable: true },
    created_at: { type: 'datetime', columnType: 'timestamptz' },
    updated_at: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export const ChatItemEntity = new EntitySchema<ChatItemRow>({
  name: 'ChatItemRow',
  tableName: 'chat_item',
  properties: {
    id: { type: 'text', primary: true },
    thread_id: { type: 'text' },
    position: { type: 'integer' },
    type: { type: 'text' },
    data: { type: 'json' },
    created_at: { type: 'datetime', columnType: 'timestamptz' },
  },
});
