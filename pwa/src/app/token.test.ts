import { describe, expect, it } from 'vitest';
import { createTokenCache, SessionEndedError, tokenExpiry } from './token';

/** Makes an unsigned JWT-shaped string whose payload carries `exp` in seconds. */
function jwt(name: string, expiresAtMs: number): string {
  const payload = btoa(JSON.stringify({ sub: name, exp: Math.floor(expiresAtMs / 1000) }))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `eyJhbGciOiJFZERTQSJ9.${payload}.signature`;
}

interface Exchange {
  url: string;
  authorization: string | null;
}

/**
 * Makes a fetch that issues `tokens` in order from /api/auth/token and responds to other
 * requests with `agentStatuses` in order (then 200). It records every request.
 */
function fakeServer(tokens: string[], agentStatuses: number[] = []) {
  const exchanges: Exchange[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    exchanges.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    if (url === '/api/auth/token') {
      const token = tokens.shift();
      return token
        ? Response.json({ token })
        : Response.json({ message: 'no session' }, { status: 401 });
    }
    return new Response('{}', { status: agentStatuses.shift() ?? 200 });
  };
  return { fetch: fetch as typeof globalThis.fetch, exchanges };
}

describe('token cache', () => {
  it('reads the expiry of a token', () => {
    expect(tokenExpiry(jwt('a', 1_800_000_000_000))).toBe(1_800_000_000_000);
    expect(tokenExpiry('not-a-jwt')).toBeNull();
  });

  it('reuses a token until shortly before it expires', async () => {
    let clock = 1_000_000;
    const server = fakeServer([
      jwt('first', clock + 15 * 60_000),
      jwt('second', clock + 30 * 60_000),
    ]);
    const cache = createTokenCache({ fetch: server.fetch, now: () => clock });

    const first = await cache.token();
    clock += 13 * 60_000;
    expect(await cache.token()).toBe(first);
    // Within the one-minute margin of its expiry, the token is replaced before use.
    clock += 90_000;
    const second = await cache.token();

    expect(second).not.toBe(first);
    expect(server.exchanges.filter((exchange) => exchange.url === '/api/auth/token')).toHaveLength(
      2,
    );
  });

  it('shares one token request among concurrent callers', async () => {
    const server = fakeServer([jwt('only', Date.now() + 15 * 60_000)]);
    const cache = createTokenCache({ fetch: server.fetch });

    const tokens = await Promise.all([cache.token(), cache.token(), cache.token()]);

    expect(new Set(tokens).size).toBe(1);
    expect(server.exchanges).toHaveLength(1);
  });

  it('sends the bearer token and refreshes it once on a 401', async () => {
    const expires = Date.now() + 15 * 60_000;
    const stale = jwt('stale', expires);
    const fresh = jwt('fresh', expires);
    const server = fakeServer([stale, fresh], [401, 200]);
    const cache = createTokenCache({ fetch: server.fetch });

    const response = await cache.fetch('/api/user-1/chat', { method: 'POST', body: '{}' });

    expect(response.status).toBe(200);
    expect(server.exchanges.map((exchange) => [exchange.url, exchange.authorization])).toEqual([
      ['/api/auth/token', null],
      ['/api/user-1/chat', `Bearer ${stale}`],
      ['/api/auth/token', null],
      ['/api/user-1/chat', `Bearer ${fresh}`],
    ]);
    // The fresh token is cached for the next request.
    await cache.fetch('/api/user-1/chat', { method: 'POST', body: '{}' });
    expect(server.exchanges.at(-1)?.authorization).toBe(`Bearer ${fresh}`);
  });

  it('returns a second 401 instead of retrying again', async () => {
    const expires = Date.now() + 15 * 60_000;
    const server = fakeServer([jwt('a', expires), jwt('b', expires)], [401, 401]);
    const cache = createTokenCache({ fetch: server.fetch });

    const response = await cache.fetch('/api/chatkit', { method: 'POST' });

    expect(response.status).toBe(401);
    expect(server.exchanges).toHaveLength(4);
  });

  it('reports an ended session when no token is issued', async () => {
    const cache = createTokenCache({ fetch: fakeServer([]).fetch });

    await expect(cache.fetch('/api/user-1/chat')).rejects.toBeInstanceOf(SessionEndedError);
  });
});
