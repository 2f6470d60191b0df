import { randomUUID } from 'node:crypto';
import { type BusEventHandler, type EventSubscriber, TOPICS } from '@fehrist/domain';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { type Clock, systemClock } from './clock';
import { type Config, loadConfig } from './config';
import { openDatabase } from './db/database';
import { ReminderDelivery } from './delivery';
import { DaprEventSubscriber } from './events/dapr-subscriber';
import { reminderEventHandler, taskEventHandler } from './events/handlers';
import { KafkaEventSubscriber } from './events/kafka-subscriber';
import { type NotifierRoutes, type RunningHttpServer, startHttpServer } from './http/server';
import { moduleLogger } from './logger';
import { NotifierMetrics } from './metrics';
import { DEFAULT_RETRY_POLICY, PushSender, type RetryPolicy } from './push/sender';
import { ReminderPlanner } from './reminder-sets';
import { BuiltinScheduler } from './scheduler/builtin';
import { DaprJobsScheduler } from './scheduler/dapr-jobs';
import type { ReminderScheduler } from './scheduler/scheduler';
import { loadVapidDetails, type VapidDetails } from './vapid';

const log = moduleLogger('notifier');

/** Consumer group of the notifier on every transport. */
export const NOTIFIER_GROUP = 'notifier';

// How long a push service keeps a reminder for a device that is offline.
const PUSH_TTL_SECONDS = 4 * 60 * 60;
const DELIVERY_LEASE_MS = 60_000;

export interface NotifierOptions {
  /** PostgreSQL shared with sync-api; DATABASE_URL by default. */
  databaseUrl?: string;
  /** The in-process bus of the embedded start. */
  eventBus?: EventSubscriber;
  /** Any other event source; without this or `eventBus`, Dapr or Kafka from the environment. */
  subscriber?: EventSubscriber;
  /** Starts the HTTP server (health, readiness, Dapr callbacks) on this port; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Environment to read the configuration from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  vapid?: VapidDetails;
  scheduler?: 'builtin' | 'dapr';
  clock?: Clock;
  /** Names this process in job locks and delivery claims; a random UUID by default. */
  instanceId?: string;
  pollIntervalMs?: number;
  /** Reminder jobs the built-in scheduler fires at once in this process. */
  concurrency?: number;
  /** Connections of the notifier's pool; 10 by default. */
  poolSize?: number;
  lateAfterMs?: number;
  lateMaxMs?: number;
  retry?: Partial<RetryPolicy>;
  allowInsecureEndpoints?: boolean;
  /**
   * Adds Node's process metrics to this notifier's registry. The standalone process does; a
   * host that runs several services in one process collects them once itself.
   */
  collectProcessMetrics?: boolean;
}

export interface RunningNotifier {
  /** Base URL of the HTTP server, when one was started. */
  url?: string;
  instanceId: string;
  /** Prometheus metrics, every name prefixed `fehrist_notifier_`; the HTTP server serves them. */
  metrics: Registry;
  close(): Promise<void>;
}

/**
 * Starts the notifier: migrations, the scheduler, the event consumers of `reminders` and
 * `task-events`, and, when a port is given, the HTTP server.
 */
