/** The signed-in user, as Better Auth returns it. */
export interface User {
  id: string;
  email: string;
  name: string;
}

/** A Better Auth request that failed with an error status. */
export class AuthError extends Error {
  readonly status: number;
  /** Better Auth's error code, such as INVALID_EMAIL_OR_PASSWORD. */
  readonly code: string | undefined;

  constructor(status: number, code: string | undefined, message: string) {
    super(message);
    this.name = 'AuthError';
    this.status = status;
    this.code = code;
  }
}

const USER_KEY = 'fehrist.user';
const PENDING_SIGN_OUT_KEY = 'fehrist.pendingSignOut';

async function authRequest<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/auth/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers:
      body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const error = (data ?? {}) as { code?: string; message?: string };
    throw new AuthError(response.status, error.code, error.message ?? `HTTP ${response.status}`);
  }
  return data as T;
}

function toUser(raw: { id: string; email: string; name?: string | null }): User {
  return { id: raw.id, email: raw.email, name: raw.name ?? '' };
}

/** Returns the user of the session cookie, or null. Throws a TypeError when offline. */
export async function fetchSession(): Promise<User | null> {
  const session = await authRequest<{ user?: User } | null>('get-session');
  return session?.user ? toUser(session.user) : null;
}

export async function signIn(email: string, password: string): Promise<User> {
  const result = await authRequest<{ user: User }>('sign-in/email', { email, password });
  return toUser(result.user);
}

export async function signUp(name: string, email: string, password: string): Promise<User> {
  const result = await authRequest<{ user: User }>('sign-up/email', { name, email, password });
  return toUser(result.user);
}

/**
 * Ends the session on the server. Offline, it remembers to do so at the next start, so a
 * cookie left behind cannot sign the user back in unasked.
 */
export async function signOutOnServer(): Promise<void> {
  try {
    await authRequest('sign-out', {});
    forget(PENDING_SIGN_OUT_KEY);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    remember(PENDING_SIGN_OUT_KEY, '1');
  }
}

/** Finishes a sign-out that was made offline; returns true when one was pending. */
export async function finishPendingSignOut(): Promise<boolean> {
  if (read(PENDING_SIGN_OUT_KEY) === null) return false;
  await signOutOnServer();
  return true;
}

/** Reads the last signed-in user on this device, so the app opens offline without a server. */
export function readCachedUser(): User | null {
  const raw = read(USER_KEY);
  if (!raw) return null;
  try {
    const user = JSON.parse(raw) as Partial<User>;
    if (typeof user.id !== 'string' || typeof user.email !== 'string') return null;
    return { id: user.id, email: user.email, name: user.name ?? '' };
  } catch {
    return null;
  }
}

export function writeCachedUser(user: User | null): void {
  if (user) remember(USER_KEY, JSON.stringify(user));
  else forget(USER_KEY);
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable in private windows; the value then lasts for this page only.
  }
}

function forget(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // See remember().
  }
}
