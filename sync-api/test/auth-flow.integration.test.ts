import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  jwtVerify,
} from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, send } from './api-support';
import { signUp, startTestServer, type TestServer } from './support';

const PASSWORD = 'correct horse battery';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await server?.close();
});

/** Joins the `name=value` pairs of a response's Set-Cookie headers into a Cookie header. */
function cookieFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
}

async function signUpFresh(): Promise<{ email: string; id: string }> {
  const email = `flow-${randomUUID()}@example.com`;
  const response = await send(server.url, 'POST', '/api/auth/sign-up/email', {
    headers: { origin: server.url },
    body: { email, password: PASSWORD, name: 'Flow User' },
  });
  expect(response.status).toBe(200);
  return { email, id: response.body.user.id };
}

async function signIn(email: string, password = PASSWORD) {
  return send(server.url, 'POST', '/api/auth/sign-in/email', {
    headers: { origin: server.url },
    body: { email, password },
  });
}

describe('sign-up and sign-in', () => {
  it('sign-up returns the user and a session', async () => {
    const email = `flow-${randomUUID()}@example.com`;
    const response = await send(server.url, 'POST', '/api/auth/sign-up/email', {
      headers: { origin: server.url },
      body: { email, password: PASSWORD, name: 'Ayesha' },
    });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(email);
    expect(response.body.user.name).toBe('Ayesha');
    expect(cookieFrom(response.headers)).toMatch(/session_token=/);
    expect(response.text).not.toContain(PASSWORD);
  });

  it('sign-up rejects a short password', async () => {
    const response = await send(server.url, 'POST', '/api/auth/sign-up/email', {
      headers: { origin: server.url },
      body: { email: `flow-${randomUUID()}@example.com`, password: 'short', name: 'Short' },
    });
    expect(response.status).toBe(400);
  });

  it('sign-up rejects a taken email', async () => {
    const { email } = await signUpFresh();
    const response = await send(server.url, 'POST', '/api/auth/sign-up/email', {
      headers: { origin: server.url },
      body: { email, password: PASSWORD, name: 'Again' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('sign-in sets a session cookie', async () => {
    const { email, id } = await signUpFresh();
    const response = await signIn(email);
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(id);

    const cookie = cookieFrom(response.headers);
    const tasks = await send(server.url, 'GET', `/api/${id}/tasks`, { headers: { cookie } });
    expect(tasks.status).toBe(200);
  });

  it('sign-in rejects a wrong password', async () => {
    const { email } = await signUpFresh();
    const response = await signIn(email, 'wrong password here');
    expect(response.status).toBe(401);
    expect(cookieFrom(response.headers)).not.toMatch(/session_token=/);
  });

  it('sign-in rejects an untrusted origin', async () => {
    const { email } = await signUpFresh();
    const response = await send(server.url, 'POST', '/api/auth/sign-in/email', {
      headers: { origin: 'https://evil.example' },
      body: { email, password: PASSWORD },
    });
    expect(response.status).toBe(403);
  });
});

describe('session and tokens', () => {
  it('get-session returns the user', async () => {
    const user = await signUp(server.url);
    const response = await send(server.url, 'GET', '/api/auth/get-session', {
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(user.id);
    expect(response.body.user.email).toBe(user.email);
  });

  it('get-session without a cookie is empty', async () => {
    const response = await send(server.url, 'GET', '/api/auth/get-session');
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
  });

  it('token is an EdDSA JWT for the user', async () => {
    const user = await signUp(server.url);
    const response = await send(server.url, 'GET', '/api/auth/token', {
      headers: { cookie: user.cookie },
    });
    expect(response.status).toBe(200);

    const header = decodeProtectedHeader(response.body.token);
    const claims = decodeJwt(response.body.token);
    expect(header.alg).toBe('EdDSA');
    expect(claims.sub).toBe(user.id);
    expect(claims.iss).toBe(server.url);
    expect(claims.aud).toBe('fehrist-api');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(15 * 60);
  });

  it('token needs a session', async () => {
    const response = await send(server.url, 'GET', '/api/auth/token');
    expect(response.status).toBe(401);
  });

  it('JWKS verifies the token', async () => {
    const user = await signUp(server.url);
    const response = await send(server.url, 'GET', '/api/auth/jwks');
    expect(response.status).toBe(200);

    const jwks = response.body as JSONWebKeySet;
    const { kid } = decodeProtectedHeader(user.token);
    const key = jwks.keys.find((candidate) => candidate.kid === kid);
    expect(key?.kty).toBe('OKP');
    expect(key?.crv).toBe('Ed25519');
    expect(key?.d).toBeUndefined();

    const { payload } = await jwtVerify(user.token, createLocalJWKSet(jwks), {
      issuer: server.url,
      audience: 'fehrist-api',
      algorithms: ['EdDSA'],
    });
    expect(payload.sub).toBe(user.id);
  });

  it('sign-out needs a trusted origin', async () => {
    const user = await signUp(server.url);
    const response = await send(server.url, 'POST', '/api/auth/sign-out', {
      headers: { cookie: user.cookie, origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);

    const session = await send(server.url, 'GET', '/api/auth/get-session', {
      headers: { cookie: user.cookie },
    });
    expect(session.body.user.id).toBe(user.id);
  });

  it('sign-out ends the cookie session', async () => {
    const user = await signUp(server.url);
    const signOut = await send(server.url, 'POST', '/api/auth/sign-out', {
      headers: { cookie: user.cookie, origin: server.url },
    });
    expect(signOut.status).toBe(200);

    const session = await send(server.url, 'GET', '/api/auth/get-session', {
      headers: { cookie: user.cookie },
    });
    expect(session.body).toBeNull();

    const tasks = await send(server.url, 'GET', `/api/${user.id}/tasks`, {
      headers: { cookie: user.cookie },
    });
    expectProblem(tasks, 401, 'unauthorized');

    const token = await send(server.url, 'GET', '/api/auth/token', {
      headers: { cookie: user.cookie },
    });
    expect(token.status).toBe(401);
  });
});

describe('sign-in rate limit', () => {
  let limited: TestServer;

  beforeAll(async () => {
    limited = await startTestServer(inject('databaseUrl'), {
      signInRateLimit: { max: 3, windowSeconds: 60 },
    });
  });

  afterAll(async () => {
    await limited?.close();
  });

  /**
   * Signs in from a chosen loopback address. Limits are stored in the shared test database
   * per client address, so a source address of its own keeps other files' sign-ins out of
   * this count.
   */
  function signInFrom(
    localAddress: string,
    email: string,
    password: string,
    headers: Record<string, string> = {},
  ): Promise<number> {
    const url = new URL('/api/auth/sign-in/email', limited.url);
    const body = JSON.stringify({ email, password });
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        url,
        {
          method: 'POST',
          localAddress,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            origin: limited.url,
            ...headers,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  it('returns 429 on the fourth wrong password', async () => {
    const user = await signUp(limited.url);
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push(await signInFrom('127.0.0.2', user.email, 'wrong password here'));
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await signInFrom('127.0.0.2', user.email, PASSWORD)).toBe(429);
  });

  it('ignores client-chosen address headers', async () => {
    const user = await signUp(limited.url);
    const spoofed = (attempt: number) => ({
      'x-fehrist-client-ip': `198.51.100.${attempt}`,
      'x-forwarded-for': `203.0.113.${attempt}`,
      'x-real-ip': `192.0.2.${attempt}`,
    });
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push(await signInFrom('127.0.0.3', user.email, 'wrong password', spoofed(attempt)));
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('counts each client address apart', async () => {
    const user = await signUp(limited.url);
    expect(await signInFrom('127.0.0.4', user.email, PASSWORD)).toBe(200);
  });
});
