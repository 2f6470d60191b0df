import { randomUUID } from 'node:crypto';
import type { Task } from '@fehrist/domain';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPushSubscription,
  createTask,
  expectProblem,
  fillPath,
  listAll,
  type Route,
  sampleBody,
  send,
  sleep,
  userRoutes,
} from './api-support';
import { signUp, startTestServer, type TestServer, type TestUser } from './support';

let server: TestServer;
let owner: TestUser;
let other: TestUser;
let ownerTask: Task;
let otherTask: Task;
let routes: Route[];

beforeAll(async () => {
  server = await startTestServer(inject('databaseUrl'));
  routes = userRoutes(server.routes);
  [owner, other] = await Promise.all([signUp(server.url), signUp(server.url)]);
  ownerTask = await createTask(owner, { title: 'Owner secret errand', tags: ['private'] });
  otherTask = await createTask(other, { title: 'Other person diary entry' });
});

afterAll(async () => {
  await server?.close();
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs the claims of `token` with a new key that the server has never seen. */
async function signWithForeignKey(token: string, kid?: string): Promise<string> {
  const claims = decodeJwt(token);
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', ...(kid ? { kid } : {}) })
    .setSubject(String(claims.sub))
    .setIssuer(String(claims.iss))
    .setAudience(claims.aud as string)
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(privateKey);
}

/** Moves the exp claim of the server's token a day ahead and keeps the old signature. */
function editExpiry(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString('utf8'));
  claims.exp = Math.floor(Date.now() / 1000) + 24 * 3600;
  return `${header}.${base64url(claims)}.${signature}`;
}

/** Builds an unsigned token (`alg: none`) with the claims of `token`. */
function unsigned(token: string): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(decodeJwt(token))}.`;
}

/** Sends each user route to the owner's path with the given headers and the owner's task id. */
async function sendToEveryRoute(headers: Record<string, string>, label: string) {
  const results = [];
  for (const route of routes) {
    const path = fillPath(route.path, owner.id, ownerTask.id);
    const body = sampleBody(route, ownerTask.id, label);
    const response = await send(server.url, route.method, path, { headers, body });
    results.push({ operation: `${route.method} ${route.path}`, response });
  }
  return results;
}

async function expectUnauthorizedEverywhere(headers: Record<string, string>, label: string) {
  for (const { operation, response } of await sendToEveryRoute(headers, label)) {
    expectProblem(response, 401, 'unauthorized', operation);
    expect(response.headers.get('www-authenticate'), operation).toMatch(/^Bearer/);
    expect(response.text, operation).not.toContain(ownerTask.title);
  }
}

describe('route list', () => {
  it('contains task and sync routes', () => {
    const paths = routes.map((route) => `${route.method} ${route.path}`);
    expect(paths).toContain('GET /api/:user_id/tasks');
    expect(paths).toContain('POST /api/:user_id/sync/push');
    expect(paths).toContain('GET /api/:user_id/sync/events');
  });
});

describe('authenticate rejects bad credentials', () => {
  it('no credentials: 401', async () => {
    await expectUnauthorizedEverywhere({}, 'anonymous');
  });

  it('token signed by another key: 401', async () => {
    const forged = await signWithForeignKey(owner.token);
    await expectUnauthorizedEverywhere({ authorization: `Bearer ${forged}` }, 'forger');
  });

  it('foreign key under the server kid: 401', async () => {
    const { kid } = decodeProtectedHeader(owner.token);
    const forged = await signWithForeignKey(owner.token, kid);
    await expectUnauthorizedEverywhere({ authorization: `Bearer ${forged}` }, 'forger');
  });

  it('token with edited exp: 401', async () => {
    const edited = editExpiry(owner.token);
    await expectUnauthorizedEverywhere({ authorization: `Bearer ${edited}` }, 'editor');
  });

  it('alg none token: 401', async () => {
    await expectUnauthorizedEverywhere(
      { authorization: `Bearer ${unsigned(owner.token)}` },
      'unsigned',
    );
  });

  it('garbage bearer token: 401', async () => {
    await expectUnauthorizedEverywhere({ authorization: 'Bearer x' }, 'garbage');
  });

  it('basic authorization: 401', async () => {
    const basic = Buffer.from(`${owner.email}:correct horse battery`).toString('base64');
    await expectUnauthorizedEverywhere({ authorization: `Basic ${basic}` }, 'basic');
  });

  it('bad bearer beside a valid cookie: 401', async () => {
    await expectUnauthorizedEverywhere(
      { authorization: 'Bearer x', cookie: owner.cookie },
      'mixed',
    );
  });

  it('leaves the owner task unchanged', async () => {
    const response = await owner.api<Task>('GET', `/api/${owner.id}/tasks/${ownerTask.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(ownerTask);
  });
});

