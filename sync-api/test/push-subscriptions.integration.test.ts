import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withClient } from './events-support';
import { request, signUp, startTestServer, type TestServer, type TestUser } from './support';

let server: TestServer;
let strict: TestServer;

beforeAll(async () => {
  // One after the other: the first start applies the migrations.
  server = await startTestServer(inject('databaseUrl'), {
    env: { PUSH_ALLOW_INSECURE_ENDPOINTS: 'true' },
  });
  strict = await startTestServer(inject('databaseUrl'));
});

afterAll(async () => {
  await Promise.all([server?.close(), strict?.close()]);
});

/** Builds a PushSubscription JSON as a browser makes it, with real P-256 and auth key sizes. */
function browserSubscription(endpoint = `https://push.example.com/send/${randomUUID()}`) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint,
    expirationTime: null,
    keys: {
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  };
}

const subscriptionsPath = (user: TestUser) => `/api/${user.id}/push-subscriptions`;

async function storedRow(endpoint: string) {
  return withClient(inject('databaseUrl'), async (client) => {
    const { rows } = await client.query(
      'select user_id, p256dh, auth, user_agent, language from push_subscription where endpoint = $1',
      [endpoint],
    );
    return rows[0];
  });
}

describe('POST /api/{user_id}/push-subscriptions', () => {
  it('creates a subscription: 201', async () => {
    const user = await signUp(server.url);
    const subscription = browserSubscription();

    const response = await user.api('POST', subscriptionsPath(user), subscription);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      endpoint: subscription.endpoint,
      created_at: expect.any(String),
    });
    expect(await storedRow(subscription.endpoint)).toMatchObject({
      user_id: user.id,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
    });
  });

  it('updates the same endpoint: 200, same id', async () => {
    const user = await signUp(server.url);
    const first = browserSubscription();
    const created = await user.api('POST', subscriptionsPath(user), first);
    const renewed = { ...browserSubscription(first.endpoint) };

    const response = await user.api('POST', subscriptionsPath(user), renewed);

    expect(response.status).toBe(200);
    expect(response.body.id).toBe(created.body.id);
    expect(response.body.created_at).toBe(created.body.created_at);
    expect((await storedRow(first.endpoint))?.p256dh).toBe(renewed.keys.p256dh);
    const list = await user.api('GET', subscriptionsPath(user));
    expect(list.body.subscriptions).toHaveLength(1);
  });

  it('moves an endpoint of another user to this one', async () => {
    const before = await signUp(server.url);
    const after = await signUp(server.url);
    const subscription = browserSubscription();
    const old = await before.api('POST', subscriptionsPath(before), subscription);

    const response = await after.api('POST', subscriptionsPath(after), subscription);

    expect(response.status).toBe(201);
    expect(response.body.id).not.toBe(old.body.id);
    expect((await storedRow(subscription.endpoint))?.user_id).toBe(after.id);
    expect((await before.api('GET', subscriptionsPath(before))).body.subscriptions).toEqual([]);
    const stale = await before.api('DELETE', `${subscriptionsPath(before)}/${old.body.id}`);
    expect(stale.status).toBe(404);
  });

  it('accepts base64 keys with padding and stores base64url', async () => {
    const user = await signUp(server.url);
    const subscription = browserSubscription();
    const padded = {
      ...subscription,
      keys: {
        p256dh: Buffer.from(subscription.keys.p256dh, 'base64url').toString('base64'),
        auth: Buffer.from(subscription.keys.auth, 'base64url').toString('base64'),
      },
    };

    const response = await user.api('POST', subscriptionsPath(user), padded);

    expect(response.status).toBe(201);
    expect(await storedRow(subscription.endpoint)).toMatchObject({
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
    });
  });

  it('stores the user agent', async () => {
    const user = await signUp(server.url);
    const subscription = browserSubscription();

    await request(server.url, 'POST', subscriptionsPath(user), {
      token: user.token,
      body: subscription,
      headers: { 'user-agent': 'Mozilla/5.0 (Android 15) Chrome/140' },
    });

    expect((await storedRow(subscription.endpoint))?.user_agent).toBe(
      'Mozilla/5.0 (Android 15) Chrome/140',
    );
  });
});

