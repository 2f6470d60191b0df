import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { moduleLogger } from '../logger';

const log = moduleLogger('embedded-db');

// The socket server queues queries per connection; with its default of one connection a
// pool of several is reset, so allow as many as the pools open together.
const MAX_SOCKET_CONNECTIONS = 30;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on a data folder and serves it over the PostgreSQL wire protocol on
 * 127.0.0.1, so MikroORM and Better Auth connect to it as to any PostgreSQL.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const folder = resolve(dataDir, 'pglite');
  await mkdir(folder, { recursive: true });
  const db = await PGlite.create(folder);
  const port = await findFreePort();
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port,
    maxConnections: MAX_SOCKET_CONNECTIONS,
  });
  await server.start();
  log.info({ folder, port }, 'embedded PGlite database started');

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      log.info({ folder }, 'embedded PGlite database stopped');
    },
  };
}

export function embeddedDataPath(dataDir: string, name: string): string {
  return join(resolve(dataDir), name);
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not find a free port on 127.0.0.1'));
      });
    });
  });
}