describe('token expiry and issuer', () => {
  let shortLived: TestServer;

  beforeAll(async () => {
    shortLived = await startTestServer(inject('databaseUrl'), { jwtExpiration: '2s' });
  });

  afterAll(async () => {
    await shortLived?.close();
  });

  it('expired token: 401 saying expired', async () => {
    const user = await signUp(shortLived.url);
    const fresh = await send(shortLived.url, 'GET', `/api/${user.id}/tasks`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(fresh.status).toBe(200);

    // exp is iat + 2 in whole seconds, so the token stays valid for at least 1 s and is
    // rejected once the clock reaches exp.
    await sleep(Math.max(0, Number(decodeJwt(user.token).exp) * 1000 + 50 - Date.now()));
    for (const route of userRoutes(shortLived.routes)) {
      const operation = `${route.method} ${route.path}`;
      const response = await send(
        shortLived.url,
        route.method,
        fillPath(route.path, user.id, randomUUID()),
        {
          headers: { authorization: `Bearer ${user.token}` },
          body: sampleBody(route, randomUUID(), 'expired'),
        },
      );
      expectProblem(response, 401, 'unauthorized', operation);
      expect(response.body.detail, operation).toMatch(/expired/);
    }
  });

  it('token of another issuer: 401', async () => {
    // Both servers share the database and its signing keys, so only the issuer differs.
    const user = await signUp(shortLived.url);
    for (const route of userRoutes(server.routes)) {
      const operation = `${route.method} ${route.path}`;
      const response = await send(
        server.url,
        route.method,
        fillPath(route.path, user.id, randomUUID()),
        {
          headers: { authorization: `Bearer ${user.token}` },
          body: sampleBody(route, randomUUID(), 'issuer'),
        },
      );
      expectProblem(response, 401, 'unauthorized', operation);
    }
  });
});

describe('requireOwner', () => {
  async function snapshotOwner() {
    const tasks = await listAll(owner);
    const pull = await owner.api('POST', `/api/${owner.id}/sync/pull`, {
      clientGroupID: randomUUID(),
      cookie: null,
    });
    return { tasks, cookie: pull.body.cookie };
  }

  it('bearer token of another user: 403', async () => {
    const before = await snapshotOwner();

    const results = await sendToEveryRoute({ authorization: `Bearer ${other.token}` }, 'other');
    for (const { operation, response } of results) {
      expectProblem(response, 403, 'forbidden', operation);
      expect(response.text, operation).not.toContain(ownerTask.title);
    }

    const after = await snapshotOwner();
    expect(after.tasks).toEqual(before.tasks);
    expect(after.cookie).toBe(before.cookie);
  });

  it('session cookie of another user: 403', async () => {
    const before = await snapshotOwner();

    for (const { operation, response } of await sendToEveryRoute(
      { cookie: other.cookie },
      'other',
    )) {
      expectProblem(response, 403, 'forbidden', operation);
      expect(response.text, operation).not.toContain(ownerTask.title);
    }

    const after = await snapshotOwner();
    expect(after.tasks).toEqual(before.tasks);
    expect(after.cookie).toBe(before.cookie);
  });

  it('bearer token of the owner: 2xx', async () => {
    for (const route of routes) {
      const task = await createTask(owner, { title: 'Bearer check' });
      const subscriptionId = route.path.includes(':subscription_id')
        ? await createPushSubscription(owner)
        : undefined;
      const response = await send(
        server.url,
        route.method,
        fillPath(route.path, owner.id, task.id, subscriptionId),
        {
          headers: { authorization: `Bearer ${owner.token}` },
          body: sampleBody(route, task.id, 'owner'),
        },
      );
      expect(response.status, `${route.method} ${route.path}`).toBeGreaterThanOrEqual(200);
      expect(response.status, `${route.method} ${route.path}`).toBeLessThan(300);
    }
  });

  it('session cookie of the owner: 2xx', async () => {
    for (const route of routes) {
      const task = await createTask(owner, { title: 'Cookie check' });
      const subscriptionId = route.path.includes(':subscription_id')
        ? await createPushSubscription(owner)
        : undefined;
      const response = await send(
        server.url,
        route.method,
        fillPath(route.path, owner.id, task.id, subscriptionId),
        {
          headers: { cookie: owner.cookie },
          body: sampleBody(route, task.id, 'owner'),
        },
      );
      expect(response.status, `${route.method} ${route.path}`).toBeGreaterThanOrEqual(200);
      expect(response.status, `${route.method} ${route.path}`).toBeLessThan(300);
    }
  });
});

describe('task of another user', () => {
  it('own path with their task id: 404', async () => {
    const taskRoutes = routes.filter((route) => route.path.includes(':id'));
    expect(taskRoutes.map((route) => route.method).sort()).toEqual([
      'DELETE',
      'GET',
      'PATCH',
      'PUT',
    ]);

    for (const route of taskRoutes) {
      const operation = `${route.method} ${route.path}`;
      const response = await send(
        server.url,
        route.method,
        fillPath(route.path, owner.id, otherTask.id),
        {
          headers: { authorization: `Bearer ${owner.token}` },
          body: sampleBody(route, otherTask.id, 'owner'),
        },
      );
      expectProblem(response, 404, 'not_found', operation);
      expect(response.text, operation).not.toContain(otherTask.title);
    }

    const stored = await other.api<Task>('GET', `/api/${other.id}/tasks/${otherTask.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(otherTask);
  });

  it('create with their task id: 422', async () => {
    const response = await send(server.url, 'POST', `/api/${owner.id}/tasks`, {
      headers: { authorization: `Bearer ${owner.token}` },
      body: { id: otherTask.id, title: 'Taking over' },
    });
    expectProblem(response, 422, 'invalid');
    expect(response.text).not.toContain(otherTask.title);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual(['id']);

    const stored = await other.api<Task>('GET', `/api/${other.id}/tasks/${otherTask.id}`);
    expect(stored.body).toEqual(otherTask);
  });

  it('push naming their task id: rejected', async () => {
    const clientID = randomUUID();
    const mutations = [
      { name: 'updateTask', args: { id: otherTask.id, title: 'Changed' } },
      { name: 'completeTask', args: { id: otherTask.id, completed: true } },
      { name: 'deleteTask', args: { id: otherTask.id } },
    ].map((mutation, index) => ({ clientID, id: index + 1, timestamp: index, ...mutation }));
    const response = await owner.api('POST', `/api/${owner.id}/sync/push`, {
      clientGroupID: randomUUID(),
      mutations,
    });
    expect(response.status).toBe(200);
    expect(response.body.rejected.map((item: { code: string }) => item.code)).toEqual([
      'not_found',
      'not_found',
      'not_found',
    ]);
    expect(JSON.stringify(response.body)).not.toContain(otherTask.title);

    const stored = await other.api<Task>('GET', `/api/${other.id}/tasks/${otherTask.id}`);
    expect(stored.body).toEqual(otherTask);
  });
});
