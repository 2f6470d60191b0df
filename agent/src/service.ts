import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Model } from '@openai/agents';
import Koa, { type Context, type Next } from 'koa';
import type { Registry } from 'prom-client';
import { createTurnRunner, type TurnRunner } from './agent/run-turn';
import { createBearerAuth } from './auth/bearer';
import { createChatHandler } from './chat/chat-route';
import { createChatKitHandler } from './chatkit/route';
import { loadConfig } from './config';
import { HttpError, problemDetails } from './http/errors';
import { moduleLogger } from './logger';
import { createMcpHandler } from './mcp/route';
import { AgentMetrics } from './metrics';
import { type ModelFactory, modelFromConfig } from './model/select-model';
import { DaprConversationStore } from './store/dapr-store';
import { openPostgresStore } from './store/postgres-store';
import type { ConversationStore } from './store/types';

const log = moduleLogger('service');

// In-flight requests get this long to finish when the service closes.
const SHUTDOWN_GRACE_MS = 10_000;

export interface AgentServiceOptions {
  /**
   * Base URL of this service as its own MCP client reaches it on loopback, such as
   * `http://127.0.0.1:8090`. A function when the port is known only after listening.
   */
  selfUrl: string | (() => string);
  /** Environment to read the configuration from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Overrides SYNC_API_URL (and the JWKS and issuer defaults that follow from it). */
  syncApiUrl?: string;
  /** Overrides DATABASE_URL. */
  databaseUrl?: string;
  /** Connections of the PostgreSQL store's pool; 5 by default. */
  databasePoolSize?: number;
  /** A ready store, for tests and for hosts that share one; closed with the service. */
  store?: ConversationStore;
  /** A fixed model or model factory in place of the configured one (tests use a scripted model). */
  model?: Model | ModelFactory;
  /** Serve `/healthz` and `/readyz` too; the standalone process does, an embedding host does not. */
  serveHealth?: boolean;
  /** Serve `/metrics` too; the standalone process does, an embedding host serves them itself. */
  serveMetrics?: boolean;
  /** Adds Node's process metrics to this service's registry; a process collects them in one only. */
  collectProcessMetrics?: boolean;
  now?: () => Date;
}

export interface AgentService {
  /** Serves the request and resolves true if its path is the agent's; resolves false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Waits for in-flight requests (up to a grace period), then closes the store. */
  close(): Promise<void>;
  /** Kind of chat model in use: the offline command model unless OpenAI is configured. */
  modelKind: 'openai' | 'openai-compatible' | 'offline' | 'custom';
  /** Prometheus metrics, every name prefixed `fehrist_agent_`. */
  metrics: Registry;
}

const AGENT_PATHS = [/^\/mcp\/?$/, /^\/api\/chatkit\/?$/, /^\/api\/[^/]+\/chat\/?$/];
const HEALTH_PATHS = [/^\/healthz$/, /^\/readyz$/];
const METRICS_PATHS = [/^\/metrics$/];

