import type { Recurrence, Reminder } from '@fehrist/domain';
import { BigIntType, EntitySchema } from '@mikro-orm/core';

// Entities are EntitySchema definitions rather than decorated classes: tsx and esbuild
// emit no decorator metadata, and the property names match the snake_case wire fields.

export interface TaskRow {
  id: string;
  user_id: string;
  title: string;
  description: string;
  completed: boolean;
  completed_at: Date | null;
  priority: string;
  priority_rank: number;
  tags: string[];
  tag_keys: string[];
  title_key: string;
  search_text: string;
  due_date: string | null;
  due_time: string | null;
  time_zone: string;
  due_at: Date | null;
  recurrence: Recurrence | null;
  reminders: Reminder[];
  created_at: Date;
  updated_at: Date;
  version: number;
  deleted: boolean;
}

export const TaskEntity = new EntitySchema<TaskRow>({
  name: 'TaskRow',
  tableName: 'task',
  properties: {
    id: { type: 'uuid', primary: true },
    user_id: { type: 'text' },
    title: { type: 'text' },
    description: { type: 'text' },
    completed: { type: 'boolean' },
    completed_at: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    priority: { type: 'text' },
    priority_rank: { type: 'smallint' },
    tags: { type: 'json' },
    tag_keys: { type: 'string[]', columnType: 'text[]' },
    title_key: { type: 'text' },
    search_text: { type: 'text' },
    due_date: { type: 'date', nullable: true },
    due_time: { type: 'text', nullable: true },
    time_zone: { type: 'text' },
    due_at: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    recurrence: { type: 'json', nullable: true },
    reminders: { type: 'json' },
    created_at: { type: 'datetime', columnType: 'timestamptz' },
    updated_at: { type: 'datetime', columnType: 'timestamptz' },
    version: { type: new BigIntType('number') },
    deleted: { type: 'boolean' },
  },
});

export interface SyncUserRow {
  user_id: string;
  version: number;
}

export const SyncUserEntity = new EntitySchema<SyncUserRow>({
  name: 'SyncUserRow',
  tableName: 'sync_user',
  properties: {
    user_id: { type: 'text', primary: true },
    version: { type: new BigIntType('number') },
  },
});

export interface ClientGroupRow {
  id: string;
  user_id: string;
  created_at: Date;
}

export const ClientGroupEntity = new EntitySchema<ClientGroupRow>({
  name: 'ClientGroupRow',
  tableName: 'sync_client_group',
  properties: {
    id: { type: 'text', primary: true },
    user_id: { type: 'text' },
    created_at: { type: 'datetime', columnType: 'timestamptz', onCreate: () => new Date() },
  },
});

export interface ClientRow {
  id: string;
  client_group_id: string;
  last_mutation_id: number;
  version: number;
  updated_at: Date;
}

export const ClientEntity = new EntitySchema<ClientRow>({
  name: 'ClientRow',
  tableName: 'sync_client',
  properties: {
    id: { type: 'text', primary: true },
    client_group_id: { type: 'text' },
    last_mutation_id: { type: 'integer' },
    version: { type: new BigIntType('number') },
    updated_at: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export interface OutboxRow {
  id?: number;
  topic: string;
  key: string;
  payload: unknown;
  created_at: Date;
  published_at: Date | null;
}

export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'OutboxRow',
  tableName: 'outbox',
  properties: {
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    topic: { type: 'text' },
    key: { type: 'text' },
    payload: { type: 'json' },
    created_at: { type: 'datetime', columnType: 'timestamptz' },
    published_at: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});

export const ENTITIES = [TaskEntity, SyncUserEntity, ClientGroupEntity, ClientEntity, OutboxEntity];
