import { randomUUID } from 'node:crypto';
import {
  type AgentInputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
} from '@openai/agents';
import { assistantMessage, functionCall, modelError, ScriptedModel } from '@openai/agents/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTask,
  listAll,
  postJson,
  type Stack,
  signUp,
  startStack,
  type TestUser,
} from './support';

let stack: Stack;
// Each test scripts its own model. The service calls this factory for the model of every turn.
let model: Model;

beforeAll(async () => {
  stack = await startStack(inject('databaseUrl'), { model: () => model });
});
afterAll(async () => {
  await stack?.close();
});

function chat(user: TestUser, body: unknown, headers: Record<string, string> = {}) {
  return postJson(`${stack.agentUrl}/api/${user.id}/chat`, body, {
    authorization: `Bearer ${user.token}`,
    ...headers,
  });
}

describe('POST /api/{user_id}/chat with a scripted model', () => {
  it('runs a tool call end to end and answers', async () => {
    const user = await signUp(stack.api.url);
    const scripted = new ScriptedModel([
      [
        functionCall(
          'add_task',
          {
            title: 'Call the bank',
            due_date: '2027-01-14',
            due_time: '10:00',
            reminders: [{ minutes_before: 0 }],
          },
          { callId: 'call_1' },
        ),
      ],
      [assistantMessage('Added "Call the bank" for tomorrow at 10:00.')],
    ]);
    model = scripted;

    const response = await chat(user, {
      message: 'remind me to call the bank tomorrow at 10',
      time_zone: 'Asia/Karachi',
    });
    expect(response.status).toBe(200);
    expect(response.body.response).toBe('Added "Call the bank" for tomorrow at 10:00.');
    expect(response.body.conversation_id).toMatch(/^thr_/);
    expect(response.body.tool_calls).toHaveLength(1);
    expect(response.body.tool_calls[0]).toMatchObject({
      name: 'add_task',
      arguments: { title: 'Call the bank', due_date: '2027-01-14', due_time: '10:00' },
      result: { status: 'created', task: { title: 'Call the bank', time_zone: 'Asia/Karachi' } },
    });
    scripted.assertComplete();

    const tasks = await listAll(user);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      title: 'Call the bank',
      due_date: '2027-01-14',
      due_time: '10:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ minutes_before: 0 }],
    });

    // The model saw the instructions with the user's zone and the tools from MCP.
    const request = scripted.firstCall?.request;
    expect(request?.systemInstructions).toContain('Asia/Karachi');
    expect(request?.tools.map((tool) => ('name' in tool ? tool.name : '')).sort()).toContain(
      'reschedule_tasks',
    );
  });

  it('continues a conversation with its history and remembered zone', async () => {
    const user = await signUp(stack.api.url);
    model = new ScriptedModel([
      [functionCall('list_tasks', {}, { callId: 'call_a' })],
      [assistantMessage('You have no tasks.')],
    ]);
    const first = await chat(user, { message: 'what do I have?', time_zone: 'Europe/Berlin' });
    expect(first.status).toBe(200);

    const second = new ScriptedModel([[assistantMessage('Nothing yet.')]]);
    model = second;
    const next = await chat(user, {
      conversation_id: first.body.conversation_id,
      message: 'really?',
    });
    expect(next.status).toBe(200);
    expect(next.body.conversation_id).toBe(first.body.conversation_id);
    expect(next.body.tool_calls).toEqual([]);

    const input = second.firstCall?.request.input as {
      type?: string;
      role?: string;
      name?: string;
    }[];
    expect(input.map((item) => item.type ?? item.role)).toEqual([
      'user',
      'function_call',
      'function_call_result',
      'assistant',
      'user',
    ]);
    expect(second.firstCall?.request.systemInstructions).toContain('Europe/Berlin');
  });

  it('returns candidates and deletes nothing for an ambiguous name', async () => {
    const user = await signUp(stack.api.url);
    await createTask(user, { title: 'Buy milk' });
    await createTask(user, { title: 'Buy milk chocolate' });
    model = new ScriptedModel([
      [functionCall('delete_task', { match: 'milk' }, { callId: 'call_d' })],
      [assistantMessage('Which one: "Buy milk" or "Buy milk chocolate"?')],
    ]);

    const response = await chat(user, { message: 'delete milk' });
    expect(response.status).toBe(200);
    expect(response.body.tool_calls[0].result.status).toBe('ambiguous');
    expect(response.body.tool_calls[0].result.candidates).toHaveLength(2);
    expect(await listAll(user)).toHaveLength(2);
  });

  it('passes a rejected tool call back to the model as text', async () => {
    const user = await signUp(stack.api.url);
    const scripted = new ScriptedModel([
      [functionCall('add_task', { title: '' }, { callId: 'call_bad' })],
      [assistantMessage('I need a title.')],
    ]);
    model = scripted;

    const response = await chat(user, { message: 'add' });
    expect(response.status).toBe(200);
    expect(response.body.tool_calls[0].result.status).toBe('error');
    expect(response.body.tool_calls[0].result.message).toMatch(/title must not be empty/);
    expect(await listAll(user)).toEqual([]);
  });

  it('answers 502 when the model fails, keeping the message', async () => {
    const user = await signUp(stack.api.url);
    model = new ScriptedModel([modelError(new Error('model is down'))]);
    const response = await chat(user, { message: 'hello' });
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('agent_failed');
  });
});

