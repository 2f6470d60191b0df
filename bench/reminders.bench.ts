// Reminder benchmark: 10,000 reminders due within one minute go through sync-api's outbox, the
// in-process bus and the notifier's built-in scheduler to web-push-testing, which runs in a
// child process. Prints lateness percentiles, duplicates and misses; fails unless both are 0.
// Run with `npm run bench -- reminders`.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { InProcessEventBus, type Mutation } from '@fehrist/domain';
import pg from 'pg';
import webpush from 'web-push';

const USERS = 50;
const TASKS_PER_USER = 200;
const REMINDERS = USERS * TASKS_PER_USER;
const WINDOW_MS = 60_000;
// Time from the first task write to the first reminder: creating and scheduling 10,000 tasks
// must fit in it, which the bench checks.
const LEAD_MS = 45_000;
// How long after the window the bench still waits for pushes before counting misses.
const DRAIN_MS = 20_000;
const TIME_LIMIT_MS = 4 * 60_000;

// Info logs for 10,000 reminders would dominate the measured time.
process.env.LOG_LEVEL ??= 'warn';
const { startPostgres } = await import('../scripts/services/postgres.mjs');
const { startServer } = await import('../sync-api/src/server');
const { startNotifier } = await import('../notifier/src/notifier');

interface Receiver {
  url: string;
  process: ChildProcess;
}

interface Arrival {
  clientHash: string;
  at: number;
  text: string;
}

/** Starts bench/reminders-push-receiver.cjs and reads its URL from the first output line. */
async function startReceiver(): Promise<Receiver> {
  const script = fileURLToPath(new URL('./reminders-push-receiver.cjs', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    sleep(15_000).then(() => {
      throw new Error('the push receiver did not start within 15 s');
    }),
  ]);
  return { url: (JSON.parse(first) as { url: string }).url, process: child };
}

async function receiverCpuMs(receiver: Receiver): Promise<number> {
  const { cpuMs } = (await (await fetch(`${receiver.url}/bench/cpu`)).json()) as { cpuMs: number };
  return cpuMs;
}

async function post<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} returned ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface BenchUser {
  id: string;
  token: string;
}

