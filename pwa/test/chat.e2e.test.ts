import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import ur from '../src/i18n/ur.json';
import {
  type AppServer,
  addTask,
  buildPwa,
  type DeviceOptions,
  launchChromium,
  newDevice,
  PASSWORD,
  serverTasks,
  signUp,
  startAppServer,
  tempDir,
  uniqueEmail,
  userIdOf,
  waitForServiceWorker,
  waitForSynced,
} from './support';

// The build has a ChatKit domain key, so the panel first tries to load ChatKit's script. Tests
// block every request that is not for the server under test, so the script never loads, and
// the built-in panel must take over.
const CHATKIT_DOMAIN_KEY = 'fehrist-e2e';
const URDU_REMINDER = 'کل صبح نو بجے دودھ خریدنا یاد دلانا';

/** User text inside a translated sentence, wrapped in Unicode isolates as the app shows it. */
function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const staticDir = join(await tempDir('fehrist-pwa-'), 'dist');
  await buildPwa(staticDir, 'chat-e2e', { chatKitDomainKey: CHATKIT_DOMAIN_KEY });
  server = await startAppServer(inject('databaseUrl'), staticDir, { agent: true });
  browser = await launchChromium(inject('chromiumPath'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a device that aborts and records every request to an origin other than the server's. */
async function chatDevice(options: DeviceOptions = {}) {
  const context = await newDevice(browser, options);
  const origin = new URL(server.url).origin;
  const blocked: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return { context, blocked };
}

/** The page-side handle of the SpeechRecognition stand-in. */
interface SpeechStandIn {
  /** The `lang` of every recognition started, in order. */
  started: string[];
  emit(text: string, final: boolean): void;
}

/**
 * Replaces the browser's SpeechRecognition with a stand-in that the test feeds transcripts,
 * because Chromium's needs a microphone and Google's recognition service.
 */
async function installSpeechStandIn(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    type Handler<T> = ((event: T) => void) | null;
    const instances: StandInRecognition[] = [];
    class StandInRecognition {
      lang = '';
      interimResults = false;
      continuous = true;
      maxAlternatives = 1;
      onresult: Handler<unknown> = null;
      onerror: Handler<unknown> = null;
      onend: (() => void) | null = null;
      constructor() {
        instances.push(this);
      }
      start() {
        speech.started.push(this.lang);
      }
      stop() {
        this.onend?.();
      }
      abort() {
        this.onend?.();
      }
    }
    const speech = {
      started: [] as string[],
      emit(text: string, final: boolean) {
        const recognition = instances.at(-1);
        const result = Object.assign([{ transcript: text }], { isFinal: final });
        recognition?.onresult?.({ resultIndex: 0, results: [result] });
        // Without `continuous`, a recogniser ends after its final result.
        if (final) recognition?.onend?.();
      },
    };
    Object.assign(window, {
      __speech: speech,
      SpeechRecognition: StandInRecognition,
      webkitSpeechRecognition: StandInRecognition,
    });
  });
}

async function speak(page: Page, text: string, final: boolean): Promise<void> {
  await page.evaluate(
    ([spoken, isFinal]) =>
      (window as unknown as { __speech: SpeechStandIn }).__speech.emit(spoken, isFinal),
    [text, final] as const,
  );
}

async function startedLanguages(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __speech: SpeechStandIn }).__speech.started);
}

async function openAssistant(page: Page, name = 'Assistant'): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await page.locator('[data-chat-mode="built-in"]').waitFor({ timeout: 5000 });
}

/** Saves a screenshot when FEHRIST_SCREENSHOT_DIR names a folder, for a person to look at. */
async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.FEHRIST_SCREENSHOT_DIR;
  if (folder) await page.screenshot({ path: join(folder, `${name}.png`) });
}

