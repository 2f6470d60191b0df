import type { Context } from 'koa';
import { titleFrom } from '../agent/history';
import type { TurnRunner } from '../agent/run-turn';
import type { Caller } from '../auth/bearer';
import { MESSAGE_MAX, prepareTurn } from '../chat/turn-context';
import { HttpError, invalid, notFound } from '../http/errors';
import { requestTimeZone } from '../http/time-zone';
import { moduleLogger } from '../logger';
import type { ConversationStore } from '../store/types';
import { toChatKitPage, toChatKitThread } from './items';
import {
  type ChatKitRequest,
  ChatKitRequestSchema,
  UNSUPPORTED_REQUEST_TYPES,
  type UserMessageInput,
} from './protocol';
import { respondToMessage } from './respond';
import { EventStream } from './sse';

const log = moduleLogger('chatkit-route');

// Page size when a request names none, as openai-chatkit's server uses.
const DEFAULT_PAGE_SIZE = 20;

interface ChatKitDependencies {
  store: ConversationStore;
  runTurn: TurnRunner;
}

/**
 * `POST /api/chatkit`: the ChatKit server protocol. The body's `type` selects the operation;
 * `threads.create` and `threads.add_user_message` respond with an event stream, the others
 * with JSON. Every operation acts on the caller's own threads only.
 */
export function createChatKitHandler(deps: ChatKitDependencies) {
  return async function handleChatKit(ctx: Context): Promise<void> {
    const caller = ctx.state.caller as Caller;
    const request = parseRequest(ctx.request.body);

    switch (request.type) {
      case 'threads.create':
      case 'threads.add_user_message':
        return streamTurn(ctx, deps, caller, request);
      case 'threads.get_by_id': {
        const thread = await requireThread(deps.store, caller, request.params.thread_id);
        const items = await deps.store.listItems(caller.userId, thread.id, {
          limit: DEFAULT_PAGE_SIZE,
          order: 'asc',
          types: ['user_message', 'assistant_message'],
        });
        ctx.body = toChatKitThread(thread, items && toChatKitPage(items));
        return;
      }
      case 'threads.list': {
        const page = await deps.store.listThreads(caller.userId, {
          limit: request.params.limit ?? DEFAULT_PAGE_SIZE,
          order: request.params.order,
          after: request.params.after,
        });
        ctx.body = { ...page, data: page.data.map((thread) => toChatKitThread(thread)) };
        return;
      }
      case 'items.list': {
        const items = await deps.store.listItems(caller.userId, request.params.thread_id, {
          limit: request.params.limit ?? DEFAULT_PAGE_SIZE,
          order: request.params.order,
          after: request.params.after,
          types: ['user_message', 'assistant_message'],
        });
        if (!items) throw notFound(`thread ${request.params.thread_id} was not found`);
        ctx.body = toChatKitPage(items);
        return;
      }
      case 'threads.update': {
        const thread = await deps.store.updateThread(caller.userId, request.params.thread_id, {
          title: request.params.title,
        });
        if (!thread) throw notFound(`thread ${request.params.thread_id} was not found`);
        ctx.body = toChatKitThread(thread);
        return;
      }
      case 'threads.delete': {
        const deleted = await deps.store.deleteThread(caller.userId, request.params.thread_id);
        if (!deleted) throw notFound(`thread ${request.params.thread_id} was not found`);
        ctx.body = {};
        return;
      }
      case 'items.feedback':
        // NOTE: feedback is accepted so the client's thumbs work, but it is not stored yet.
        ctx.body = {};
        return;
    }
  };
}

function parseRequest(body: unknown): ChatKitRequest {
  const type = (body as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string' && UNSUPPORTED_REQUEST_TYPES.has(type)) {
    throw new HttpError(400, 'unsupported_request', `this server does not implement ${type}`);
  }
  const parsed = ChatKitRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(body)',
      message: issue.message,
    }));
    throw invalid(
      `not a ChatKit request this server handles: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

async function requireThread(store: ConversationStore, caller: Caller, threadId: string) {
  const thread = await store.getThread(caller.userId, threadId);
  if (!thread) throw notFound(`thread ${threadId} was not found`);
  return thread;
}

/** Joins the message's parts (tags as their text) into the text the model reads. */
function inputText(input: UserMessageInput): string {
  const text = input.content
    .map((part) => part.text)
    .join(' ')
    .trim();
  if (!text)
    throw invalid('the message has no text', [
      { field: 'params.input.content', message: 'must contain text' },
    ]);
  if (text.length > MESSAGE_MAX) {
    const message = `the message must be at most ${MESSAGE_MAX} characters`;
    throw invalid(message, [{ field: 'params.input.content', message }]);
  }
  return text;
}

async function streamTurn(
  ctx: Context,
  deps: ChatKitDependencies,
  caller: Caller,
  request: Extract<ChatKitRequest, { type: 'threads.create' | 'threads.add_user_message' }>,
): Promise<void> {
  // Everything that can fail with a status is checked before the stream's headers go out.
  const input = request.params.input;
  const text = inputText(input);
  const requestedZone = requestTimeZone(ctx, request.metadata.time_zone, 'metadata.time_zone');

  const isNew = request.type === 'threads.create';
  const stored = isNew
    ? await deps.store.createThread(caller.userId, {
        title: titleFrom(text),
        time_zone: requestedZone ?? null,
      })
    : await requireThread(deps.store, caller, request.params.thread_id);
  const { thread, timeZone, history } = await prepareTurn(
    deps.store,
    caller.userId,
    stored,
    requestedZone,
  );

  ctx.respond = false;
  const stream = new EventStream(ctx.res);
  try {
    if (isNew) stream.send({ type: 'thread.created', thread: toChatKitThread(thread) });
    await respondToMessage({
      stream,
      store: deps.store,
      runTurn: deps.runTurn,
      caller,
      thread,
      timeZone,
      history,
      input,
      text,
      requestId: ctx.state.requestId,
    });
  } catch (error) {
    // The status line has gone out, so the failure travels as an event.
    log.error(
      { err: error, requestId: ctx.state.requestId, threadId: thread.id },
      'ChatKit stream failed',
    );
    stream.send({ type: 'error', code: 'stream.error', allow_retry: true });
  } finally {
    await stream.end();
  }
}
