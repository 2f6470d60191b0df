import { moduleLogger } from './logger';
import { startServer } from './server';

const log = moduleLogger('main');

try {
  const server = await startServer({ collectProcessMetrics: true });
  console.log(`\nFehrist is running at ${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await server.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  log.fatal({ err: error }, 'sync API failed to start');
  process.exitCode = 1;
}
