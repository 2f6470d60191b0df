import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../store/db';
import { testTranslations } from '../test/i18n';
import {
  compareEntries,
  dayHeading,
  describeEntry,
  type FormatContext,
  formatEntryTime,
  groupByDay,
  sourceLabel,
} from './format';

let en: TFunction;
let ur: TFunction;

beforeAll(async () => {
  ({ en, ur } = await testTranslations());
});

// Friday 4 December 2026, 15:00 in Karachi (UTC+5).
const now = new Date('2026-12-04T10:00:00Z');
const zone = 'Asia/Karachi';
const english = (): FormatContext => ({ t: en, locale: 'en', zone, now });
const urdu = (): FormatContext => ({ t: ur, locale: 'ur', zone, now });

/** Removes the Unicode isolates that wrap user text, so expectations read plainly. */
const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '') ?? null;

function entry(overrides: Partial<HistoryEntry>): HistoryEntry {
  return {
    id: '1',
    task_id: '5b0c0e8e-2f7a-4d7e-9a53-0c9b1a2d3e4f',
    type: 'updated',
    source: 'app',
    occurred_at: '2026-12-04T04:14:00.000Z',
    version: 1,
    title: 'Pay rent',
    changes: [],
    ...overrides,
  };
}

function lines(value: HistoryEntry, context: FormatContext) {
  const { headline, lines } = describeEntry(value, context);
  return { headline: plain(headline), lines: lines.map(plain) };
}

describe('describeEntry', () => {
  it('names created, completed and deleted entries', () => {
    const created = entry({
      type: 'created',
      changes: [{ field: 'title', old: null, new: 'Pay rent' }],
    });
    const completed = entry({
      type: 'completed',
      changes: [
        { field: 'completed', old: false, new: true },
        { field: 'completed_at', old: null, new: '2026-12-04T04:14:00.000Z' },
      ],
    });
    expect(lines(created, english())).toEqual({ headline: 'Created', lines: [] });
    expect(lines(completed, english())).toEqual({ headline: 'Completed', lines: [] });
    expect(lines(entry({ type: 'deleted' }), english())).toEqual({
      headline: 'Deleted',
      lines: [],
    });
    expect(lines(completed, urdu())).toEqual({ headline: 'مکمل کیا گیا', lines: [] });
  });

  it('writes one line per edited field', () => {
    const edited = entry({
      changes: [
        { field: 'title', old: 'Pay rent', new: 'Pay the rent' },
        { field: 'priority', old: 'none', new: 'high' },
        { field: 'due_date', old: '2026-12-04', new: '2026-12-06' },
        { field: 'due_at', old: '2026-12-03T19:00:00.000Z', new: '2026-12-05T19:00:00.000Z' },
        { field: 'tags', old: ['work'], new: ['home'] },
        { field: 'reminders', old: [], new: [{ minutes_before: 15 }] },
        { field: 'description', old: '', new: 'At the bank' },
      ],
    });

    expect(lines(edited, english())).toEqual({
      headline: null,
      lines: [
        'Title: Pay rent → Pay the rent',
        'Priority: No priority → High',
        'Due date: Dec 4 → Dec 6',
        'Tags: + home − work',
        'Reminders changed',
        'Description changed',
      ],
    });
    expect(lines(edited, urdu())).toEqual({
      headline: null,
      lines: [
        'عنوان: Pay rent ← Pay the rent',
        'ترجیح: کوئی ترجیح نہیں ← اعلیٰ',
        'مقررہ تاریخ: 4 دسمبر ← 6 دسمبر',
        'ٹیگ: + home − work',
        'یاد دہانیاں تبدیل کی گئیں',
        'تفصیل تبدیل کی گئی',
      ],
    });
  });

  it('isolates user text inside the sentence', () => {
    const renamed = entry({ changes: [{ field: 'title', old: 'کرایہ', new: 'Rent' }] });
    expect(describeEntry(renamed, english()).lines).toEqual([
      'Title: \u2068کرایہ\u2069 → \u2068Rent\u2069',
    ]);
  });

  it('shows removed dates and times and a year other than this one', () => {
    const moved = entry({
      changes: [
        { field: 'due_date', old: '2026-12-04', new: '2027-01-02' },
        { field: 'due_time', old: '09:00', new: null },
      ],
    });
    const cleared = entry({ changes: [{ field: 'due_date', old: '2026-12-04', new: null }] });
    expect(lines(moved, english()).lines).toEqual([
      'Due date: Dec 4 → Jan 2, 2027',
      'Time: 9:00 AM → no time',
    ]);
    expect(lines(cleared, english()).lines).toEqual(['Due date: Dec 4 → no date']);
  });

  it('reads a reopened task as opened again', () => {
    const reopened = entry({
      changes: [
        { field: 'completed', old: true, new: false },
        { field: 'completed_at', old: '2026-12-03T04:14:00.000Z', new: null },
      ],
    });
    expect(lines(reopened, english())).toEqual({ headline: 'Opened again', lines: [] });
    expect(lines(reopened, urdu())).toEqual({ headline: 'دوبارہ کھولا گیا', lines: [] });
  });

  it('hides bookkeeping-only changes behind "Changed"', () => {
    const bookkeeping = entry({
      changes: [{ field: 'due_at', old: null, new: '2026-12-05T19:00:00.000Z' }],
    });
    expect(lines(bookkeeping, english())).toEqual({ headline: 'Changed', lines: [] });
    expect(lines(entry({ changes: null }), english())).toEqual({
      headline: 'Changed',
      lines: [],
    });
    expect(lines(entry({ changes: null }), urdu())).toEqual({
      headline: 'تبدیل کیا گیا',
      lines: [],
    });
  });

  it('shows a repeat change only when the rule changed', () => {
    const weekly = { rrule: 'FREQ=WEEKLY', from: 'due', anchor_date: '2026-12-04' };
    const advanced = entry({
      type: 'completed',
      changes: [
        { field: 'due_date', old: '2026-12-04', new: '2026-12-11' },
        {
          field: 'recurrence',
          old: { ...weekly, occurrence: 1 },
          new: { ...weekly, occurrence: 2 },
        },
      ],
    });
    const ruleChanged = entry({
      changes: [{ field: 'recurrence', old: weekly, new: { ...weekly, rrule: 'FREQ=DAILY' } }],
    });
    expect(lines(advanced, english())).toEqual({
      headline: 'Completed',
      lines: ['Due date: Dec 4 → Dec 11'],
    });
    expect(lines(ruleChanged, english()).lines).toEqual(['Repeat changed']);
  });
});

