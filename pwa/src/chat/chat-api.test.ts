import { describe, expect, it } from 'vitest';
import { ChatApiError, isNetworkError, postChatMessage, withTimeZone } from './chat-api';
import { summarizeToolCalls } from './tool-summary';

/** Makes a fetch that returns `responses` in order and records each request body. */
function fakeSend(responses: Response[]) {
  const bodies: unknown[] = [];
  const send = async (_input: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)));
    const response = responses.shift();
    if (!response) throw new Error('no response left');
    return response;
  };
  return { send, bodies };
}

const turn = { conversation_id: 'thr_2', response: 'Added “milk”.', tool_calls: [] };

describe('postChatMessage', () => {
  it('sends the message, conversation and zone', async () => {
    const { send, bodies } = fakeSend([Response.json(turn)]);

    const result = await postChatMessage(send, 'user-1', {
      conversationID: 'thr_1',
      message: 'add milk',
      timeZone: 'Asia/Karachi',
    });

    expect(result).toEqual(turn);
    expect(bodies).toEqual([
      { conversation_id: 'thr_1', message: 'add milk', time_zone: 'Asia/Karachi' },
    ]);
  });

  it('starts a new conversation when the stored one is gone', async () => {
    const { send, bodies } = fakeSend([
      Response.json({ code: 'not_found' }, { status: 404 }),
      Response.json(turn),
    ]);

    const result = await postChatMessage(send, 'user-1', {
      conversationID: 'thr_deleted',
      message: 'add milk',
      timeZone: 'UTC',
    });

    expect(result.conversation_id).toBe('thr_2');
    expect(bodies[1]).toEqual({ message: 'add milk', time_zone: 'UTC' });
  });

  it('throws the problem code and detail of an error', async () => {
    const { send } = fakeSend([
      Response.json(
        { code: 'agent_failed', detail: 'the assistant could not answer' },
        { status: 502 },
      ),
    ]);

    const failure = await postChatMessage(send, 'user-1', {
      conversationID: null,
      message: 'add milk',
      timeZone: 'UTC',
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChatApiError);
    expect(failure).toMatchObject({ status: 502, code: 'agent_failed' });
    expect(isNetworkError(failure)).toBe(false);
    expect(isNetworkError(new TypeError('Failed to fetch'))).toBe(true);
  });
});

describe('withTimeZone', () => {
  it('adds the zone to the request metadata', () => {
    const init = withTimeZone(
      { method: 'POST', body: JSON.stringify({ type: 'threads.list', metadata: { a: 1 } }) },
      'Asia/Karachi',
    );

    expect(JSON.parse(String(init.body))).toEqual({
      type: 'threads.list',
      metadata: { a: 1, time_zone: 'Asia/Karachi' },
    });
    expect(init.method).toBe('POST');
  });

  it('leaves other bodies alone', () => {
    const form = new FormData();
    expect(withTimeZone({ body: form }, 'UTC').body).toBe(form);
    expect(withTimeZone({ body: 'not json' }, 'UTC').body).toBe('not json');
    expect(withTimeZone(undefined, 'UTC')).toEqual({});
  });
});

describe('summarizeToolCalls', () => {
  it('keeps the status with the title or the number of tasks', () => {
    const summaries = summarizeToolCalls([
      { name: 'add_task', arguments: {}, result: { status: 'created', task: { title: 'Milk' } } },
      { name: 'list_tasks', arguments: {}, result: { status: 'listed', tasks: [{}, {}] } },
      { name: 'delete_task', arguments: {}, result: { status: 'ambiguous', candidates: [{}, {}] } },
      { name: 'reschedule_tasks', arguments: {}, result: { status: 'rescheduled', moved: [{}] } },
      { name: 'complete_task', arguments: {}, result: { status: 'error', message: 'Not found' } },
      { name: 'get_task', arguments: {} },
    ]);

    expect(summaries).toEqual([
      { status: 'created', title: 'Milk' },
      { status: 'listed', count: 2 },
      { status: 'ambiguous', count: 2 },
      { status: 'rescheduled', count: 1 },
      { status: 'error' },
    ]);
  });
});
