import { createAgentService } from '@fehrist/agent';
import { InProcessEventBus } from '@fehrist/domain';
import { startNotifier } from '@fehrist/notifier';
import { startEmbeddedDatabase } from '@fehrist/sync-api/src/db/embedded';
import { startServer } from '@fehrist/sync-api/src/server';

// PGlite's socket server accepts 30 connections; sync-api's pools take up to 16 of them.
const NOTIFIER_POOL_SIZE = 3;
const AGENT_POOL_SIZE = 2;

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
 * Runs sync-api, the notifier and the agent in one process on one database, one port and one
 * in-process event bus.
 * The database is DATABASE_URL, or PGlite in the data folder when it is unset.
 *
 * The notifier subscribes before sync-api starts, because sync-api's outbox relay publishes as
 * soon as it runs, and the in-process bus drops events of a topic that has no subscriber yet.
 * That is also why this function, not startServer, starts PGlite: the notifier needs the
 * database URL first.
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

    const server = await startServer({
      databaseUrl,
      dataDir,
      eventBus: bus,
      env,
      port: options.port,
      host: options.host,
    });
    cleanups.unshift(() => server.close());

    // The agent answers /mcp and the chat routes on the sync API's port, and calls the REST
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