/**
 * A model double that adds a task titled with the user's message, then confirms. It keeps no
 * state, so concurrent turns of several users can share it.
 */
class EchoTaskModel implements Model {
  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input = request.input as AgentInputItem[];
    const last = input[input.length - 1];
    if (last && 'type' in last && last.type === 'function_call_result') {
      return { output: [assistantMessage('Done.')], usage: new Usage({ requests: 1 }) };
    }
    const text = last && 'role' in last && typeof last.content === 'string' ? last.content : '';
    const call = functionCall('add_task', { title: text }, { callId: `call_${randomUUID()}` });
    return { output: [call], usage: new Usage({ requests: 1 }) };
  }

  // biome-ignore lint/correctness/useYield: the chat endpoint never streams.
  async *getStreamedResponse(): AsyncIterable<StreamEvent> {
    throw new Error('not streamed');
  }
}

describe('concurrent turns', () => {
  it('keeps two users apart', async () => {
    model = new EchoTaskModel();
    const users = [await signUp(stack.api.url), await signUp(stack.api.url)];
    const turns = users.flatMap((user, index) =>
      [1, 2, 3, 4, 5].map((turn) => chat(user, { message: `user ${index} task ${turn}` })),
    );
    const responses = await Promise.all(turns);
    for (const response of responses) expect(response.status).toBe(200);

    for (const [index, user] of users.entries()) {
      const titles = (await listAll(user)).map((task) => task.title).sort();
      expect(titles).toEqual([1, 2, 3, 4, 5].map((turn) => `user ${index} task ${turn}`));
    }
  });
});

describe('POST /api/{user_id}/chat input and access', () => {
  it('rejects a request without a token with 401', async () => {
    const user = await signUp(stack.api.url);
    const response = await postJson(`${stack.agentUrl}/api/${user.id}/chat`, { message: 'hi' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it("rejects another user's path with 403", async () => {
    const user = await signUp(stack.api.url);
    const other = await signUp(stack.api.url);
    const response = await postJson(
      `${stack.agentUrl}/api/${other.id}/chat`,
      { message: 'hi' },
      { authorization: `Bearer ${user.token}` },
    );
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it("answers 404 for another user's conversation", async () => {
    const user = await signUp(stack.api.url);
    const other = await signUp(stack.api.url);
    model = new ScriptedModel([[assistantMessage('Hello.')]]);
    const theirs = await chat(other, { message: 'private note' });

    const response = await chat(user, {
      conversation_id: theirs.body.conversation_id,
      message: 'hi',
    });
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('private note');
  });

  it.each([
    ['a missing message', {}, 'message'],
    ['a blank message', { message: '   ' }, 'message'],
    ['a message of 4001 characters', { message: 'x'.repeat(4001) }, 'message'],
    ['a zone abbreviation', { message: 'hi', time_zone: 'PKT' }, 'time_zone'],
    ['an unknown field', { message: 'hi', extra: true }, '(body)'],
  ])('rejects %s with 422', async (_case, body, field) => {
    const user = await signUp(stack.api.url);
    const response = await chat(user, body);
    expect(response.status).toBe(422);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toContain(field);
  });

  it('rejects a body that is not JSON with 415', async () => {
    const user = await signUp(stack.api.url);
    const response = await fetch(`${stack.agentUrl}/api/${user.id}/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(415);
  });
});

describe('health', () => {
  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${stack.agentUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.agentUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
