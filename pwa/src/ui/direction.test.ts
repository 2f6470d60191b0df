import { describe, expect, it } from 'vitest';
import { textDirection } from './direction';

describe('textDirection', () => {
  it.each([
    ['Buy milk', 'rtl', 'ltr'],
    ['دودھ خریدنا', 'ltr', 'rtl'],
    ['React کا نیا ورژن دیکھنا', 'rtl', 'rtl'],
    ['React کا نیا ورژن دیکھنا', 'ltr', 'rtl'],
    ['Call Ahmed about کتاب', 'rtl', 'ltr'],
    ['2026', 'rtl', 'rtl'],
    ['2026', 'ltr', 'ltr'],
    ['<img src=x onerror=alert(1)>', 'rtl', 'ltr'],
  ] as const)('%j in a %s interface is %s', (text, ui, expected) => {
    expect(textDirection(text, ui)).toBe(expected);
  });
});
