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
  signIn,
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

beforeAll(async () => {
  const staticDir = join(await tempDir('fehrist-pwa-'), 'dist');
  await buildPwa(staticDir, 'offline-e2e');
  server = await startAppServer(inject('databaseUrl'), staticDir);
  browser = await launchChromium(inject('chromiumPath'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('offline-first PWA', () => {
  it('keeps offline edits through a reload and syncs them on return', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    for (const title of ['Alpha', 'Beta', 'Gamma']) await addTask(page, title);
    await waitForSynced(page);
    await waitForServiceWorker(page);
    const userID = await userIdOf(page);

    await context.setOffline(true);
    await addTask(page, 'Written offline');
    await page.getByRole('button', { name: 'Rename “Alpha”' }).click();
    const titleInput = page.getByLabel('Title of “Alpha”');
    await titleInput.fill('Alpha, edited offline');
    await titleInput.press('Enter');
    // click, not check: a completed task leaves the "To do" list at once.
    await page.getByRole('checkbox', { name: 'Complete “Beta”' }).click();
    await page.getByRole('button', { name: 'Delete “Gamma”' }).click();
    // The delete commits when its undo window closes.
    await page.getByText('Deleted “Gamma”').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByText('Offline · 4 changes waiting').waitFor();

    await page.reload();
    await page.getByText('Alpha, edited offline').waitFor();
    await page.getByText('Written offline').waitFor();
    expect(await page.getByText('Gamma').count()).toBe(0);
    await page.getByLabel('Status').selectOption('completed');
    await page.getByRole('checkbox', { name: 'Complete “Beta”' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Complete “Beta”' }).isChecked()).toBe(true);
    await page.getByText('Offline · 4 changes waiting').waitFor();

    await context.setOffline(false);
    await waitForSynced(page, 15_000);
    const tasks = await serverTasks(context, server.url, userID);
    const byTitle = new Map(tasks.map((task) => [task.title, task]));
    expect([...byTitle.keys()].sort()).toEqual([
      'Alpha, edited offline',
      'Beta',
      'Written offline',
    ]);
    expect(byTitle.get('Beta')?.completed).toBe(true);
    expect(byTitle.get('Written offline')?.completed).toBe(false);
    await context.close();
  });

  it('shows an edit from one device on another within a second', async () => {
    const email = uniqueEmail();
    const first = await newDevice(browser);
    const second = await newDevice(browser, { width: 390, height: 844 });
    const pageA = await first.newPage();
    const pageB = await second.newPage();
    await signUp(pageA, server.url, email);
    await signIn(pageB, server.url, email);
    await waitForSynced(pageB);

    await addTask(pageA, 'Made on the laptop');
    await pageB.getByText('Made on the laptop').waitFor({ timeout: 1000 });

    await pageB.getByRole('checkbox', { name: 'Complete “Made on the laptop”' }).click();
    await pageA.getByText('Made on the laptop').waitFor({ state: 'detached', timeout: 1000 });

    await first.close();
    await second.close();
  });

  it('restores a deleted task on undo and deletes it after the window', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);
    await addTask(page, 'Keep this one');
    await addTask(page, 'Drop this one');
    await waitForSynced(page);
    const titles = async () =>
      (await serverTasks(context, server.url, userID)).map((task) => task.title).sort();
    await expect.poll(titles).toEqual(['Drop this one', 'Keep this one']);

    // Undo within the window: the task comes back and the server never loses it.
    await page.getByRole('button', { name: 'Delete “Keep this one”' }).click();
    await page
      .getByRole('button', { name: 'Details of “Keep this one”' })
      .waitFor({ state: 'detached' });
    // The title sits inside Unicode isolates in the toast's sentence.
    const toast = page.getByRole('status').filter({ hasText: /^Deleted “.?Keep this one.?”/ });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Details of “Keep this one”' }).waitFor();
    await toast.waitFor({ state: 'detached' });

    // No undo: the delete is queued once the toast's window ends, and syncs.
    await page.getByRole('button', { name: 'Delete “Drop this one”' }).click();
    const dropToast = page.getByRole('status').filter({ hasText: /^Deleted “.?Drop this one.?”/ });
    await dropToast.waitFor();
    await dropToast.waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(titles, { timeout: 15_000 }).toEqual(['Keep this one']);
    await page.reload();
    await page.getByRole('button', { name: 'Details of “Keep this one”' }).waitFor();
    expect(await page.getByText('Drop this one').count()).toBe(0);
    await context.close();
  });

  it('renders task text as text', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await signUp(page, server.url, uniqueEmail());

    await addTask(page, '<img src=x onerror=alert(1)>');

    await page.getByText('<img src=x onerror=alert(1)>').waitFor();
    expect(await page.locator('.task-list img').count()).toBe(0);
    expect(dialogs).toBe(0);
    await context.close();
  });
});
