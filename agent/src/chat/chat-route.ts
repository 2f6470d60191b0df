import type { Context } from 'koa';
import { z } from 'zod';
import { titleFrom, turnItems } from '../agent/history';
import type { TurnRunner } from '../agent/run-turn';
import type { Caller } from '../auth/bearer';
import { HttpError, invalid, notFound } from '../http/errors';
import { requestTimeZone } from '../http/time-zone';
import { moduleLogger } from '../logger';
import type { ConversationStore } from '../store/types';
import { MESSAGE_MAX, prepareTurn } from './turn-context';

const log = moduleLogger('chat');

const ChatRequest = z
  .object({
    conversation_id: z
      .string({ error: 'conversation_id must be text' })
      .min(1, { error: 'conversation_id must not be empty' })
      .max(100)
      .nullish(),
    message: z
      .string({ error: 'message is required and must be text' })
      .trim()
      .min(1, { error: 'message must not be empty' })
      .max(MESSAGE_MAX, { error: `message must be at most ${MESSAGE_MAX} characters` }),
    time_zone: z.string({ error: 'time_zone must be text' }).nullish(),
  })
  .strict();

/**
 * `POST /api/{user_id}/chat`: one chat turn. Without a `conversation_id` it starts a
 * conversation, and the response carries its id so the next turn can continue it.
 */
export function createChatHandler(deps: { store: ConversationStore; runTurn: TurnRunner }) {
  return async function handleChat(ctx: Context): Promise<void> {
    const caller = ctx.state.caller as Caller;
    const parsed = ChatRequest.safeParse(ctx.request.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(body)',
        message: issue.message,
      }));
      throw invalid(issues.map((issue) => issue.message).join('; '), issues);
    }
    const body = parsed.data;
    const requestedZone = requestTimeZone(ctx, body.time_zone ?? undefined);

    const started = performance.now();
    const stored = body.conversation_id
      ? await deps.store.getThread(caller.userId, body.conversation_id)
      : await deps.store.createThread(caller.userId, {
          title: titleFrom(body.message),
          time_zone: requestedZone ?? null,
        });
    if (!stored) throw notFound(`conversation ${body.conversation_id} was not found`);
    const { thread, timeZone, history } = await prepareTurn(
      deps.store,
      caller.userId,
      stored,
      requestedZone,
    );

    // The message is stored before the turn runs, so it stays in the history if the turn fails.
    await deps.store.addItems(caller.userId, thread.id, [
      {
        type: 'user_message',
        data: {
          content: [{ type: 'input_text', text: body.message }],
          attachments: [],
          inference_options: {},
        },
      },
    ]);

    const prepared = performance.now();
    let output: Awaited<ReturnType<TurnRunner>>;
    try {
      output = await deps.runTurn({ caller, timeZone, history, message: body.message });
    } catch (error) {
      log.error(
        { err: error, requestId: ctx.state.requestId, threadId: thread.id },
        'chat turn failed',
      );
      throw new HttpError(
        502,
        'agent_failed',
        'the assistant could not answer; try again later',
        [],
        true,
      );
    }
    const answered = performance.now();
    await deps.store.addItems(caller.userId, thread.id, turnItems(output));
    log.info(
      {
        requestId: ctx.state.requestId,
        threadId: thread.id,
        toolCalls: output.toolCalls.map((call) => call.name),
        prepareMs: Math.round(prepared - started),
        turnMs: Math.round(answered - prepared),
        storeMs: Math.round(performance.now() - answered),
      },
      'chat turn',
    );

    ctx.body = {
      conversation_id: thread.id,
      response: output.response,
      tool_calls: output.toolCalls.map((call) => ({
        name: call.name,
        arguments: call.arguments,
        ...(call.result !== undefined ? { result: call.result } : {}),
      })),
    };
  };
}
