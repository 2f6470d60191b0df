// Finds Helm for the deploy tests and scripts, building it from the Go module proxy into
// ~/.cache/fehrist/bin when it is missing: `go install helm.sh/helm/v3/cmd/helm@HELM_VERSION`.
// A marker file beside the binary records the version it was built from, because a binary
// built by `go install` reports only the minor version ("v3.21").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const HELM_VERSION = 'v3.21.4';
// `helm template` renders for this Kubernetes version. A Helm built by `go install` lacks the
// build flags that set its default, and would otherwise assume v1.20.0.
export const KUBE_VERSION = '1.31.0';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chartDir = join(repoRoot, 'deploy', 'helm', 'fehrist');

const binDir = join(homedir(), '.cache', 'fehrist', 'bin');
const helmPath = join(binDir, 'helm');
const markerPath = join(binDir, 'helm.version');
const lockDir = join(binDir, '.helm-install.lock');
const installTimeoutMs = 15 * 60_000;
// A lock older than the install timeout belongs to a process that died.
const staleLockMs = installTimeoutMs + 60_000;

function installedVersion() {
  if (!existsSync(helmPath) || !existsSync(markerPath)) return undefined;
  return readFileSync(markerPath, 'utf8').trim();
}

/**
 * Returns the path of a Helm binary of HELM_VERSION, building it first when the cache lacks it.
 * Throws with the output of `go install` when the build fails. Test files running in parallel
 * share one build through a lock folder.
 * @returns {Promise<string>}
 */
export async function ensureHelm() {
  if (installedVersion() === HELM_VERSION) return helmPath;
  mkdirSync(binDir, { recursive: true });

  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lockDir).mtimeMs > staleLockMs) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await sleep(2_000);
      if (installedVersion() === HELM_VERSION) return helmPath;
    }
  }

  try {
    if (installedVersion() === HELM_VERSION) return helmPath;
    const module = `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`;
    console.log(`[helm] building ${module} into ${binDir}; this takes a few minutes once`);
    const result = spawnSync('go', ['install', module], {
      env: {
        ...process.env,
        GOBIN: binDir,
        GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim(),
      },
      encoding: 'utf8',
      timeout: installTimeoutMs,
    });
    if (result.error) {
      throw new Error(
        `could not run "go install ${module}": ${result.error.message}. Install Go 1.24 or newer and put it on PATH.`,
      );
    }
    if (result.status !== 0) {
      throw new Error(
        `"go install ${module}" exited ${result.status}:\n${result.stderr.slice(-4000)}\nHelm is needed to check the chart; fix the Go toolchain or the module proxy settings and run again.`,
      );
    }
    writeFileSync(markerPath, `${HELM_VERSION}\n`);
    return helmPath;
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Runs Helm with `args` and returns its standard output; throws with its error output on failure.
 * @param {string} helm
 * @param {string[]} args
 * @returns {string}
 */
export function runHelm(helm, args) {
  const result = spawnSync(helm, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`could not run helm: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `helm ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

/**
 * Renders the chart as release `fehrist` in namespace `fehrist` with the given values files
 * (relative to the chart) and `--set` pairs, and returns the manifest text.
 * @param {string} helm
 * @param {{ valuesFiles?: string[], set?: string[], showOnly?: string[] }} [options]
 * @returns {string}
 */
export function renderChart(helm, { valuesFiles = [], set = [], showOnly = [] } = {}) {
  const args = [
    'template',
    'fehrist',
    chartDir,
    '--namespace',
    'fehrist',
    '--kube-version',
    KUBE_VERSION,
  ];
  for (const file of valuesFiles) args.push('--values', join(chartDir, file));
  for (const pair of set) args.push('--set', pair);
  for (const template of showOnly) args.push('--show-only', template);
  return runHelm(helm, args);
}
