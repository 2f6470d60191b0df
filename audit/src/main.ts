import { startAudit } from './audit';
import { loadConfig } from './config';
import { moduleLogger } from './logger';

const log = moduleLogger('main');

try {
  const config = loadConfig();
  const audit = await startAudit({ port: config.PORT });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      await audit.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  log.fatal({ err: error }, 'audit service failed to start');
  process.exitCode = 1;
}
