// `npm start`: sync-api, the notifier, the agent and the audit service in one process, on
// PGlite in .data/ unless DATABASE_URL is set.
import { startEmbedded } from './start';

try {
  const app = await startEmbedded();
  console.log(`\nFehrist is running at ${app.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[embedded] ${signal} received; shutting down`);
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error('[embedded] shutdown failed:', error);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  console.error('[embedded] failed to start:', error);
  process.exitCode = 1;
}
