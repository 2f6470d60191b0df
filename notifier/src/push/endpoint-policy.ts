import { BlockList, isIP } from 'node:net';

// Push services are public HTTPS hosts. A stored endpoint that points at this machine or a
// private network is refused, so a crafted subscription cannot make the notifier send
// requests inside the network it runs in.
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

/**
 * Returns why the notifier must not send to this endpoint, or undefined when it may. With
 * `allowInsecure` (tests against a local push service) http and https on loopback hosts are
 * accepted as well. sync-api checks the same rules when a subscription is stored; this check
 * covers rows written before a rule changed.
 */
export function rejectEndpoint(endpoint: string, allowInsecure: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'endpoint is not a valid URL';
  }
  if (url.username || url.password) return 'endpoint contains a user name or password';

  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const loopback =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (family === 4 && host.startsWith('127.')) ||
    (family === 6 && host === '::1');
  if (allowInsecure && loopback && (url.protocol === 'http:' || url.protocol === 'https:')) {
    return undefined;
  }
  if (url.protocol !== 'https:') return `endpoint protocol ${url.protocol} is not https`;
  if (loopback) return 'endpoint host is a loopback address';
  if (family !== 0 && PRIVATE_RANGES.check(host, family === 4 ? 'ipv4' : 'ipv6')) {
    return 'endpoint host is a private or link-local address';
  }
  // NOTE: a public host name that resolves to a private address is not caught here. That
  // needs a check of the resolved address at connect time.
  return undefined;
}
