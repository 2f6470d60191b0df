// Every acceptance criterion in specs/ names a test that exists and runs. A criteria table is
// any table with a `test` column (or `check`, in the constitution). Its cells name files in
// inline code, and may name test titles after the file: `file.test.ts` › title; other title.
import { describe, expect, it } from 'vitest';
import { parseTestCell, type TestReference } from './support/criteria';
import { type MarkdownTable, readTables } from './support/markdown';
import {
  matchGlob,
  pathExists,
  projectsRunning,
  readRepoFile,
  repoFiles,
  vitestProjects,
} from './support/repo';

const TEST_FILE = /\.test\.tsx?$/;
const BENCH_FILE = /^bench\/[^/]+\.bench\.ts$/;

interface CriteriaTable {
  table: MarkdownTable;
  column: number;
  kind: 'test' | 'check';
}

function specTables(): CriteriaTable[] {
  return repoFiles()
    .filter((file) => file.startsWith('specs/') && file.endsWith('.md'))
    .flatMap((file) => readTables(file))
    .flatMap((table): CriteriaTable[] => {
      const test = table.header.indexOf('test');
      const check = table.header.indexOf('check');
      if (test >= 0) return [{ table, column: test, kind: 'test' }];
      if (check >= 0) return [{ table, column: check, kind: 'check' }];
      return [];
    });
}

/** The files a reference names: the file itself, or what its glob matches. */
const filesOf = (reference: TestReference) =>
  /[*{]/.test(reference.file) ? matchGlob(reference.file) : [reference.file];

interface CriterionRow {
  where: string;
  kind: 'test' | 'check';
  references: TestReference[];
}

function criterionRows(): CriterionRow[] {
  return specTables().flatMap(({ table, column, kind }) =>
    table.rows.map((row) => ({
      where: `${table.file}:${row.line}`,
      kind,
      references: parseTestCell(row.cells[column] ?? ''),
    })),
  );
}

describe('acceptance criteria', () => {
  const rows = criterionRows();

  it('are found in the specs', () => {
    expect(rows.length).toBeGreaterThan(50);
  });

  it('name at least one test in every row', () => {
    const untested = rows
      .filter((row) => {
        const files = row.references.flatMap(filesOf).filter(pathExists);
        if (row.kind === 'check') return files.length === 0;
        return !files.some((file) => TEST_FILE.test(file) || BENCH_FILE.test(file));
      })
      .map((row) => row.where);
    expect(untested, 'criteria that name no existing test (or, for checks, no file)').toEqual([]);
  });

  it('name only files that exist', () => {
    const missing = rows.flatMap((row) =>
      row.references
        .filter((reference) => !filesOf(reference).some(pathExists))
        .map((reference) => `${reference.file} at ${row.where}`),
    );
    expect(missing, 'named files that do not exist').toEqual([]);
  });

  it('name tests that a Vitest project runs', async () => {
    const projects = await vitestProjects();
    const orphans = rows.flatMap((row) =>
      row.references
        .flatMap(filesOf)
        .filter((file) => TEST_FILE.test(file) && pathExists(file))
        .filter((file) => projectsRunning(file, projects).length === 0)
        .map((file) => `${file} at ${row.where}`),
    );
    expect(orphans, 'named tests that no project in vitest.config.ts includes').toEqual([]);
  });

  it('name test titles that occur in their files', () => {
    const absent = rows.flatMap((row) =>
      row.references
        .filter((reference) => pathExists(reference.file))
        .flatMap((reference) =>
          reference.titles
            .filter((title) => !readRepoFile(reference.file).includes(title))
            .map((title) => `"${title}" in ${reference.file} (${row.where})`),
        ),
    );
    expect(absent, 'test titles that their files do not contain').toEqual([]);
  });
});

describe('test cell reader', () => {
  it('reads files, titles and globs', () => {
    expect(
      parseTestCell(
        '`pwa/src/sync/client.test.ts` › keeps a task; pulls when poked, `pwa/src/*.test.ts`',
      ),
    ).toEqual([
      { file: 'pwa/src/sync/client.test.ts', titles: ['keeps a task', 'pulls when poked'] },
      { file: 'pwa/src/*.test.ts', titles: [] },
    ]);
  });

  it('skips code that is not a path', () => {
    expect(parseTestCell('`npm run bench -- x` and `application/json`')).toEqual([]);
  });
});
