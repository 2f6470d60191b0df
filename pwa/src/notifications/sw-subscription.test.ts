import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openUserDatabase } from '../store/db';
import { signedInUserIDs } from './sw-actions';
import { registerRenewedSubscription, type SubscriptionLike } from './sw-subscription';

const KEY = new Uint8Array([4, 1, 2, 3]).buffer;

function subscription(endpoint: string): SubscriptionLike {
  return {
    endpoint,
    options: { applicationServerKey: KEY },
    toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'p', auth: 'a' } }),
  };
}

/** Builds a fetch that records every request and responds to each with `status`. */
function recordingFetch(status = 201) {
  const requests: Array<{ url: string; body: unknown }> = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    requests.push({ url, body: JSON.parse(String(init.body)) });
    return new Response(null, { status });
  };
  return { fetch, requests };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('registerRenewedSubscription', () => {
  it('registers the new endpoint for each user, naming the old one', async () => {
    const { fetch, requests } = recordingFetch();

    const stored = await registerRenewedSubscription(
      {
        oldSubscription: subscription('https://push.example/old'),
        newSubscription: subscription('https://push.example/new'),
      },
      { fetch, userIDs: async () => ['user-1'], subscribe: vi.fn() },
    );

    expect(stored).toBe(1);
    expect(requests).toEqual([
      {
        url: '/api/user-1/push-subscriptions',
        body: {
          endpoint: 'https://push.example/new',
          expirationTime: null,
          keys: { p256dh: 'p', auth: 'a' },
          previous_endpoint: 'https://push.example/old',
        },
      },
    ]);
  });

  it('subscribes again with the old key when the browser made no new subscription', async () => {
    const { fetch, requests } = recordingFetch();
    const subscribe = vi.fn(async () => subscription('https://push.example/made'));

    await registerRenewedSubscription(
      { oldSubscription: subscription('https://push.example/old'), newSubscription: null },
      { fetch, userIDs: async () => ['user-1'], subscribe },
    );

    expect(subscribe).toHaveBeenCalledWith(KEY);
    expect(requests[0]?.body).toMatchObject({
      endpoint: 'https://push.example/made',
      previous_endpoint: 'https://push.example/old',
    });
  });

  it('sends nothing without a new subscription or a key', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fetch, requests } = recordingFetch();

    const stored = await registerRenewedSubscription(
      { oldSubscription: null, newSubscription: null },
      { fetch, userIDs: async () => ['user-1'], subscribe: vi.fn() },
    );

    expect(stored).toBe(0);
    expect(requests).toEqual([]);
  });

  it('leaves a refused registration to the page and does not throw', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fetch } = recordingFetch(401);

    const stored = await registerRenewedSubscription(
      { oldSubscription: null, newSubscription: subscription('https://push.example/new') },
      { fetch, userIDs: async () => ['user-1'], subscribe: vi.fn() },
    );

    expect(stored).toBe(0);
    expect(String(warn.mock.calls[0]?.[0])).toContain('HTTP 401');
  });
});

describe('signedInUserIDs', () => {
  it('reads the user id of each database on the device', async () => {
    const name = `sw-subscription-${crypto.randomUUID()}`;
    const db = await openUserDatabase('user-7', name);
    db.close();

    expect(await signedInUserIDs([name])).toEqual(['user-7']);
  });
});
