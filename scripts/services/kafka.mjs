// A throwaway single-node Apache Kafka broker for integration tests and benchmarks. Maven fetches
// the broker's jars from Maven Central (see kafka/pom.xml) into a cache outside the repository. The
// broker runs in KRaft combined mode (broker and controller in one JVM) on 127.0.0.1 and free
// ports, with its data in a temp folder that is deleted when it stops.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { aptInstall, isRoot } from './apt.mjs';

const configDir = join(dirname(fileURLToPath(import.meta.url)), 'kafka');
const pomFile = join(configDir, 'pom.xml');
const log4jConfigFile = join(configDir, 'log4j2.properties');
const completeMarker = '.complete';

const minJavaMajor = 17;
const readyTimeoutMs = 90_000;
const stopTimeoutMs = 20_000;
const probeTimeoutMs = 2_000;
const startAttempts = 3;
const logTailLines = 60;
const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// A small heap, because tests send little data. The GC flags are the default
// KAFKA_JVM_PERFORMANCE_OPTS of kafka-run-class.sh.
const brokerJvmOptions = [
  '-Xmx512m',
  '-Xms256m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

/**
 * Starts a single-node Kafka broker on 127.0.0.1, fetching its jars first if the cache lacks them.
 * Returns `brokers` ("127.0.0.1:PORT", the bootstrap address for clients) and three functions:
 * - stopBroker() shuts the broker process down but keeps its ports and data,
 * - startBroker() starts it again on the same ports and data, and waits until it serves requests,
 * - stop() shuts it down and deletes its temp folder.
 * The broker is also stopped when this process exits or receives SIGINT, SIGTERM or SIGHUP,
 * but not when it is killed with SIGKILL.
 */
export async function startKafka() {
  const { version, jarDir } = fetchKafkaJars();

  const dir = mkdtempSync(join(tmpdir(), 'fehrist-kafka-'));
  const dataDir = join(dir, 'data');
  const propertiesFile = join(dir, 'server.properties');
  const logFile = join(dir, 'broker.log');

  /** The running broker: its ChildProcess and a promise that resolves when it exits. */
  let broker = null;
  let stopping = null;
  let stopped = false;
  let signalReceived = false;
  let ports = null;

  const removeListeners = () => {
    for (const signal of exitSignals) {
      process.off(signal, onSignal);
    }
    process.off('exit', onExit);
  };
  // Runs on 'exit', where only synchronous code runs, so it kills the broker without waiting.
  const stopSync = () => {
    stopped = true;
    removeListeners();
    broker?.child.kill('SIGKILL');
    broker = null;
    rmSync(dir, { recursive: true, force: true });
  };
  const stopAsync = () => {
    stopped = true;
    stopping ??= (async () => {
      if (broker !== null) {
        await stopBrokerProcess(broker);
        broker = null;
      }
      rmSync(dir, { recursive: true, force: true });
      removeListeners();
    })();
    return stopping;
  };
  const onExit = () => stopSync();
  const onSignal = (signal) => {
    if (signalReceived) {
      // A second signal while the broker shuts down: kill it at once.
      stopSync();
      reraise(signal);
      return;
    }
    signalReceived = true;
    // This listener stays registered until the broker has exited. Until then, listeners that
    // re-raise the signal only when they are the last one (as postgres.mjs does) leave the
    // process running.
    stopAsync()
      .catch((error) => {
        console.error(`[kafka] failed to stop the broker on ${signal}: ${error.message}`);
        stopSync();
      })
      .finally(() => {
        console.log(`[kafka] stopped the broker in ${dir} on ${signal}`);
        reraise(signal);
      });
  };
  process.once('exit', onExit);
  for (const signal of exitSignals) {
    process.on(signal, onSignal);
  }

  // Starts the broker process and waits until it serves requests. On failure it stops the process
  // before throwing. The process is stored in `broker` at once, so the listeners above can stop it.
  const launch = async () => {
    broker = spawnBroker(jarDir, propertiesFile, logFile);
    try {
      await waitUntilReady(ports.port, broker, logFile);
    } catch (error) {
      await stopBrokerProcess(broker);
      broker = null;
      throw error;
    }
  };

  try {
    for (let attempt = 1; ; attempt++) {
      ports = await findFreePorts();
      writeFileSync(propertiesFile, serverProperties({ ...ports, dataDir }));
      rmSync(dataDir, { recursive: true, force: true });
      formatStorage(jarDir, propertiesFile);

      const startedAt = Date.now();
      try {
        await launch();
      } catch (error) {
        if (attempt < startAttempts && /address already in use/i.test(readLogTail(logFile))) {
          console.log(
            `[kafka] port ${ports.port} or ${ports.controllerPort} was taken before the broker ` +
              'bound it, trying others',
          );
          continue;
        }
        throw error;
      }
      const elapsedMs = Date.now() - startedAt;
      console.log(
        `[kafka] started Kafka ${version} on 127.0.0.1:${ports.port} in ${elapsedMs} ms ` +
          `(controller on 127.0.0.1:${ports.controllerPort}), data in ${dataDir}`,
      );
      break;
    }
  } catch (error) {
    stopSync();
    throw error;
  }

  const { port } = ports;
  return {
    brokers: `127.0.0.1:${port}`,

    /** Stops the broker process with SIGTERM (SIGKILL after 20 s) and keeps its ports and data. */
    async stopBroker() {
      if (stopped) {
        throw new Error(
          `the Kafka broker on 127.0.0.1:${port} was stopped with stop() and cannot be used again`,
        );
      }
      if (broker === null) {
        return;
      }
      const startedAt = Date.now();
      await stopBrokerProcess(broker);
      broker = null;
      const elapsedMs = Date.now() - startedAt;
      console.log(`[kafka] stopped the broker on 127.0.0.1:${port} in ${elapsedMs} ms, data kept`);
    },

    /**
     * Starts the broker stopped by stopBroker() again on the same ports and data, and waits until
     * it serves requests. Throws if it is still running, or if another process took its ports.
     */
    async startBroker() {
      if (stopped) {
        throw new Error(
          `the Kafka broker on 127.0.0.1:${port} was stopped with stop() and cannot be used again`,
        );
      }
      if (broker !== null && isRunning(broker)) {
        throw new Error(
          `the Kafka broker on 127.0.0.1:${port} is already running: call stopBroker() first`,
        );
      }
      if (broker !== null) {
        const exit = describeExit(await broker.exited);
        console.error(
          `[kafka] the broker on 127.0.0.1:${port} had exited (${exit}), starting it again`,
        );
      }
      const startedAt = Date.now();
      await launch();
      console.log(
        `[kafka] restarted the broker on 127.0.0.1:${port} in ${Date.now() - startedAt} ms`,
      );
    },

    /** Stops the broker and deletes its temp folder. Later calls return the same promise. */
    async stop() {
      const wasStopped = stopping !== null;
      await stopAsync();
      if (!wasStopped) {
        console.log(`[kafka] stopped 127.0.0.1:${port} and deleted ${dir}`);
      }
    },
  };
}

function reraise(signal) {
  // Adding a listener replaced the default action, so without another listener the process would
  // keep running. Re-raising the signal now that ours is removed ends it as the default would.
  if (process.listenerCount(signal) === 0) {
    process.kill(process.pid, signal);
  }
}

// Fetching the jars

/**
 * Copies the jars that kafka/pom.xml lists into the cache folder, unless a marker file there shows
 * that an earlier run copied them from the same pom.xml. Returns the Kafka version and the folder.
 */
function fetchKafkaJars() {
  const pom = readFileSync(pomFile, 'utf8');
  const version = pom.match(/<kafka\.version>([^<]+)<\/kafka\.version>/)?.[1];
  if (version === undefined) {
    throw new Error(
      `${pomFile} has no <kafka.version> property: add one, for example ` +
        '<kafka.version>4.4.0</kafka.version>',
    );
  }
  const pomHash = createHash('sha256').update(pom).digest('hex');
  const cacheRoot = process.env.FEHRIST_CACHE_DIR || join(homedir(), '.cache', 'fehrist');
  const jarDir = join(cacheRoot, `kafka-${version}`);
  const markerFile = join(jarDir, completeMarker);

  requireJava();
  if (existsSync(markerFile) && readFileSync(markerFile, 'utf8').trim() === pomHash) {
    return { version, jarDir };
  }

  requireMaven();
  // Maven copies into a folder of its own that is renamed when complete, so an interrupted download
  // or a second test run fetching at the same time never leaves a partial jarDir behind.
  mkdirSync(cacheRoot, { recursive: true });
  const downloadDir = mkdtempSync(join(cacheRoot, `kafka-${version}.download-`));
  console.log(`[kafka] fetching the jars of Kafka ${version} from Maven Central into ${jarDir}`);
  const startedAt = Date.now();
  try {
    const args = [
      '-q',
      '-B',
      '-f',
      pomFile,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${downloadDir}`,
    ];
    const result = spawnSync('mvn', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) {
      // Maven 3.8 prints ANSI reset sequences even in batch mode.
      const output = stripVTControlCharacters(
        `${result.stdout ?? ''}${result.stderr ?? ''}`,
      ).trim();
      throw new Error(
        `fetching the Kafka ${version} jars failed: ${describeFailure('mvn', args, result)}.\n` +
          'Check that Maven Central (https://repo.maven.apache.org) is reachable, or that ' +
          `~/.m2/settings.xml names a mirror that is, then run again. Maven output:\n${output}`,
      );
    }
    writeFileSync(join(downloadDir, completeMarker), `${pomHash}\n`);
    rmSync(jarDir, { recursive: true, force: true });
    try {
      renameSync(downloadDir, jarDir);
    } catch (error) {
      // Another process renamed its complete copy into place first.
      if (!existsSync(markerFile)) {
        throw error;
      }
    }
  } finally {
    rmSync(downloadDir, { recursive: true, force: true });
  }
  console.log(`[kafka] fetched the jars of Kafka ${version} in ${Date.now() - startedAt} ms`);
  return { version, jarDir };
}

function requireJava() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `Java is missing: ${describeFailure('java', ['-version'], result)}. ` +
        `The Kafka broker needs Java ${minJavaMajor} or newer: install it, for example with ` +
        '"sudo apt-get install -y openjdk-17-jre-headless", then run again.',
    );
  }
  // stderr contains for example 'openjdk version "17.0.15" 2025-04-15', or "1.8.0_392" on Java 8.
  const match = result.stderr.match(/version "(\d+)(?:\.(\d+))?/);
  const major = match === null ? Number.NaN : Number(match[1] === '1' ? match[2] : match[1]);
  if (!(major >= minJavaMajor)) {
    throw new Error(
      `the Kafka broker needs Java ${minJavaMajor} or newer, but "java -version" printed: ` +
        `${result.stderr.trim()}. Install a newer JDK and put it first on PATH, then run again.`,
    );
  }
}

/** Checks that mvn runs, installing the `maven` package first if it is missing and this is root. */
function requireMaven() {
  const works = () => spawnSync('mvn', ['-v'], { encoding: 'utf8' }).status === 0;
  if (!works() && isRoot()) {
    aptInstall(['maven']);
  }
  if (!works()) {
    throw new Error(
      'Maven is missing: "mvn -v" failed, and Maven fetches the Kafka broker jars. ' +
        'Install it with "sudo apt-get install -y maven", then run again.',
    );
  }
}

// Running the broker

/** Returns two different TCP ports that were free on 127.0.0.1 a moment ago. */
async function findFreePorts() {
  const servers = [createServer(), createServer()];
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server.address().port));
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return { port: ports[0], controllerPort: ports[1] };
}

function serverProperties({ port, controllerPort, dataDir }) {
  return [
    // KRaft combined mode: this node is the only broker and the only controller.
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // Internal topics default to 3 replicas, which one broker cannot host.
    'offsets.topic.replication.factor=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // The default 3 s delay before the first rebalance of a consumer group slows every test down.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    'num.partitions=3',
    '',
  ].join('\n');
}

/** Formats the log folder for KRaft, as "kafka-storage.sh format -t ID -c FILE" does. */
function formatStorage(jarDir, propertiesFile) {
  // The static quorum in controller.quorum.voters rules out --standalone, which is for a dynamic
  // quorum.
  const args = [
    '-Xmx256m',
    `-Dlog4j2.configurationFile=${log4jConfigFile}`,
    '-cp',
    join(jarDir, '*'),
    'kafka.tools.StorageTool',
    'format',
    '--cluster-id',
    randomClusterId(),
    '--config',
    propertiesFile,
  ];
  const result = spawnSync('java', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `formatting the Kafka storage failed: ${describeFailure('java', args, result)}:\n` +
        `${(result.stderr || result.stdout || '').trim()}`,
    );
  }
}

/** Returns a random cluster id in the format of Kafka's Uuid: 16 bytes in unpadded base64url. */
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka's Uuid.randomUuid() skips ids that start with "-" too, because tools read them as
    // options.
    if (!id.startsWith('-')) {
      return id;
    }
  }
}

function spawnBroker(jarDir, propertiesFile, logFile) {
  const logFd = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(
      'java',
      [
        ...brokerJvmOptions,
        `-Dlog4j2.configurationFile=${log4jConfigFile}`,
        '-cp',
        join(jarDir, '*'),
        'kafka.Kafka',
        propertiesFile,
      ],
      { stdio: ['ignore', logFd, logFd] },
    );
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // An unreferenced child does not keep this process alive. If the caller never calls stop(),
  // the 'exit' listener kills the broker.
  child.unref();
  return { child, exited };
}

/** Describes why a spawnSync() call failed: it could not start, or it exited with an error. */
function describeFailure(command, args, result) {
  const commandLine = [command, ...args].join(' ');
  return result.error
    ? `"${commandLine}" could not run (${result.error.message})`
    : `"${commandLine}" exited ${result.status ?? result.signal}`;
}

function isRunning({ child }) {
  return child.exitCode === null && child.signalCode === null;
}

function describeExit({ error, code, signal }) {
  return error?.message ?? (signal ? `signal ${signal}` : `exit code ${code}`);
}

/** Sends SIGTERM to the broker, and SIGKILL if it still runs after stopTimeoutMs, then waits. */
async function stopBrokerProcess({ child, exited }) {
  if (!isRunning({ child })) {
    return;
  }
  child.kill('SIGTERM');
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve(true), stopTimeoutMs);
  });
  const result = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (result) {
    console.error(
      `[kafka] the broker (pid ${child.pid}) did not exit ${stopTimeoutMs} ms after SIGTERM, ` +
        'sending SIGKILL',
    );
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Waits until a Metadata request to the broker returns a response that lists at least one broker.
 * Clients send this request to discover the brokers, and kafkajs's admin.listTopics() sends it too.
 * Throws with the end of the broker log if the broker exits or is not ready within readyTimeoutMs.
 */
async function waitUntilReady(port, { child, exited }, logFile) {
  let exit = null;
  exited.then((value) => {
    exit = value;
  });
  const deadline = Date.now() + readyTimeoutMs;
  let lastProblem = 'no attempt yet';
  for (;;) {
    if (exit !== null) {
      throw new Error(
        `the Kafka broker (pid ${child.pid}) exited during startup (${describeExit(exit)}). ` +
          `End of the broker log ${logFile}:\n${readLogTail(logFile)}`,
      );
    }
    try {
      const brokerCount = await requestBrokerCount(port);
      if (brokerCount > 0) {
        return;
      }
      lastProblem = 'the Metadata response listed no brokers';
    } catch (error) {
      lastProblem = error.message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the Kafka broker on 127.0.0.1:${port} was not ready after ${readyTimeoutMs} ms ` +
          `(last check: ${lastProblem}). ` +
          `End of the broker log ${logFile}:\n${readLogTail(logFile)}`,
      );
    }
    await sleep(200);
  }
}