export async function startNotifier(options: NotifierOptions = {}): Promise<RunningNotifier> {
  const config = loadConfig(options.env ?? process.env);
  const databaseUrl = options.databaseUrl ?? config.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('the notifier needs the database of sync-api: set DATABASE_URL');
  }
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? randomUUID();
  const lateMaxMs = options.lateMaxMs ?? config.LATE_REMINDER_MAX_HOURS * 60 * 60_000;
  const cleanups: (() => Promise<void>)[] = [];
  let closed = false;
  const metrics = new NotifierMetrics({ collectProcessMetrics: options.collectProcessMetrics });

  try {
    // Configured keys mean a deployment, where push services may need a real contact.
    if (!options.vapid && config.VAPID_PRIVATE_KEY && !config.VAPID_SUBJECT_SET) {
      log.warn(
        { subject: config.VAPID_SUBJECT },
        'VAPID_SUBJECT is not set; push services get a placeholder contact address',
      );
    }
    const vapid =
      options.vapid ??
      (await loadVapidDetails({
        publicKey: config.VAPID_PUBLIC_KEY,
        privateKey: config.VAPID_PRIVATE_KEY,
        subject: config.VAPID_SUBJECT,
        dataDir: options.dataDir ?? config.DATA_DIR,
      }));

    const db = await openDatabase(databaseUrl, options.poolSize);
    cleanups.unshift(() => db.end());

    const sender = new PushSender({
      vapid,
      ttlSeconds: PUSH_TTL_SECONDS,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.PUSH_MAX_ATTEMPTS, ...options.retry },
      allowInsecureEndpoints:
        options.allowInsecureEndpoints ?? config.PUSH_ALLOW_INSECURE_ENDPOINTS,
    });
    const delivery = new ReminderDelivery({
      db,
      sender,
      clock,
      instanceId,
      lateAfterMs: options.lateAfterMs ?? config.LATE_REMINDER_AFTER_SECONDS * 1000,
      lateMaxMs,
      leaseMs: DELIVERY_LEASE_MS,
      dateOnlyReminderTime: config.DATE_ONLY_REMINDER_TIME,
      metrics,
    });
    const leaseTimer = setInterval(() => {
      delivery
        .extendLeases()
        .catch((error) => log.error({ err: error }, 'could not extend delivery leases'));
    }, DELIVERY_LEASE_MS / 3);
    cleanups.unshift(async () => clearInterval(leaseTimer));

    const scheduler = createScheduler(options, config, { db, clock, instanceId, lateMaxMs });
    await scheduler.start((occurrence) => delivery.fire(occurrence));
    cleanups.unshift(() => scheduler.close());
    const planner = new ReminderPlanner({ db, scheduler, clock, lateMaxMs, metrics });

    const subscriber = options.subscriber ?? options.eventBus ?? createSubscriber(config);
    if (!options.subscriber && !options.eventBus) cleanups.unshift(() => subscriber.close());
    // A bus keeps a handler after the notifier stops; failing then leaves the event in the
    // outbox, to be delivered again, instead of losing it.
    const guard =
      (handler: BusEventHandler): BusEventHandler =>
      async (event) => {
        if (closed) throw new Error('the notifier is stopped');
        await handler(event);
      };
    await subscriber.subscribe(
      TOPICS.reminders,
      NOTIFIER_GROUP,
      guard(reminderEventHandler(planner)),
    );
    await subscriber.subscribe(TOPICS.taskEvents, NOTIFIER_GROUP, guard(taskEventHandler(planner)));

    let http: RunningHttpServer | undefined;
    const port =
      options.port ??
      (subscriber instanceof DaprEventSubscriber || scheduler instanceof DaprJobsScheduler
        ? config.PORT
        : undefined);
    if (port !== undefined) {
      http = await startHttpServer(
        routesFor(
          db,
          subscriber,
          scheduler,
          () => closed,
          config.APP_API_TOKEN,
          config.DAPR_SUBSCRIPTIONS === 'declarative',
          metrics,
        ),
        port,
        options.host ?? config.HOST,
      );
      cleanups.unshift(() => (http as RunningHttpServer).close());
    }

    log.info({ instanceId, scheduler: scheduler.kind, url: http?.url }, 'notifier started');
    return {
      url: http?.url,
      instanceId,
      metrics: metrics.registry,
      async close() {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups.splice(0)) {
          await cleanup().catch((error) => log.error({ err: error }, 'shutdown step failed'));
        }
        log.info({ instanceId }, 'notifier stopped');
      },
    };
  } catch (error) {
    closed = true;
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    throw error;
  }
}

function createScheduler(
  options: NotifierOptions,
  config: Config,
  deps: { db: pg.Pool; clock: Clock; instanceId: string; lateMaxMs: number },
): ReminderScheduler {
  const kind =
    options.scheduler ?? config.REMINDER_SCHEDULER ?? (config.DAPR_HTTP_PORT ? 'dapr' : 'builtin');
  if (kind === 'builtin') {
    return new BuiltinScheduler({
      ...deps,
      pollIntervalMs: options.pollIntervalMs,
      concurrency: options.concurrency,
    });
  }
  if (!config.DAPR_HTTP_PORT) throw new Error('REMINDER_SCHEDULER=dapr needs DAPR_HTTP_PORT');
  return new DaprJobsScheduler({
    sidecarUrl: `http://127.0.0.1:${config.DAPR_HTTP_PORT}`,
    apiToken: config.DAPR_API_TOKEN,
    maxRetries: Math.ceil(deps.lateMaxMs / 30_000),
  });
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

function routesFor(
  db: pg.Pool,
  subscriber: EventSubscriber,
  scheduler: ReminderScheduler,
  isClosed: () => boolean,
  appApiToken: string | undefined,
  declarativeSubscriptions: boolean,
  metrics: NotifierMetrics,
): NotifierRoutes {
  const dapr = subscriber instanceof DaprEventSubscriber ? subscriber : undefined;
  const jobs = scheduler instanceof DaprJobsScheduler ? scheduler : undefined;
  return {
    appApiToken,
    async ready() {
      if (isClosed()) return false;
      try {
        await db.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    // Subscription resources, when declared, deliver the events; listing them too would
    // make Dapr drop the declared ones with their dead-letter topics.
    daprSubscriptions: () => (declarativeSubscriptions ? [] : (dapr?.subscriptions() ?? [])),
    daprEvent: dapr
      ? async (topic, body) => ({ status: 200, body: await dapr.deliver(topic, body) })
      : undefined,
    daprJob: jobs ? (name) => jobs.handleJob(name) : undefined,
    metrics: async () => ({
      contentType: metrics.registry.contentType,
      text: await metrics.registry.metrics(),
    }),
    requestFinished: ({ method, route, status, seconds }) =>
      metrics.requestDuration.observe({ method, route, status: String(status) }, seconds),
  };
}