/** Builds the agent's HTTP service: MCP tools, the chat endpoint and the ChatKit endpoint. */
export async function createAgentService(options: AgentServiceOptions): Promise<AgentService> {
  const env = { ...(options.env ?? process.env) };
  if (options.syncApiUrl) env.SYNC_API_URL = options.syncApiUrl;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const config = loadConfig(env);
  const now = options.now ?? (() => new Date());
  const selfUrl =
    typeof options.selfUrl === 'function' ? options.selfUrl : () => options.selfUrl as string;

  const store = options.store ?? (await openStore(config, now, options.databasePoolSize));
  const { kind: modelKind, create: createModel } = chooseModel(options.model, config);

  const auth = createBearerAuth({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const metrics = new AgentMetrics({ collectProcessMetrics: options.collectProcessMetrics });
  const runTurn = countTurns(
    createTurnRunner({
      createModel,
      mcpUrl: () => `${selfUrl().replace(/\/+$/, '')}/mcp`,
      now,
    }),
    metrics,
    modelKind,
  );

  const app = new Koa();
  const router = new Router();
  app.use(logRequests);
  app.use(metrics.observeRequests());
  app.use(problemDetails);
  app.use(requireJsonBody);
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await store.ping();
      ctx.body = { status: 'ready' };
    } catch (error) {
      log.warn({ err: error }, 'readiness check failed: conversation store unreachable');
      throw new HttpError(503, 'not_ready', 'the conversation store is unreachable', [], true);
    }
  });
  // Unauthenticated like the probes; the chart's ingress does not send /metrics to the agent.
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  router.all(
    '/mcp',
    auth.authenticate,
    createMcpHandler({ syncApiUrl: config.SYNC_API_URL, now, metrics }),
  );
  router.post('/api/chatkit', auth.authenticate, createChatKitHandler({ store, runTurn }));
  router.post(
    '/api/:user_id/chat',
    auth.authenticate,
    auth.requireOwner,
    createChatHandler({ store, runTurn }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  app.on('error', (error) => log.error({ err: error }, 'unhandled application error'));

  const callback = app.callback();
  const inFlight = new Set<Promise<unknown>>();
  const paths = [
    ...AGENT_PATHS,
    ...(options.serveHealth ? HEALTH_PATHS : []),
    ...(options.serveMetrics ? METRICS_PATHS : []),
  ];
  let closing = false;

  log.info(
    {
      model: modelKind,
      store: store.constructor.name,
      syncApi: config.SYNC_API_URL,
    },
    'agent service ready',
  );
  return {
    modelKind,
    metrics: metrics.registry,

    async handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (!paths.some((pattern) => pattern.test(path))) return false;
      if (closing) {
        res.writeHead(503, { 'content-type': 'application/problem+json', connection: 'close' });
        res.end(
          JSON.stringify({
            type: 'urn:fehrist:problem:shutting_down',
            title: 'Service Unavailable',
            status: 503,
            code: 'shutting_down',
            detail: 'the agent is shutting down; retry on another instance',
          }),
        );
        return true;
      }
      const served = callback(req, res);
      inFlight.add(served);
      try {
        await served;
      } finally {
        inFlight.delete(served);
      }
      return true;
    },

    async close() {
      closing = true;
      const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      if (inFlight.size > 0)
        log.warn({ requests: inFlight.size }, 'closing with requests still running');
      await store.close();
      log.info('agent service stopped');
    },
  };
}

/** Counts each turn by model kind and outcome, for the chat and ChatKit endpoints alike. */
function countTurns(
  runTurn: TurnRunner,
  metrics: AgentMetrics,
  model: AgentService['modelKind'],
): TurnRunner {
  return async (input, listener) => {
    try {
      const output = await runTurn(input, listener);
      metrics.chatTurns.inc({ model, outcome: 'completed' });
      return output;
    } catch (error) {
      metrics.chatTurns.inc({ model, outcome: 'failed' });
      throw error;
    }
  };
}

/** Takes the model the options give, or else the one the configuration selects. */
function chooseModel(
  model: AgentServiceOptions['model'],
  config: ReturnType<typeof loadConfig>,
): { kind: AgentService['modelKind']; create: ModelFactory } {
  if (typeof model === 'function') return { kind: 'custom', create: model };
  if (model) return { kind: 'custom', create: () => model };
  return modelFromConfig(config);
}

async function openStore(
  config: ReturnType<typeof loadConfig>,
  now: () => Date,
  poolSize = 5,
): Promise<ConversationStore> {
  if (config.DAPR_HTTP_PORT !== undefined) {
    log.info({ store: config.DAPR_STATE_STORE }, 'conversations in the Dapr state store');
    return new DaprConversationStore(config.DAPR_HTTP_PORT, config.DAPR_STATE_STORE, now);
  }
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL, now, poolSize);
  throw new Error(
    'Invalid configuration:\n  DATABASE_URL: required for conversation history unless DAPR_HTTP_PORT is set',
  );
}

async function logRequests(ctx: Context, next: Next): Promise<void> {
  const started = performance.now();
  ctx.state.requestId = ctx.get('x-request-id') || randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  try {
    await next();
  } finally {
    const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
    log.info(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  }
}

/** Bodies are JSON only; anything else is refused before parsing so it is not read as empty. */
async function requireJsonBody(ctx: Context, next: Next): Promise<void> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (hasBody && ctx.method === 'POST' && !ctx.is('application/json')) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'send the body as JSON with Content-Type: application/json',
    );
  }
  return next();
}