describe('push subscription language', () => {
  it('stores, updates and keeps the language', async () => {
    const user = await signUp(server.url);
    const subscription = browserSubscription();

    await user.api('POST', subscriptionsPath(user), { ...subscription, language: 'ur' });
    expect((await storedRow(subscription.endpoint))?.language).toBe('ur');

    await user.api('POST', subscriptionsPath(user), { ...subscription, language: 'en-GB' });
    expect((await storedRow(subscription.endpoint))?.language).toBe('en-GB');

    await user.api('POST', subscriptionsPath(user), subscription);
    expect((await storedRow(subscription.endpoint))?.language).toBe('en-GB');
    const listed = await user.api('GET', subscriptionsPath(user));
    expect(listed.body.subscriptions).toEqual([
      expect.objectContaining({ endpoint: subscription.endpoint, language: 'en-GB' }),
    ]);
  });

  it('moves the language to the endpoint that replaces an older one', async () => {
    const user = await signUp(server.url);
    const other = await signUp(server.url);
    const old = browserSubscription();
    const othersOld = browserSubscription();
    const renewed = browserSubscription();
    await user.api('POST', subscriptionsPath(user), { ...old, language: 'ur' });
    await other.api('POST', subscriptionsPath(other), { ...othersOld, language: 'ur' });

    const response = await user.api('POST', subscriptionsPath(user), {
      ...renewed,
      previous_endpoint: old.endpoint,
    });
    // Another user's endpoint is never deleted through this field.
    await user.api('POST', subscriptionsPath(user), {
      ...browserSubscription(),
      previous_endpoint: othersOld.endpoint,
    });

    expect(response.status).toBe(201);
    expect(await storedRow(old.endpoint)).toBeUndefined();
    expect((await storedRow(renewed.endpoint))?.language).toBe('ur');
    expect((await storedRow(othersOld.endpoint))?.user_id).toBe(other.id);
  });

  it.each([
    ['a word', 'Urdu please'],
    ['a number', 7],
    ['an over-long tag', `ur-${'x'.repeat(40)}`],
  ])('rejects %s as the language, naming the field: 422', async (_name, language) => {
    const user = await signUp(server.url);
    const subscription = browserSubscription();

    const response = await user.api('POST', subscriptionsPath(user), { ...subscription, language });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((issue: { field: string }) => issue.field)).toEqual([
      'language',
    ]);
    expect(response.body.detail).toContain('BCP 47');
    expect(await storedRow(subscription.endpoint)).toBeUndefined();
  });
});

describe('push subscription validation', () => {
  const fieldsOf = (body: { errors?: { field: string }[] }) =>
    (body.errors ?? []).map((issue) => issue.field).sort();

  it('names each missing field', async () => {
    const user = await signUp(server.url);

    const response = await user.api('POST', subscriptionsPath(user), {});

    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual(['endpoint', 'keys']);
  });

  it('names bad keys', async () => {
    const user = await signUp(server.url);
    const subscription = browserSubscription();

    const response = await user.api('POST', subscriptionsPath(user), {
      ...subscription,
      keys: { p256dh: 'not-a-key', auth: randomBytes(8).toString('base64url') },
    });

    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual(['keys.auth', 'keys.p256dh']);
    expect(response.body.detail).toContain('keys.p256dh');
  });

  it('rejects a body that is not a subscription', async () => {
    const user = await signUp(server.url);

    const response = await user.api('POST', subscriptionsPath(user), ['endpoint']);

    expect(response.status).toBe(422);
  });

  it('rejects an endpoint that is not a URL', async () => {
    const user = await signUp(server.url);

    const response = await user.api(
      'POST',
      subscriptionsPath(user),
      browserSubscription('push.example.com/abc'),
    );

    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual(['endpoint']);
  });

  it('rejects http endpoints by default', async () => {
    const user = await signUp(strict.url);

    for (const endpoint of [
      'http://127.0.0.1:9999/push/abc',
      'http://localhost:9999/push/abc',
      'http://push.example.com/abc',
    ]) {
      const response = await user.api(
        'POST',
        subscriptionsPath(user),
        browserSubscription(endpoint),
      );
      expect(response.status, endpoint).toBe(422);
      expect(fieldsOf(response.body), endpoint).toEqual(['endpoint']);
    }
  });

  it('rejects local and private addresses by default', async () => {
    const user = await signUp(strict.url);

    for (const endpoint of [
      'https://127.0.0.1/push',
      'https://localhost/push',
      'https://10.1.2.3/push',
      'https://192.168.0.10/push',
      'https://169.254.169.254/latest',
      'https://[::1]/push',
      'https://[fd00::1]/push',
      'https://user:secret@push.example.com/abc',
    ]) {
      const response = await user.api(
        'POST',
        subscriptionsPath(user),
        browserSubscription(endpoint),
      );
      expect(response.status, endpoint).toBe(422);
    }
  });

  it('accepts http on 127.0.0.1 when allowed', async () => {
    const user = await signUp(server.url);
    const endpoint = `http://127.0.0.1:9999/push/${randomUUID()}`;

    const response = await user.api('POST', subscriptionsPath(user), browserSubscription(endpoint));

    expect(response.status).toBe(201);
  });

  it('still rejects private addresses when http is allowed', async () => {
    const user = await signUp(server.url);

    const response = await user.api(
      'POST',
      subscriptionsPath(user),
      browserSubscription('http://10.0.0.5/push'),
    );

    expect(response.status).toBe(422);
  });
});

