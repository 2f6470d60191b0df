import {
  parseDate,
  parseRRule,
  type RecurrenceMode,
  type RecurrenceRule,
  type WeekdayRule,
} from '@fehrist/domain';
import type { TFunction } from 'i18next';
import { isolate } from '../i18n';

/** Input of a summary: the rule, its mode, and the date the series counts from, if known. */
export interface RecurrenceDescription {
  rrule: string;
  from: RecurrenceMode;
  /** Supplies what the rule leaves out: the weekday of a weekly rule, the day of a monthly one. */
  anchor_date?: string | null;
}

// Weekday names whose ordinal takes the feminine form, per language. In Urdu, جمعرات
// (Thursday) is feminine, so "the second Thursday" is دوسری جمعرات, not دوسرا.
const FEMININE_WEEKDAYS: Record<string, ReadonlySet<number>> = { ur: new Set([4]) };

const formatters = new Map<string, Intl.DateTimeFormat>();
const listFormatters = new Map<string, Intl.ListFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale, options]);
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formatters.set(key, cached);
  }
  return cached;
}

function joinList(locale: string, items: string[]): string {
  let cached = listFormatters.get(locale);
  if (!cached) {
    cached = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
    listFormatters.set(locale, cached);
  }
  return cached.format(items);
}

/** Returns a calendar date at noon UTC, so formatting it in UTC never moves it to another day. */
function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 12));
}

/** Returns the localized name of an ISO weekday (1 = Monday … 7 = Sunday). */
function weekdayName(locale: string, weekday: number): string {
  // 2024-01-01 was a Monday.
  return formatter(locale, { weekday: 'long' }).format(utcDate(2024, 1, weekday));
}

function monthName(locale: string, month: number): string {
  return formatter(locale, { month: 'long' }).format(utcDate(2024, month, 1));
}