/** Reads the last message text of a role in the panel, with its computed direction. */
async function lastMessage(page: Page, role: 'user' | 'assistant') {
  const text = page.locator(`.chat-message--${role} .chat-text`).last();
  await text.waitFor();
  return {
    text: (await text.textContent()) ?? '',
    dir: await text.getAttribute('dir'),
    direction: await text.evaluate((element) => getComputedStyle(element).direction),
  };
}

async function serverTask(context: BrowserContext, userID: string, title: string) {
  const response = await context.request.get(`${server.url}/api/${userID}/tasks?status=all`);
  if (!response.ok()) throw new Error(`GET tasks failed with HTTP ${response.status()}`);
  const body = (await response.json()) as { items?: unknown[]; tasks?: unknown[] } | unknown[];
  const items = (Array.isArray(body) ? body : (body.items ?? body.tasks ?? [])) as Array<{
    title: string;
    due_date: string | null;
    due_time: string | null;
    time_zone: string;
    reminders: unknown[];
  }>;
  return items.find((task) => task.title === title);
}

/** Tomorrow's date in Karachi, the test devices' zone. */
function tomorrowInKarachi(): string {
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Karachi' }).format(tomorrow);
}

describe('chat panel', () => {
  it('falls back to the built-in panel and adds a task from Urdu', async () => {
    const { context, blocked } = await chatDevice();
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);

    await openAssistant(page);
    // ChatKit's script was requested and blocked, and nothing rendered ChatKit.
    expect(blocked).toContain('https://cdn.platform.openai.com/deployments/chatkit/chatkit.js');
    expect(await page.locator('openai-chatkit').count()).toBe(0);

    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill(URDU_REMINDER);
    await input.press('Enter');

    const sent = await lastMessage(page, 'user');
    expect(sent.text).toBe(URDU_REMINDER);
    expect(sent.dir).toBe('auto');
    expect(sent.direction).toBe('rtl');
    await page.locator('.chat-tools', { hasText: `Added “${isolated('دودھ خریدنا')}”` }).waitFor();
    const answer = await lastMessage(page, 'assistant');
    expect(answer.text).toContain('دودھ خریدنا');
    expect(answer.direction).toBe('rtl');

    // The task syncs to the list: due tomorrow at 09:00, with a reminder.
    const row = page.locator('.task', { hasText: 'دودھ خریدنا' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('.chip--due').textContent()).toMatch(/^Tomorrow, \u2068?9:00\sAM/);
    await row.getByText('1 reminder').waitFor();
    const stored = await serverTask(context, userID, 'دودھ خریدنا');
    expect(stored).toMatchObject({
      due_date: tomorrowInKarachi(),
      due_time: '09:00',
      time_zone: 'Asia/Karachi',
      reminders: [{ minutes_before: 0 }],
    });
    await screenshot(page, 'chat-desktop-en');

    // The conversation is still there after a reload.
    await page.reload();
    await openAssistant(page);
    await page.locator('.chat-message--user', { hasText: URDU_REMINDER }).waitFor();

    // Only ChatKit's script was ever requested from another origin, and it was blocked.
    expect(new Set(blocked)).toEqual(
      new Set(['https://cdn.platform.openai.com/deployments/chatkit/chatkit.js']),
    );
    await context.close();
  });

  it('fills the message box from speech and lets the user edit it', async () => {
    const { context } = await chatDevice({ width: 360, height: 740 });
    await installSpeechStandIn(context);
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);
    await screenshot(page, 'chat-phone-en-header');
    await openAssistant(page);

    await page.getByRole('button', { name: 'Speak a message' }).click();
    expect(await startedLanguages(page)).toEqual(['en-US']);
    await page.getByText('Listening…').waitFor();

    const input = page.getByRole('textbox', { name: 'Message' });
    await speak(page, 'add call the', false);
    await expect.poll(() => input.inputValue()).toBe('add call the');
    await speak(page, 'add call the bank tomorrow at 10', true);
    await expect.poll(() => input.inputValue()).toBe('add call the bank tomorrow at 10');
    await page.getByRole('button', { name: 'Speak a message' }).waitFor();

    // The user corrects the transcript before sending it.
    await input.fill('add call the bank tomorrow at 10 p1');
    await screenshot(page, 'chat-phone-en');
    await page.getByRole('button', { name: 'Send' }).click();

    await page
      .locator('.chat-tools', { hasText: `Added “${isolated('call the bank')}”` })
      .waitFor();
    const stored = await serverTask(context, userID, 'call the bank');
    expect(stored).toMatchObject({ due_date: tomorrowInKarachi(), due_time: '10:00' });
    // The sheet covers the phone's screen without making the page scroll sideways.
    const sheet = await page.locator('.chat-sheet').boundingBox();
    expect(sheet?.width).toBe(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await context.close();
  });

  it('completes a spoken command offline and syncs it on return', async () => {
    const { context } = await chatDevice();
    await installSpeechStandIn(context);
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);
    await addTask(page, 'Buy milk');
    await addTask(page, 'Call the bank');
    await waitForSynced(page);
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await openAssistant(page);
    await page.getByText('Working offline').waitFor();
    await page.getByRole('button', { name: 'Speak a message' }).click();
    await speak(page, 'complete buy milk', true);
    // React renders the transcript after the speech event, so wait for the box to show it.
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Message' }).inputValue())
      .toBe('complete buy milk');
    await page.getByRole('button', { name: 'Send' }).click();

    // The reply may replace a placeholder, so wait for the answer that names the task.
    const answer = page.locator('.chat-message--assistant .chat-text', { hasText: 'Buy milk' });
    await answer.last().waitFor();
    expect(await answer.last().textContent()).toContain('Buy milk');
    await page.getByText('Done on this device · syncs when online').waitFor();
    await page.locator('.task-title', { hasText: 'Buy milk' }).waitFor({ state: 'detached' });
    await page.getByText('Offline · 1 change waiting').waitFor();

    await context.setOffline(false);
    await waitForSynced(page, 15_000);
    const tasks = await serverTasks(context, server.url, userID);
    expect(tasks.find((task) => task.title === 'Buy milk')?.completed).toBe(true);
    expect(tasks.find((task) => task.title === 'Call the bank')?.completed).toBe(false);
    await context.close();
  });

  it('asks which task when an offline delete matches two', async () => {
    const { context } = await chatDevice();
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    await addTask(page, 'Buy milk');
    await addTask(page, 'Buy milk chocolate');
    await waitForSynced(page);
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await openAssistant(page);
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('delete milk');
    await input.press('Enter');

    await page.getByRole('button', { name: `Choose “${isolated('Buy milk chocolate')}”` }).click();
    await page
      .locator('.task-title', { hasText: 'Buy milk chocolate' })
      .waitFor({ state: 'detached' });
    expect(await page.locator('.task-title', { hasText: /^Buy milk$/ }).count()).toBe(1);
    await page.getByText('Offline · 1 change waiting').waitFor();
    await context.setOffline(false);
    await context.close();
  });

  it('shows the Urdu panel right to left at 360 px', async () => {
    const { context } = await chatDevice({ locale: 'ur-PK', width: 360, height: 740 });
    await installSpeechStandIn(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: ur.auth.switchToSignUp }).click();
    await page.getByLabel(ur.auth.name).fill('عائشہ');
    await page.getByLabel(ur.auth.email).fill(uniqueEmail());
    await page.getByLabel(ur.auth.password).fill(PASSWORD);
    await page.getByRole('button', { name: ur.auth.signUp }).click();
    await page.getByLabel(ur.quickAdd.label).waitFor();
    // The header keeps the assistant's button on a phone without scrolling sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await screenshot(page, 'chat-phone-ur-header');

    await openAssistant(page, ur.app.assistant);
    const sheet = page.locator('.chat-sheet');
    expect(await sheet.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    // biome-ignore lint/performance/useDomNodeTextContent: only text a person can see counts
    const visibleText = await sheet.evaluate((element) => (element as HTMLElement).innerText);
    const example = 'kal subah 9 baje doodh lene ki yaad dilana';
    expect(
      visibleText
        .split(example)
        .join(' ')
        .match(/[A-Za-z]{2,}/g),
    ).toBeNull();
    await screenshot(page, 'chat-phone-ur-empty');

    await page.getByRole('button', { name: ur.chat.voice.start }).click();
    expect(await startedLanguages(page)).toEqual(['ur-PK']);
    await speak(page, URDU_REMINDER, true);
    const input = page.getByRole('textbox', { name: ur.chat.input });
    await expect.poll(() => input.inputValue()).toBe(URDU_REMINDER);
    await page.getByRole('button', { name: ur.chat.send }).click();
    await page.locator('.chat-message--assistant', { hasText: 'دودھ خریدنا' }).last().waitFor();
    const answer = await lastMessage(page, 'assistant');
    expect(answer.text).toContain('دودھ خریدنا');
    expect(answer.direction).toBe('rtl');

    // An English message in the Urdu interface reads left to right, and so does the reply.
    await input.fill("what's overdue");
    await input.press('Enter');
    const english = await lastMessage(page, 'user');
    expect(english.direction).toBe('ltr');
    await page.locator('.chat-message--assistant').nth(1).waitFor();
    expect((await lastMessage(page, 'assistant')).direction).toBe('ltr');

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await screenshot(page, 'chat-phone-ur');
    await context.close();
  });

  it('drives ChatKit with the bearer token and time zone when it loads', async () => {
    const { context, blocked } = await chatDevice();
    // A stand-in for ChatKit's web component, defined before the app starts, so the panel
    // uses it instead of loading the script. It keeps the options the app sets.
    await context.addInitScript(() => {
      class StandInChatKit extends HTMLElement {
        setOptions(options: unknown) {
          Object.assign(window, { __chatkitOptions: options });
          setTimeout(() => this.dispatchEvent(new CustomEvent('chatkit.ready')), 100);
        }
      }
      customElements.define('openai-chatkit', StandInChatKit);
    });
    const page = await context.newPage();
    await signUp(page, server.url, uniqueEmail());
    const userID = await userIdOf(page);

    await page.getByRole('button', { name: 'Assistant', exact: true }).click();
    await page.locator('[data-chat-mode="chatkit"] openai-chatkit').waitFor();
    // Past the time ChatKit has to report ready, it is still the panel in use.
    await page.waitForTimeout(5500);
    expect(await page.locator('[data-chat-mode="chatkit"]').count()).toBe(1);
    expect(blocked).toEqual([]);

    const result = await page.evaluate(async () => {
      type Options = {
        api: { url: string; domainKey: string; fetch: typeof fetch };
        locale: string;
      };
      const options = (window as unknown as { __chatkitOptions: Options }).__chatkitOptions;
      const body = {
        type: 'threads.create',
        params: {
          input: {
            content: [{ type: 'input_text', text: 'add buy bread tomorrow at 8am' }],
            attachments: [],
            inference_options: {},
          },
        },
      };
      const response = await options.api.fetch(options.api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        url: options.api.url,
        domainKey: options.api.domainKey,
        locale: options.locale,
        status: response.status,
        events: await response.text(),
      };
    });
    expect(result).toMatchObject({
      url: '/api/chatkit',
      domainKey: CHATKIT_DOMAIN_KEY,
      locale: 'en',
      status: 200,
    });
    expect(result.events, result.events).toContain('"type":"thread.created"');
    const stored = await serverTask(context, userID, 'buy bread');
    // The zone came from metadata.time_zone: 08:00 in Karachi.
    expect(stored).toMatchObject({ due_time: '08:00', time_zone: 'Asia/Karachi' });

    // ChatKit needs the server, so going offline switches to the built-in panel.
    await context.setOffline(true);
    await page.locator('[data-chat-mode="built-in"]').waitFor();
    await page.getByText('Working offline').waitFor();
    await context.setOffline(false);
    await context.close();
  });
});
