import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import webpush from 'web-push';
import { endpointOrigin, moduleLogger } from '../logger';
import type { VapidDetails } from '../vapid';
import { rejectEndpoint } from './endpoint-policy';

const log = moduleLogger('push');

// A VAPID token is signed once per push service and reused until it nears its expiry, because
// signing (ES256) was the largest CPU cost per push in bench/reminders.bench.ts. 12 hours is
// web-push 3.6.7's own default; push services reject an expiry more than 24 hours ahead.
const VAPID_TOKEN_SECONDS = 12 * 60 * 60;
const VAPID_RENEW_BEFORE_MS = 60 * 60_000;

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type PushOutcome =
  | { kind: 'sent'; status: number; attempts: number }
  /** The push service responded 404 or 410, so the subscription no longer exists. */
  | { kind: 'gone'; status: number; attempts: number }
  | { kind: 'failed'; status: number | null; attempts: number; reason: string };

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before the second attempt; it doubles for each attempt after that. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the attempts instead of waiting. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
};

export interface PushSenderOptions {
  vapid: VapidDetails;
  /** How long the push service keeps the message for an offline device, in seconds. */
  ttlSeconds: number;
  retry: RetryPolicy;
  allowInsecureEndpoints: boolean;
  requestTimeoutMs?: number;
  /** Source of jitter in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

/** Context for log lines; push endpoints are logged by origin only. */
export interface PushContext {
  taskId: string;
  remindAt: string;
  subscriptionId: string;
}

/**
 * Returns the RFC 8030 `Topic` of a reminder occurrence: 32 base64url characters of a hash of
 * the task and the instant. A push service keeps one undelivered message per topic, so a
 * reminder sent again (after a replica died mid-send) replaces the first copy while the device
 * is offline, and the notification's tag replaces it on the device.
 */
export function reminderTopic(context: Pick<PushContext, 'taskId' | 'remindAt'>): string {
  return createHash('sha256')
    .update(`${context.taskId}\n${context.remindAt}`)
    .digest('base64url')
    .slice(0, 32);
}

/**
 * Sends Web Push messages with VAPID. web-push's own `sendNotification` speaks https only, so
 * the request is built with `generateRequestDetails` and sent with fetch, which also gives
 * access to Retry-After.
 */
export class PushSender {
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly vapidTokens = new Map<string, { authorization: string; expiresAt: number }>();

  constructor(private readonly options: PushSenderOptions) {
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  /** Sends one message, retrying 429, 5xx and network errors with backoff and jitter. */
  async send(target: PushTarget, payload: string, context: PushContext): Promise<PushOutcome> {
    const origin = endpointOrigin(target.endpoint);
    const rejection = rejectEndpoint(target.endpoint, this.options.allowInsecureEndpoints);
    if (rejection) {
      log.warn({ ...context, origin, reason: rejection }, 'push endpoint rejected; not sending');
      return { kind: 'failed', status: null, attempts: 0, reason: rejection };
    }

    let request: ReturnType<typeof webpush.generateRequestDetails>;
    try {
      // Without vapidDetails here or set globally (nothing calls setVapidDetails), web-push
      // adds no Authorization header of its own, so the cached one is sent.
      request = webpush.generateRequestDetails(target, payload, {
        headers: { Authorization: this.vapidAuthorization(target.endpoint) },
        TTL: this.options.ttlSeconds,
        urgency: 'high',
        topic: reminderTopic(context),
      });
    } catch (error) {
      log.warn(
        { ...context, origin, err: error },
        'push message could not be encrypted; check the subscription keys',
      );
      return { kind: 'failed', status: null, attempts: 0, reason: 'invalid subscription keys' };
    }

    const { maxAttempts } = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      const result = await this.post(request);
      if (result.status !== null && result.status >= 200 && result.status < 300) {
        return { kind: 'sent', status: result.status, attempts: attempt };
      }
      if (result.status === 404 || result.status === 410) {
        return { kind: 'gone', status: result.status, attempts: attempt };
      }

      const retryable = result.status === null || result.status === 429 || result.status >= 500;
      const reason =
        result.status === null ? result.error : `push service answered ${result.status}`;
      if (!retryable) {
        log.warn(
          { ...context, origin, status: result.status },
          'push rejected by the push service; not retrying',
        );
        return { kind: 'failed', status: result.status, attempts: attempt, reason };
      }
      if (attempt >= maxAttempts) {
        log.warn(
          { ...context, origin, status: result.status, attempts: attempt, reason },
          'push failed after the last attempt; giving up',
        );
        return { kind: 'failed', status: result.status, attempts: attempt, reason };
      }

      const delayMs = Math.max(this.backoffMs(attempt), result.retryAfterMs ?? 0);
      if (delayMs > this.options.retry.maxRetryAfterMs) {
        log.warn(
          { ...context, origin, status: result.status, attempts: attempt, retryAfterMs: delayMs },
          'push service asked to wait longer than the retry limit; giving up',
        );
        return { kind: 'failed', status: result.status, attempts: attempt, reason };
      }
      log.warn(
        { ...context, origin, status: result.status, attempt, delayMs },
        'push failed; retrying',
      );
      await sleep(delayMs);
    }
  }

  /** Returns the `vapid t=…, k=…` header for the endpoint's push service, signing a token when needed. */
  private vapidAuthorization(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const now = Date.now();
    const cached = this.vapidTokens.get(audience);
    if (cached && cached.expiresAt - now > VAPID_RENEW_BEFORE_MS) return cached.authorization;

    const expiresAt = now + VAPID_TOKEN_SECONDS * 1000;
    const { subject, publicKey, privateKey } = this.options.vapid;
    const headers = webpush.getVapidHeaders(
      audience,
      subject,
      publicKey,
      privateKey,
      'aes128gcm',
      Math.floor(expiresAt / 1000),
    );
    this.vapidTokens.set(audience, { authorization: headers.Authorization, expiresAt });
    return headers.Authorization;
  }

  /** Exponential backoff with jitter: a random delay between half and all of the step. */
  backoffMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  private async post(
    request: ReturnType<typeof webpush.generateRequestDetails>,
  ): Promise<{ status: number | null; retryAfterMs?: number; error: string }> {
    try {
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ?? undefined,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      // The body is not needed, but reading it lets the connection be reused.
      await response.arrayBuffer().catch(() => undefined);
      return {
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        error: `push service answered ${response.status}`,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: null, error: `request failed: ${message}` };
    }
  }
}

/** Reads Retry-After as seconds or as an HTTP date (RFC 9110, section 10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
