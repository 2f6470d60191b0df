import { LockMode } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { moduleLogger } from '../logger';
import { ChatItemEntity, type ChatItemRow, ChatThreadEntity, type ChatThreadRow } from './entities';
import { Migration20261205000000ChatHistory } from './migrations/Migration20261205000000ChatHistory';
import {
  type ConversationStore,
  type ItemRecord,
  type ItemType,
  type NewItem,
  newId,
  type Page,
  type PageRequest,
  type ThreadRecord,
} from './types';

const log = moduleLogger('postgres-store');

export const AGENT_MIGRATIONS = [
  { name: 'Migration20261205000000ChatHistory', class: Migration20261205000000ChatHistory },
];

/** Opens the agent's tables in PostgreSQL, applying its migrations, and returns the store. */
export async function openPostgresStore(
  databaseUrl: string,
  clock: () => Date = () => new Date(),
  poolSize = 5,
): Promise<ConversationStore> {
  const orm = await MikroORM.init({
    clientUrl: databaseUrl,
    entities: [ChatThreadEntity, ChatItemEntity],
    extensions: [Migrator],
    forceUtcTimezone: true,
    pool: { min: 0, max: poolSize },
    allowGlobalContext: false,
    migrations: {
      migrationsList: AGENT_MIGRATIONS,
      // A table of its own, so the sync API's migrator never reads the agent's migrations.
      tableName: 'agent_migrations',
      transactional: true,
      allOrNothing: true,
    },
    debug: false,
  });
  const applied = await orm.getMigrator().up();
  log.info({ applied: applied.map((migration) => migration.name) }, 'agent migrations applied');
  return new PostgresConversationStore(orm, clock);
}

class PostgresConversationStore implements ConversationStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: () => Date,
  ) {}

  private em(): EntityManager {
    return this.orm.em.fork();
  }

  async createThread(userId: string, fields: { title?: string | null; time_zone?: string | null }) {
    const em = this.em();
    const now = this.clock();
    const row = em.create(ChatThreadEntity, {
      id: newId('thr'),
      user_id: userId,
      title: fields.title ?? null,
      time_zone: fields.time_zone ?? null,
      created_at: now,
      updated_at: now,
    });
    await em.flush();
    return toThread(row);
  }

  async getThread(userId: string, threadId: string) {
    const row = await this.em().findOne(ChatThreadEntity, { id: threadId, user_id: userId });
    return row ? toThread(row) : undefined;
  }

  async updateThread(
    userId: string,
    threadId: string,
    fields: { title?: string | null; time_zone?: string | null },
  ) {
    const em = this.em();
    const row = await em.findOne(ChatThreadEntity, { id: threadId, user_id: userId });
    if (!row) return undefined;
    if (fields.title !== undefined) row.title = fields.title;
    if (fields.time_zone !== undefined) row.time_zone = fields.time_zone;
    row.updated_at = this.clock();
    await em.flush();
    return toThread(row);
  }

  async listThreads(userId: string, page: PageRequest): Promise<Page<ThreadRecord>> {
    const em = this.em();
    const where: Record<string, unknown> = { user_id: userId };
    if (page.after) {
      const anchor = await em.findOne(ChatThreadEntity, { id: page.after, user_id: userId });
      if (anchor) {
        const beyond = page.order === 'desc' ? '$lt' : '$gt';
        where.$or = [
          { created_at: { [beyond]: anchor.created_at } },
          { created_at: anchor.created_at, id: { [beyond]: anchor.id } },
        ];
      }
    }
    const rows = await em.find(ChatThreadEntity, where, {
      orderBy: { created_at: page.order, id: page.order },
      limit: page.limit + 1,
    });
    return toPage(rows.map(toThread), page.limit);
  }

  async deleteThread(userId: string, threadId: string) {
    // Items go with the thread through the foreign key's cascade.
    const deleted = await this.em().nativeDelete(ChatThreadEntity, {
      id: threadId,
      user_id: userId,
    });
    return deleted > 0;
  }

  async addItems(userId: string, threadId: string, items: NewItem[]) {
    return this.em().transactional(async (em) => {
      // The row lock orders concurrent turns of one thread, so positions never collide.
      const thread = await em.findOne(
        ChatThreadEntity,
        { id: threadId, user_id: userId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!thread) return undefined;
      const [last] = await em.find(
        ChatItemEntity,
        { thread_id: threadId },
        { orderBy: { position: 'desc' }, limit: 1, fields: ['position'] },
      );
      let position = last?.position ?? 0;
      const now = this.clock();
      const rows = items.map((item) =>
        em.create(ChatItemEntity, {
          id: item.id ?? newId('msg'),
          thread_id: threadId,
          position: ++position,
          type: item.type,
          data: item.data,
          created_at: now,
        }),
      );
      thread.updated_at = now;
      await em.flush();
      return rows.map(toItem);
    });
  }

  async listItems(userId: string, threadId: string, page: PageRequest & { types?: ItemType[] }) {
    const em = this.em();
    const thread = await em.findOne(ChatThreadEntity, { id: threadId, user_id: userId });
    if (!thread) return undefined;

    const where: Record<string, unknown> = { thread_id: threadId };
    if (page.types) where.type = { $in: page.types };
    if (page.after) {
      const anchor = await em.findOne(ChatItemEntity, { id: page.after, thread_id: threadId });
      if (anchor) where.position = { [page.order === 'desc' ? '$lt' : '$gt']: anchor.position };
    }
    const rows = await em.find(ChatItemEntity, where, {
      orderBy: { position: page.order },
      limit: page.limit + 1,
    });
    return toPage(rows.map(toItem), page.limit);
  }

  async recentItems(userId: string, threadId: string, max: number) {
    const page = await this.listItems(userId, threadId, { limit: max, order: 'desc' });
    return (page?.data ?? []).reverse();
  }

  async ping() {
    await this.orm.em.getConnection().execute('select 1');
  }

  async close() {
    await this.orm.close(true);
  }
}

function toThread(row: ChatThreadRow): ThreadRecord {
  return {
    id: row.id,
    user_id: row.user_id,
    title: row.title,
    time_zone: row.time_zone,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function toItem(row: ChatItemRow): ItemRecord {
  return {
    id: row.id,
    thread_id: row.thread_id,
    type: row.type as ItemType,
    created_at: row.created_at.toISOString(),
    data: row.data,
  };
}

/** Cuts the extra row that was read to learn whether another page exists. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  return {
    data,
    has_more: rows.length > limit,
    after: data.length > 0 ? (data[data.length - 1] as T).id : null,
  };
}
