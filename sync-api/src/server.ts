import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { InProcessEventBus } from '@fehrist/domain';
import type Router from '@koa/router';
import pg from 'pg';
import type { Registry } from 'prom-client';
import { createApp } from './app';
import { createAuth } from './auth/auth';
import { createAuthenticator } from './auth/authenticate';
import { type Config, loadConfig } from './config';
import { startEmbeddedDatabase } from './db/embedded';
import { openDatabase } from './db/orm';
import { keepSubscribingToPokes } from './events/cross-replica-pokes';
import { type OutboxLag, OutboxRelay, type OutboxRelayTuning } from './events/outbox-relay';
import { createEventTransport } from './events/transport';
import { moduleLogger } from './logger';
import { SyncApiMetrics } from './metrics';
import { loadOrCreateVapidKeys } from './push/vapid-keys';
import { loadOrCreateSecret } from './secrets';
import { PokeHub } from './sync/pokes';
import type { Clock } from './sync/user-write';

const log = moduleLogger('server');

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../pwa/dist', import.meta.url));
// Open event streams would keep close() waiting forever; past this, sockets are cut.
const SHUTDOWN_GRACE_MS = 5_000;
// How long a start waits for the task-updates subscription before serving without it.
const POKE_SUBSCRIBE_WAIT_MS = 15_000;

export interface ServerOptions {
  databaseUrl?: string;
  dataDir?: string;
  port?: number;
  host?: string;
  staticDir?: string;
  authSecret?: string;
  publicUrl?: string;
  signInRateLimit?: { max: number; windowSeconds: number };
  signUpRateLimit?: { max: number; windowSeconds: number };
  /** JWT lifetime as a jose duration such as '15m'; JWT_EXPIRATION by default. */
  jwtExpiration?: string;
  clock?: Clock;
  /**
   * Bus to publish on when no broker is configured; the embedded start passes the one it
   * shares with the notifier. Without it, the server makes a bus of its own.
   */
  eventBus?: InProcessEventBus;
  /** Overrides of the outbox relay's batch size and timings, for tests. */
  outbox?: Partial<OutboxRelayTuning>;
  /** VAPID public key; VAPID_PUBLIC_KEY, or DATA_DIR/vapid.json (generated once), by default. */
  vapidPublicKey?: string;
  /** Environment to read the rest of the configuration from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /**
   * Adds Node's process metrics to this server's registry. The standalone process does; a
   * host that runs several services in one process collects them once itself.
   */
  collectProcessMetrics?: boolean;
}

/** A handler that serves some requests before the sync API sees them; true when it did. */
export type MountedHandler = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<boolean>;

export interface RunningServer {
  url: string;
  /** The PostgreSQL URL in use: DATABASE_URL, or the embedded PGlite database's. */
  databaseUrl: string;
  /** Puts a handler in front of the sync API; the embedded start mounts the agent this way. */
  mount(handler: MountedHandler): void;
  /** Every route the router serves, as `METHOD /path/:param`; used by the spec tests. */
  routes: { method: string; path: string }[];
  /** Count and age of the outbox rows not yet published. */
  outboxLag(): Promise<OutboxLag>;
  /** This server's Prometheus metrics, every name prefixed `fehrist_sync_api_`; GET /metrics serves them. */
  metrics: Registry;
  close(): Promise<void>;
}