/** 1 = Monday … 7 = Sunday, from a `YYYY-MM-DD` date. */
function weekdayOf(date: string): number {
  const { year, month, day } = parseDate(date);
  const weekday = utcDate(year, month, day).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function dayOfMonthText(t: TFunction, day: number): string {
  if (day === -1) return t('repeat.lastDay');
  if (day < 0) return t('repeat.dayFromEnd', { count: -day, ordinal: true });
  return t('repeat.dayOfMonth', { count: day, ordinal: true });
}

function weekdayPhrase(t: TFunction, locale: string, language: string, day: WeekdayRule): string {
  const weekday = weekdayName(locale, day.weekday);
  if (day.ordinal === undefined) return weekday;
  const feminine = FEMININE_WEEKDAYS[language]?.has(day.weekday) ?? false;
  const nth = t(`repeat.${feminine ? 'nthFeminine' : 'nth'}.${day.ordinal}`);
  return t('repeat.nthWeekday', { nth, weekday });
}

const WORKWEEK = [1, 2, 3, 4, 5];

function isWorkweek(days: WeekdayRule[]): boolean {
  const weekdays = days.map((day) => day.weekday).sort();
  return (
    days.every((day) => day.ordinal === undefined) &&
    weekdays.length === WORKWEEK.length &&
    weekdays.every((weekday, index) => weekday === WORKWEEK[index])
  );
}

/** The rule's main phrase, before the month filter, the end and the mode are added. */
function basePhrase(
  rule: RecurrenceRule,
  anchor: string | null,
  t: TFunction,
  locale: string,
  language: string,
): { text: string; usedByDay: boolean; usedByMonth: boolean } {
  const count = rule.interval;
  const days = (list: WeekdayRule[]) =>
    joinList(
      locale,
      list.map((day) => weekdayPhrase(t, locale, language, day)),
    );

  switch (rule.freq) {
    case 'DAILY': {
      // A daily rule with a weekday filter and no interval is a weekly rule on those days.
      if (rule.byDay.length > 0 && count === 1 && rule.byDay.every((d) => !d.ordinal)) {
        if (isWorkweek(rule.byDay))
          return { text: t('repeat.weekdays'), usedByDay: true, usedByMonth: false };
        return {
          text: t('repeat.week', { count: 1, days: days(rule.byDay) }),
          usedByDay: true,
          usedByMonth: false,
        };
      }
      return { text: t('repeat.day', { count }), usedByDay: false, usedByMonth: false };
    }
    case 'WEEKLY': {
      if (rule.byDay.length > 0) {
        if (count === 1 && isWorkweek(rule.byDay))
          return { text: t('repeat.weekdays'), usedByDay: true, usedByMonth: false };
        return {
          text: t('repeat.week', { count, days: days(rule.byDay) }),
          usedByDay: true,
          usedByMonth: false,
        };
      }
      if (anchor) {
        const weekday = weekdayName(locale, weekdayOf(anchor));
        return {
          text: t('repeat.week', { count, days: weekday }),
          usedByDay: true,
          usedByMonth: false,
        };
      }
      return { text: t('repeat.weekPlain', { count }), usedByDay: false, usedByMonth: false };
    }
    case 'MONTHLY': {
      if (rule.byMonthDay.length > 0) {
        const list = joinList(
          locale,
          rule.byMonthDay.map((day) => dayOfMonthText(t, day)),
        );
        return {
          text: t('repeat.month', { count, days: list }),
          usedByDay: false,
          usedByMonth: false,
        };
      }
      if (rule.byDay.length > 0 && rule.byDay.every((day) => day.ordinal !== undefined)) {
        return {
          text: t('repeat.monthWeekday', { count, days: days(rule.byDay) }),
          usedByDay: true,
          usedByMonth: false,
        };
      }
      if (rule.byDay.length === 0 && anchor) {
        const day = dayOfMonthText(t, parseDate(anchor).day);
        return {
          text: t('repeat.month', { count, days: day }),
          usedByDay: false,
          usedByMonth: false,
        };
      }
      return { text: t('repeat.monthPlain', { count }), usedByDay: false, usedByMonth: false };
    }
    case 'YEARLY': {
      const single = rule.byMonth.length <= 1;
      const month = rule.byMonth[0] ?? (anchor ? parseDate(anchor).month : undefined);
      if (single && month !== undefined && rule.byDay.length > 0) {
        if (rule.byDay.every((day) => day.ordinal !== undefined)) {
          return {
            text: t('repeat.yearWeekday', {
              count,
              days: days(rule.byDay),
              month: monthName(locale, month),
            }),
            usedByDay: true,
            usedByMonth: true,
          };
        }
      }
      const monthDay =
        rule.byMonthDay.length === 1 && (rule.byMonthDay[0] ?? 0) > 0
          ? rule.byMonthDay[0]
          : rule.byMonthDay.length === 0 && anchor
            ? parseDate(anchor).day
            : undefined;
      if (single && month !== undefined && monthDay !== undefined && rule.byDay.length === 0) {
        const date = formatter(locale, { month: 'long', day: 'numeric' }).format(
          utcDate(2024, month, monthDay),
        );
        return { text: t('repeat.year', { count, date }), usedByDay: false, usedByMonth: true };
      }
      return { text: t('repeat.yearPlain', { count }), usedByDay: false, usedByMonth: false };
    }
  }
}

/**
 * Describes a recurrence in words, in the language of `t`: "Every month on the 31st",
 * "ہر مہینے کی 31 تاریخ". Covers the rule subset the domain accepts (`parseRRule`); parts
 * that the main phrase leaves out are added as clauses ("only on Monday", "in March", "until",
 * "3 times"). A rule the domain rejects is shown as its text.
 */
export function summarizeRecurrence(
  recurrence: RecurrenceDescription,
  t: TFunction,
  locale: string,
): string {
  let rule: RecurrenceRule;
  try {
    rule = parseRRule(recurrence.rrule);
  } catch {
    return t('repeat.custom', { rule: isolate(recurrence.rrule) });
  }
  const language = locale.toLowerCase().split('-')[0] ?? locale;
  const anchor = recurrence.anchor_date ?? null;
  const base = basePhrase(rule, anchor, t, locale, language);
  let text = base.text;

  if (!base.usedByDay && rule.byDay.length > 0) {
    const days = joinList(
      locale,
      rule.byDay.map((day) => weekdayPhrase(t, locale, language, day)),
    );
    text = t('repeat.onlyOn', { rule: text, days });
  }
  if (!base.usedByMonth && rule.byMonth.length > 0) {
    const months = joinList(
      locale,
      rule.byMonth.map((month) => monthName(locale, month)),
    );
    text = t('repeat.inMonths', { rule: text, months });
  }
  if (rule.count !== undefined) text = t('repeat.times', { rule: text, count: rule.count });
  if (rule.until) {
    const { year, month, day } = parseDate(rule.until);
    const date = formatter(locale, { dateStyle: 'medium' }).format(utcDate(year, month, day));
    text = t('repeat.until', { rule: text, date });
  }
  if (recurrence.from === 'completion') text = t('repeat.afterCompletion', { rule: text });
  return text;
}
