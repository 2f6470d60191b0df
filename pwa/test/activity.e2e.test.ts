import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import en from '../src/i18n/en.json';
import ur from '../src/i18n/ur.json';
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
  waitForSynced,
} from './support';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const staticDir = join(await tempDir('fehrist-pwa-'), 'dist');
  await buildPwa(staticDir, 'activity-e2e');
  server = await startAppServer(inject('databaseUrl'), staticDir, { audit: true });
  browser = await launchChromium(inject('chromiumPath'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

/** Reads the visible text of each history entry under `scope`, without isolates. */
async function entryTexts(page: Page, scope: string): Promise<string[]> {
  const texts = await page.locator(`${scope} li.history-entry`).allInnerTexts();
  return texts.map((text) =>
    text
      .replace(/[\u2068\u2069]/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/**
 * Opens the activity view on a range and waits until it shows `count` entries. The audit
 * service records events asynchronously, so the view is reopened until they are all there.
 */
async function openActivityUntil(
  page: Page,
  labels: { open: string; range: string; close: string },
  count: number,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const dialog = page.locator('dialog.activity');
        if (await dialog.isVisible())
          await dialog.getByRole('button', { name: labels.close }).click();
        await page.getByRole('button', { name: labels.open, exact: true }).click();
        await dialog.getByRole('button', { name: labels.range }).click();
        await dialog.locator('.history-entry, .hint').first().waitFor();
        await dialog.locator('[role="status"]').waitFor({ state: 'detached' });
        return (await entryTexts(page, 'dialog.activity')).length;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(count);
}

describe('activity history', () => {
  it('shows sources, Urdu views and history offline', async () => {
    const context = await newDevice(browser);
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);

    // Changes in the app: create, then rename and raise the priority in the editor.
    await addTask(page, 'Pay rent');
    await waitForSynced(page);
    await page.getByRole('button', { name: 'Details of “Pay rent”' }).click();
    const editor = page.getByRole('dialog', { name: en.editor.heading });
    await editor.getByLabel(en.editor.title, { exact: true }).fill('Pay the rent');
    await editor.getByLabel(en.editor.priority).selectOption('high');
    await editor.getByRole('button', { name: en.editor.save }).click();
    // The indicator reads "Synced" until the push is scheduled, so wait for the server's copy.
    await expect
      .poll(async () => (await serverTasks(context, server.url, userID))[0]?.title)
      .toBe('Pay the rent');

    // A change through the REST API, with the session cookie.
    const [task] = await serverTasks(context, server.url, userID);
    if (!task) throw new Error('the task did not reach the server');
    const put = await context.request.put(`${server.url}/api/${userID}/tasks/${task.id}`, {
      data: { tags: ['home'] },
    });
    expect(put.status()).toBe(200);
    await page.locator('.task', { hasText: 'home' }).waitFor();

    // Completing it in the list hides it from the default "pending" view.
    await page.getByRole('checkbox', { name: 'Complete “Pay the rent”' }).click();
    await waitForSynced(page);

    // The activity view lists today's completion; its title opens the task's history.
    const english = { open: en.app.activity, close: en.history.activity.close };
    await openActivityUntil(page, { ...english, range: en.history.activity.completedToday }, 1);
    const activity = page.locator('dialog.activity');
    expect((await entryTexts(page, 'dialog.activity'))[0]).toContain('Completed');
    await expect
      .poll(
        async () => {
          if (await editor.isVisible())
            await editor.getByRole('button', { name: en.editor.cancel }).click();
          await activity
            .getByRole('button', {
              name: fill(en.history.activity.open, { title: 'Pay the rent' }),
            })
            .click();
          await editor.locator('.history-entry, .history .hint').first().waitFor();
          return entryTexts(page, 'dialog.editor .history');
        },
        { timeout: 30_000, interval: 500 },
      )
      .toHaveLength(4);
    const history = await entryTexts(page, 'dialog.editor .history');
    expect(history[0]).toMatch(/^Created today .* in the app$/);
    expect(history[1]).toMatch(
      /^Title: Pay rent → Pay the rent Priority: No priority → High today .* in the app$/,
    );
    expect(history[2]).toMatch(/^Tags: \+ home today .* through the API$/);
    expect(history[3]).toMatch(/^Completed today .* in the app$/);
    await editor.getByRole('button', { name: en.editor.cancel }).click();
    await activity.getByRole('button', { name: en.history.activity.close }).click();

    // In Urdu the view is right to left, with Urdu labels, for both ranges.
    await page.locator('summary.account-button').click();
    await page.getByLabel(en.language.label).selectOption('ur');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.locator('summary.account-button').click();
    const urdu = { open: ur.app.activity, close: ur.history.activity.close };
    await openActivityUntil(page, { ...urdu, range: ur.history.activity.completedToday }, 1);
    expect(await activity.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    await activity.getByRole('heading', { name: ur.history.activity.heading }).waitFor();
    await activity.getByRole('heading', { name: ur.history.activity.today }).waitFor();
    expect((await entryTexts(page, 'dialog.activity'))[0]).toContain(ur.history.completed);

    await activity.getByRole('button', { name: ur.history.activity.thisWeek }).click();
    await expect.poll(() => entryTexts(page, 'dialog.activity')).toHaveLength(4);
    const week = await entryTexts(page, 'dialog.activity');
    // Newest first: the completion, the REST edit, the app edit, the creation.
    expect(week[0]).toContain(ur.history.completed);
    expect(week[1]).toContain(ur.history.source.rest);
    expect(week[2]).toContain(ur.history.source.app);
    expect(week[3]).toContain(ur.history.created);
    // biome-ignore lint/performance/useDomNodeTextContent: only text a person can see counts
    const visible = await activity.evaluate((element) => (element as HTMLElement).innerText);
    for (const english of [en.history.completed, en.history.activity.thisWeek, 'in the app']) {
      expect(visible).not.toContain(english);
    }

    // Offline, the history fetched above is still there, with a line saying so.
    await context.setOffline(true);
    await activity.getByRole('button', { name: ur.history.activity.completedToday }).click();
    await activity.getByText(ur.history.offline).waitFor();
    await activity
      .getByRole('button', { name: fill(ur.history.activity.open, { title: 'Pay the rent' }) })
      .click();
    const urduEditor = page.getByRole('dialog', { name: ur.editor.heading });
    await urduEditor.getByText(ur.history.offline).waitFor();
    const offlineHistory = await entryTexts(page, 'dialog.editor .history');
    expect(offlineHistory).toHaveLength(4);
    expect(offlineHistory[0]).toContain(ur.history.created);
    expect(offlineHistory[2]).toContain(ur.history.source.rest);
    expect(offlineHistory[3]).toContain(ur.history.completed);
    await context.close();
  });
});
