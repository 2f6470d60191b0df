import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BusEventHandler, type EventSubscriber, TOPICS } from '@fehrist/domain';
import { type Config, loadConfig } from './config';
import { openDatabase } from './db/database';
import { DaprEventSubscriber } from './events/dapr-subscriber';
import { taskEventHandler } from './events/handlers';
import { KafkaEventSubscriber } from './events/kafka-subscriber';
import { AuditRecorder } from './history/recorder';
import { RetentionSweeper } from './history/retention';
import { API_PATHS, createApp } from './http/app';
import { createBearerAuth } from './http/bearer';
import { moduleLogger } from './logger';

const log = moduleLogger('audit');

/** Consumer group of the audit service on every transport. */
export const AUDIT_GROUP = 'audit';

// In-flight requests get this long to finish when the service closes.
const SHUTDOWN_GRACE_MS = 5_000;

export interface AuditOptions {
  /** PostgreSQL shared with sync-api; DATABASE_URL by default. */
  databaseUrl?: string;
  /** The in-process bus of the embedded start. */
  eventBus?: EventSubscriber;
  /** Any other event source; without this or `eventBus`, Dapr or Kafka from the environment. */
  subscriber?: EventSubscriber;
  /**
   * sync-api's URL, for its key set and as the token issuer in place of JWKS_URL and
   * JWT_ISSUER. A function when the URL is known only after the audit service subscribed.
   */
  syncApiUrl?: string | (() => string);
  /** Starts an HTTP server for every route on this port; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Environment to read the configuration from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Connections of the audit pool; 5 by default. */
  poolSize?: number;
  now?: () => Date;
}

export interface RunningAudit {
  /** Base URL of the HTTP server, when a port was given. */
  url?: string;
  /**
   * Serves a request of the history API and resolves true, or resolves false for any other
   * path; the embedded start mounts it on sync-api's port.
   */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Starts the audit service: migrations, the consumer of `task-events`, retention, and the
 * history API, on its own port when `port` is given.
 */
export async function startAudit(options: AuditOptions = {}): Promise<RunningAudit> {
  const config = loadConfig(options.env ?? process.env);
  const databaseUrl = options.databaseUrl ?? config.DATABASE_URL;
  if (!databaseUrl) throw new Error('the audit service needs a database: set DATABASE_URL');
  const cleanups: (() => Promise<void>)[] = [];
  let closed = false;

  try {
    const db = await openDatabase(databaseUrl, options.poolSize);
    cleanups.unshift(() => db.end());

    const retentionDays = config.AUDIT_RETENTION_DAYS;
    const recorder = new AuditRecorder({ db, now: options.now, retentionDays });
    if (retentionDays !== undefined) {
      const sweeper = new RetentionSweeper({ db, retentionDays, now: options.now });
      sweeper.start();
      cleanups.unshift(() => sweeper.close());
    }

    const subscriber = options.subscriber ?? options.eventBus ?? createSubscriber(config);
    if (!options.subscriber && !options.eventBus) cleanups.unshift(() => subscriber.close());
    // A bus keeps a handler after the service stops; failing then leaves the event in the
    // outbox, to be delivered again, instead of losing it.
    const handler: BusEventHandler = taskEventHandler(recorder);
    await subscriber.subscribe(TOPICS.taskEvents, AUDIT_GROUP, async (event) => {
      if (closed) throw new Error('the audit service is stopped');
      await handler(event);
    });

    const auth = createBearerAuth(() => tokenIssuer(config, options.syncApiUrl));
    const app = createApp({
      db,
      auth,
      dapr: subscriber instanceof DaprEventSubscriber ? subscriber : undefined,
      declarativeSubscriptions: config.DAPR_SUBSCRIPTIONS === 'declarative',
      appApiToken: config.APP_API_TOKEN,
      async ready() {
        if (closed) return false;
        try {
          await db.query('select 1');
          return true;
        } catch (error) {
          log.warn({ err: error }, 'readiness check failed: database unreachable');
          return false;
        }
      },
    });
    const callback = app.callback();

    let url: string | undefined;
    if (options.port !== undefined) {
      const server = createServer((request, response) => void callback(request, response));
      const host = options.host ?? config.HOST;
      const port = await listen(server, options.port, host);
      cleanups.unshift(() => closeServer(server));
      const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      url = `http://${displayHost}:${port}`;
    }

    log.info({ url, retentionDays }, 'audit service started');
    return {
      url,
      async handle(request, response) {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname;
        if (!API_PATHS.some((pattern) => pattern.test(path))) return false;
        await callback(request, response);
        return true;
      },
      async close() {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups.splice(0)) {
          await cleanup().catch((error) => log.error({ err: error }, 'shutdown step failed'));
        }
        log.info('audit service stopped');
      },
    };
  } catch (error) {
    closed = true;
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    throw error;
  }
}

function tokenIssuer(config: Config, syncApiUrl: AuditOptions['syncApiUrl']) {
  const base = typeof syncApiUrl === 'function' ? syncApiUrl() : syncApiUrl;
  if (!base) {
    return { jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  }
  const origin = base.replace(/\/+$/, '');
  return { jwksUrl: `${origin}/api/auth/jwks`, issuer: origin, audience: config.JWT_AUDIENCE };
}

function createSubscriber(config: Config): EventSubscriber {
  const kind =
    config.EVENT_TRANSPORT !== 'auto'
      ? config.EVENT_TRANSPORT
      : config.DAPR_HTTP_PORT !== undefined
        ? 'dapr'
        : config.KAFKA_BROKERS !== undefined
          ? 'kafka'
          : undefined;
  if (kind === 'dapr') return new DaprEventSubscriber(config.DAPR_PUBSUB_NAME);
  if (kind === 'kafka' && config.KAFKA_BROKERS) {
    return new KafkaEventSubscriber({
      brokers: config.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
      clientId: config.KAFKA_CLIENT_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    });
  }
  throw new Error(
    'no event source: set KAFKA_BROKERS or DAPR_HTTP_PORT, or run the embedded start (npm start)',
  );
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is in use; set PORT to a free port`)
          : error,
      );
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
