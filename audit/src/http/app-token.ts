import { timingSafeEqual } from 'node:crypto';

/** True when no app token is configured, or the sidecar sent the configured one. */
export function hasAppToken(expected: string | undefined, received: string): boolean {
  if (!expected) return true;
  const receivedBytes = Buffer.from(received);
  const expectedBytes = Buffer.from(expected);
  return (
    receivedBytes.length === expectedBytes.length && timingSafeEqual(receivedBytes, expectedBytes)
  );
}