async function signUp(baseUrl: string): Promise<BenchUser> {
  const response = await fetch(new URL('/api/auth/sign-up/email', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({
      email: `bench-${randomUUID()}@example.com`,
      password: 'correct horse battery',
      name: 'Bench',
    }),
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

/** Deterministic pseudo-random numbers in [0, 1), so every run spreads reminders alike. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function main(): Promise<boolean> {
  const postgres = await startPostgres();
  const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-bench-reminders-'));
  const vapid = { subject: 'mailto:bench@example.com', ...webpush.generateVAPIDKeys() };
  const bus = new InProcessEventBus();
  const db = new pg.Pool({ connectionString: postgres.url, max: 2 });
  const receiver = await startReceiver();
  // The notifier subscribes first because the in-process bus drops events of a topic without subscribers.
  const notifier = await startNotifier({
    databaseUrl: postgres.url,
    eventBus: bus,
    vapid,
    env: {},
    allowInsecureEndpoints: true,
  });
  const server = await startServer({
    databaseUrl: postgres.url,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    authSecret: 'bench-secret-that-is-long-enough-for-better-auth',
    signUpRateLimit: { max: 10_000, windowSeconds: 60 },
    signInRateLimit: { max: 10_000, windowSeconds: 60 },
    eventBus: bus,
    vapidPublicKey: vapid.publicKey,
    env: { PUSH_ALLOW_INSECURE_ENDPOINTS: 'true' },
  });

  try {
    // One push subscription per user, at the receiver.
    const users: (BenchUser & { clientHash: string })[] = [];
    for (let index = 0; index < USERS; index++) {
      const user = await signUp(server.url);
      const { data } = await post<{
        data: { endpoint: string; keys: unknown; clientHash: string };
      }>(`${receiver.url}/subscribe`, {
        applicationServerKey: vapid.publicKey,
        userVisibleOnly: 'true',
      });
      await post(
        new URL(`/api/${user.id}/push-subscriptions`, server.url).href,
        { endpoint: data.endpoint, keys: data.keys },
        { authorization: `Bearer ${user.token}` },
      );
      users.push({ ...user, clientHash: data.clientHash });
    }

    // Every reminder falls in [windowStart, windowStart + 1 minute), spread at random.
    const writesStarted = Date.now();
    const windowStart = writesStarted + LEAD_MS;
    const random = seededRandom(20261205);
    const expected = new Map<string, number>();
    for (const user of users) {
      const clientID = randomUUID();
      const mutations: Mutation[] = [];
      for (let index = 0; index < TASKS_PER_USER; index++) {
        const id = randomUUID();
        const remindAt = new Date(windowStart + Math.floor(random() * WINDOW_MS)).toISOString();
        expected.set(`${id}/${remindAt}`, Date.parse(remindAt));
        mutations.push({
          clientID,
          id: index + 1,
          name: 'createTask',
          args: { id, title: `Reminder ${index}`, reminders: [{ at: remindAt }] },
          timestamp: Date.now(),
        });
      }
      await post(
        new URL(`/api/${user.id}/sync/push`, server.url).href,
        { clientGroupID: randomUUID(), mutations },
        { authorization: `Bearer ${user.token}` },
      );
    }
    const writesMs = Date.now() - writesStarted;

    for (;;) {
      const { rows } = await db.query<{ count: string }>(`select count(*) from reminder_job`);
      if (Number(rows[0]?.count) >= REMINDERS) break;
      if (Date.now() > windowStart) {
        throw new Error(
          `only ${rows[0]?.count} of ${REMINDERS} jobs were scheduled before the first was due; raise LEAD_MS`,
        );
      }
      await sleep(100);
    }
    const scheduledMs = Date.now() - writesStarted;

    // CPU time from here on is spent firing: both figures include idle waiting, which is small.
    const cpuBefore = process.cpuUsage();
    const receiverCpuBefore = await receiverCpuMs(receiver);

    // Wait for the window to pass, then for the stragglers.
    const deadline = windowStart + WINDOW_MS + DRAIN_MS;
    let arrivals: Arrival[] = [];
    while (Date.now() < deadline) {
      await sleep(1_000);
      if (Date.now() < windowStart + WINDOW_MS) continue;
      arrivals = (await (await fetch(`${receiver.url}/bench/arrivals`)).json()) as Arrival[];
      if (arrivals.length >= REMINDERS) break;
    }
    arrivals = (await (await fetch(`${receiver.url}/bench/arrivals`)).json()) as Arrival[];
    const cpu = process.cpuUsage(cpuBefore);
    const notifierCpuMs = (cpu.user + cpu.system) / 1000;
    const receiverCpu = (await receiverCpuMs(receiver)) - receiverCpuBefore;

    // Lateness counts from the reminder instant to the push service accepting the push.
    const firstArrival = new Map<string, number>();
    let duplicates = 0;
    for (const arrival of arrivals) {
      const payload = JSON.parse(arrival.text) as { task_id: string; remind_at: string };
      const key = `${payload.task_id}/${payload.remind_at}`;
      if (firstArrival.has(key)) duplicates++;
      else firstArrival.set(key, arrival.at);
    }
    const lateness: number[] = [];
    let misses = 0;
    for (const [key, due] of expected) {
      const at = firstArrival.get(key);
      if (at === undefined) misses++;
      else lateness.push(at - due);
    }
    lateness.sort((a, b) => a - b);
    const { rows: outcomes } = await db.query<{ status: string; late: boolean; count: string }>(
      `select status, late, count(*) from reminder_delivery group by status, late order by status, late`,
    );

    const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
    const rows = [
      ['reminders due within one minute', format(REMINDERS), ''],
      ['task writes (sync push, 50 users x 200)', format(writesMs), 'ms'],
      ['all jobs scheduled after the first write', format(scheduledMs), 'ms'],
      ['lateness p50', format(percentile(lateness, 0.5)), 'ms'],
      ['lateness p99', format(percentile(lateness, 0.99)), 'ms'],
      ['lateness max', format(lateness[lateness.length - 1] ?? Number.NaN), 'ms'],
      ['CPU per reminder, notifier process', (notifierCpuMs / REMINDERS).toFixed(2), 'ms'],
      ['CPU per reminder, push receiver', (receiverCpu / REMINDERS).toFixed(2), 'ms'],
      ['duplicates', format(duplicates), ''],
      ['misses', format(misses), ''],
    ];
    printTable(['measurement', 'value', 'unit'], rows);
    console.log(
      `delivery rows: ${outcomes.map((row) => `${row.status}${row.late ? ' (late)' : ''} ${row.count}`).join(', ')}`,
    );
    return duplicates === 0 && misses === 0;
  } finally {
    await server.close();
    await notifier.close();
    await db.end();
    receiver.process.kill();
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

const limit = setTimeout(() => {
  console.error(`reminders bench: still running after ${TIME_LIMIT_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, TIME_LIMIT_MS);
limit.unref();

const passed = await main();
clearTimeout(limit);
if (!passed) {
  console.error('reminders bench: duplicates and misses must both be 0');
  process.exitCode = 1;
}
