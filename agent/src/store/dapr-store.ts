import { moduleLogger } from '../logger';
import { toPage } from './postgres-store';
import {
  type ConversationStore,
  type ItemRecord,
  type ItemType,
  type NewItem,
  newId,
  type PageRequest,
  type ThreadRecord,
} from './types';

const log = moduleLogger('dapr-store');

// Items kept per thread document; older ones are dropped as new ones arrive.
// NOTE: a thread is one state value, so this bounds its size; the PostgreSQL store keeps all.
const ITEMS_PER_THREAD_MAX = 1_000;
// Writes retried after an ETag conflict (another replica wrote the same key first).
const CONFLICT_RETRIES = 5;
const REQUEST_TIMEOUT_MS = 10_000;

interface ThreadDocument {
  thread: ThreadRecord;
  items: ItemRecord[];
}

interface ThreadIndex {
  threads: { id: string; created_at: string }[];
}

/** A state value read with its ETag, the token a conditional write must send back. */
interface Versioned<T> {
  value: T;
  etag: string | undefined;
}

class EtagConflict extends Error {}

/**
 * Conversation history in a Dapr state store, through the sidecar's HTTP API
 * (`/v1.0/state/<store>`). A thread and its items are one value (`chat-thread:<id>`); each
 * user has an index value (`chat-threads:<user id>`) for listing. An update sends the ETag of
 * the value it read, with first-write concurrency, and reads again after a conflict, so two
 * replicas appending to one thread keep both items.
 */
export class DaprConversationStore implements ConversationStore {
  private readonly baseUrl: string;

  constructor(
    daprHttpPort: number,
    private readonly storeName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.baseUrl = `http://127.0.0.1:${daprHttpPort}/v1.0/state/${encodeURIComponent(storeName)}`;
  }

