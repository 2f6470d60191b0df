// `npm test`: installs dependencies if needed, type-checks, lints, then runs Vitest.
// Arguments after `npm test --` go to Vitest, so `npm test -- domain` runs only matching files.
// The last output line is always `tests: N passed, M failed, K skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, repoRoot } from './ensure-install.mjs';

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const resultsFile = join('.test-results', 'vitest.json');
const inCi = Boolean(process.env.CI);
const failedSteps = [];

function header(title) {
  console.log(`\n==> ${title}`);
}

/** Runs one step with inherited output and records it in failedSteps unless it exits 0. */
function runStep(title, command, args) {
  header(title);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    console.error(`${title}: could not run ${command}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    failedSteps.push(title);
  }
}

/** Reads the test counts from Vitest's JSON report, or returns null if it is missing or invalid. */
function readCounts() {
  const path = join(repoRoot, resultsFile);
  if (!existsSync(path)) {
    console.error(`${resultsFile} is missing, so Vitest ended before writing its report.`);
    return null;
  }
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
      failedFiles: report.numFailedTestSuites,
    };
  } catch (error) {
    console.error(`${resultsFile} is not valid Vitest JSON: ${error.message}`);
    return null;
  }
}

header('install dependencies if needed');
try {
  ensureInstall();
  console.log('node_modules matches package-lock.json');
} catch (error) {
  console.error(error.message);
  console.log('tests: 0 passed, 0 failed, 0 skipped');
  process.exit(1);
}

// Every step runs even after a failure, so one run shows all type, lint and test errors.
for (const workspace of [
  'domain',
  'sync-api',
  'notifier',
  'agent',
  'audit',
  'embedded',
  'pwa',
  'bench',
]) {
  if (existsSync(join(repoRoot, workspace, 'tsconfig.json'))) {
    runStep(`tsc -p ${workspace}`, bin('tsc'), ['-p', workspace]);
  } else {
    header(`tsc -p ${workspace}`);
    console.log(`skipped: ${workspace}/tsconfig.json does not exist yet`);
  }
}
runStep('tsc -p .', bin('tsc'), ['-p', '.']);
runStep('biome check .', bin('biome'), ['check', '.']);

// The services log every request at info level; in tests that buries the failures.
process.env.LOG_LEVEL ??= 'warn';

rmSync(join(repoRoot, resultsFile), { force: true });
mkdirSync(join(repoRoot, '.test-results'), { recursive: true });
runStep('vitest run', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
]);

header('summary');
const counts = readCounts() ?? { passed: 0, failed: 0, skipped: 0, failedFiles: 0 };
const total = counts.passed + counts.failed + counts.skipped;
if (total === 0) {
  failedSteps.push('no tests ran: add tests or check the Vitest filter arguments');
}
if (counts.failedFiles > 0 && counts.failed === 0) {
  // A file that fails to import or whose hooks fail counts as a failed suite but not a failed test.
  failedSteps.push(`${counts.failedFiles} test file(s) failed outside any test`);
}
if (inCi && counts.skipped > 0) {
  failedSteps.push(`${counts.skipped} test(s) skipped or todo, which CI does not allow`);
}

if (failedSteps.length > 0) {
  console.log(`failed: ${failedSteps.join('; ')}`);
} else {
  console.log('all steps passed');
}
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
