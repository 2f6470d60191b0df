import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleService } from '../docker/bundle.mjs';
import { repoRoot, SERVICES } from './support';

interface BundleManifest {
  workspace: string;
  bytes: number;
  packages: { name: string; version: string; path: string }[];
}

const outputRoot = mkdtempSync(join(tmpdir(), 'fehrist-bundle-'));
afterAll(() => rmSync(outputRoot, { recursive: true, force: true }));

function devDependencyNames(): Set<string> {
  const names = new Set<string>();
  for (const manifest of [
    'package.json',
    ...SERVICES.map((service) => `${service.workspace}/package.json`),
  ]) {
    const json = JSON.parse(readFileSync(join(repoRoot, manifest), 'utf8')) as {
      devDependencies?: object;
    };
    for (const name of Object.keys(json.devDependencies ?? {})) names.add(name);
  }
  return names;
}

describe.each(SERVICES)('bundle of $workspace', ({ workspace }) => {
  it('builds with production packages only', async () => {
    const manifest = (await bundleService(
      workspace,
      join(outputRoot, workspace),
    )) as BundleManifest;
    expect(manifest.bytes).toBeGreaterThan(0);
    const dev = devDependencyNames();
    expect(manifest.packages.filter((item) => dev.has(item.name))).toEqual([]);
  });
});

describe('bundled sync-api', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
  });

  it('serves health, readiness and sign-up on embedded PGlite', async () => {
    const dir = join(outputRoot, 'sync-api-run');
    await bundleService('sync-api', dir);

    // Only what the image has: the bundle folder, plain node, no DATABASE_URL.
    child = spawn(process.execPath, ['--enable-source-maps', 'main.mjs'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: join(dir, '.data'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });

    const deadline = Date.now() + 90_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline && child.exitCode === null) {
      url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (!url) await sleep(200);
    }
    expect(url, `the bundle did not start:\n${output}`).toBeDefined();

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);

    const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      // Better Auth rejects a cookie-issuing request without an Origin, as a browser sends.
      headers: { 'content-type': 'application/json', origin: url as string },
      body: JSON.stringify({
        email: 'bundle@example.com',
        password: 'a long password 1',
        name: 'Bundle',
      }),
    });
    expect(signUp.status, await signUp.clone().text()).toBe(200);
    const jwks = await fetch(`${url}/api/auth/jwks`);
    expect(jwks.status).toBe(200);

    child.kill('SIGTERM');
    const code = await new Promise((resolve) =>
      child?.once('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code, output).toBe(0);
  });
});