/**
 * Sends a Metadata request for all topics to 127.0.0.1:port and returns how many brokers the
 * response lists. Version 4 is encoded without tagged fields, which Metadata has from version 9 on.
 */
function requestBrokerCount(port) {
  const clientId = Buffer.from('fehrist-ready-check');
  const correlationId = 1;
  const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let offset = request.writeInt32BE(request.length - 4, 0);
  offset = request.writeInt16BE(3, offset); // api_key: Metadata
  offset = request.writeInt16BE(4, offset); // api_version
  offset = request.writeInt32BE(correlationId, offset);
  offset = request.writeInt16BE(clientId.length, offset);
  offset += clientId.copy(request, offset);
  offset = request.writeInt32BE(-1, offset); // topics: null, which requests all topics
  request.writeInt8(0, offset); // allow_auto_topic_creation: false

  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let response = Buffer.alloc(0);
    const fail = (message) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.setTimeout(probeTimeoutMs, () =>
      fail(`no Metadata response within ${probeTimeoutMs} ms`),
    );
    socket.once('error', (error) => fail(error.message));
    socket.once('close', () => fail('the connection closed before a complete Metadata response'));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      response = Buffer.concat([response, chunk]);
      // Response: int32 size, int32 correlation_id, int32 throttle_time_ms, int32 broker count, ...
      if (response.length < 4 || response.length < 4 + response.readInt32BE(0)) {
        return;
      }
      if (response.length < 16 || response.readInt32BE(4) !== correlationId) {
        fail('the Metadata response is malformed');
        return;
      }
      resolve(response.readInt32BE(12));
      socket.destroy();
    });
  });
}

function readLogTail(logFile) {
  if (!existsSync(logFile)) {
    return '(no log written)';
  }
  return readFileSync(logFile, 'utf8').split('\n').slice(-logTailLines).join('\n');
}
