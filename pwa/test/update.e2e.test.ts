import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type AppServer,
  addTask,
  buildPwa,
  launchChromium,
  newDevice,
  serverTasks,
  signUp,
  startAppServer,
  tempDir,
  uniqueEmail,
  userIdOf,
  waitForServiceWorker,
  waitForSynced,
} from './support';

let server: AppServer;
let browser: Browser;
let staticDir: string;

beforeAll(async () => {
  staticDir = join(await tempDir('fehrist-pwa-'), 'dist');
  await buildPwa(staticDir, 'version-1');
  server = await startAppServer(inject('databaseUrl'), staticDir);
  browser = await launchChromium(inject('chromiumPath'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('app update', () => {
  it('updates while edits are queued and keeps them', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    await addTask(page, 'Synced before the update');
    await waitForSynced(page);
    await waitForServiceWorker(page);
    const userID = await userIdOf(page);
    expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe('version-1');

    // Offline with the old version open: edits queue up while a new version is deployed.
    await context.setOffline(true);
    await addTask(page, 'Queued during the update');
    await page.getByText('Offline · 1 change waiting').waitFor();
    await buildPwa(staticDir, 'version-2');

    // Back online, but the sync API stays unreachable so the edit is still queued when the
    // update is applied.
    await context.route('**/api/*/sync/**', (route) => route.abort());
    await context.setOffline(false);
    await page.getByText('A new version of Fehrist is ready.').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Update now' }).click();

    await page.waitForFunction(
      () => document.documentElement.dataset.build === 'version-2',
      undefined,
      {
        timeout: 20_000,
      },
    );
    await page.getByText('Queued during the update').waitFor();
    await page.getByText('Synced before the update').waitFor();

    await context.unroute('**/api/*/sync/**');
    await page.getByRole('button', { name: 'Retry now' }).click();
    await waitForSynced(page, 15_000);
    const titles = (await serverTasks(context, server.url, userID))
      .map((task) => task.title)
      .sort();
    expect(titles).toEqual(['Queued during the update', 'Synced before the update']);
    await context.close();
  });
});
