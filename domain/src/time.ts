// Wall-clock and time-zone arithmetic on top of Intl, so the domain stays free of
// dependencies and returns the same results in Node and in the browser.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ZONE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const DAY_MS = 86_400_000;

// Three-letter ids that ICU 78 (Node 20) accepts but the tz database lacks. They are
// ambiguous too, because to ICU BST means Asia/Dhaka, not British Summer Time.
const ICU_ONLY_ZONES = new Set([
  ...'ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT'.split(' '),
  ...'IET IST JST MIT NET NST PLT PNT PRT PST SST VST'.split(' '),
]);

export interface WallDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Checks that a `YYYY-MM-DD` string names a day that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Checks a `HH:MM` 24-hour time of day. */
export function isTimeOfDay(value: string): boolean {
  return TIME_PATTERN.test(value);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Returns the IANA name `zone` with its letter case corrected where the runtime reports the
 * name (for example `asia/karachi` becomes `Asia/Karachi`), or undefined when the runtime's
 * time-zone database does not know it. Offsets such as `+05:00` and abbreviations such as
 * `PKT` or `IST` are rejected because they cannot follow daylight-saving rules.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  // Building an Intl.DateTimeFormat costs tens of microseconds and zones repeat a lot. The
  // cap keeps a stream of made-up names from growing the cache without bound.
  const cached = canonicalZones.get(zone);
  if (cached !== undefined || canonicalZones.has(zone)) return cached;
  const resolved = resolveTimeZone(zone);
  if (canonicalZones.size < CANONICAL_ZONE_CACHE_MAX) canonicalZones.set(zone, resolved);
  return resolved;
}

const CANONICAL_ZONE_CACHE_MAX = 2000;
const canonicalZones = new Map<string, string | undefined>();

function resolveTimeZone(zone: string): string | undefined {
  if (!ZONE_NAME_PATTERN.test(zone)) return undefined;
  const upper = zone.toUpperCase();
  if (ICU_ONLY_ZONES.has(upper) || upper.startsWith('SYSTEMV/')) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
      .timeZone;
    if (upper === 'UTC' || upper === 'ETC/UTC') return 'UTC';
    // Node 20's ICU resolves some names to another name (Asia/Kolkata to the older
    // Asia/Calcutta, US/Eastern to America/New_York), while runtimes that follow the current
    // ECMA-402 return the name as given. Keeping the caller's name makes both store the same.
    // NOTE: such a name keeps the caller's letter case too (asia/kolkata stays lower case),
    // because Intl offers no list of alias spellings to correct it from.
    if (resolved.toUpperCase() !== upper) return zone;
    return resolved;
  } catch {
    return undefined;
  }
}

/** Reads the wall-clock fields of an instant in a zone. */
export function wallTimeAt(instant: Date, zone: string): WallDateTime {
  const parts = formatterFor(zone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
  };
}

/** Computes Date.UTC, but keeps years 0 to 99 in the first century instead of 1900 to 1999. */
function utcTime(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0) {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Offset of `zone` from UTC at an instant, in milliseconds (Karachi: +5 h). */
function offsetAt(instantMs: number, zone: string): number {
  const wall = wallTimeAt(new Date(instantMs), zone);
  const seconds = new Date(instantMs).getUTCSeconds();
  const wallAsUtc = utcTime(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  return wallAsUtc - (instantMs - (instantMs % 1000));
}

/**
 * Converts a local wall time in `zone` to an instant. A wall time that happens twice
 * (clocks going back) takes the earlier instant. One that never happens (clocks going
 * forward) moves forward by the length of the gap, as RFC 5545 and Temporal's
 * "compatible" disambiguation do.
 */
export function zonedTimeToInstant(wall: WallDateTime, zone: string): Date {
  const wallMs = utcTime(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offsetBefore = offsetAt(wallMs - DAY_MS, zone);
  const offsetAfter = offsetAt(wallMs + DAY_MS, zone);

  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter(
    (candidate) => candidate + offsetAt(candidate, zone) === wallMs,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));

  // No instant shows this wall time: it falls in a spring-forward gap.
  return new Date(wallMs - offsetBefore);
}

export function parseDate(value: string): { year: number; month: number; day: number } {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function parseTime(value: string): { hour: number; minute: number } {
  const [hour, minute] = value.split(':').map(Number) as [number, number];
  return { hour, minute };
}

export function formatDate(date: { year: number; month: number; day: number }): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function formatTime(time: { hour: number; minute: number }): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Returns the calendar day (`YYYY-MM-DD`) that `zone` shows at `instant`. */
export function localDate(instant: Date, zone: string): string {
  return formatDate(wallTimeAt(instant, zone));
}

/** Returns the instant of a due date and optional time; a date-only due counts from 00:00 local. */
export function dueInstant(dueDate: string, dueTime: string | null, zone: string): Date {
  const { hour, minute } = dueTime ? parseTime(dueTime) : { hour: 0, minute: 0 };
  return zonedTimeToInstant({ ...parseDate(dueDate), hour, minute }, zone);
}

/** Adds whole days to a `YYYY-MM-DD` date on the calendar, independent of any zone. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  const shifted = new Date(utcTime(year, month - 1, day + days));
  return formatDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}
