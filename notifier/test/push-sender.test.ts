import { afterEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import {
  DEFAULT_RETRY_POLICY,
  PushSender,
  parseRetryAfter,
  reminderTopic,
} from '../src/push/sender';
import {
  fakeSubscriptionKeys,
  type ScriptedPushService,
  startScriptedPushService,
} from './support';

const keys = webpush.generateVAPIDKeys();
const vapid = { subject: 'mailto:tests@example.com', ...keys };
const context = { taskId: 'task-1', remindAt: '2026-08-08T12:45:00.000Z', subscriptionId: 'sub-1' };
const services: ScriptedPushService[] = [];

afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
});

function sender(options: { maxAttempts?: number; random?: () => number } = {}) {
  return new PushSender({
    vapid,
    ttlSeconds: 60,
    retry: {
      maxAttempts: options.maxAttempts ?? 3,
      baseDelayMs: 10,
      maxDelayMs: 100,
      maxRetryAfterMs: 1_000,
    },
    allowInsecureEndpoints: true,
    random: options.random ?? (() => 0.5),
  });
}

async function service(script: { status: number; retryAfter?: string }[]) {
  const started = await startScriptedPushService(script);
  services.push(started);
  return {
    endpoint: `${started.url}/push/1`,
    keys: fakeSubscriptionKeys(),
    requests: started.requests,
  };
}

describe('PushSender.send', () => {
  it('sends once on 201', async () => {
    const target = await service([{ status: 201 }]);

    const outcome = await sender().send(target, '{}', context);

    expect(outcome).toEqual({ kind: 'sent', status: 201, attempts: 1 });
    expect(target.requests).toHaveLength(1);
  });

  it('does not retry 400, which a retry cannot fix', async () => {
    const target = await service([{ status: 400 }]);

    const outcome = await sender().send(target, '{}', context);

    expect(outcome.kind).toBe('failed');
    expect(target.requests).toHaveLength(1);
  });

  it('retries 500 and succeeds on a later attempt', async () => {
    const target = await service([{ status: 500 }, { status: 502 }, { status: 201 }]);

    const outcome = await sender().send(target, '{}', context);

    expect(outcome).toEqual({ kind: 'sent', status: 201, attempts: 3 });
  });

  it('retries a refused connection and gives up after the last attempt', async () => {
    const target = await service([{ status: 201 }]);
    await services.pop()?.close();

    const outcome = await sender({ maxAttempts: 2 }).send(target, '{}', context);

    expect(outcome.kind).toBe('failed');
    expect(outcome.attempts).toBe(2);
    expect(outcome).toHaveProperty('reason', expect.stringMatching(/^request failed/));
  });

  it('refuses a private endpoint unless insecure endpoints are allowed', async () => {
    const strict = new PushSender({
      vapid,
      ttlSeconds: 60,
      retry: DEFAULT_RETRY_POLICY,
      allowInsecureEndpoints: false,
    });

    const outcome = await strict.send(
      { endpoint: 'http://127.0.0.1:9/push', keys: fakeSubscriptionKeys() },
      '{}',
      context,
    );

    expect(outcome).toEqual({
      kind: 'failed',
      status: null,
      attempts: 0,
      reason: 'endpoint protocol http: is not https',
    });
  });

  it('sends VAPID, TTL and high urgency', async () => {
    const target = await service([{ status: 201 }]);

    await sender().send(target, '{}', context);
    const headers = target.requests[0]?.headers ?? {};
    const [, token, key] = /^vapid t=([^,]+), k=(.+)$/.exec(String(headers.authorization)) ?? [];
    const claims = JSON.parse(
      Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString(),
    );

    expect(headers.ttl).toBe('60');
    expect(headers.urgency).toBe('high');
    expect(headers['content-encoding']).toBe('aes128gcm');
    expect(key).toBe(vapid.publicKey);
    expect(claims.aud).toBe(new URL(target.endpoint).origin);
    expect(claims.sub).toBe(vapid.subject);
    expect(claims.exp * 1000 - Date.now()).toBeGreaterThan(11 * 60 * 60_000);
    expect(claims.exp * 1000 - Date.now()).toBeLessThanOrEqual(12 * 60 * 60_000);
  });

  it('sends one topic per reminder occurrence', async () => {
    const target = await service([{ status: 201 }, { status: 201 }, { status: 201 }]);
    const pushSender = sender();
    const later = { ...context, remindAt: '2026-08-08T12:55:00.000Z' };

    await pushSender.send(target, '{"n":1}', context);
    await pushSender.send(target, '{"n":2}', context);
    await pushSender.send(target, '{"n":3}', later);
    const topics = target.requests.map((request) => request.headers.topic);

    expect(topics[0]).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(topics[1]).toBe(topics[0]);
    expect(topics[2]).not.toBe(topics[0]);
    expect(topics[0]).toBe(reminderTopic(context));
  });

  it('reuses the VAPID token for one push service', async () => {
    const target = await service([{ status: 201 }]);
    const pushSender = sender();

    await pushSender.send(target, '{"n":1}', context);
    await pushSender.send(target, '{"n":2}', context);
    const [first, second] = target.requests.map((request) => request.headers.authorization);

    expect(target.requests).toHaveLength(2);
    expect(second).toBe(first);
  });
});

describe('PushSender.backoffMs', () => {
  it.each([
    [1, 0, 5],
    [1, 0.999, 10],
    [2, 0, 10],
    [3, 0.5, 30],
    [10, 0.999, 100],
  ])('attempt %i with jitter %f waits %i ms', (attempt, jitter, expected) => {
    expect(sender({ random: () => jitter }).backoffMs(attempt)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-08-08T12:00:00Z');

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sat, 08 Aug 2026 12:00:30 GMT', 30_000],
    ['Sat, 08 Aug 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('reads %s as %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
