/** The session cookie no longer gets a token: the user must sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('the session ended; sign in again to get a token');
    this.name = 'SessionEndedError';
  }
}

/** `GET /api/auth/token` failed with a status other than 401. */
export class TokenRequestError extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`GET /api/auth/token failed with HTTP ${status}`);
    this.name = 'TokenRequestError';
    this.status = status;
  }
}

export interface TokenCacheOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** A token this close to its expiry is replaced before use, so it cannot expire in flight. */
  refreshMarginMs?: number;
}

export interface TokenCache {
  /** Returns a token valid for at least the refresh margin, fetching one when needed. */
  token(): Promise<string>;
  /** Forgets the cached token, so the next request fetches a new one. */
  invalidate(): void;
  /**
   * Sends a request with `Authorization: Bearer <token>`. On a 401 it fetches a new token and
   * sends the request once more, so a token revoked or expired early costs one retry.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

// The sync API's tokens live 15 minutes by default (JWT_EXPIRATION); this applies when a
// token's `exp` claim cannot be read.
const FALLBACK_LIFETIME_MS = 15 * 60_000;

/** Reads the `exp` claim (seconds since the epoch) of a JWT, in milliseconds; null if absent. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Caches the bearer token that the agent's and the audit service's routes need. The sync API
 * issues it from `GET /api/auth/token` to the holder of the session cookie. Concurrent callers
 * share one token request.
 */
export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 60_000;
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function requestToken(): Promise<string> {
    const response = await send('/api/auth/token', {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (response.status === 401) throw new SessionEndedError();
    if (!response.ok) throw new TokenRequestError(response.status);
    const { token } = (await response.json()) as { token?: unknown };
    if (typeof token !== 'string' || !token) throw new TokenRequestError(response.status);
    cached = { token, expiresAt: tokenExpiry(token) ?? now() + FALLBACK_LIFETIME_MS };
    return token;
  }

  async function token(): Promise<string> {
    if (cached && cached.expiresAt - margin > now()) return cached.token;
    pending ??= requestToken().finally(() => {
      pending = null;
    });
    return pending;
  }

  function invalidate(): void {
    cached = null;
  }

  async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}) {
    const attempt = async () => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await token()}`);
      return send(input, { ...init, headers, credentials: 'same-origin' });
    };
    const response = await attempt();
    if (response.status !== 401) return response;
    invalidate();
    return attempt();
  }

  return { token, invalidate, fetch: authorizedFetch };
}