describe('sourceLabel', () => {
  it.each([
    ['app', 'in the app', 'ایپ میں'],
    ['reminder', 'from a reminder', 'یاد دہانی سے'],
    ['chat', 'from the chat', 'چیٹ سے'],
    ['rest', 'through the API', 'API کے ذریعے'],
    ['system', 'by Fehrist', 'فہرست کی جانب سے'],
  ])('names %s', (source, english, urdu) => {
    expect(sourceLabel(source, en)).toBe(english);
    expect(sourceLabel(source, ur)).toBe(urdu);
  });

  it('shows nothing for an unknown source', () => {
    expect(sourceLabel(null, en)).toBeNull();
    expect(sourceLabel('carrier-pigeon', en)).toBeNull();
  });
});

describe('formatEntryTime', () => {
  it('is relative for today and yesterday in the zone', () => {
    // 09:14 today in Karachi; the evening before is 23:30, which is still the 3rd there.
    expect(formatEntryTime('2026-12-04T04:14:00.000Z', english())).toBe('today 9:14 AM');
    expect(formatEntryTime('2026-12-03T18:30:00.000Z', english())).toBe('yesterday 11:30 PM');
    expect(formatEntryTime('2026-12-04T04:14:00.000Z', urdu())).toBe('آج 9:14 AM');
    expect(formatEntryTime('2026-12-03T18:30:00.000Z', urdu())).toBe('گزشتہ کل 11:30 PM');
  });

  it('gives the date for older entries', () => {
    expect(formatEntryTime('2026-12-01T04:14:00.000Z', english())).toBe('Dec 1, 9:14 AM');
    expect(formatEntryTime('2026-12-01T04:14:00.000Z', urdu())).toBe('1 دسمبر، 9:14 AM');
  });

  it('uses the zone it is given', () => {
    // 20:00 UTC on the 3rd is 01:00 on the 4th in Karachi.
    const utc = { ...english(), zone: 'UTC' };
    expect(formatEntryTime('2026-12-03T20:00:00.000Z', english())).toBe('today 1:00 AM');
    expect(formatEntryTime('2026-12-03T20:00:00.000Z', utc)).toBe('yesterday 8:00 PM');
  });
});

describe('groupByDay and dayHeading', () => {
  it('groups newest-first entries by local day', () => {
    const entries = [
      entry({ id: '3', occurred_at: '2026-12-04T04:00:00.000Z' }),
      entry({ id: '2', occurred_at: '2026-12-03T20:00:00.000Z' }),
      entry({ id: '1', occurred_at: '2026-12-03T18:00:00.000Z' }),
    ];
    const groups = groupByDay(entries, zone);
    expect(groups.map((group) => [group.day, group.entries.map((item) => item.id)])).toEqual([
      ['2026-12-04', ['3', '2']],
      ['2026-12-03', ['1']],
    ]);
  });

  it('names today, yesterday and other days', () => {
    expect(dayHeading('2026-12-04', english())).toBe('Today');
    expect(dayHeading('2026-12-03', urdu())).toBe('گزشتہ کل');
    expect(dayHeading('2026-11-30', english())).toBe('Monday, November 30');
    expect(dayHeading('2026-11-30', urdu())).toBe('پیر، 30 نومبر');
  });
});

describe('compareEntries', () => {
  it('orders by version, then by numeric event id', () => {
    const sorted = [
      entry({ id: '10', version: 2 }),
      entry({ id: '9', version: 2 }),
      entry({ id: '12', version: 1 }),
    ].sort(compareEntries);
    expect(sorted.map((item) => item.id)).toEqual(['12', '9', '10']);
  });
});
