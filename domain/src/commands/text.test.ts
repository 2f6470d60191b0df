import { describe, expect, it } from 'vitest';
import { Phrase, rx } from './text';

describe('Phrase folding', () => {
  it('folds case, digits and Arabic-keyboard letters', () => {
    expect(Phrase.of('Call ۹ بجے كل ي').text).toBe('call 9 بجے کل ی');
  });

  it('drops diacritics and zero-width characters for matching', () => {
    expect(Phrase.of('دُودھ\u200Cخریدنا').text).toBe('دودھخریدنا');
  });

  it('joins ی and a combining hamza into ئ', () => {
    expect(Phrase.of('دلای\u0654یں').text).toBe('دلائیں');
  });

  it('collapses white space', () => {
    expect(Phrase.of('  add \t buy\n milk ').text).toBe('add buy milk');
  });
});

describe('Phrase taking', () => {
  it('returns what is left as typed', () => {
    const phrase = Phrase.of('کل صبح دُودھ خریدنا');
    phrase.take(rx`کل\s+صبح`);
    expect(phrase.original()).toBe('دُودھ خریدنا');
  });

  it('keeps the user letter case', () => {
    const phrase = Phrase.of('Add Buy MILK');
    phrase.take(rx`^add\s`);
    expect(phrase.original()).toBe('Buy MILK');
  });

  it('takes every match once', () => {
    const phrase = Phrase.of('a x b x c x');
    expect(phrase.takeAll(rx`x`)).toBe(3);
    expect(phrase.original()).toBe('a b c');
  });

  it('keeps a slice independent of its parent', () => {
    const phrase = Phrase.of('buy milk tomorrow');
    const slice = phrase.slice(0, phrase.text.length);
    slice.take(rx`tomorrow`);
    expect(slice.original()).toBe('buy milk');
    expect(phrase.original()).toBe('buy milk tomorrow');
  });

  it('reports a blank phrase', () => {
    expect(Phrase.of(' ?! ، ').isBlank()).toBe(true);
    expect(Phrase.of('۹').isBlank()).toBe(false);
  });
});
