import { describe, expect, it } from 'vitest';
import { parseQuickAdd } from './quick-add';

describe('parseQuickAdd', () => {
  it.each([
    ['Buy milk', { title: 'Buy milk', tags: [], priority: 'none' }],
    ['Call the bank #errands p1', { title: 'Call the bank', tags: ['errands'], priority: 'high' }],
    [
      'p2 Review #work #q3 draft',
      { title: 'Review draft', tags: ['work', 'q3'], priority: 'medium' },
    ],
    ['دودھ خریدنا #گھر p3', { title: 'دودھ خریدنا', tags: ['گھر'], priority: 'low' }],
    ['Fix C# build', { title: 'Fix C# build', tags: [], priority: 'none' }],
    ['#only-a-tag', { title: '#only-a-tag', tags: [], priority: 'none' }],
    ['  spaced   out  ', { title: 'spaced out', tags: [], priority: 'none' }],
    [
      '<img src=x onerror=alert(1)>',
      { title: '<img src=x onerror=alert(1)>', tags: [], priority: 'none' },
    ],
  ])('parses %j', (text, expected) => {
    expect(parseQuickAdd(text)).toEqual(expected);
  });
});
