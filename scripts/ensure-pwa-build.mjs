// Builds the web app into pwa/dist when the build is missing or older than its sources, so
// `npm start` on a fresh clone serves a working app without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './ensure-install.mjs';

const SOURCES = ['pwa/src', 'pwa/public', 'pwa/index.html', 'pwa/vite.config.ts', 'domain/src'];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** Returns why the PWA must be built, or null when pwa/dist is current. */
export function reasonToBuild(root = repoRoot) {
  const built = join(root, 'pwa', 'dist', 'index.html');
  if (!existsSync(join(root, 'pwa', 'package.json'))) return null;
  if (!existsSync(built)) return 'pwa/dist is missing';
  const sourcesChanged = Math.max(...SOURCES.map((source) => newestChange(join(root, source))));
  return sourcesChanged > statSync(built).mtimeMs
    ? 'pwa sources changed since the last build'
    : null;
}

/** Runs `npm run build -w pwa` when reasonToBuild() finds a reason. Throws if it fails. */
export function ensurePwaBuild(root = repoRoot) {
  const reason = reasonToBuild(root);
  if (reason === null) return;

  console.log(`[build] ${reason}: running npm run build -w pwa`);
  const result = spawnSync('npm', ['run', 'build', '-w', 'pwa'], { cwd: root, stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    const cause = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`building the web app failed (${cause}); read the output above and fix it`);
  }
}
