import { canonicalTimeZone } from '@fehrist/domain';
import type { Context } from 'koa';
import { invalid } from './errors';

/** Header that carries the caller's IANA time zone on chat, ChatKit and MCP requests. */
export const TIME_ZONE_HEADER = 'x-time-zone';

/**
 * Reads the caller's time zone from a body field or, failing that, the `X-Time-Zone` header.
 * Returns undefined when neither is given; a name that is not an IANA zone is a 422.
 */
export function requestTimeZone(
  ctx: Context,
  bodyValue?: unknown,
  field = 'time_zone',
): string | undefined {
  const header = ctx.get(TIME_ZONE_HEADER);
  const value = bodyValue ?? (header === '' ? undefined : header);
  if (value === undefined || value === null) return undefined;
  const canonical = typeof value === 'string' ? canonicalTimeZone(value) : undefined;
  if (!canonical) {
    const message = `${field} must be an IANA time-zone name such as Asia/Karachi`;
    throw invalid(message, [{ field, message }]);
  }
  return canonical;
}
