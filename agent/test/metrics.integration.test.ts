import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Sample, sampleSum, scrape } from '../../sync-api/test/metrics-support';
import { callTool, connectMcp, postJson, type Stack, signUp, startStack } from './support';

// Without OPENAI_API_KEY and OPENAI_BASE_URL, the service runs the offline command model.
let stack: Stack;

beforeAll(async () => {
  stack = await startStack(inject('databaseUrl'), { env: {}, serveMetrics: true });
});
afterAll(async () => {
  await stack?.close();
});

async function samples(): Promise<Sample[]> {
  return (await scrape(stack.agentUrl)).samples;
}

describe('GET /metrics of the agent', () => {
  it('counts a chat turn and its tool call', async () => {
    const user = await signUp(stack.api.url);
    const before = await samples();

    const response = await postJson(
      `${stack.agentUrl}/api/${user.id}/chat`,
      { message: 'add buy milk tomorrow', time_zone: 'UTC' },
      { authorization: `Bearer ${user.token}` },
    );
    expect(response.status, response.text).toBe(200);
    const after = await samples();

    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(
      delta('fehrist_agent_chat_turns_total', { model: 'offline', outcome: 'completed' }),
    ).toBe(1);
    expect(delta('fehrist_agent_tool_calls_total', { tool: 'add_task', outcome: 'ok' })).toBe(1);
    expect(
      delta('fehrist_agent_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/:user_id/chat',
        status: '200',
      }),
    ).toBe(1);
  });

  it('counts failed and invalid tool calls', async () => {
    const user = await signUp(stack.api.url);
    const client = await connectMcp(stack.agentUrl, user.token);
    const before = await samples();

    const failed = await callTool(client, 'complete_task', { id: randomUUID() });
    await expect(client.callTool({ name: 'add_task', arguments: { title: 42 } })).rejects.toThrow();
    await expect(client.callTool({ name: 'launch_rocket', arguments: {} })).rejects.toThrow();
    await client.close();
    const after = await samples();

    const delta = (labels: Record<string, string>) =>
      sampleSum(after, 'fehrist_agent_tool_calls_total', labels) -
      sampleSum(before, 'fehrist_agent_tool_calls_total', labels);
    expect(failed.isError).toBe(true);
    expect(delta({ tool: 'complete_task', outcome: 'failed' })).toBe(1);
    expect(delta({ tool: 'add_task', outcome: 'invalid' })).toBe(1);
    expect(delta({ tool: 'unknown', outcome: 'invalid' })).toBe(1);
  });

  it('keeps user ids out of the labels', async () => {
    const user = await signUp(stack.api.url);
    await postJson(
      `${stack.agentUrl}/api/${user.id}/chat`,
      { message: 'show my tasks', time_zone: 'UTC' },
      { authorization: `Bearer ${user.token}` },
    );

    const { text } = await scrape(stack.agentUrl);

    expect(text).not.toContain(user.id);
  });
});
