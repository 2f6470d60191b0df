import { turnItems } from '../agent/history';
import type { TurnRunner } from '../agent/run-turn';
import type { Caller } from '../auth/bearer';
import { moduleLogger } from '../logger';
import type { ConversationStore, ItemRecord, ThreadRecord } from '../store/types';
import { newId } from '../store/types';
import { toChatKitItem } from './items';
import type { AssistantMessageContent, AssistantMessageItem, UserMessageInput } from './protocol';
import type { EventStream } from './sse';

const log = moduleLogger('chatkit');

/**
 * Stores the user's message and streams the assistant's reply to it, in the order
 * openai-chatkit's server emits: the user item done, stream options, the assistant item
 * added, its content part added, text deltas, the part done, the item done.
 */
export async function respondToMessage(options: {
  stream: EventStream;
  store: ConversationStore;
  runTurn: TurnRunner;
  caller: Caller;
  thread: ThreadRecord;
  timeZone: string;
  history: Parameters<TurnRunner>[0]['history'];
  input: UserMessageInput;
  text: string;
  requestId: string | undefined;
}): Promise<void> {
  const { stream, store, caller, thread } = options;

  const [userItem] = (await store.addItems(caller.userId, thread.id, [
    {
      type: 'user_message',
      data: {
        content: options.input.content,
        attachments: [],
        ...(options.input.quoted_text ? { quoted_text: options.input.quoted_text } : {}),
        inference_options: options.input.inference_options,
      },
    },
  ])) as ItemRecord[];
  const userMessage = toChatKitItem(userItem as ItemRecord);
  if (userMessage) stream.send({ type: 'thread.item.done', item: userMessage });

  // Cancelling would leave tool calls half reported, so the stream options disallow it.
  stream.send({ type: 'stream_options', stream_options: { allow_cancel: false } });

  const assistant: AssistantMessageItem = {
    type: 'assistant_message',
    id: newId('msg'),
    thread_id: thread.id,
    created_at: new Date().toISOString(),
    content: [],
  };
  const emptyPart: AssistantMessageContent = { type: 'output_text', text: '', annotations: [] };
  stream.send({ type: 'thread.item.added', item: assistant });
  stream.send({
    type: 'thread.item.updated',
    item_id: assistant.id,
    update: { type: 'assistant_message.content_part.added', content_index: 0, content: emptyPart },
  });

  try {
    const output = await options.runTurn(
      { caller, timeZone: options.timeZone, history: options.history, message: options.text },
      {
        onTextDelta(delta) {
          stream.send({
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta },
          });
        },
        onToolCall(name) {
          stream.send({ type: 'progress_update', text: `Running ${name}…` });
        },
      },
    );

    const [stored] =
      (await store.addItems(caller.userId, thread.id, turnItems(output, assistant.id)))?.filter(
        (item) => item.type === 'assistant_message',
      ) ?? [];
    const part: AssistantMessageContent = {
      type: 'output_text',
      text: output.response,
      annotations: [],
    };
    stream.send({
      type: 'thread.item.updated',
      item_id: assistant.id,
      update: { type: 'assistant_message.content_part.done', content_index: 0, content: part },
    });
    stream.send({
      type: 'thread.item.done',
      item: {
        ...assistant,
        created_at: stored?.created_at ?? assistant.created_at,
        content: [part],
      },
    });
  } catch (error) {
    log.error(
      { err: error, requestId: options.requestId, threadId: thread.id },
      'ChatKit turn failed',
    );
    stream.send({ type: 'thread.item.removed', item_id: assistant.id });
    stream.send({
      type: 'error',
      code: 'custom',
      message: 'The assistant could not answer. Try again.',
      allow_retry: true,
    });
  }
}
