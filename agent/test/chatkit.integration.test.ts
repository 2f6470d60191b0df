import type { Model } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';
import type { Attachment, ToolChoice, UserMessageContent } from '@openai/chatkit';
import { afterAll, beforeAll, describe, expect, expectTypeOf, inject, it } from 'vitest';
import { z } from 'zod';
import {
  ChatKitRequestSchema,
  type InferenceOptions,
  type ThreadStreamEvent,
  type UserMessageItem,
} from '../src/chatkit/protocol';
import { listAll, postJson, type Stack, signUp, startStack, type TestUser } from './support';

// Shapes of openai-chatkit's `chatkit/types.py`, written out here so the events this server
// sends are checked against the protocol rather than against its own types.
const Timestamp = z.iso.datetime({ offset: true });
const UserItem = z.object({
  type: z.literal('user_message'),
  id: z.string(),
  thread_id: z.string(),
  created_at: Timestamp,
  content: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('input_text'), text: z.string() }),
      z.object({
        type: z.literal('input_tag'),
        id: z.string(),
        text: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    ]),
  ),
  attachments: z.array(z.unknown()),
  quoted_text: z.string().optional(),
  inference_options: z.object({
    tool_choice: z.object({ id: z.string() }).nullish(),
    model: z.string().nullish(),
  }),
});
const OutputText = z.object({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.unknown()),
});
const AssistantItem = z.object({
  type: z.literal('assistant_message'),
  id: z.string(),
  thread_id: z.string(),
  created_at: Timestamp,
  content: z.array(OutputText),
});
const Item = z.discriminatedUnion('type', [UserItem, AssistantItem]);
const ItemPage = z.object({
  data: z.array(Item),
  has_more: z.boolean(),
  after: z.string().nullable(),
});
const Thread = z.object({
  id: z.string(),
  title: z.string().optional(),
  created_at: Timestamp,
  status: z.object({ type: z.enum(['active', 'locked', 'closed']) }),
  metadata: z.record(z.string(), z.unknown()),
  items: ItemPage,
});
const Update = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('assistant_message.content_part.added'),
    content_index: z.number(),
    content: OutputText,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.text_delta'),
    content_index: z.number(),
    delta: z.string(),
  }),
  z.object({
    type: z.literal('assistant_message.content_part.done'),
    content_index: z.number(),
    content: OutputText,
  }),
]);
const StreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread.created'), thread: Thread }),
  z.object({ type: z.literal('thread.updated'), thread: Thread }),
  z.object({ type: z.literal('thread.item.added'), item: Item }),
  z.object({ type: z.literal('thread.item.updated'), item_id: z.string(), update: Update }),
  z.object({ type: z.literal('thread.item.done'), item: Item }),
  z.object({ type: z.literal('thread.item.removed'), item_id: z.string() }),
  z.object({
    type: z.literal('stream_options'),
    stream_options: z.object({ allow_cancel: z.boolean() }),
  }),
  z.object({ type: z.literal('progress_update'), icon: z.string().optional(), text: z.string() }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string().optional(),
    allow_retry: z.boolean(),
  }),
]);

let stack: Stack;
let model: Model;

beforeAll(async () => {
  stack = await startStack(inject('databaseUrl'), { model: () => model });
});
afterAll(async () => {
  await stack?.close();
});

function chatkit(user: TestUser, body: unknown) {
  return postJson(`${stack.agentUrl}/api/chatkit`, body, { authorization: `Bearer ${user.token}` });
}

/** Parses a server-sent event body into events, checking each against the protocol shapes. */
function parseEvents(text: string): ThreadStreamEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      const event = JSON.parse(block.slice('data: '.length));
      const checked = StreamEvent.safeParse(event);
      expect(checked.error, JSON.stringify(event)).toBeUndefined();
      return event as ThreadStreamEvent;
    });
}

const input = (text: string) => ({
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
});

