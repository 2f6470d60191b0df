import { describe, expect, it } from 'vitest';
import en from './en.json';
import { directionOf, initialLanguage, resources } from './index';
import ur from './ur.json';

/** Lists every leaf key as a dotted path, so two resource trees can be compared. */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keysOf(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function leavesOf(tree: object): Array<[string, string]> {
  return Object.entries(tree).flatMap(
    ([key, value]): Array<[string, string]> =>
      typeof value === 'object' && value !== null
        ? leavesOf(value).map(([path, text]) => [`${key}.${path}`, text])
        : [[key, String(value)]],
  );
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{(\w+)(?:, *\w+)?\}\}/g)].map((match) => match[1]).sort();

describe('translation resources', () => {
  it('have the same keys in English and Urdu', () => {
    expect(keysOf(ur).sort()).toEqual(keysOf(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    const urdu = new Map(leavesOf(ur));
    for (const [key, english] of leavesOf(en)) {
      expect(placeholders(urdu.get(key) ?? ''), key).toEqual(placeholders(english));
    }
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...leavesOf(en), ...leavesOf(ur)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('translate every Urdu string into Urdu script', () => {
    // Strings that are the same in every language: the language names and format patterns.
    const sameEverywhere = new Set([
      'language.en',
      'language.ur',
      'due.withTime',
      'repeat.nthWeekday',
    ]);
    for (const [key, text] of leavesOf(ur)) {
      if (sameEverywhere.has(key)) continue;
      expect(text, key).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('load every section, at start or with a lazy chunk', () => {
    // The editor's, the chat panel's and the history's sections come from editor-strings.ts,
    // chat-strings.ts and history-strings.ts, which the unit tests cannot import (they need the
    // json-sections plugin of vite.config.ts), so they are listed here.
    const lazySections = ['editor', 'repeatPicker', 'reminders', 'chat', 'history'];
    for (const language of ['en', 'ur'] as const) {
      const loaded = [...Object.keys(resources[language].translation), ...lazySections];
      expect(loaded.sort()).toEqual(Object.keys(language === 'en' ? en : ur).sort());
    }
  });
});

describe('initialLanguage', () => {
  it.each([
    ['ur', ['en-US'], 'ur'],
    ['en', ['ur-PK'], 'en'],
    [null, ['ur-PK', 'en'], 'ur'],
    [null, ['de-DE', 'en-GB'], 'en'],
    [null, ['fr'], 'en'],
    ['xx', ['ur'], 'ur'],
  ])('saved %s with browser %j gives %s', (saved, browser, expected) => {
    expect(initialLanguage(saved, browser)).toBe(expected);
  });

  it('makes Urdu right-to-left', () => {
    expect(directionOf('ur')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});