describe('GET and DELETE /api/{user_id}/push-subscriptions', () => {
  it('lists only the user own subscriptions', async () => {
    const user = await signUp(server.url);
    const other = await signUp(server.url);
    const mine = [browserSubscription(), browserSubscription()];
    for (const subscription of mine) await user.api('POST', subscriptionsPath(user), subscription);
    await other.api('POST', subscriptionsPath(other), browserSubscription());

    const response = await user.api('GET', subscriptionsPath(user));

    expect(response.status).toBe(200);
    expect(
      response.body.subscriptions.map((row: { endpoint: string }) => row.endpoint).sort(),
    ).toEqual(mine.map((subscription) => subscription.endpoint).sort());
    expect(Object.keys(response.body.subscriptions[0]).sort()).toEqual([
      'created_at',
      'endpoint',
      'id',
      'language',
      'updated_at',
      'user_agent',
    ]);
  });

  it('deletes one subscription: 204, then 404', async () => {
    const user = await signUp(server.url);
    const created = await user.api('POST', subscriptionsPath(user), browserSubscription());
    const path = `${subscriptionsPath(user)}/${created.body.id}`;

    const deleted = await user.api('DELETE', path);
    const again = await user.api('DELETE', path);

    expect(deleted.status).toBe(204);
    expect(again.status).toBe(404);
    expect((await user.api('GET', subscriptionsPath(user))).body.subscriptions).toEqual([]);
  });

  it('answers 404 for an id that is not a uuid', async () => {
    const user = await signUp(server.url);

    const response = await user.api('DELETE', `${subscriptionsPath(user)}/not-an-id`);

    expect(response.status).toBe(404);
  });
});

describe('push subscription ownership', () => {
  it('needs a token: 401', async () => {
    const user = await signUp(server.url);
    const created = await user.api('POST', subscriptionsPath(user), browserSubscription());

    for (const [method, path, body] of [
      ['GET', subscriptionsPath(user), undefined],
      ['POST', subscriptionsPath(user), browserSubscription()],
      ['DELETE', `${subscriptionsPath(user)}/${created.body.id}`, undefined],
    ] as const) {
      const response = await request(server.url, method, path, { body });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuses another user path: 403', async () => {
    const owner = await signUp(server.url);
    const intruder = await signUp(server.url);
    const created = await owner.api('POST', subscriptionsPath(owner), browserSubscription());

    for (const [method, path, body] of [
      ['GET', subscriptionsPath(owner), undefined],
      ['POST', subscriptionsPath(owner), browserSubscription()],
      ['DELETE', `${subscriptionsPath(owner)}/${created.body.id}`, undefined],
    ] as const) {
      const response = await intruder.api(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect((await owner.api('GET', subscriptionsPath(owner))).body.subscriptions).toHaveLength(1);
  });

  it('hides another user subscription id: 404', async () => {
    const owner = await signUp(server.url);
    const other = await signUp(server.url);
    const created = await owner.api('POST', subscriptionsPath(owner), browserSubscription());

    const response = await other.api('DELETE', `${subscriptionsPath(other)}/${created.body.id}`);

    expect(response.status).toBe(404);
    expect((await owner.api('GET', subscriptionsPath(owner))).body.subscriptions).toHaveLength(1);
  });
});

describe('GET /api/push/vapid-public-key', () => {
  it('answers without a token', async () => {
    const response = await request(server.url, 'GET', '/api/push/vapid-public-key');

    expect(response.status).toBe(200);
    const key = Buffer.from(response.body.key, 'base64url');
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4);
  });

  it('generates the pair once into the data folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fehrist-vapid-'));
    try {
      const first = await startTestServer(inject('databaseUrl'), { dataDir });
      const firstKey = (await request(first.url, 'GET', '/api/push/vapid-public-key')).body.key;
      await first.close();
      const second = await startTestServer(inject('databaseUrl'), { dataDir });
      const secondKey = (await request(second.url, 'GET', '/api/push/vapid-public-key')).body.key;
      await second.close();

      const file = join(dataDir, 'vapid.json');
      const stored = JSON.parse(await readFile(file, 'utf8'));
      expect(stored.publicKey).toBe(firstKey);
      expect(Buffer.from(stored.privateKey, 'base64url')).toHaveLength(32);
      expect(secondKey).toBe(firstKey);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('prefers VAPID_PUBLIC_KEY', async () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const key = ecdh.getPublicKey().toString('base64url');
    const configured = await startTestServer(inject('databaseUrl'), {
      env: { VAPID_PUBLIC_KEY: key },
    });
    try {
      const response = await request(configured.url, 'GET', '/api/push/vapid-public-key');
      expect(response.body).toEqual({ key });
    } finally {
      await configured.close();
    }
  });
});
