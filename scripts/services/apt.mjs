// Installs Debian packages for the test services when the machine lacks them.
import { spawnSync } from 'node:child_process';

// Stored on globalThis because Vitest may load this module once per project in the same process.
const updatedKey = Symbol.for('fehrist.aptUpdated');

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function runApt(args) {
  console.log(`[apt] apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) {
    throw new Error(`could not run "apt-get ${args.join(' ')}": ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`"apt-get ${args.join(' ')}" exited ${result.status ?? result.signal}`);
  }
}

/**
 * Runs `apt-get update` (at most once per process) and then `apt-get install -y` on the packages.
 * Throws if the caller is not root, because apt-get needs root to install.
 */
export function aptInstall(packages) {
  if (!isRoot()) {
    throw new Error(
      `installing ${packages.join(', ')} with apt-get needs root: run as root or install them yourself`,
    );
  }
  if (!globalThis[updatedKey]) {
    runApt(['update']);
    globalThis[updatedKey] = true;
  }
  runApt(['install', '-y', ...packages]);
}
