// Installs the locked dependencies when they are missing or older than package-lock.json, so a
// fresh clone needs no separate install step before `npm start` or `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Returns why `npm ci` must run, or null when node_modules matches the lock file.
 * npm writes node_modules/.package-lock.json at the end of every install, so a lock file with a
 * later modification time means someone changed the dependencies since the last install.
 */
export function reasonToInstall(root = repoRoot) {
  const lockFile = join(root, 'package-lock.json');
  const installedLockFile = join(root, 'node_modules', '.package-lock.json');

  if (!existsSync(join(root, 'node_modules'))) {
    return 'node_modules is missing';
  }
  if (!existsSync(installedLockFile)) {
    return 'node_modules/.package-lock.json is missing, so the last install did not finish';
  }
  if (existsSync(lockFile) && statSync(lockFile).mtimeMs > statSync(installedLockFile).mtimeMs) {
    return 'package-lock.json is newer than node_modules/.package-lock.json';
  }
  return null;
}

/** Runs `npm ci` in the repository root when reasonToInstall() finds a reason. Throws if it fails. */
export function ensureInstall(root = repoRoot) {
  const reason = reasonToInstall(root);
  if (reason === null) {
    return;
  }

  console.log(`[install] ${reason}: running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci'], { cwd: root, stdio: 'inherit' });
  if (result.error) {
    throw new Error(`could not run "npm ci" in ${root}: ${result.error.message}. Is npm on PATH?`);
  }
  if (result.status !== 0) {
    const outcome = result.signal ? `was killed by ${result.signal}` : `exited ${result.status}`;
    throw new Error(
      `"npm ci" in ${root} ${outcome}. Read its output above, fix the cause, then run the command again.`,
    );
  }
}