/** Starts the sync API: database, migrations, auth, routes, and the HTTP listener. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config: Config = loadConfig(options.env ?? process.env);
  const dataDir = options.dataDir ?? config.DATA_DIR;
  const cleanups: (() => Promise<void>)[] = [];

  try {
    let databaseUrl = options.databaseUrl ?? config.DATABASE_URL;
    if (!databaseUrl) {
      const embedded = await startEmbeddedDatabase(dataDir);
      cleanups.unshift(() => embedded.stop());
      databaseUrl = embedded.url;
    }

    const orm = await openDatabase(databaseUrl);
    cleanups.unshift(() => orm.close(true));
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
    pool.on('error', (error) => log.error({ err: error }, 'idle auth database connection failed'));
    cleanups.unshift(() => pool.end());

    const secret =
      options.authSecret ??
      config.BETTER_AUTH_SECRET ??
      (await loadOrCreateSecret(dataDir, 'better-auth-secret'));

    const vapidPublicKey =
      options.vapidPublicKey ??
      config.VAPID_PUBLIC_KEY ??
      (await loadOrCreateVapidKeys(dataDir)).publicKey;
    if (!options.vapidPublicKey && !config.VAPID_PUBLIC_KEY && config.DATABASE_URL) {
      log.warn(
        'VAPID keys come from the data folder; with several replicas, set VAPID_PUBLIC_KEY here ' +
          'and the same pair in the notifier, or their push subscriptions will not match',
      );
    }

    // The relay publishes the outbox. The subscription pokes streams after other replicas' writes.
    const pokes = new PokeHub();
    const transport = createEventTransport(config, { eventBus: options.eventBus });
    cleanups.unshift(() => transport.close());
    const relay = new OutboxRelay({
      databaseUrl,
      pool,
      publisher: transport.publisher,
      tuning: {
        batchSize: config.OUTBOX_BATCH_SIZE,
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
        retentionHours: config.OUTBOX_RETENTION_HOURS,
        ...options.outbox,
      },
    });
    relay.start();
    cleanups.unshift(() => relay.close());
    const metrics = new SyncApiMetrics({
      outboxLag: () => relay.outboxLag(),
      collectProcessMetrics: options.collectProcessMetrics,
    });
    const stopSubscribing = new AbortController();
    cleanups.unshift(async () => stopSubscribing.abort());
    const subscribed = keepSubscribingToPokes(transport.subscriber, pokes, stopSubscribing.signal);
    const ready = await Promise.race([subscribed, sleep(POKE_SUBSCRIBE_WAIT_MS).then(() => false)]);
    if (!ready) {
      log.warn(
        { transport: transport.kind, waitedMs: POKE_SUBSCRIBE_WAIT_MS },
        'serving before the task-updates subscription is ready; it keeps trying',
      );
    }

    const server = createServer();
    const port = await listen(server, options.port ?? config.PORT, options.host ?? config.HOST);
    cleanups.unshift(() => closeServer(server));

    const host = options.host ?? config.HOST;
    const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const url = options.publicUrl ?? config.PUBLIC_URL ?? `http://${displayHost}:${port}`;
    const trustedOrigins = [
      ...new Set([url, `http://localhost:${port}`, `http://127.0.0.1:${port}`]),
    ];

    const auth = createAuth({
      pool,
      secret,
      baseURL: url,
      audience: config.JWT_AUDIENCE,
      jwtExpiration: options.jwtExpiration ?? config.JWT_EXPIRATION,
      trustedOrigins,
      signIn: options.signInRateLimit ?? {
        max: config.SIGN_IN_RATE_LIMIT_MAX,
        windowSeconds: config.SIGN_IN_RATE_LIMIT_WINDOW_SECONDS,
      },
      signUp: options.signUpRateLimit ?? { max: config.SIGN_UP_RATE_LIMIT_MAX, windowSeconds: 60 },
    });

    const staticDir =
      options.staticDir ??
      config.STATIC_DIR ??
      (existsSync(DEFAULT_STATIC_DIR) ? DEFAULT_STATIC_DIR : undefined);
    if (!staticDir) log.warn('pwa/dist not found; serving the API only (run npm run build)');

    const app = createApp({
      orm,
      pokes,
      clock: options.clock ?? (() => new Date()),
      dateOnlyReminderTime: config.DATE_ONLY_REMINDER_TIME,
      onOutboxCommit: () => relay.wake(),
      auth,
      authenticator: createAuthenticator(auth, { issuer: url, audience: config.JWT_AUDIENCE }),
      publicUrl: url,
      trustProxy: config.TRUST_PROXY,
      staticDir,
      vapidPublicKey,
      allowInsecurePushEndpoints: config.PUSH_ALLOW_INSECURE_ENDPOINTS,
      eventCallbacks: transport.callbacks,
      metrics,
    });
    const mounted: MountedHandler[] = [];
    const serveApi = app.koa.callback();
    server.on('request', (request, response) => {
      void serveMounted(mounted, request, response).then((served) => {
        if (!served) void serveApi(request, response);
      });
    });
    cleanups.unshift(async () => app.streams.closeAll());

    log.info(
      {
        url,
        staticDir,
        // Only a database this call started counts; the embedded start passes PGlite's URL in.
        ownEmbeddedDatabase: !options.databaseUrl && !config.DATABASE_URL,
        eventTransport: transport.kind,
      },
      'sync API started',
    );
    return {
      url,
      databaseUrl,
      mount: (handler) => mounted.push(handler),
      routes: listRoutes(app.router),
      outboxLag: () => relay.outboxLag(),
      metrics: metrics.registry,
      async close() {
        for (const cleanup of cleanups.splice(0)) await cleanup();
        log.info({ url }, 'sync API stopped');
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    throw error;
  }
}

async function serveMounted(
  handlers: MountedHandler[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  for (const handler of handlers) {
    try {
      if (await handler(request, response)) return true;
    } catch (error) {
      log.error({ err: error, method: request.method, url: request.url }, 'mounted handler failed');
      if (!response.headersSent) {
        response.statusCode = 500;
        response.setHeader('content-type', 'application/problem+json');
        response.end(JSON.stringify({ status: 500, code: 'internal', detail: 'internal error' }));
      }
      return true;
    }
  }
  return false;
}

function listRoutes(router: Router): { method: string; path: string }[] {
  return router.stack.flatMap((layer) =>
    layer.methods
      .filter((method) => method !== 'HEAD')
      .map((method) => ({ method, path: layer.path.toString() })),
  );
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`port ${port} on ${host} is in use; set PORT to a free port`));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
