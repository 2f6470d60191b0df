import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLocks } from '../sync/lock';
import {
  base64UrlToBytes,
  ensurePushSubscription,
  type PushEnvironment,
  removePushSubscription,
  turnOffNotifications,
} from './push-subscription';

const USER = 'user-1';
// A P-256 public key in base64url, as web-push generate-vapid-keys prints it.
const KEY =
  'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
const OTHER_KEY =
  'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM';

class FakeSubscription {
  unsubscribed = false;
  constructor(
    readonly endpoint: string,
    readonly key: Uint8Array,
  ) {}
  get options() {
    return { userVisibleOnly: true, applicationServerKey: this.key.buffer };
  }
  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: 'p', auth: 'a' } };
  }
  async unsubscribe() {
    this.unsubscribed = true;
    return true;
  }
}

/** Builds a browser with one registration, a push service and the sync-api routes, in memory. */
function fakeBrowser(options: { key?: string; permission?: NotificationPermission } = {}) {
  let current: FakeSubscription | null = null;
  let subscriptionsMade = 0;
  const requests: Array<{ method: string; url: string; body?: unknown }> = [];
  const store = new Map<string, string>();
  const server = { key: options.key ?? KEY, rows: new Map<string, string>() };
  const ui = { language: 'en' };

  const pushManager = {
    async getSubscription() {
      return current && !current.unsubscribed ? current : null;
    },
    async subscribe({ applicationServerKey }: { applicationServerKey: Uint8Array }) {
      subscriptionsMade++;
      current = new FakeSubscription(
        `https://push.example/send/${subscriptionsMade}`,
        applicationServerKey,
      );
      return current;
    },
  };

  const env: PushEnvironment = {
    async fetch(url, init = {}) {
      const method = init.method ?? 'GET';
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      requests.push({ method, url, body });
      if (url === '/api/push/vapid-public-key') return Response.json({ key: server.key });
      if (method === 'POST') {
        const endpoint = (body as { endpoint: string }).endpoint;
        const id = server.rows.get(endpoint) ?? crypto.randomUUID();
        server.rows.set(endpoint, id);
        return Response.json({ id, endpoint }, { status: 201 });
      }
      if (method === 'DELETE') {
        const id = url.split('/').pop();
        for (const [endpoint, row] of server.rows) if (row === id) server.rows.delete(endpoint);
        return new Response(null, { status: 204 });
      }
      if (method === 'GET')
        return Response.json({
          subscriptions: [...server.rows].map(([endpoint, id]) => ({ id, endpoint })),
        });
      return new Response(null, { status: 404 });
    },
    registration: async () => ({ pushManager }) as unknown as ServiceWorkerRegistration,
    storage: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => void store.set(key, value),
      removeItem: (key) => void store.delete(key),
    },
    locks: createMemoryLocks(),
    permission: () => options.permission ?? 'granted',
    language: () => ui.language,
  };
  return {
    env,
    ui,
    requests,
    server,
    store,
    subscription: () => current,
    posts: () => requests.filter((request) => request.method === 'POST'),
  };
}

afterEach(() => {
  // Nothing global to reset: each test has its own fake browser.
});

describe('ensurePushSubscription', () => {
  it('subscribes with the server key and POSTs the subscription JSON once', async () => {
    const browser = fakeBrowser();

    expect(await ensurePushSubscription(USER, browser.env)).toBe('subscribed');
    expect(await ensurePushSubscription(USER, browser.env)).toBe('unchanged');

    expect(browser.posts()).toEqual([
      {
        method: 'POST',
        url: `/api/${USER}/push-subscriptions`,
        body: {
          endpoint: 'https://push.example/send/1',
          expirationTime: null,
          keys: { p256dh: 'p', auth: 'a' },
          language: 'en',
        },
      },
    ]);
    expect([...(browser.subscription()?.key ?? [])]).toEqual([...base64UrlToBytes(KEY)]);
  });

  it('POSTs once when called twice at the same time', async () => {
    const browser = fakeBrowser();
    await Promise.all([
      ensurePushSubscription(USER, browser.env),
      ensurePushSubscription(USER, browser.env),
    ]);
    expect(browser.posts()).toHaveLength(1);
  });

  it('replaces a subscription made for another key', async () => {
    const browser = fakeBrowser({ key: OTHER_KEY });
    await ensurePushSubscription(USER, browser.env);
    const first = browser.subscription();
    browser.server.key = KEY;
    browser.store.clear();

    await ensurePushSubscription(USER, browser.env);

    expect(first?.unsubscribed).toBe(true);
    expect(browser.subscription()?.endpoint).toBe('https://push.example/send/2');
    expect(browser.posts()).toHaveLength(2);
  });

  it('registers again for another user on the same device', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    await ensurePushSubscription('user-2', browser.env);
    expect(browser.posts().map((post) => post.url)).toEqual([
      `/api/${USER}/push-subscriptions`,
      '/api/user-2/push-subscriptions',
    ]);
  });

  it('POSTs the same subscription again when the interface language changes', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    browser.ui.language = 'ur';

    expect(await ensurePushSubscription(USER, browser.env)).toBe('subscribed');
    expect(await ensurePushSubscription(USER, browser.env)).toBe('unchanged');

    const posts = browser
      .posts()
      .map((post) => post.body as { endpoint: string; language: string });
    expect(posts.map((body) => [body.endpoint, body.language])).toEqual([
      ['https://push.example/send/1', 'en'],
      ['https://push.example/send/1', 'ur'],
    ]);
  });

  it('sends the language once for a record stored before the app sent it', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    const record = JSON.parse(browser.store.get('fehrist.push') ?? '{}');
    delete record.language;
    browser.store.set('fehrist.push', JSON.stringify(record));

    expect(await ensurePushSubscription(USER, browser.env)).toBe('subscribed');
    expect(browser.posts()).toHaveLength(2);
    expect(JSON.parse(browser.store.get('fehrist.push') ?? '{}').language).toBe('en');
  });

  it('does nothing without permission, and asks for none', async () => {
    const browser = fakeBrowser({ permission: 'default' });
    expect(await ensurePushSubscription(USER, browser.env)).toBe('not-permitted');
    expect(browser.requests).toEqual([]);
  });
});

describe('removing the subscription', () => {
  it('DELETEs this device row and unsubscribes, on sign-out', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    const subscription = browser.subscription();
    const id = [...browser.server.rows.values()][0];

    expect(await removePushSubscription(USER, browser.env)).toBe(true);

    expect(browser.requests.at(-1)).toEqual({
      method: 'DELETE',
      url: `/api/${USER}/push-subscriptions/${id}`,
      body: undefined,
    });
    expect(subscription?.unsubscribed).toBe(true);
    expect(browser.server.rows.size).toBe(0);
  });

  it('finds the row by endpoint when the stored record is gone', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    browser.store.clear();

    expect(await removePushSubscription(USER, browser.env)).toBe(true);
    expect(browser.server.rows.size).toBe(0);
  });

  it('unsubscribes even when the DELETE cannot be sent', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    const subscription = browser.subscription();
    browser.env.fetch = () => Promise.reject(new TypeError('Failed to fetch'));

    expect(await removePushSubscription(USER, browser.env)).toBe(false);
    expect(subscription?.unsubscribed).toBe(true);
  });

  it('stays off after the user turns notifications off', async () => {
    const browser = fakeBrowser();
    await ensurePushSubscription(USER, browser.env);
    await turnOffNotifications(USER, browser.env);

    expect(await ensurePushSubscription(USER, browser.env)).toBe('turned-off');
    expect(browser.posts()).toHaveLength(1);
  });
});
