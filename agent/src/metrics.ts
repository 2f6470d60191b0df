import type { Context, Next } from 'koa';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prefix of every agent metric, so the embedded start can serve them beside the others. */
export const METRIC_PREFIX = 'fehrist_agent_';

// Seconds. A chat turn with a hosted model and several tool calls can take most of a minute.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * How a tool call ended: `ok`, `failed` (an `isError` result the model sees, such as a task
 * not found or the sync API down) or `invalid` (arguments or tool name rejected as a protocol
 * error).
 */
export type ToolCallOutcome = 'ok' | 'failed' | 'invalid';

/** The agent's Prometheus metrics, in a registry of its own. */
export class AgentMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly chatTurns: Counter<'model' | 'outcome'>;
  readonly toolCalls: Counter<'tool' | 'outcome'>;

  /** `collectProcessMetrics` adds Node's process metrics, which belong in one registry per process only. */
  constructor(options: { collectProcessMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });

    this.requestDuration = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time from receiving an HTTP request to finishing the response, by route pattern.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.chatTurns = new Counter({
      name: `${METRIC_PREFIX}chat_turns_total`,
      help: 'Chat turns of the chat and ChatKit endpoints, by model kind and outcome (completed or failed).',
      labelNames: ['model', 'outcome'],
      registers,
    });
    this.toolCalls = new Counter({
      name: `${METRIC_PREFIX}tool_calls_total`,
      help: 'MCP tool calls, from chat turns and other MCP clients, by tool and outcome (ok, failed or invalid).',
      labelNames: ['tool', 'outcome'],
      registers,
    });
  }

  /** Koa middleware that observes each request's duration under its route pattern. */
  observeRequests() {
    return async (ctx: Context, next: Next): Promise<void> => {
      const stop = this.requestDuration.startTimer();
      try {
        await next();
      } finally {
        // The MCP route writes to the raw response, so Koa's status is not the one sent.
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

/** Names a request by its route pattern, such as `/api/:user_id/chat`, never by the raw path. */
function routePattern(ctx: Context): string {
  const matched = ((ctx as Context & { matched?: MatchedLayer[] }).matched ?? []).findLast(
    (layer) => layer.methods.includes(ctx.method),
  );
  return matched ? String(matched.path) : 'other';
}
