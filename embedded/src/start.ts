import { createAgentService } from '@fehrist/agent';
import { startAudit } from '@fehrist/audit';
import { InProcessEventBus } from '@fehrist/domain';
import { startNotifier } from '@fehrist/notifier';
import { startEmbeddedDatabase } from '@fehrist/sync-api/src/db/embedded';
import { startServer } from '@fehrist/sync-api/src/server';
import { collectDefaultMetrics, Registry } from 'prom-client';

// PGlite's socket server accepts 30 connections; sync-api's pools take up to 16 of them.
const NOTIFIER_POOL_SIZE = 3;
const AGENT_POOL_SIZE = 2;
const AUDIT_POOL_SIZE = 2;

export interface EmbeddedOptions {
  /** Environment of both services; process.env by default. */
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  port?: number;
  host?: string;
}

export interface RunningEmbedded {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs sync-api, the notifier, the agent and the audit service in one process on one database,
 * one port and one in-process event bus.
 * The database is DATABASE_URL, or PGlite in the data folder when it is unset.
 *
 * The notifier and the audit service subscribe before sync-api starts, because sync-api's outbox
 * relay publishes as soon as it runs, and the in-process bus drops events of a topic that has no
 * subscriber yet.
 * That is also why this function, not startServer, starts PGlite: both need the database URL
 * first.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<RunningEmbedded> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? env.DATA_DIR ?? '.data';
  const cleanups: (() => Promise<void>)[] = [];

  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const database = await startEmbeddedDatabase(dataDir);
      cleanups.unshift(() => database.stop());
      databaseUrl = database.url;
    }

    const bus = new InProcessEventBus();
    cleanups.unshift(() => bus.close());
    const notifier = await startNotifier({
      databaseUrl,
      eventBus: bus,
      dataDir,
      env,
      poolSize: NOTIFIER_POOL_SIZE,
    });
    cleanups.unshift(() => notifier.close());

    // The audit service learns sync-api's URL, for its key set and token issuer, once it runs.
    let syncApiUrl = '';
    const audit = await startAudit({
      databaseUrl,
      eventBus: bus,
      env,
      poolSize: AUDIT_POOL_SIZE,
      syncApiUrl: () => syncApiUrl,
    });
    cleanups.unshift(() => audit.close());

    const server = await startServer({
      databaseUrl,
      dataDir,
      eventBus: bus,
      env,
      port: options.port,
      host: options.host,
    });
    cleanups.unshift(() => server.close());
    syncApiUrl = server.url;
    // The sync API's port serves the history API too, which takes bearer tokens only.
    server.mount((request, response) => audit.handle(request, response));

    // The agent serves /mcp and the chat routes on the sync API's port, and calls the REST
    // API on that same URL with each user's token.
    const agent = await createAgentService({
      selfUrl: server.url,
      syncApiUrl: server.url,
      databaseUrl,
      databasePoolSize: AGENT_POOL_SIZE,
      env,
    });
    server.mount((request, response) => agent.handle(request, response));
    cleanups.unshift(() => agent.close());

    // One /metrics for the process: each service's registry (their names carry distinct
    // prefixes, and merge throws on a clash) and Node's process metrics once.
    const processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
    const metrics = Registry.merge([
      processMetrics,
      server.metrics,
      notifier.metrics,
      agent.metrics,
    ]);
    server.mount(async (request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') return false;
      response.writeHead(200, { 'content-type': metrics.contentType });
      response.end(await metrics.metrics());
      return true;
    });

    return {
      url: server.url,
      async close() {
        for (const cleanup of cleanups.splice(0)) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
    throw error;
  }
}
