// Chat agent benchmark against a throwaway PostgreSQL: one chat turn through
// `POST /api/{user_id}/chat` with a scripted model (one add_task call, then a reply) versus
// the one REST call that turn makes, and the same call as an MCP tool call. With the offline
// command parser present, also its latency per utterance. Run with `npm run bench -- chat`.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  AgentInputItem,
  Model,
  ModelRequest,
  ModelResponse,
  StreamEvent,
} from '@openai/agents';
import { Usage } from '@openai/agents';

const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const ROUNDS = 5;
const WARM_UP = 20;
const UTTERANCE_RUNS = 200;
// Every step is bounded by count; this stops a run that hangs anyway.
const TIME_LIMIT_MS = 10 * 60_000;

// Request logs at info level would dominate the measured time.
process.env.LOG_LEVEL ??= 'warn';
const { startPostgres } = await import('../scripts/services/postgres.mjs');
const { startServer } = await import('../sync-api/src/server');
const { createAgentService } = await import('../agent/src/service');
const { domainCommandParser } = await import('../agent/src/model/command-parser');
const { OfflineCommandModel } = await import('../agent/src/model/offline-model');

interface BenchUser {
  id: string;
  token: string;
}

/**
 * A test double for the language model. The first call of a turn returns an add_task call
 * with a fresh title, and the second (after the tool result) returns one sentence. It costs
 * nothing, so the turn's time is the agent's own work plus the REST call.
 */
class AddTaskScript implements Model {
  private count = 0;

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input = request.input as AgentInputItem[];
    const last = input[input.length - 1];
    const output =
      last && 'type' in last && last.type === 'function_call_result'
        ? [
            {
              type: 'message' as const,
              role: 'assistant' as const,
              status: 'completed' as const,
              content: [{ type: 'output_text' as const, text: 'Added.' }],
            },
          ]
        : [
            {
              type: 'function_call' as const,
              callId: `call_${++this.count}`,
              name: 'add_task',
              arguments: JSON.stringify(taskFields(this.count)),
              status: 'completed' as const,
            },
          ];
    return { output, usage: new Usage({ requests: 1 }) };
  }

  // biome-ignore lint/correctness/useYield: the chat endpoint never streams; this stays unused.
  async *getStreamedResponse(): AsyncIterable<StreamEvent> {
    throw new Error('the bench model does not stream');
  }
}

function taskFields(index: number) {
  return {
    title: `Task ${index}: buy groceries for the week`,
    description: 'Milk, eggs, bread and tea',
    priority: 'medium',
    tags: ['home', 'errand'],
    due_date: '2027-08-08',
    due_time: '18:00',
  };
}

async function signUp(baseUrl: string): Promise<BenchUser> {
  const email = `bench-${randomUUID()}@example.com`;
  const response = await fetch(new URL('/api/auth/sign-up/email', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: 'correct horse battery', name: 'Bench' }),
  });
  if (response.status !== 200) throw new Error(`sign-up failed with ${response.status}`);
  const { user } = (await response.json()) as { user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  const tokenResponse = await fetch(new URL('/api/auth/token', baseUrl), { headers: { cookie } });
  const { token } = (await tokenResponse.json()) as { token: string };
  return { id: user.id, token };
}

