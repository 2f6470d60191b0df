// `npm run bench`: installs dependencies if needed, then runs every bench/*.bench.ts with tsx,
// one after another so they do not compete for the CPU. Arguments after `npm run bench --` select
// the files whose names contain any of them, so `npm run bench -- sync` runs only sync.bench.ts.
// Exits non-zero when any bench fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, repoRoot } from './ensure-install.mjs';

// Each bench bounds its own work; this stops one that hangs anyway.
const benchTimeoutMs = 20 * 60_000;

try {
  ensureInstall();
} catch (error) {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
}

const filters = process.argv.slice(2);
const files = readdirSync(join(repoRoot, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (files.length === 0) {
  const selection = filters.length > 0 ? ` matching ${filters.join(', ')}` : '';
  console.error(`[bench] no bench/*.bench.ts files${selection}`);
  process.exit(1);
}

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const failed = [];
for (const file of files) {
  console.log(`\n==> bench/${file}`);
  const started = Date.now();
  const result = spawnSync(tsx, [join('bench', file)], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: benchTimeoutMs,
    killSignal: 'SIGTERM',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) {
    console.error(`[bench] bench/${file} did not finish: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const outcome = result.signal ? `was stopped by ${result.signal}` : `exited ${result.status}`;
    console.error(`[bench] bench/${file} ${outcome} after ${seconds} s`);
    failed.push(file);
  } else {
    console.log(`[bench] bench/${file} finished in ${seconds} s`);
  }
}

console.log(
  failed.length > 0
    ? `\nbench: ${failed.length} of ${files.length} failed: ${failed.join(', ')}`
    : `\nbench: all ${files.length} passed`,
);
process.exit(failed.length > 0 ? 1 : 0);