describe('ChatKit protocol types', () => {
  it('uses the published content, attachment and tool-choice types', () => {
    expectTypeOf<UserMessageItem['content']>().toEqualTypeOf<UserMessageContent[]>();
    expectTypeOf<UserMessageItem['attachments']>().toEqualTypeOf<Attachment[]>();
    expectTypeOf<NonNullable<InferenceOptions['tool_choice']>>().toEqualTypeOf<ToolChoice>();
  });

  it('accepts content as ChatKit.js sends it', () => {
    const content: UserMessageContent[] = [
      { type: 'input_text', text: 'move my meetings' },
      { type: 'input_tag', id: 'tag-1', text: 'work', interactive: true },
    ];
    const toolChoice: ToolChoice = { id: 'tasks' };
    const parsed = ChatKitRequestSchema.parse({
      type: 'threads.create',
      params: {
        input: { content, attachments: [], inference_options: { tool_choice: toolChoice } },
      },
    });
    expect(parsed.type).toBe('threads.create');
  });
});

describe('POST /api/chatkit', () => {
  it('streams a new thread in the order ChatKit expects', async () => {
    const user = await signUp(stack.api.url);
    model = new ScriptedModel([
      [functionCall('add_task', { title: 'Buy milk', due_date: '2027-01-14' }, { callId: 'c1' })],
      [assistantMessage('Added "Buy milk".')],
    ]);

    const response = await chatkit(user, {
      type: 'threads.create',
      params: { input: input('add buy milk') },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseEvents(response.text);

    expect(events.map((event) => event.type)).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.added',
      'thread.item.updated',
      'progress_update',
      'thread.item.updated',
      'thread.item.updated',
      'thread.item.done',
    ]);
    const [created, userDone, , added, partAdded, , delta, partDone, assistantDone] = events;
    expect(created).toMatchObject({ thread: { title: 'add buy milk', items: { data: [] } } });
    expect(userDone).toMatchObject({
      item: { type: 'user_message', content: [{ text: 'add buy milk' }] },
    });
    expect(added).toMatchObject({ item: { type: 'assistant_message', content: [] } });
    const assistantId = added?.type === 'thread.item.added' ? added.item.id : '';
    expect(partAdded).toMatchObject({
      item_id: assistantId,
      update: { type: 'assistant_message.content_part.added' },
    });
    expect(delta).toMatchObject({ update: { delta: 'Added "Buy milk".' } });
    expect(partDone).toMatchObject({
      update: {
        type: 'assistant_message.content_part.done',
        content: { text: 'Added "Buy milk".' },
      },
    });
    expect(assistantDone).toMatchObject({
      item: { id: assistantId, content: [{ text: 'Added "Buy milk".' }] },
    });
    expect((await listAll(user)).map((task) => task.title)).toEqual(['Buy milk']);
  });

  it('runs a thread round trip: create, add, get, list, items, update, delete', async () => {
    const user = await signUp(stack.api.url);
    model = new ScriptedModel([[assistantMessage('Hello!')], [assistantMessage('Still here.')]]);

    const created = parseEvents(
      (await chatkit(user, { type: 'threads.create', params: { input: input('hi') } })).text,
    );
    const threadId = created[0]?.type === 'thread.created' ? created[0].thread.id : '';
    expect(threadId).toMatch(/^thr_/);

    const added = await chatkit(user, {
      type: 'threads.add_user_message',
      params: { thread_id: threadId, input: input('are you there?') },
    });
    const addedEvents = parseEvents(added.text);
    expect(addedEvents.map((event) => event.type)).not.toContain('thread.created');
    expect(addedEvents.at(-1)).toMatchObject({
      type: 'thread.item.done',
      item: { content: [{ text: 'Still here.' }] },
    });

    const thread = await chatkit(user, {
      type: 'threads.get_by_id',
      params: { thread_id: threadId },
    });
    expect(thread.status).toBe(200);
    expect(thread.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Thread.safeParse(thread.body).error).toBeUndefined();
    expect(thread.body.items.data.map((item: { type: string }) => item.type)).toEqual([
      'user_message',
      'assistant_message',
      'user_message',
      'assistant_message',
    ]);

    const threads = await chatkit(user, { type: 'threads.list', params: { limit: 10 } });
    expect(threads.body.data.map((entry: { id: string }) => entry.id)).toEqual([threadId]);
    expect(threads.body.has_more).toBe(false);
    for (const entry of threads.body.data) expect(Thread.safeParse(entry).error).toBeUndefined();

    const firstPage = await chatkit(user, {
      type: 'items.list',
      params: { thread_id: threadId, limit: 3 },
    });
    expect(ItemPage.safeParse(firstPage.body).error).toBeUndefined();
    expect(firstPage.body.has_more).toBe(true);
    expect(firstPage.body.data[0].content[0].text).toBe('Still here.');
    const secondPage = await chatkit(user, {
      type: 'items.list',
      params: { thread_id: threadId, limit: 3, after: firstPage.body.after },
    });
    expect(
      secondPage.body.data.map((item: { content: { text: string }[] }) => item.content[0]?.text),
    ).toEqual(['hi']);
    expect(secondPage.body.has_more).toBe(false);

    const renamed = await chatkit(user, {
      type: 'threads.update',
      params: { thread_id: threadId, title: 'Greetings' },
    });
    expect(renamed.body.title).toBe('Greetings');

    const deleted = await chatkit(user, {
      type: 'threads.delete',
      params: { thread_id: threadId },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    const gone = await chatkit(user, {
      type: 'threads.get_by_id',
      params: { thread_id: threadId },
    });
    expect(gone.status).toBe(404);
    const none = await chatkit(user, { type: 'threads.list', params: {} });
    expect(none.body.data).toEqual([]);
  });

  it('pages threads newest first', async () => {
    const user = await signUp(stack.api.url);
    model = new ScriptedModel([
      [assistantMessage('1')],
      [assistantMessage('2')],
      [assistantMessage('3')],
    ]);
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      const events = parseEvents(
        (await chatkit(user, { type: 'threads.create', params: { input: input(text) } })).text,
      );
      ids.push(events[0]?.type === 'thread.created' ? events[0].thread.id : '');
    }
    const first = await chatkit(user, { type: 'threads.list', params: { limit: 2 } });
    expect(first.body.data.map((thread: { title: string }) => thread.title)).toEqual([
      'three',
      'two',
    ]);
    expect(first.body.has_more).toBe(true);
    const rest = await chatkit(user, {
      type: 'threads.list',
      params: { limit: 2, after: first.body.after },
    });
    expect(rest.body.data.map((thread: { id: string }) => thread.id)).toEqual([ids[0]]);
  });

  it("keeps other users' threads out of reach", async () => {
    const user = await signUp(stack.api.url);
    const other = await signUp(stack.api.url);
    model = new ScriptedModel([[assistantMessage('Noted.')]]);
    const events = parseEvents(
      (await chatkit(other, { type: 'threads.create', params: { input: input('my secret') } }))
        .text,
    );
    const threadId = events[0]?.type === 'thread.created' ? events[0].thread.id : '';

    for (const body of [
      { type: 'threads.get_by_id', params: { thread_id: threadId } },
      { type: 'items.list', params: { thread_id: threadId } },
      { type: 'threads.delete', params: { thread_id: threadId } },
      { type: 'threads.update', params: { thread_id: threadId, title: 'mine now' } },
      { type: 'threads.add_user_message', params: { thread_id: threadId, input: input('hello') } },
    ]) {
      const response = await chatkit(user, body);
      expect(response.status, body.type).toBe(404);
      expect(response.text, body.type).not.toContain('my secret');
    }
    expect((await chatkit(user, { type: 'threads.list', params: {} })).body.data).toEqual([]);
  });

  it('sends an error event when the model fails mid-stream', async () => {
    const user = await signUp(stack.api.url);
    model = new ScriptedModel([]);
    const events = parseEvents(
      (await chatkit(user, { type: 'threads.create', params: { input: input('hi') } })).text,
    );
    expect(events.at(-1)).toMatchObject({ type: 'error', allow_retry: true });
    expect(events.map((event) => event.type)).toContain('thread.item.removed');
  });

  it.each([
    [{ type: 'attachments.create', params: { name: 'a', size: 1, mime_type: 'text/plain' } }, 400],
    [{ type: 'threads.unknown', params: {} }, 422],
    [{ type: 'threads.create', params: {} }, 422],
    [{ type: 'threads.create', params: { input: input('  ') } }, 422],
    [
      { type: 'threads.create', params: { input: input('hi') }, metadata: { time_zone: 'PKT' } },
      422,
    ],
  ])('rejects %j with %i', async (body, status) => {
    const user = await signUp(stack.api.url);
    const response = await chatkit(user, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('rejects a request without a token with 401', async () => {
    const response = await postJson(`${stack.agentUrl}/api/chatkit`, {
      type: 'threads.list',
      params: {},
    });
    expect(response.status).toBe(401);
  });
});
