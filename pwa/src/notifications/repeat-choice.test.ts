import { describe, expect, it } from 'vitest';
import {
  type RepeatChoice,
  type RepeatPreset,
  recurrenceFromChoice,
  repeatChoiceFromRecurrence,
  sameRecurrence,
} from './repeat-choice';

// 2027-01-31 is a Sunday.
const DUE = '2027-01-31';

function choice(preset: RepeatPreset, extra: Partial<RepeatChoice> = {}): RepeatChoice {
  return { preset, weekdays: [], custom: '', fromCompletion: false, ...extra };
}

describe('recurrenceFromChoice', () => {
  it.each([
    ['daily', {}, 'FREQ=DAILY'],
    ['weekdays', {}, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    ['weekly', { weekdays: [5, 1, 3] }, 'FREQ=WEEKLY;BYDAY=MO,WE,FR'],
    ['weekly', { weekdays: [] }, 'FREQ=WEEKLY;BYDAY=SU'],
    ['monthlyDay', {}, 'FREQ=MONTHLY;BYMONTHDAY=31'],
    ['monthlyLast', {}, 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    ['yearly', {}, 'FREQ=YEARLY'],
    ['custom', { custom: 'rrule:freq=monthly;byday=2mo' }, 'FREQ=MONTHLY;BYDAY=2MO'],
  ] as [RepeatPreset, Partial<RepeatChoice>, string][])(
    '%s %j gives %s',
    (preset, extra, rrule) => {
      expect(recurrenceFromChoice(choice(preset, extra), DUE)).toEqual({
        ok: true,
        recurrence: { rrule, from: 'due' },
      });
    },
  );

  it('gives null for "does not repeat"', () => {
    expect(recurrenceFromChoice(choice('none'), DUE)).toEqual({ ok: true, recurrence: null });
  });

  it('repeats from completion when asked', () => {
    expect(recurrenceFromChoice(choice('daily', { fromCompletion: true }), DUE)).toEqual({
      ok: true,
      recurrence: { rrule: 'FREQ=DAILY', from: 'completion' },
    });
  });

  it('reports a custom rule the domain rejects, with its message', () => {
    const result = recurrenceFromChoice(choice('custom', { custom: 'FREQ=HOURLY' }), DUE);
    expect(result.ok).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/FREQ must be one of/);
  });
});

describe('repeatChoiceFromRecurrence', () => {
  it('shows each preset rule as its preset', () => {
    for (const preset of ['daily', 'weekdays', 'monthlyDay', 'monthlyLast', 'yearly'] as const) {
      const result = recurrenceFromChoice(choice(preset), DUE);
      if (!result.ok) throw new Error(result.message);
      expect(repeatChoiceFromRecurrence(result.recurrence, DUE).preset).toBe(preset);
    }
    expect(
      repeatChoiceFromRecurrence({ rrule: 'FREQ=WEEKLY;BYDAY=TU,TH', from: 'due' }, DUE),
    ).toMatchObject({ preset: 'weekly', weekdays: [2, 4] });
  });

  it('keeps other rules as custom text', () => {
    // Saving the editor untouched must not rewrite them.
    const recurrence = { rrule: 'FREQ=MONTHLY', from: 'completion' as const };
    const editorChoice = repeatChoiceFromRecurrence(recurrence, DUE);
    expect(editorChoice).toMatchObject({
      preset: 'custom',
      custom: 'FREQ=MONTHLY',
      fromCompletion: true,
    });
    const saved = recurrenceFromChoice(editorChoice, DUE);
    expect(saved.ok).toBe(true);
    expect(saved.ok && sameRecurrence(saved.recurrence, recurrence)).toBe(true);
  });

  it('treats "monthly on day N" for another day than the due date as custom', () => {
    expect(
      repeatChoiceFromRecurrence({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', from: 'due' }, DUE).preset,
    ).toBe('custom');
  });

  it('starts "every week on…" on the due date weekday', () => {
    expect(repeatChoiceFromRecurrence(null, DUE)).toMatchObject({ preset: 'none', weekdays: [7] });
  });
});
