import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Task } from '@fehrist/domain';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestServer, type TestServer, type TestUser } from '../../sync-api/test/support';
import { type AgentService, type AgentServiceOptions, createAgentService } from '../src/service';

export { signUp, type TestUser } from '../../sync-api/test/support';

export interface Stack {
  api: TestServer;
  agentUrl: string;
  service: AgentService;
  close(): Promise<void>;
}

/** Starts the real sync API and the agent service, both on 127.0.0.1 ports of their own. */
export async function startStack(
  databaseUrl: string,
  options: Partial<AgentServiceOptions> = {},
): Promise<Stack> {
  const api = await startTestServer(databaseUrl);
  const server = createServer();
  const port = await listen(server);
  const agentUrl = `http://127.0.0.1:${port}`;
  let service: AgentService;
  try {
    service = await createAgentService({
      selfUrl: agentUrl,
      syncApiUrl: api.url,
      databaseUrl,
      env: {},
      serveHealth: true,
      ...options,
    });
  } catch (error) {
    server.close();
    await api.close();
    throw error;
  }
  server.on('request', (req, res) => {
    void service.handle(req, res).then((served) => {
      if (!served) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  return {
    api,
    agentUrl,
    service,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
      await api.close();
    },
  };
}

export function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Connects an MCP client to the agent's `/mcp` as the given user. */
export async function connectMcp(
  agentUrl: string,
  token: string,
  timeZone?: string,
): Promise<Client> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (timeZone) headers['x-time-zone'] = timeZone;
  const client = new Client({ name: 'fehrist-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', agentUrl), { requestInit: { headers } }),
  );
  return client;
}

/** Calls a tool and returns its result with the JSON of a successful call parsed. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of results of many shapes.
): Promise<{ isError: boolean; text: string; json: any }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  let json: unknown;
  if (!result.isError) json = result.structuredContent ?? JSON.parse(text);
  return { isError: result.isError === true, text, json };
}

/** Creates a task through REST, failing the test unless it was created. */
export async function createTask(user: TestUser, fields: Record<string, unknown>): Promise<Task> {
  const response = await user.api<Task>('POST', `/api/${user.id}/tasks`, fields);
  if (response.status !== 201) {
    throw new Error(
      `creating a task failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}

/** Reads every live task of the user through REST. */
export async function listAll(user: TestUser): Promise<Task[]> {
  const response = await user.api<{ tasks: Task[] }>('GET', `/api/${user.id}/tasks?limit=500`);
  if (response.status !== 200) throw new Error(`listing tasks failed with ${response.status}`);
  return response.body.tasks;
}

/** Sends a JSON request and parses the JSON response. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON bodies of many shapes.
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text && type.includes('json') ? JSON.parse(text) : undefined,
  };
}