async function post(url: string, token: string, body: unknown, expected: number): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`POST ${url} returned ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Times each call of `work` separately, in milliseconds. */
async function timeEach(count: number, work: (index: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await work(index);
    times.push(performance.now() - started);
  }
  return times;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

const ms = (value: number) => value.toFixed(value < 1 ? 3 : 1);

async function main(): Promise<void> {
  const postgres = await startPostgres();
  const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-bench-'));
  const api = await startServer({
    databaseUrl: postgres.url,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    authSecret: 'bench-secret-that-is-long-enough-for-better-auth',
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
    env: {},
  });
  const agentServer = createServer();
  await new Promise<void>((resolve) => agentServer.listen(0, '127.0.0.1', resolve));
  const agentUrl = `http://127.0.0.1:${(agentServer.address() as AddressInfo).port}`;
  const agent = await createAgentService({
    selfUrl: agentUrl,
    syncApiUrl: api.url,
    databaseUrl: postgres.url,
    env: {},
    model: new AddTaskScript(),
  });
  agentServer.on('request', (req, res) => void agent.handle(req, res));

  try {
    const user = await signUp(api.url);
    const mcp = new Client({ name: 'bench', version: '1.0.0' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', agentUrl), {
        requestInit: { headers: { authorization: `Bearer ${user.token}` } },
      }),
    );
    const rest = (index: number) =>
      post(`${api.url}/api/${user.id}/tasks`, user.token, taskFields(index), 201).then(
        () => undefined,
      );
    const tool = async (index: number) => {
      const result = await mcp.callTool({ name: 'add_task', arguments: taskFields(index) });
      if (result.isError) throw new Error(`add_task failed: ${JSON.stringify(result.content)}`);
    };
    // A new conversation each turn, so every turn carries the same (empty) history.
    const turn = () =>
      post(
        `${agentUrl}/api/${user.id}/chat`,
        user.token,
        { message: 'add the groceries task' },
        200,
      ).then(() => undefined);

    // Warm up the JIT compiler, connection pools and query plans of all three paths.
    await timeEach(WARM_UP, rest);
    await timeEach(WARM_UP, tool);
    await timeEach(WARM_UP, turn);

    const restTimes: number[] = [];
    const toolTimes: number[] = [];
    const turnTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      restTimes.push(...(await timeEach(TURNS / ROUNDS, rest)));
      toolTimes.push(...(await timeEach(TURNS / ROUNDS, tool)));
      turnTimes.push(...(await timeEach(TURNS / ROUNDS, turn)));
    }
    await mcp.close();

    const restP50 = percentile(restTimes, 0.5);
    console.log(
      `\nChat turn with a scripted model vs its REST call (${TURNS} of each, ${ROUNDS} rounds)\n`,
    );
    console.log('| path | p50 ms | p99 ms | p50 / REST p50 |');
    console.log('|---|---|---|---|');
    for (const [name, times] of [
      ['REST POST /api/{user_id}/tasks', restTimes],
      ['MCP tools/call add_task', toolTimes],
      ['chat turn POST /api/{user_id}/chat', turnTimes],
    ] as const) {
      const p50 = percentile(times, 0.5);
      console.log(
        `| ${name} | ${ms(p50)} | ${ms(percentile(times, 0.99))} | ${(p50 / restP50).toFixed(1)} |`,
      );
    }
    console.log(
      `\nagent overhead per turn (p50 turn minus p50 REST): ${ms(percentile(turnTimes, 0.5) - restP50)} ms`,
    );
  } finally {
    agentServer.closeAllConnections();
    await new Promise<void>((resolve) => agentServer.close(() => resolve()));
    await agent.close();
    await api.close();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  await benchOfflineModel();
}

const UTTERANCES = [
  'add buy milk tomorrow at 9am',
  'remind me to call the bank tomorrow at 10',
  'show my overdue tasks',
  'complete buy milk',
  'delete the dentist task',
  'reschedule my morning meetings to 2 PM',
  'کل صبح نو بجے دودھ خریدنا یاد دلانا',
  'میرے کام دکھاؤ',
  'kal subah 9 baje doodh lene ki yaad dilana',
  'doodh khareedna mukammal karo',
];

const TOOL_NAMES = [
  'add_task',
  'list_tasks',
  'get_task',
  'update_task',
  'complete_task',
  'delete_task',
  'reschedule_tasks',
  'set_reminder',
];

/** Times the offline model's step (parse, then a tool call or a reply) per utterance. */
async function benchOfflineModel(): Promise<void> {
  const parser = domainCommandParser;
  const now = new Date('2026-12-04T10:00:00Z');

  const times: number[] = [];
  for (let run = 0; run < UTTERANCE_RUNS; run++) {
    for (const text of UTTERANCES) {
      const started = performance.now();
      parser.parseCommand(text, { now, timeZone: 'Asia/Karachi' });
      times.push(performance.now() - started);
    }
  }

  const modelTimes: number[] = [];
  const model = new OfflineCommandModel({ parser, timeZone: 'Asia/Karachi', now: () => now });
  const tools = TOOL_NAMES.map((name) => ({
    type: 'function' as const,
    name,
    description: '',
    parameters: {},
    strict: false,
  }));
  for (let run = 0; run < UTTERANCE_RUNS; run++) {
    for (const text of UTTERANCES) {
      const started = performance.now();
      await model.getResponse({
        input: [{ role: 'user', content: text }],
        modelSettings: {},
        tools: tools as ModelRequest['tools'],
        outputType: 'text',
        handoffs: [],
        tracing: false,
      });
      modelTimes.push(performance.now() - started);
    }
  }

  console.log(
    `\noffline command model, ${UTTERANCES.length} utterances (English, Urdu, Roman Urdu) × ${UTTERANCE_RUNS}:`,
  );
  console.log('| step | p50 ms | p99 ms |');
  console.log('|---|---|---|');
  console.log(`| parseCommand | ${ms(percentile(times, 0.5))} | ${ms(percentile(times, 0.99))} |`);
  console.log(
    `| model step (parse + tool call) | ${ms(percentile(modelTimes, 0.5))} | ${ms(percentile(modelTimes, 0.99))} |`,
  );
}

const deadline = setTimeout(() => {
  console.error(`chat bench: still running after ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

await main();
clearTimeout(deadline);
