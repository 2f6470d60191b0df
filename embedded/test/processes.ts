// Runs Fehrist's services as separate Node processes on 127.0.0.1, the way a deployment runs
// them, and reads their Prometheus metrics.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Lines of output kept per process, shown when it fails.
const KEPT_LINES = 200;

export type ServiceName = 'sync-api' | 'notifier' | 'agent';

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  url: string;
  /** Output lines so far, stdout and stderr, the latest KEPT_LINES of them. */
  output: string[];
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<string>;
  /** Parsed JSON log lines (pino) so far. */
  logs(): Record<string, unknown>[];
  kill(signal: NodeJS.Signals): void;
  /** Sends SIGTERM, then SIGKILL if the process still runs after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}

/**
 * Starts `<name>/src/main.ts` in a Node process of its own with exactly `env` (plus PATH and
 * HOME), so nothing leaks in from the test's environment, such as an OpenAI key. tsx is loaded
 * with `--import` in that one process: its CLI would run the service in a child process of its
 * own, and a SIGKILL to the CLI would leave that child running.
 */
export function startService(
  name: ServiceName,
  port: number,
  env: Record<string, string>,
): ServiceProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', `${name}/src/main.ts`], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  running.add(child);

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > KEPT_LINES) output.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(signal ?? `exit code ${code}`);
    });
  });

  return {
    name,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    output,
    exited,
    logs: () => output.flatMap((line) => (line.startsWith('{') ? [parseJson(line)] : [])),
    kill: (signal) => child.kill(signal),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

const running = new Set<ChildProcess>();

// A worker that exits without running the test's afterAll still takes its services with it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** True while a process with this id exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls `GET /readyz` until it returns 200. Fails at once if the process ends, and after
 * `timeoutMs` otherwise, with the process's latest output.
 */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: string | undefined;
  void service.exited.then((how) => {
    ended = how;
  });
  for (;;) {
    if (ended !== undefined) {
      throw new Error(`${service.name} ended (${ended}) before it was ready:\n${tail(service)}`);
    }
    try {
      const response = await fetch(`${service.url}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${service.name} was not ready after ${timeoutMs} ms:\n${tail(service)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function tail(service: ServiceProcess, lines = 40): string {
  return service.output.slice(-lines).join('\n');
}

function parseJson(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return {};
  }
}
