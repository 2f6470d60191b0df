// A throwaway PostgreSQL cluster for integration tests: a temp folder, 127.0.0.1 only, a free port,
// and durability settings off because the data is deleted when the tests end.
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { aptInstall, isRoot } from './apt.mjs';

const databaseName = 'fehrist_test';
const readyTimeoutMs = 30_000;
const startAttempts = 3;
const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Returns the newest /usr/lib/postgresql/<major>/bin that contains initdb, or null. */
function findPostgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) {
    return null;
  }
  const majors = readdirSync(base)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(base, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? join(base, majors[0], 'bin') : null;
}

function requirePostgresBin() {
  let bin = findPostgresBin();
  if (bin === null && isRoot()) {
    aptInstall(['postgresql']);
    bin = findPostgresBin();
  }
  if (bin === null) {
    throw new Error(
      'PostgreSQL server binaries are missing: no /usr/lib/postgresql/<version>/bin/initdb found. ' +
        'Install them with "sudo apt-get install -y postgresql", or set TEST_DATABASE_URL to an ' +
        'existing server, then run the tests again.',
    );
  }
  return bin;
}

function lookUpPostgresUser() {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      'the "postgres" user is missing, and initdb exits with an error when run as root. ' +
        'Reinstall the postgresql package, which creates that user, or run the tests as a non-root user.',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a new PostgreSQL cluster and creates the database `fehrist_test` in it.
 * Returns its connection URL and stop(), which shuts the server down and deletes its folder.
 * The cluster is also stopped when this process exits or receives SIGINT, SIGTERM or SIGHUP,
 * but not when it is killed with SIGKILL.
 */
export async function startPostgres() {
  const bin = requirePostgresBin();
  const version = bin.split('/').at(-2);
  const asRoot = isRoot();

  const dir = mkdtempSync(join(tmpdir(), 'fehrist-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  if (asRoot) {
    const { uid, gid } = lookUpPostgresUser();
    chownSync(dir, uid, gid);
  }

  // Runs a server binary. As root it runs it as the postgres user, because initdb and postgres exit
  // with an error when run as root.
  const runServerTool = (tool, args) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const commandArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    return spawnSync(command, commandArgs, { cwd: dir, encoding: 'utf8' });
  };
  const describeFailure = (tool, result) =>
    `${tool} failed (${result.error?.message ?? `exit ${result.status}`}): ` +
    `${(result.stderr || result.stdout || '').trim()}`;

  let stopped = false;
  const stopSync = (mode) => {
    if (stopped) {
      return;
    }
    stopped = true;
    for (const signal of exitSignals) {
      process.off(signal, onSignal);
    }
    process.off('exit', onExit);
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      const result = runServerTool('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w']);
      if (result.status !== 0) {
        console.error(`[postgres] ${describeFailure('pg_ctl stop', result)}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const onExit = () => stopSync('immediate');
  const onSignal = (signal) => {
    stopSync('fast');
    console.log(`[postgres] stopped the cluster in ${dir} on ${signal}`);
    // Adding a listener replaced the default action, so without another listener the process would
    // keep running. Re-raising the signal now that ours is removed ends it as the default would.
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
    }
  };
  process.once('exit', onExit);
  for (const signal of exitSignals) {
    process.once(signal, onSignal);
  }

  try {
    initCluster(runServerTool, describeFailure, dataDir);
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        '',
      ].join('\n'),
    );

    const port = await startServer(runServerTool, describeFailure, dataDir, logFile);
    await waitUntilReady(bin, port, logFile);

    const createdb = spawnSync(
      join(bin, 'createdb'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', databaseName],
      { encoding: 'utf8' },
    );
    if (createdb.status !== 0) {
      throw new Error(describeFailure(`createdb ${databaseName}`, createdb));
    }

    console.log(
      `[postgres] started PostgreSQL ${version} on 127.0.0.1:${port}, data in ${dataDir}`,
    );
    return {
      url: `postgres://postgres@127.0.0.1:${port}/${databaseName}`,
      stop() {
        if (stopped) {
          return;
        }
        stopSync('fast');
        console.log(`[postgres] stopped 127.0.0.1:${port} and deleted ${dir}`);
      },
    };
  } catch (error) {
    stopSync('immediate');
    throw error;
  }
}

function initCluster(runServerTool, describeFailure, dataDir) {
  const initdb = (locale) =>
    runServerTool('initdb', [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
      `--locale=${locale}`,
    ]);

  let result = initdb('C.UTF-8');
  if (result.status !== 0 && /locale/i.test(`${result.stderr}${result.stdout}`)) {
    // Some minimal images lack the C.UTF-8 locale. Plain C also compares strings bytewise.
    rmSync(dataDir, { recursive: true, force: true });
    result = initdb('C');
  }
  if (result.status !== 0) {
    throw new Error(describeFailure('initdb', result));
  }
}

/** Starts the server on a free port, retrying with another port if one was taken meanwhile. */
async function startServer(runServerTool, describeFailure, dataDir, logFile) {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const result = runServerTool('pg_ctl', [
      'start',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      String(readyTimeoutMs / 1000),
      '-o',
      `-p ${port}`,
    ]);
    if (result.status === 0) {
      return port;
    }
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    if (attempt < startAttempts && /could not bind|address already in use/i.test(log)) {
      console.log(`[postgres] port ${port} was taken before the server bound it, trying another`);
      continue;
    }
    throw new Error(`${describeFailure('pg_ctl start', result)}\nServer log ${logFile}:\n${log}`);
  }
}

async function waitUntilReady(bin, port, logFile) {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const result = spawnSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], {
      encoding: 'utf8',
    });
    if (result.status === 0) {
      return;
    }
    if (Date.now() > deadline) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(
        `PostgreSQL on 127.0.0.1:${port} was not ready after ${readyTimeoutMs} ms ` +
          `(pg_isready: ${result.stdout.trim()}). Server log ${logFile}:\n${log}`,
      );
    }
    await sleep(100);
  }
}
