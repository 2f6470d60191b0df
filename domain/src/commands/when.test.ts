import { describe, expect, it } from 'vitest';
import { addMonths, InvalidDateError, weekdayDate } from './calendar';
import { Phrase } from './text';
import { type Clock, type Script, takeWhen } from './when';

// Wednesday 11 March 2026, 10:30 in Karachi.
const clock: Clock = {
  now: new Date('2026-03-11T05:30:00Z'),
  timeZone: 'Asia/Karachi',
  today: '2026-03-11',
  past: false,
};

function when(text: string, script: Script = 'latin', at: Clock = clock) {
  const phrase = Phrase.of(text);
  const result = takeWhen(phrase, at, script);
  return { ...result, rest: phrase.original() };
}

describe('addMonths', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-03-11', 12, '2027-03-11'],
    ['2028-02-29', 12, '2029-02-28'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('weekdayDate', () => {
  it.each([
    [5, false, '2026-03-13'],
    [3, false, '2026-03-18'],
    [1, false, '2026-03-16'],
    [5, true, '2026-03-20'],
    [1, true, '2026-03-16'],
    [3, true, '2026-03-18'],
  ])('weekday %i (next week: %s) from Wednesday is %s', (weekday, next, expected) => {
    expect(weekdayDate('2026-03-11', weekday, next)).toBe(expected);
  });
});

describe('takeWhen times', () => {
  it.each([
    ['at 5', '17:00'],
    ['at 9', '09:00'],
    ['at 12', '12:00'],
    ['at 7am', '07:00'],
    ['at 12am', '00:00'],
    ['12 pm', '12:00'],
    ['9:30 pm', '21:30'],
    ['3:30', '15:30'],
    ['09:30', '09:30'],
    ['14:00', '14:00'],
    ['at noon', '12:00'],
    ['at 7 in the evening', '19:00'],
    ['at 9 in the morning', '09:00'],
    ['subah 9 baje', '09:00'],
    ['shaam 6 baje', '18:00'],
    ['raat 10 baje', '22:00'],
    ['raat 2 baje', '02:00'],
    ['dopahar 2 baje', '14:00'],
    ['dopahar 12 baje', '12:00'],
    ['sawa 9 baje', '09:15'],
    ['paune 9 baje', '08:45'],
    ['dedh baje', '13:30'],
    ['9 baj kar 20 minute', '09:20'],
  ])('%s is %s', (text, time) => {
    expect(when(text).time).toBe(time);
  });

  it.each([
    ['صبح نو بجے', '09:00'],
    ['شام ۶ بجے', '18:00'],
    ['رات کے دس بجے', '22:00'],
    ['ساڑھے نو بجے', '09:30'],
    ['ڈھائی بجے', '14:30'],
    ['دوپہر', '12:00'],
    ['سہ پہر', '15:00'],
  ])('%s is %s', (text, time) => {
    expect(when(text, 'urdu').time).toBe(time);
  });

  it('puts midnight at the end of the day', () => {
    expect(when('tomorrow at midnight')).toMatchObject({ date: '2026-03-13', time: '00:00' });
    expect(when('raat 12 baje')).toMatchObject({ time: '00:00', dayShift: 1 });
  });

  it('reads a period alone', () => {
    expect(when('tomorrow evening')).toMatchObject({ date: '2026-03-12', time: '18:00' });
    expect(when('tonight')).toMatchObject({ date: '2026-03-11', time: '21:00' });
  });

  it('leaves a bare period word in an English title', () => {
    expect(when('morning run')).toEqual({ rest: 'morning run' });
  });
});

describe('takeWhen dates', () => {
  it.each([
    ['in 1 month', '2026-04-11'],
    ['in a week', '2026-03-18'],
    ['2 weeks from now', '2026-03-25'],
    ['3 days ago', '2026-03-08'],
    ['next month', '2026-04-01'],
    ['next year', '2027-01-01'],
    ['this week', '2026-03-15'],
    ['next weekend', '2026-03-21'],
    ['on the 5th', '2026-04-05'],
    ['on the 31st', '2026-03-31'],
    ['feb 29', '2028-02-29'],
    ['13.01.27', '2027-01-13'],
    ['friday next week', '2026-03-20'],
    ['agle mahine ki 5 tareekh', '2026-04-05'],
    ['is hafte', '2026-03-15'],
  ])('%s is %s', (text, date) => {
    expect(when(text).date).toBe(date);
  });

  it('gives lists the whole span', () => {
    expect(when('next week').range).toEqual({ from: '2026-03-16', to: '2026-03-22' });
    expect(when('this month').range).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('reads کل as yesterday in the past tense', () => {
    expect(when('کل', 'urdu', { ...clock, past: true }).date).toBe('2026-03-10');
    expect(when('کل', 'urdu').date).toBe('2026-03-12');
  });

  it('needs ko or agle before a Roman weekday', () => {
    expect(when('peer review').date).toBeUndefined();
    expect(when('peer ko').date).toBe('2026-03-16');
  });

  it.each(['31/02/2027', '2026-13-01', '25:00', 'feb 30'])('rejects %s', (text) => {
    expect(() => when(text)).toThrow(InvalidDateError);
  });

  it('keeps the rest of the text', () => {
    expect(when('buy milk tomorrow at 9am')).toEqual({
      date: '2026-03-12',
      time: '09:00',
      rest: 'buy milk',
    });
  });
});
