import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { testTranslations } from '../test/i18n';
import { summarizeRecurrence } from './rule-summary';

let t: { en: TFunction; ur: TFunction };

beforeAll(async () => {
  t = await testTranslations();
});

/** Drops the Unicode isolates that wrap interpolated rule text. */
const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '');

function both(rrule: string, anchor: string | null = null, from: 'due' | 'completion' = 'due') {
  const recurrence = { rrule, from, anchor_date: anchor };
  return [
    plain(summarizeRecurrence(recurrence, t.en, 'en')),
    plain(summarizeRecurrence(recurrence, t.ur, 'ur')),
  ];
}

describe('summarizeRecurrence', () => {
  it.each([
    ['FREQ=DAILY', null, 'Every day', 'ہر روز'],
    ['FREQ=DAILY;INTERVAL=3', null, 'Every 3 days', 'ہر 3 دن بعد'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', null, 'Every weekday', 'پیر سے جمعہ تک ہر روز'],
    [
      'FREQ=WEEKLY;BYDAY=MO,WE,TH',
      null,
      'Every week on Monday, Wednesday, and Thursday',
      'ہر ہفتے پیر، بدھ، اور جمعرات کو',
    ],
    ['FREQ=WEEKLY', '2027-01-06', 'Every week on Wednesday', 'ہر ہفتے بدھ کو'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', null, 'Every 2 weeks on Friday', 'ہر 2 ہفتے بعد جمعہ کو'],
    ['FREQ=WEEKLY', null, 'Every week', 'ہر ہفتے'],
    ['FREQ=MONTHLY;BYMONTHDAY=31', null, 'Every month on the 31st', 'ہر مہینے کی 31 تاریخ'],
    ['FREQ=MONTHLY;BYMONTHDAY=2', null, 'Every month on the 2nd', 'ہر مہینے کی 2 تاریخ'],
    ['FREQ=MONTHLY;BYMONTHDAY=3', null, 'Every month on the 3rd', 'ہر مہینے کی 3 تاریخ'],
    ['FREQ=MONTHLY;BYMONTHDAY=11', null, 'Every month on the 11th', 'ہر مہینے کی 11 تاریخ'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', null, 'Every month on the last day', 'ہر مہینے کی آخری تاریخ'],
    [
      'FREQ=MONTHLY;BYMONTHDAY=-2',
      null,
      'Every month on the 2nd-to-last day',
      'ہر مہینے کی آخر سے 2ویں تاریخ',
    ],
    [
      'FREQ=MONTHLY;BYMONTHDAY=1,15',
      null,
      'Every month on the 1st and 15th',
      'ہر مہینے کی 1 تاریخ اور 15 تاریخ',
    ],
    ['FREQ=MONTHLY', '2027-01-31', 'Every month on the 31st', 'ہر مہینے کی 31 تاریخ'],
    [
      'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15',
      null,
      'Every 3 months on the 15th',
      'ہر 3 مہینے بعد 15 تاریخ کو',
    ],
    ['FREQ=MONTHLY;BYDAY=2MO', null, 'Every month on the second Monday', 'ہر مہینے میں دوسرا پیر'],
    ['FREQ=MONTHLY;BYDAY=-1FR', null, 'Every month on the last Friday', 'ہر مہینے میں آخری جمعہ'],
    // Thursday is feminine in Urdu, so its ordinal is دوسری, not دوسرا.
    [
      'FREQ=MONTHLY;BYDAY=2TH',
      null,
      'Every month on the second Thursday',
      'ہر مہینے میں دوسری جمعرات',
    ],
    ['FREQ=MONTHLY', null, 'Every month', 'ہر مہینے'],
    ['FREQ=YEARLY', '2028-02-29', 'Every year on February 29', 'ہر سال 29 فروری کو'],
    [
      'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
      null,
      'Every year on the fourth Thursday of November',
      'ہر سال نومبر میں چوتھی جمعرات',
    ],
    [
      'FREQ=YEARLY;INTERVAL=2',
      '2027-03-10',
      'Every 2 years on March 10',
      'ہر 2 سال بعد 10 مارچ کو',
    ],
    ['FREQ=YEARLY', null, 'Every year', 'ہر سال'],
  ])('%s (anchor %s)', (rrule, anchor, english, urdu) => {
    expect(both(rrule, anchor)).toEqual([english, urdu]);
  });

  it('adds the end of the series', () => {
    expect(both('FREQ=DAILY;COUNT=5')).toEqual(['Every day, 5 times', 'ہر روز، 5 بار']);
    expect(both('FREQ=DAILY;COUNT=1')).toEqual(['Every day, once', 'ہر روز، صرف ایک بار']);
    expect(both('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270630')).toEqual([
      'Every week on Monday, until Jun 30, 2027',
      'ہر ہفتے پیر کو، 30 جون، 2027 تک',
    ]);
  });

  it('adds filters the main phrase leaves out', () => {
    expect(both('FREQ=DAILY;BYMONTH=3,4')).toEqual([
      'Every day, in March and April',
      'ہر روز، صرف مارچ اور اپریل میں',
    ]);
    expect(both('FREQ=DAILY;INTERVAL=2;BYDAY=SA')).toEqual([
      'Every 2 days, only on Saturday',
      'ہر 2 دن بعد، صرف ہفتہ کو',
    ]);
  });

  it('says when the series counts from completion', () => {
    expect(both('FREQ=DAILY;INTERVAL=3', null, 'completion')).toEqual([
      'Every 3 days, counted from completion',
      'ہر 3 دن بعد، مکمل کرنے کے دن سے',
    ]);
  });

  it('shows a rule it cannot read as its text', () => {
    expect(both('FREQ=HOURLY')).toEqual([
      'Repeats by the rule FREQ=HOURLY',
      'اس اصول کے مطابق دہرایا جاتا ہے: FREQ=HOURLY',
    ]);
  });
});
