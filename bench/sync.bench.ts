// Sync API benchmark against a throwaway PostgreSQL: creates through sync push in batches
// versus one REST POST per task, and the time and size of a full pull. Run with `npm run bench`.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mutation, PullResponse } from '@fehrist/domain';
import { formatNumber as format, median, timed } from './figures';

const PUSH_TASKS = 5_000;
const PUSH_BATCH = 100;
const REST_TASKS = 1_000;
// Push and REST take turns in rounds, so a change in machine load hits both alike.
const ROUNDS = 5;
const PULL_TASKS = 10_000;
const PULL_RUNS = 5;
const WARM_UP_TASKS = 100;
// Every step is bounded by count; this stops a run that hangs on the database.
const TIME_LIMIT_MS = 10 * 60_000;

// Request logs at info level would dominate the measured time.
process.env.LOG_LEVEL ??= 'warn';
const { startPostgres } = await import('../scripts/services/postgres.mjs');
const { startServer } = await import('../sync-api/src/server');

interface BenchUser {
  id: string;
  token: string;
}

async function signUp(baseUrl: string): Promise<BenchUser> {
  const email = `bench-${randomUUID()}@example.com`;
  const response = await fetch(new URL('/api/auth/sign-up/email', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: 'correct horse battery', name: 'Bench' }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-up failed with ${response.status}: ${await response.text()}`);
  }
  const { user } = (await response.json()) as { user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  const tokenResponse = await fetch(new URL('/api/auth/token', baseUrl), { headers: { cookie } });
  const { token } = (await tokenResponse.json()) as { token: string };
  return { id: user.id, token };
}

/** Sends one JSON request and returns the raw body; throws unless the status is `expected`. */
async function send(
  baseUrl: string,
  user: BenchUser,
  path: string,
  body: unknown,
  expected: number,
): Promise<ArrayBuffer> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
    body: JSON.stringify(body),
  });
  const raw = await response.arrayBuffer();
  if (response.status !== expected) {
    throw new Error(`POST ${path} returned ${response.status}: ${Buffer.from(raw).toString()}`);
  }
  return raw;
}

/** A client that numbers its createTask mutations, pushed in batches. */
class Pusher {
  private readonly clientGroupID = randomUUID();
  private readonly clientID = randomUUID();
  private nextID = 1;

  constructor(
    private readonly baseUrl: string,
    private readonly user: BenchUser,
  ) {}

  async createTasks(count: number, batch: number): Promise<void> {
    for (let done = 0; done < count; done += batch) {
      const mutations: Mutation[] = [];
      for (let index = 0; index < Math.min(batch, count - done); index++) {
        mutations.push({
          clientID: this.clientID,
          id: this.nextID++,
          name: 'createTask',
          args: taskArgs(done + index),
          timestamp: Date.now(),
        });
      }
      const raw = await send(
        this.baseUrl,
        this.user,
        `/api/${this.user.id}/sync/push`,
        { clientGroupID: this.clientGroupID, mutations },
        200,
      );
      const { rejected } = JSON.parse(Buffer.from(raw).toString()) as { rejected: unknown[] };
      if (rejected.length > 0) throw new Error(`push rejected ${rejected.length} mutations`);
    }
  }
}

/** Builds a task with the fields people usually fill in, so rows are of a realistic size. */
function taskArgs(index: number) {
  return {
    id: randomUUID(),
    title: `Task ${index}: buy groceries for the week`,
    description: 'Milk, eggs, bread and tea',
    priority: (['none', 'low', 'medium', 'high'] as const)[index % 4],
    tags: ['home', 'errand'],
    due_date: '2026-08-08',
    due_time: '18:00',
    time_zone: 'Asia/Karachi',
  };
}

async function createByRest(baseUrl: string, user: BenchUser, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await send(baseUrl, user, `/api/${user.id}/tasks`, taskArgs(index), 201);
  }
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-bench-'));
  const server = await startServer({
    databaseUrl: postgres.url,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    authSecret: 'bench-secret-that-is-long-enough-for-better-auth',
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
    env: {},
  });

  try {
    const user = await signUp(server.url);
    const pusher = new Pusher(server.url, user);

    // Warm both paths up (JIT, connection pool, query plans) before timing them.
    await pusher.createTasks(WARM_UP_TASKS, PUSH_BATCH);
    await createByRest(server.url, user, WARM_UP_TASKS / 10);

    let pushMs = 0;
    let restMs = 0;
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const roundPushMs = await timed(() => pusher.createTasks(PUSH_TASKS / ROUNDS, PUSH_BATCH));
      const roundRestMs = await timed(() => createByRest(server.url, user, REST_TASKS / ROUNDS));
      pushMs += roundPushMs;
      restMs += roundRestMs;
      roundRatios.push(PUSH_TASKS / roundPushMs / (REST_TASKS / roundRestMs));
    }

    const existing = WARM_UP_TASKS + WARM_UP_TASKS / 10 + PUSH_TASKS + REST_TASKS;
    await pusher.createTasks(PULL_TASKS - existing, 1_000);
    const pullMs: number[] = [];
    let pullBytes = 0;
    let pulledTasks = 0;
    for (let run = 0; run < PULL_RUNS; run++) {
      const started = performance.now();
      const raw = await send(
        server.url,
        user,
        `/api/${user.id}/sync/pull`,
        { clientGroupID: randomUUID(), cookie: null },
        200,
      );
      const body = JSON.parse(Buffer.from(raw).toString()) as PullResponse;
      pullMs.push(performance.now() - started);
      pullBytes = raw.byteLength;
      pulledTasks = body.patch.filter((operation) => operation.op === 'put').length;
    }
    if (pulledTasks !== PULL_TASKS) {
      throw new Error(`full pull returned ${pulledTasks} tasks, expected ${PULL_TASKS}`);
    }

    const pushRate = PUSH_TASKS / (pushMs / 1000);
    const restRate = REST_TASKS / (restMs / 1000);
    const rows = [
      [
        `sync push, ${format(PUSH_TASKS)} creates in batches of ${PUSH_BATCH}`,
        format(pushRate),
        'mutations/s',
      ],
      [`REST POST, ${format(REST_TASKS)} creates, one per request`, format(restRate), 'tasks/s'],
      ['ratio: sync push over REST POST (the baseline)', format(pushRate / restRate, 1), 'x'],
      [
        `full pull of ${format(PULL_TASKS)} tasks, median of ${PULL_RUNS}`,
        format(median(pullMs)),
        'ms',
      ],
      [`full pull of ${format(PULL_TASKS)} tasks, response size`, format(pullBytes), 'bytes'],
    ];
    printTable(['measurement', 'value', 'unit'], rows);
    console.log(
      `ratio per round: ${roundRatios.map((ratio) => format(ratio, 1)).join(', ')}; ` +
        `push total ${format(pushMs)} ms, REST total ${format(restMs)} ms; ` +
        `pull times (ms): ${pullMs.map((ms) => format(ms)).join(', ')}; requests run one at a time`,
    );
  } finally {
    await server.close();
    postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

const deadline = setTimeout(() => {
  console.error(`sync bench: still running after ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

await main();
clearTimeout(deadline);
