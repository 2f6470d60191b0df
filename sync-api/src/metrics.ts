import type { Context, Next } from 'koa';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxLag } from './events/outbox-relay';
import { moduleLogger } from './logger';

const log = moduleLogger('metrics');

/** Prefix of every sync-api metric, so the embedded start can serve them beside the others. */
export const METRIC_PREFIX = 'fehrist_sync_api_';

// Seconds. Up to a minute, because a push of 1,000 mutations or a slow database takes that long.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
// A push carries at most 1,000 mutations.
const MUTATION_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

export interface SyncApiMetricsOptions {
  /** Called on every scrape. The outbox gauges show NaN when it fails. */
  outboxLag(): Promise<OutboxLag>;
  /** Adds Node's process metrics, which belong in one registry per process only. */
  collectProcessMetrics?: boolean;
}

/** sync-api's Prometheus metrics, in a registry of its own. */
export class SyncApiMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly pushes: Counter;
  readonly pushMutations: Histogram;
  readonly rejectedMutations: Counter<'code'>;
  readonly pulls: Counter;

  constructor(options: SyncApiMetricsOptions) {
    const registers = [this.registry];
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });

    this.requestDuration = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving an HTTP request to finishing the response, by route pattern.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.pushes = new Counter({
      name: `${METRIC_PREFIX}sync_pushes_total`,
      help: 'Sync pushes applied. Pushes that failed are counted by status in the request histogram.',
      registers,
    });
    this.pushMutations = new Histogram({
      name: `${METRIC_PREFIX}sync_push_mutations`,
      help: 'Mutations per applied sync push, including those already processed.',
      buckets: MUTATION_BUCKETS,
      registers,
    });
    this.rejectedMutations = new Counter({
      name: `${METRIC_PREFIX}sync_rejected_mutations_total`,
      help: 'Mutations the domain rejected in applied pushes, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.pulls = new Counter({
      name: `${METRIC_PREFIX}sync_pulls_total`,
      help: 'Sync pulls completed.',
      registers,
    });

    // Both gauges are read from one query per scrape, because the registry collects in parallel.
    let reading: Promise<OutboxLag | undefined> | undefined;
    const readLag = () => {
      reading ??= options
        .outboxLag()
        .catch((error: unknown) => {
          log.warn({ err: error }, 'could not read the outbox lag for a scrape');
          return undefined;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    };
    new Gauge({
      name: `${METRIC_PREFIX}outbox_unpublished_events`,
      help: 'Outbox rows not yet published to the event transport, across all replicas.',
      registers,
      async collect() {
        const lag = await readLag();
        this.set(lag ? lag.count : Number.NaN);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}outbox_oldest_unpublished_age_seconds`,
      help: 'Age of the oldest unpublished outbox row; 0 when every row is published.',
      registers,
      async collect() {
        const lag = await readLag();
        this.set(lag ? (lag.oldestAgeMs ?? 0) / 1000 : Number.NaN);
      },
    });
  }

  /** Koa middleware that observes each request's duration under its route pattern. */
  observeRequests() {
    return async (ctx: Context, next: Next): Promise<void> => {
      const stop = this.requestDuration.startTimer();
      try {
        await next();
      } finally {
        // Better Auth answers on the raw response, so Koa's status is not the one sent.
        const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
        stop({ method: ctx.method, route: routePattern(ctx), status: String(status) });
      }
    };
  }
}

interface MatchedLayer {
  path: string | RegExp;
  methods: string[];
}

/**
 * Names a request by the pattern of the route that served it, such as
 * `/api/:user_id/tasks/:id`, so user and task ids never become label values. Requests no
 * route served share a few fixed names.
 */
export function routePattern(ctx: Context): string {
  const matched = ((ctx as Context & { matched?: MatchedLayer[] }).matched ?? []).findLast(
    (layer) => layer.methods.includes(ctx.method),
  );
  if (matched) return String(matched.path);
  if (ctx.path.startsWith('/api/auth/')) return '/api/auth/*';
  if (ctx.path === '/dapr/subscribe') return '/dapr/subscribe';
  if (ctx.path.startsWith('/events/')) return '/events/:topic';
  // The web app's files, and paths that nothing serves.
  return 'other';
}
