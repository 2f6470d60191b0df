import { randomUUID } from 'node:crypto';
import { assistantMessage, ScriptedModel } from '@openai/agents/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DaprConversationStore } from '../src/store/dapr-store';
import { openPostgresStore } from '../src/store/postgres-store';
import type { ConversationStore } from '../src/store/types';
import { FakeDaprSidecar } from './fake-dapr';
import { postJson, signUp, startStack } from './support';

const sidecar = new FakeDaprSidecar();
const stores: Record<string, ConversationStore> = {};

beforeAll(async () => {
  await sidecar.start();
  stores.postgres = await openPostgresStore(inject('databaseUrl'));
  stores.dapr = new DaprConversationStore(sidecar.port, 'statestore');
});
afterAll(async () => {
  await stores.postgres?.close();
  await sidecar.stop();
});

const message = (text: string) => ({
  type: 'user_message' as const,
  data: { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} },
});

describe.each(['postgres', 'dapr'])('%s conversation store', (name) => {
  const store = () => stores[name] as ConversationStore;

  it('creates, reads, updates and deletes a thread', async () => {
    const user = randomUUID();
    const thread = await store().createThread(user, {
      title: 'Groceries',
      time_zone: 'Asia/Karachi',
    });
    expect(thread).toMatchObject({ user_id: user, title: 'Groceries', time_zone: 'Asia/Karachi' });
    expect(await store().getThread(user, thread.id)).toEqual(thread);

    const renamed = await store().updateThread(user, thread.id, { title: 'Shopping' });
    expect(renamed?.title).toBe('Shopping');
    expect(renamed?.time_zone).toBe('Asia/Karachi');

    expect(await store().deleteThread(user, thread.id)).toBe(true);
    expect(await store().getThread(user, thread.id)).toBeUndefined();
    expect(await store().deleteThread(user, thread.id)).toBe(false);
  });

  it("reads another user's thread as missing", async () => {
    const owner = randomUUID();
    const thread = await store().createThread(owner, {});
    await store().addItems(owner, thread.id, [message('mine')]);
    const stranger = randomUUID();
    expect(await store().getThread(stranger, thread.id)).toBeUndefined();
    expect(
      await store().listItems(stranger, thread.id, { limit: 10, order: 'asc' }),
    ).toBeUndefined();
    expect(await store().addItems(stranger, thread.id, [message('theirs')])).toBeUndefined();
    expect(await store().updateThread(stranger, thread.id, { title: 'x' })).toBeUndefined();
    expect(await store().deleteThread(stranger, thread.id)).toBe(false);
    expect(await store().recentItems(stranger, thread.id, 10)).toEqual([]);
    expect((await store().listThreads(stranger, { limit: 10, order: 'desc' })).data).toEqual([]);
  });

  it('keeps items in order and pages them both ways', async () => {
    const user = randomUUID();
    const thread = await store().createThread(user, {});
    await store().addItems(user, thread.id, [message('1'), message('2')]);
    await store().addItems(user, thread.id, [
      { type: 'tool_call', data: { call_id: 'c', name: 'list_tasks', arguments: {}, result: {} } },
      message('3'),
    ]);
    const text = (page: { data: { data: Record<string, unknown> }[] } | undefined) =>
      page?.data.map(
        (item) => (item.data.content as { text: string }[] | undefined)?.[0]?.text ?? 'tool',
      );

    const ascending = await store().listItems(user, thread.id, { limit: 2, order: 'asc' });
    expect(text(ascending)).toEqual(['1', '2']);
    expect(ascending?.has_more).toBe(true);
    const next = await store().listItems(user, thread.id, {
      limit: 2,
      order: 'asc',
      after: ascending?.after,
    });
    expect(text(next)).toEqual(['tool', '3']);
    expect(next?.has_more).toBe(false);

    const messagesOnly = await store().listItems(user, thread.id, {
      limit: 10,
      order: 'desc',
      types: ['user_message'],
    });
    expect(text(messagesOnly)).toEqual(['3', '2', '1']);

    const recent = await store().recentItems(user, thread.id, 2);
    expect(recent.map((item) => item.type)).toEqual(['tool_call', 'user_message']);
  });

  it('keeps a chosen item id', async () => {
    const user = randomUUID();
    const thread = await store().createThread(user, {});
    const [item] =
      (await store().addItems(user, thread.id, [{ ...message('x'), id: `msg_chosen${name}` }])) ??
      [];
    expect(item?.id).toBe(`msg_chosen${name}`);
  });

  it('lists threads newest first with a cursor', async () => {
    const user = randomUUID();
    const created = [];
    for (const title of ['a', 'b', 'c']) {
      created.push(await store().createThread(user, { title }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const first = await store().listThreads(user, { limit: 2, order: 'desc' });
    expect(first.data.map((thread) => thread.title)).toEqual(['c', 'b']);
    expect(first.has_more).toBe(true);
    const rest = await store().listThreads(user, { limit: 2, order: 'desc', after: first.after });
    expect(rest.data.map((thread) => thread.title)).toEqual(['a']);
    expect(rest.has_more).toBe(false);
    const ascending = await store().listThreads(user, { limit: 5, order: 'asc' });
    expect(ascending.data.map((thread) => thread.id)).toEqual(created.map((thread) => thread.id));
  });

  it('answers ping', async () => {
    await expect(store().ping()).resolves.toBeUndefined();
  });
});

describe('Dapr state API contract', () => {
  it('reads and writes through /v1.0/state/<store> with ETags and first-write', async () => {
    sidecar.requests.length = 0;
    const store = new DaprConversationStore(sidecar.port, 'chat-state');
    const user = randomUUID();
    const thread = await store.createThread(user, { title: 'Contract' });
    await store.addItems(user, thread.id, [message('hello')]);

    const saves = sidecar.requests.filter((request) => request.method === 'POST');
    expect(saves.length).toBeGreaterThan(0);
    for (const save of saves) {
      expect(save.path).toBe('/v1.0/state/chat-state');
      expect(save.contentType).toBe('application/json');
      expect(Array.isArray(save.body)).toBe(true);
      for (const item of save.body as Record<string, unknown>[]) {
        expect(Object.keys(item).sort()).toEqual(
          item.etag === undefined
            ? ['key', 'options', 'value']
            : ['etag', 'key', 'options', 'value'],
        );
        expect(item.key).not.toContain('||');
        expect(item.options).toEqual({ concurrency: 'first-write', consistency: 'strong' });
      }
    }
    // The item was appended with the ETag the thread was read with.
    const lastSave = saves.at(-1)?.body as { key: string; etag?: string }[];
    expect(lastSave[0]?.key).toBe(`chat-thread:${thread.id}`);
    expect(lastSave[0]?.etag).toMatch(/^\d+$/);

    const reads = sidecar.requests.filter((request) => request.method === 'GET');
    expect(reads.every((request) => request.path.startsWith('/v1.0/state/chat-state/'))).toBe(true);

    await store.deleteThread(user, thread.id);
    const deletes = sidecar.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => request.path)).toEqual([
      `/v1.0/state/chat-state/${encodeURIComponent(`chat-thread:${thread.id}`)}`,
    ]);
  });

  it('retries a write that conflicts with another writer', async () => {
    const store = new DaprConversationStore(sidecar.port, 'statestore');
    const user = randomUUID();
    const thread = await store.createThread(user, {});
    sidecar.conflictsToInject = 2;
    await store.addItems(user, thread.id, [message('after two conflicts')]);
    const items = await store.listItems(user, thread.id, { limit: 10, order: 'asc' });
    expect(items?.data).toHaveLength(1);
  });

  it('serves chat turns with the Dapr store when DAPR_HTTP_PORT is set', async () => {
    const stack = await startStack(inject('databaseUrl'), {
      env: { DAPR_HTTP_PORT: String(sidecar.port), DAPR_STATE_STORE: 'turns' },
      model: new ScriptedModel([[assistantMessage('Hi from Dapr.')]]),
    });
    try {
      const user = await signUp(stack.api.url);
      const response = await postJson(
        `${stack.agentUrl}/api/${user.id}/chat`,
        { message: 'hello' },
        { authorization: `Bearer ${user.token}` },
      );
      expect(response.status).toBe(200);
      const stored = sidecar.values.get(`chat-thread:${response.body.conversation_id}`)?.value as {
        items: { type: string }[];
      };
      expect(stored.items.map((item) => item.type)).toEqual(['user_message', 'assistant_message']);
    } finally {
      await stack.close();
    }
  });
});