  async createThread(userId: string, fields: { title?: string | null; time_zone?: string | null }) {
    const now = this.clock().toISOString();
    const thread: ThreadRecord = {
      id: newId('thr'),
      user_id: userId,
      title: fields.title ?? null,
      time_zone: fields.time_zone ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.save(threadKey(thread.id), { thread, items: [] } satisfies ThreadDocument);
    await this.updateIndex(userId, (index) => ({
      threads: [...index.threads, { id: thread.id, created_at: thread.created_at }],
    }));
    return thread;
  }

  async getThread(userId: string, threadId: string) {
    const document = await this.readThread(userId, threadId);
    return document?.value.thread;
  }

  async updateThread(
    userId: string,
    threadId: string,
    fields: { title?: string | null; time_zone?: string | null },
  ) {
    const document = await this.updateThreadDocument(userId, threadId, (current) => ({
      ...current,
      thread: {
        ...current.thread,
        ...(fields.title !== undefined ? { title: fields.title } : {}),
        ...(fields.time_zone !== undefined ? { time_zone: fields.time_zone } : {}),
        updated_at: this.clock().toISOString(),
      },
    }));
    return document?.thread;
  }

  async listThreads(userId: string, page: PageRequest) {
    const index = (await this.read<ThreadIndex>(indexKey(userId)))?.value ?? { threads: [] };
    const ordered = [...index.threads].sort((a, b) =>
      a.created_at === b.created_at
        ? a.id.localeCompare(b.id)
        : a.created_at.localeCompare(b.created_at),
    );
    if (page.order === 'desc') ordered.reverse();
    const start = page.after ? ordered.findIndex((entry) => entry.id === page.after) + 1 : 0;

    // One thread more than the page is read, to learn whether another page exists. An index
    // entry whose thread is gone (a delete that stopped half way) is skipped.
    const threads: ThreadRecord[] = [];
    for (const entry of ordered.slice(start)) {
      if (threads.length > page.limit) break;
      const document = await this.readThread(userId, entry.id);
      if (document) threads.push(document.value.thread);
    }
    return toPage(threads, page.limit);
  }

  async deleteThread(userId: string, threadId: string) {
    const document = await this.readThread(userId, threadId);
    if (!document) return false;
    await this.updateIndex(userId, (index) => ({
      threads: index.threads.filter((entry) => entry.id !== threadId),
    }));
    await this.request('DELETE', `/${encodeURIComponent(threadKey(threadId))}`);
    return true;
  }

  async addItems(userId: string, threadId: string, items: NewItem[]) {
    let added: ItemRecord[] = [];
    const document = await this.updateThreadDocument(userId, threadId, (current) => {
      const now = this.clock().toISOString();
      added = items.map((item) => ({
        id: item.id ?? newId('msg'),
        thread_id: threadId,
        type: item.type,
        created_at: now,
        data: item.data,
      }));
      return {
        thread: { ...current.thread, updated_at: now },
        items: [...current.items, ...added].slice(-ITEMS_PER_THREAD_MAX),
      };
    });
    return document ? added : undefined;
  }

  async listItems(userId: string, threadId: string, page: PageRequest & { types?: ItemType[] }) {
    const document = await this.readThread(userId, threadId);
    if (!document) return undefined;
    let items = document.value.items.filter(
      (item) => !page.types || page.types.includes(item.type),
    );
    if (page.order === 'desc') items = items.reverse();
    const start = page.after ? items.findIndex((item) => item.id === page.after) + 1 : 0;
    return toPage(items.slice(start, start + page.limit + 1), page.limit);
  }

  async recentItems(userId: string, threadId: string, max: number) {
    const document = await this.readThread(userId, threadId);
    return document ? document.value.items.slice(-max) : [];
  }

  async ping() {
    // The sidecar's health endpoint sits beside the state API on the same port.
    const url = new URL('/v1.0/healthz', this.baseUrl);
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (response.status !== 204 && response.status !== 200) {
      throw new Error(`the Dapr sidecar is not healthy (HTTP ${response.status})`);
    }
  }

  async close() {
    // Nothing to release: every call is a plain HTTP request.
  }

  private async readThread(userId: string, threadId: string) {
    const document = await this.read<ThreadDocument>(threadKey(threadId));
    // Another user's thread reads as missing, exactly like one that does not exist.
    if (!document || document.value.thread.user_id !== userId) return undefined;
    return document;
  }

  private async updateThreadDocument(
    userId: string,
    threadId: string,
    change: (current: ThreadDocument) => ThreadDocument,
  ): Promise<ThreadDocument | undefined> {
    return this.retryOnConflict(async () => {
      const current = await this.readThread(userId, threadId);
      if (!current) return undefined;
      const next = change(current.value);
      await this.save(threadKey(threadId), next, current.etag);
      return next;
    });
  }

  private async updateIndex(userId: string, change: (index: ThreadIndex) => ThreadIndex) {
    await this.retryOnConflict(async () => {
      const current = await this.read<ThreadIndex>(indexKey(userId));
      await this.save(indexKey(userId), change(current?.value ?? { threads: [] }), current?.etag);
    });
  }

  private async retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof EtagConflict) || attempt > CONFLICT_RETRIES) throw error;
        log.info({ attempt }, 'state write conflicted with another writer; retrying');
      }
    }
  }

  private async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const response = await this.request('GET', `/${encodeURIComponent(key)}`);
    // 204 means the key does not exist.
    if (response.status === 204) return undefined;
    const text = await response.text();
    if (!text) return undefined;
    return { value: JSON.parse(text) as T, etag: response.headers.get('etag') ?? undefined };
  }

  /**
   * Saves one value. With an ETag, the write succeeds only if the value is unchanged since it
   * was read, and the sidecar returns 409 otherwise (Dapr 1.0 and later).
   * NOTE: a key read as missing is written without an ETag, which Dapr does not check, so two
   * replicas creating a user's first index value at the same moment can lose one entry.
   */
  private async save(key: string, value: unknown, etag?: string): Promise<void> {
    const item = {
      key,
      value,
      ...(etag !== undefined ? { etag } : {}),
      options: { concurrency: 'first-write', consistency: 'strong' },
    };
    const response = await this.request('POST', '', [item]);
    if (response.status === 409)
      throw new EtagConflict(`state key ${key} changed since it was read`);
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.ok || response.status === 409) return response;
    const detail = (await response.text()).slice(0, 300);
    throw new Error(
      `Dapr state store ${this.storeName} returned HTTP ${response.status} for ${method}: ${detail}`,
    );
  }
}

// "||" separates the app id from the key inside Dapr, so keys avoid it.
function threadKey(threadId: string): string {
  return `chat-thread:${threadId}`;
}

function indexKey(userId: string): string {
  return `chat-threads:${userId}`;
}
