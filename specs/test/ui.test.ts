// Every React component file of the PWA is named in the UI specs (specs/ui/*.md), and every
// component file those specs name exists.
import { describe, expect, it } from 'vitest';
import { inlineCode } from './support/markdown';
import { readRepoFile, repoFiles } from './support/repo';

const UI_SPECS = repoFiles().filter((file) => /^specs\/ui\/[^/]+\.md$/.test(file));

const components = repoFiles().filter(
  (file) => file.startsWith('pwa/src/') && file.endsWith('.tsx') && !file.endsWith('.test.tsx'),
);

/** Lists the `.tsx` file names that the UI specs put in inline code, with or without a folder. */
function namedComponentFiles(): string[] {
  // Criteria tables name component tests too, which are not components.
  return UI_SPECS.flatMap((file) => inlineCode(readRepoFile(file)))
    .flatMap((code) => code.match(/[\w/.-]+\.tsx\b/g) ?? [])
    .filter((name) => !name.endsWith('.test.tsx'))
    .map((name) => name.split('/').at(-1) as string);
}

describe('UI specs', () => {
  it('exist', () => {
    expect(UI_SPECS).toContain('specs/ui/components.md');
  });

  it('name every component file of the PWA', () => {
    const named = new Set(namedComponentFiles());
    const unnamed = components.filter((file) => !named.has(file.split('/').at(-1) as string));
    expect(unnamed, 'component files missing from specs/ui/*.md').toEqual([]);
  });

  it('name only component files that exist', () => {
    const existing = new Set(components.map((file) => file.split('/').at(-1)));
    const unknown = [...new Set(namedComponentFiles())].filter((name) => !existing.has(name));
    expect(unknown, '.tsx files named in specs/ui/*.md but not in pwa/src').toEqual([]);
  });
});
