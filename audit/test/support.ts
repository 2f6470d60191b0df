import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EventSubscriber, InProcessEventBus, type Mutation } from '@fehrist/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type AgentService, createAgentService } from '../../agent/src/service';
import { connectMcp } from '../../agent/test/support';
import type { ServerOptions } from '../../sync-api/src/server';
import { createDatabase } from '../../sync-api/test/events-support';
import {
  type ApiResponse,
  request,
  startTestServer,
  type TestServer,
  type TestUser,
} from '../../sync-api/test/support';
import { type AuditOptions, type RunningAudit, startAudit } from '../src/audit';
import type { HistoryEntry, HistoryPage } from '../src/history/query';

export { callTool, connectMcp } from '../../agent/test/support';
export { signUp, type TestUser } from '../../sync-api/test/support';

/** Outbox timings that publish a write within about 100 ms. */
export const FAST_OUTBOX: ServerOptions['outbox'] = {
  pollIntervalMs: 100,
  retryInitialMs: 50,
  retryMaxMs: 500,
};

export interface Stack {
  api: TestServer;
  /** The bus between sync-api and the audit service. */
  bus: InProcessEventBus;
  audit: RunningAudit;
  /** URL of the audit service's own HTTP server. */
  auditUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the audit service and sync-api on a database of their own, joined by one in-process
 * bus, as the embedded start joins them. The own database keeps other test files' outbox rows
 * away from this audit service.
 */
export async function startStack(
  baseDatabaseUrl: string,
  options: { audit?: Partial<AuditOptions>; subscriber?: EventSubscriber } = {},
): Promise<Stack> {
  const database = await createDatabase(baseDatabaseUrl);
  const bus = new InProcessEventBus();
  let apiUrl = '';
  const audit = await startAudit({
    databaseUrl: database.url,
    eventBus: options.subscriber ?? bus,
    env: {},
    port: 0,
    host: '127.0.0.1',
    syncApiUrl: () => apiUrl,
    ...options.audit,
  });
  const api = await startTestServer(database.url, { eventBus: bus, outbox: FAST_OUTBOX });
  apiUrl = api.url;
  return {
    api,
    bus,
    audit,
    auditUrl: audit.url as string,
    databaseUrl: database.url,
    async close() {
      await api.close();
      await audit.close();
      await database.drop();
    },
  };
}

export interface AgentStack {
  url: string;
  service: AgentService;
  /** Connects an MCP client to the agent as the user. */
  connect(user: TestUser): Promise<Client>;
  close(): Promise<void>;
}

/** Starts the agent on a 127.0.0.1 port of its own, calling the given sync-api. */
export async function startAgent(syncApiUrl: string, databaseUrl: string): Promise<AgentStack> {
  const server = createServer();
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  const service = await createAgentService({
    selfUrl: url,
    syncApiUrl,
    databaseUrl,
    env: {},
  });
  server.on('request', (req, res) => {
    void service.handle(req, res).then((served) => {
      if (served) return;
      res.writeHead(404);
      res.end();
    });
  });
  return {
    url,
    service,
    connect: (user) => connectMcp(url, user.token),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.close();
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A device of the app: one client of one client group, numbering its mutations from 1. */
export class AppDevice {
  readonly clientGroupID = `group-${randomUUID()}`;
  readonly clientID = `client-${randomUUID()}`;
  private nextMutationId = 1;

  constructor(
    private readonly apiUrl: string,
    private readonly user: TestUser,
  ) {}

  /** Pushes one mutation, as the app's sync client does; fails unless the server applied it. */
  async push(name: string, args: unknown, source?: Mutation['source']): Promise<void> {
    const mutation: Mutation = {
      clientID: this.clientID,
      id: this.nextMutationId++,
      name,
      args,
      timestamp: Date.now(),
      ...(source ? { source } : {}),
    };
    const response = await request(this.apiUrl, 'POST', `/api/${this.user.id}/sync/push`, {
      token: this.user.token,
      body: { clientGroupID: this.clientGroupID, mutations: [mutation] },
    });
    if (response.status !== 200 || response.body.rejected.length > 0) {
      throw new Error(
        `push of ${name} failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
  }
}

/** Calls the audit service as the user; `path` starts at `/api/`. */
export function auditGet<T = HistoryPage>(
  auditUrl: string,
  user: TestUser | undefined,
  path: string,
): Promise<ApiResponse<T>> {
  return request<T>(auditUrl, 'GET', path, user ? { token: user.token } : {});
}

/** Reads every page of a task's history. */
export async function fullHistory(
  auditUrl: string,
  user: TestUser,
  taskId: string,
): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?cursor=${cursor}` : '';
    const response = await auditGet(
      auditUrl,
      user,
      `/api/${user.id}/tasks/${taskId}/history${query}`,
    );
    if (response.status === 404) return entries;
    if (response.status !== 200) {
      throw new Error(`history failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    entries.push(...response.body.events);
    cursor = response.body.next_cursor;
  } while (cursor);
  return entries;
}

/** Waits until the task's history has at least `count` entries, and returns them. */
export async function waitForHistory(
  auditUrl: string,
  user: TestUser,
  taskId: string,
  count: number,
  timeoutMs = 15_000,
): Promise<HistoryEntry[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entries = await fullHistory(auditUrl, user, taskId);
    if (entries.length >= count) return entries;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms: task ${taskId} has ${entries.length} of ${count} history entries`,
      );
    }
    await sleep(50);
  }
}
