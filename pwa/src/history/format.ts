// Pure helpers that turn history entries into the lines the history section and the activity
// view show, in the interface language.
import { addDays, localDate, PRIORITIES, type Priority } from '@fehrist/domain';
import type { TFunction } from 'i18next';
import { isolate } from '../i18n';
import type { FieldChange, HistoryEntry } from '../store/db';

export interface FormatContext {
  t: TFunction;
  /** The interface language, for Intl. */
  locale: string;
  /** The IANA zone that days and times are shown in. */
  zone: string;
  now: Date;
}

export interface EntryDescription {
  /** "Created", "Completed", "Opened again", "Deleted" or "Changed"; null when lines suffice. */
  headline: string | null;
  /** One line per changed field a person edits. */
  lines: string[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale, options]);
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

const isPriority = (value: unknown): value is Priority =>
  (PRIORITIES as readonly unknown[]).includes(value);

/** Formats a `YYYY-MM-DD` calendar date as "4 Dec", with the year when it is not this year. */
export function formatCalendarDate(date: string, context: FormatContext): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const thisYear = Number(localDate(context.now, context.zone).slice(0, 4));
  const options: Intl.DateTimeFormatOptions = {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    ...(year === thisYear ? {} : { year: 'numeric' }),
  };
  return formatter(context.locale, options).format(new Date(Date.UTC(year, month - 1, day)));
}

/** Formats a `HH:MM` wall-clock time in the interface language. */
function formatClockTime(time: string, locale: string): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return formatter(locale, { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(
    new Date(Date.UTC(2000, 0, 1, hour, minute)),
  );
}

/** Formats the time of day of an instant in the context's zone. */
export function formatInstantTime(instant: string, context: FormatContext): string {
  return formatter(context.locale, {
    timeZone: context.zone,
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant));
}

/**
 * Describes when a change happened: "today 09:14", "yesterday 18:02", or the date and time,
 * all in the context's zone.
 */
export function formatEntryTime(occurredAt: string, context: FormatContext): string {
  const { t, zone, now } = context;
  const time = formatInstantTime(occurredAt, context);
  const day = localDate(new Date(occurredAt), zone);
  const today = localDate(now, zone);
  if (day === today) return t('history.today', { time });
  if (day === addDays(today, -1)) return t('history.yesterday', { time });
  return t('history.dateTime', { date: formatCalendarDate(day, context), time });
}

/** Returns "in the app", "from the chat" and so on; null when the source is not known. */
export function sourceLabel(source: string | null, t: TFunction): string | null {
  if (!source) return null;
  const key = `history.source.${source}`;
  return t(key, { defaultValue: '' }) || null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

/** True when the repeat rule itself changed, not only the position the series reached. */
function repeatRuleChanged(change: FieldChange): boolean {
  const rule = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return null;
    const { rrule, from } = value as { rrule?: unknown; from?: unknown };
    return JSON.stringify([rrule, from]);
  };
  return rule(change.old) !== rule(change.new);
}

/** Returns the line for one changed field, or null for fields the person never edits. */
function fieldLine(change: FieldChange, context: FormatContext): string | null {
  const { t } = context;
  const priority = (value: unknown) =>
    isPriority(value) ? t(`priority.${value}`) : isolate(text(value));
  const date = (value: unknown) =>
    text(value) ? formatCalendarDate(text(value), context) : t('history.noDate');
  const time = (value: unknown) =>
    text(value) ? formatClockTime(text(value), context.locale) : t('history.noTime');

  switch (change.field) {
    case 'title':
      return t('history.field.title', {
        old: isolate(text(change.old)),
        new: isolate(text(change.new)),
      });
    case 'description':
      return t('history.field.description');
    case 'priority':
      return t('history.field.priority', { old: priority(change.old), new: priority(change.new) });
    case 'due_date':
      return t('history.field.dueDate', { old: date(change.old), new: date(change.new) });
    case 'due_time':
      return t('history.field.dueTime', { old: time(change.old), new: time(change.new) });
    case 'time_zone':
      return t('history.field.timeZone', {
        old: isolate(text(change.old)),
        new: isolate(text(change.new)),
      });
    case 'tags': {
      const before = stringList(change.old);
      const after = stringList(change.new);
      const added = after.filter((tag) => !before.includes(tag)).map((tag) => `+ ${isolate(tag)}`);
      const removed = before
        .filter((tag) => !after.includes(tag))
        .map((tag) => `− ${isolate(tag)}`);
      if (added.length + removed.length === 0) return null;
      return t('history.field.tags', { changes: [...added, ...removed].join(' ') });
    }
    case 'reminders':
      return t('history.field.reminders');
    case 'recurrence':
      return repeatRuleChanged(change) ? t('history.field.recurrence') : null;
    default:
      // The headline covers completed and deleted. due_at and completed_at only follow other
      // fields, and the server leaves id, version and the timestamps out of the changes.
      return null;
  }
}

const reopens = (changes: FieldChange[]) =>
  changes.some((change) => change.field === 'completed' && change.old === true && !change.new);

/** Describes what a history entry changed, from its type and its field changes. */
export function describeEntry(entry: HistoryEntry, context: FormatContext): EntryDescription {
  const { t } = context;
  if (entry.type === 'created') return { headline: t('history.created'), lines: [] };
  if (entry.type === 'deleted') return { headline: t('history.deleted'), lines: [] };

  const changes = entry.changes ?? [];
  const lines = changes
    .map((change) => fieldLine(change, context))
    .filter((line): line is string => line !== null);

  if (entry.type === 'completed') return { headline: t('history.completed'), lines };
  if (reopens(changes)) return { headline: t('history.reopened'), lines };
  return { headline: lines.length > 0 ? null : t('history.changed'), lines };
}

export interface DayGroup {
  /** The calendar day in the context's zone, `YYYY-MM-DD`. */
  day: string;
  entries: HistoryEntry[];
}

/** Groups entries by the day they happened in `zone`, keeping their order. */
export function groupByDay(entries: readonly HistoryEntry[], zone: string): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const entry of entries) {
    const day = localDate(new Date(entry.occurred_at), zone);
    const last = groups.at(-1);
    if (last?.day === day) last.entries.push(entry);
    else groups.push({ day, entries: [entry] });
  }
  return groups;
}

/** Names a day of the activity view: "Today", "Yesterday" or the weekday and date. */
export function dayHeading(day: string, context: FormatContext): string {
  const today = localDate(context.now, context.zone);
  if (day === today) return context.t('history.activity.today');
  if (day === addDays(today, -1)) return context.t('history.activity.yesterday');
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return formatter(context.locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(Date.UTC(year, month - 1, date)));
}

/** Orders entries as the server does: by version, then by event id, oldest first. */
export function compareEntries(a: HistoryEntry, b: HistoryEntry): number {
  if (a.version !== b.version) return a.version - b.version;
  // Event ids are decimal strings that may pass Number's safe range, so a shorter id is a
  // smaller number, and ids of one length compare as strings.
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
