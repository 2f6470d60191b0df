// Keeps specs/database/schema.md and the migrations of every service in step: each table a
// migration creates has a section under the heading of the service that owns it, naming
// every column, and each documented table exists.
import { describe, expect, it } from 'vitest';
import { inlineCode, type MarkdownSection, readSections } from './support/markdown';
import { migratedTables, migrationBookkeepingTables } from './support/migrations';
import { readRepoFile, workspaces } from './support/repo';

const SCHEMA_SPEC = 'specs/database/schema.md';

interface TableSection extends MarkdownSection {
  table: string;
  /** The workspace that the enclosing `##` heading names. */
  owner: string | undefined;
}

/** `### \`task\`` sections, and `###` sections that list several tables (Better Auth's). */
function tableSections(): { own: TableSection[]; listed: TableSection[] } {
  const sections = readSections(SCHEMA_SPEC);
  const ownerOf = (section: MarkdownSection) => {
    const parent = sections
      .filter((other) => other.level === 2 && other.line < section.line)
      .at(-1);
    return workspaces().find((name) => parent?.heading.split(/[\s:(]/)[0] === name);
  };
  const own: TableSection[] = [];
  const listed: TableSection[] = [];
  for (const section of sections.filter((candidate) => candidate.level === 3)) {
    const single = /^`(\w+)`$/.exec(section.heading.trim());
    if (single) {
      own.push({ ...section, table: single[1] as string, owner: ownerOf(section) });
      continue;
    }
    // A section such as "Better Auth tables" names its tables in the first paragraph.
    const firstParagraph = section.body.trim().split(/\n\s*\n/)[0] ?? '';
    for (const table of inlineCode(firstParagraph)) {
      if (/^\w+$/.test(table)) listed.push({ ...section, table, owner: ownerOf(section) });
    }
  }
  return { own, listed };
}

describe('database schema spec', () => {
  const tables = migratedTables();
  const { own, listed } = tableSections();

  it('reads tables from the migrations', () => {
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table.columns.length, table.name).toBeGreaterThan(0);
  });

  it('documents every table under its service', () => {
    const problems = tables.flatMap((table) => {
      const section = [...own, ...listed].find((candidate) => candidate.table === table.name);
      if (!section) return [`${table.name} (${table.file}) has no section`];
      if (section.owner !== table.workspace) {
        return [`${table.name} is under "${section.owner}", but ${table.workspace} creates it`];
      }
      return [];
    });
    expect(problems, SCHEMA_SPEC).toEqual([]);
  });

  it('names every column of each documented table', () => {
    const unnamed = tables.flatMap((table) => {
      const section = own.find((candidate) => candidate.table === table.name);
      if (!section) return [];
      const named = new Set(inlineCode(section.body));
      return table.columns
        .filter((column) => !named.has(column))
        .map((column) => `${table.name}.${column} (section at line ${section.line})`);
    });
    expect(unnamed, `columns missing from ${SCHEMA_SPEC}`).toEqual([]);
  });

  it('documents only tables a migration creates', () => {
    const names = tables.map((table) => table.name);
    const unknown = [...own, ...listed]
      .filter((section) => !names.includes(section.table))
      .map((section) => `${section.table} (line ${section.line})`);
    expect(unknown, `tables in ${SCHEMA_SPEC} that no migration creates`).toEqual([]);
  });

  it('names the migration bookkeeping tables', () => {
    const named = inlineCode(readRepoFile(SCHEMA_SPEC));
    const bookkeeping = migrationBookkeepingTables();
    expect(bookkeeping.length).toBeGreaterThan(0);
    const unnamed = bookkeeping
      .filter((table) => !named.includes(table.name))
      .map((table) => `${table.name} of ${table.workspace}`);
    expect(unnamed, `migration tables missing from ${SCHEMA_SPEC}`).toEqual([]);
  });
});
