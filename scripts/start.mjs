// `npm start`: installs dependencies and builds the web app if needed, then runs the embedded
// app (sync API and notifier in one process, see embedded/src/start.ts) with tsx.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstall, repoRoot } from './ensure-install.mjs';
import { ensurePwaBuild } from './ensure-pwa-build.mjs';

try {
  ensureInstall();
  ensurePwaBuild();
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(1);
}

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const child = spawn(tsx, [join('embedded', 'src', 'main.ts'), ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: process.env,
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}

child.on('error', (error) => {
  console.error(`[start] could not run ${tsx}: ${error.message}. Run "npm ci" and try again.`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal) {
    // Re-raise the signal with its default action, so the parent gets the same exit status as
    // if it had run the server directly.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
