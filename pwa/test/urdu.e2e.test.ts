import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import ur from '../src/i18n/ur.json';
import {
  type AppServer,
  buildPwa,
  launchChromium,
  newDevice,
  PASSWORD,
  startAppServer,
  tempDir,
  uniqueEmail,
  waitForSynced,
} from './support';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const staticDir = join(await tempDir('fehrist-pwa-'), 'dist');
  await buildPwa(staticDir, 'urdu-e2e');
  server = await startAppServer(inject('databaseUrl'), staticDir);
  browser = await launchChromium(inject('chromiumPath'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Latin words left on the page once user text and known non-words are removed. */
function latinWords(text: string, allowed: string[]): string[] {
  let rest = text;
  for (const value of allowed) rest = rest.split(value).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('Urdu interface', () => {
  it('reads right to left with every string in Urdu', async () => {
    const context = await newDevice(browser, { locale: 'ur-PK', width: 360, height: 740 });
    const page = await context.newPage();
    const email = uniqueEmail();

    await page.goto(server.url);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    await page.getByRole('button', { name: ur.auth.switchToSignUp }).click();
    await page.getByLabel(ur.auth.name).fill('عائشہ');
    await page.getByLabel(ur.auth.email).fill(email);
    await page.getByLabel(ur.auth.password).fill(PASSWORD);
    await page.getByRole('button', { name: ur.auth.signUp }).click();

    const quickAdd = page.getByLabel(ur.quickAdd.label);
    await quickAdd.fill('React کا نیا ورژن دیکھنا #کام p1');
    await quickAdd.press('Enter');
    const title = page.locator('.task-title', { hasText: 'React کا نیا ورژن دیکھنا' });
    await title.waitFor();
    // An Urdu title that starts with an English word stays right-to-left.
    expect(await title.getAttribute('dir')).toBe('rtl');
    expect(
      await page
        .locator('.task')
        .first()
        .evaluate((element) => getComputedStyle(element).direction),
    ).toBe('rtl');

    // A translated string with a number placeholder: offline, the count is filled in Urdu.
    await waitForSynced(page);
    await context.setOffline(true);
    await quickAdd.fill('دودھ خریدنا');
    await quickAdd.press('Enter');
    await page.getByText('آف لائن · 1 تبدیلی منتظر').waitFor();
    await context.setOffline(false);
    await waitForSynced(page, 15_000);

    // biome-ignore lint/performance/useDomNodeTextContent: only text a person can see counts
    const text = await page.evaluate(() => document.body.innerText);
    const userText = ['React', 'p1', email, 'Enter', 'HTTP', 'PM', 'AM'];
    expect(latinWords(text, userText)).toEqual([]);

    await page.locator('summary.account-button').click();
    const languageSelect = page.getByLabel(ur.language.label);
    await languageSelect.selectOption('en');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByText('Add a task').waitFor();

    await page.reload();
    await page.getByText('Add a task').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('shows the editor pickers at 360 px', async () => {
    const context = await newDevice(browser, { locale: 'ur-PK', width: 360, height: 740 });
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: ur.auth.switchToSignUp }).click();
    await page.getByLabel(ur.auth.name).fill('عائشہ');
    await page.getByLabel(ur.auth.email).fill(uniqueEmail());
    await page.getByLabel(ur.auth.password).fill(PASSWORD);
    await page.getByRole('button', { name: ur.auth.signUp }).click();
    const quickAdd = page.getByLabel(ur.quickAdd.label);
    await quickAdd.fill('کرایہ ادا کرنا');
    await quickAdd.press('Enter');

    await page
      .getByRole('button', { name: ur.task.details.replace('{{title}}', 'کرایہ ادا کرنا') })
      .click();
    const dialog = page.getByRole('dialog', { name: ur.editor.heading });
    await dialog.getByRole('button', { name: ur.editor.tomorrow, exact: true }).click();
    await dialog.getByLabel(ur.repeatPicker.label, { exact: true }).selectOption('weekly');
    await dialog.getByRole('group', { name: ur.repeatPicker.weekdaysLegend }).waitFor();
    await dialog.getByRole('button', { name: ur.reminders.add }).click();
    await dialog.getByLabel(ur.reminders.when, { exact: true }).selectOption('absolute');
    await dialog.getByLabel(ur.reminders.dateTime).waitFor();
    await dialog.getByRole('button', { name: ur.reminders.confirm, exact: true }).click();
    await dialog.getByText(ur.reminders.next.split('{{')[0] ?? '').waitFor();

    // Nothing in the editor is left in English but the zone name and the clock's AM or PM.
    // biome-ignore lint/performance/useDomNodeTextContent: only text a person can see counts
    const text = await dialog.evaluate((element) => (element as HTMLElement).innerText);
    expect(latinWords(text, ['Asia/Karachi', 'RRULE', 'AM', 'PM'])).toEqual([]);
    // The pickers fit the phone's width: nothing scrolls sideways.
    const overflowing = await dialog.evaluate((element) =>
      [element, ...element.querySelectorAll('fieldset, select, input')]
        .filter((node) => node.scrollWidth > node.clientWidth + 1 && node.tagName !== 'INPUT')
        .map((node) => node.tagName),
    );
    expect(overflowing).toEqual([]);
    await context.close();
  });
});
