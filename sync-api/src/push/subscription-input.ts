import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

// Addresses a push service never has. The notifier POSTs to every stored endpoint, so one of
// these would let a user aim the server at its own network.
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are checked against the IPv4 ranges above.
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

const MAX_ENDPOINT_LENGTH = 2048;
// RFC 5646 allows longer tags, but a device's interface language never needs more than this.
const MAX_LANGUAGE_LENGTH = 35;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

function isNonPublicAddress(hostname: string): boolean {
  const address = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(address);
  if (family === 0) return false;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Returns why `value` cannot be a push endpoint, or undefined when it can. Push services use
 * https. `allowInsecure` (for tests) also admits http and https on localhost and 127.0.0.0/8.
 */
export function endpointProblem(value: string, allowInsecure: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'endpoint must be an absolute https:// URL, as PushSubscription.endpoint gives it';
  }
  if (url.username || url.password) return 'endpoint must not contain a user name or password';

  const loopback = isLoopback(url.hostname);
  if (allowInsecure && loopback && (url.protocol === 'http:' || url.protocol === 'https:')) {
    return undefined;
  }
  if (url.protocol !== 'https:') return 'endpoint must be an https:// URL';
  if (loopback || isNonPublicAddress(url.hostname)) {
    return 'endpoint must be a push service on the internet, not a local or private address';
  }
  return undefined;
}

/** Accepts base64url or base64, with or without padding, and returns unpadded base64url. */
function keySchema(field: string, bytes: number, what: string) {
  const message = `${field} must be ${what}: ${bytes} bytes in base64url`;
  return z.string({ error: `${field} is required: ${what}` }).transform((value, ctx) => {
    const normalized = value.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const decoded = /^[A-Za-z0-9_-]+$/.test(normalized)
      ? Buffer.from(normalized, 'base64url')
      : Buffer.alloc(0);
    // An uncompressed P-256 point starts with 0x04; the auth secret has no structure.
    const valid = decoded.length === bytes && (bytes !== 65 || decoded[0] === 0x04);
    if (!valid) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return normalized;
  });
}

/**
 * Builds the schema of `PushSubscription.toJSON()`, which is
 * `{endpoint, expirationTime?, keys: {p256dh, auth}}`, plus the app's optional `language`: the
 * BCP 47 tag of the interface language the device's notifications are written in, and the
 * service worker's optional `previous_endpoint`: the subscription the browser replaced.
 */
export function pushSubscriptionSchema(allowInsecure: boolean) {
  return z.object(
    {
      endpoint: z
        .string({ error: 'endpoint is required: the URL from PushSubscription.endpoint' })
        .max(MAX_ENDPOINT_LENGTH, {
          error: `endpoint must be at most ${MAX_ENDPOINT_LENGTH} characters`,
        })
        .superRefine((value, ctx) => {
          const problem = endpointProblem(value, allowInsecure);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      expirationTime: z
        .number({ error: 'expirationTime must be a number of milliseconds or null' })
        .nullable()
        .optional(),
      keys: z.object(
        {
          p256dh: keySchema('keys.p256dh', 65, 'the P-256 public key of the subscription'),
          auth: keySchema('keys.auth', 16, 'the authentication secret of the subscription'),
        },
        { error: 'keys is required: {p256dh, auth} from PushSubscription.toJSON()' },
      ),
      language: z
        .string({
          error: 'language must be a BCP 47 language tag such as "en" or "ur-PK", or null',
        })
        .refine((value) => value.length <= MAX_LANGUAGE_LENGTH && LANGUAGE_TAG.test(value), {
          error: `language must be a BCP 47 language tag such as "en" or "ur-PK", at most ${MAX_LANGUAGE_LENGTH} characters`,
        })
        .nullable()
        .optional(),
      previous_endpoint: z
        .string({ error: 'previous_endpoint must be the endpoint this subscription replaces' })
        .max(MAX_ENDPOINT_LENGTH, {
          error: `previous_endpoint must be at most ${MAX_ENDPOINT_LENGTH} characters`,
        })
        .optional(),
    },
    { error: 'send the PushSubscription JSON: {endpoint, keys: {p256dh, auth}}' },
  );
}

export type PushSubscriptionInput = z.output<ReturnType<typeof pushSubscriptionSchema>>;
