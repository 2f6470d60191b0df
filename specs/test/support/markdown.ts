// A small reader for the parts of GitHub Markdown that the specs use: headings, pipe tables,
// inline code and fenced code blocks. It needs no Markdown library because the spec
// documents keep to these forms.
import { readRepoFile } from './repo';

export interface TableRow {
  /** 1-based line of the row in its file. */
  line: number;
  cells: string[];
}

export interface MarkdownTable {
  file: string;
  line: number;
  /** Text of the enclosing headings, outermost first (`#` title, `##`, `###`, …). */
  headings: string[];
  /** Header cells in lower case. */
  header: string[];
  rows: TableRow[];
}

export interface MarkdownSection {
  file: string;
  line: number;
  level: number;
  heading: string;
  /** The section's text up to the next heading of the same or a higher level. */
  body: string;
}

export interface CodeLine {
  line: number;
  text: string;
}

/** Splits a table row on the pipes that are not escaped (`\|`), dropping the outer ones. */
export function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index];
    if (char === '\\' && inner[index + 1] === '|') {
      cell += '|';
      index += 1;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  return cells;
}

const isTableLine = (line: string) => line.trim().startsWith('|');
const isDelimiterRow = (line: string) =>
  /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line.trim());

/** Lines of the file, with the lines inside fenced code blocks marked. */
function scanLines(text: string): { text: string; fenced: boolean }[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return { text: line, fenced: true };
    }
    return { text: line, fenced };
  });
}

function headingOf(line: string): { level: number; text: string } | undefined {
  const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  return match ? { level: (match[1] as string).length, text: match[2] as string } : undefined;
}

/** Returns every pipe table of a Markdown file outside code blocks, with its enclosing headings. */
export function readTables(file: string, text = readRepoFile(file)): MarkdownTable[] {
  const lines = scanLines(text);
  const tables: MarkdownTable[] = [];
  const headings: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const { text: line, fenced } = lines[index] as { text: string; fenced: boolean };
    if (fenced) continue;
    const heading = headingOf(line);
    if (heading) {
      headings.length = heading.level - 1;
      headings[heading.level - 1] = heading.text;
      continue;
    }
    const next = lines[index + 1]?.text ?? '';
    if (!isTableLine(line) || !isDelimiterRow(next)) continue;

    const table: MarkdownTable = {
      file,
      line: index + 1,
      headings: headings.filter((item) => item !== undefined),
      header: splitRow(line).map((cell) => cell.toLowerCase()),
      rows: [],
    };
    index += 2;
    while (index < lines.length && isTableLine(lines[index]?.text ?? '')) {
      table.rows.push({ line: index + 1, cells: splitRow(lines[index]?.text ?? '') });
      index += 1;
    }
    index -= 1;
    tables.push(table);
  }
  return tables;
}

/** Returns every section of a Markdown file that starts at a heading outside code blocks. */
export function readSections(file: string, text = readRepoFile(file)): MarkdownSection[] {
  const lines = scanLines(text);
  const starts: { line: number; level: number; heading: string }[] = [];
  lines.forEach((line, index) => {
    const heading = line.fenced ? undefined : headingOf(line.text);
    if (heading) starts.push({ line: index, level: heading.level, heading: heading.text });
  });
  return starts.map((start, position) => {
    const end =
      starts.slice(position + 1).find((other) => other.level <= start.level)?.line ?? lines.length;
    return {
      file,
      line: start.line + 1,
      level: start.level,
      heading: start.heading,
      body: lines
        .slice(start.line + 1, end)
        .map((line) => line.text)
        .join('\n'),
    };
  });
}

/** Returns the contents of every inline code span, such as `sync-api/src/app.ts`. */
export function inlineCode(text: string): string[] {
  const withoutFences = scanLines(text)
    .filter((line) => !line.fenced)
    .map((line) => line.text)
    .join('\n');
  return [...withoutFences.matchAll(/(`+)([^`]+?)\1/g)].map((match) => (match[2] as string).trim());
}

/** Returns the lines inside fenced code blocks, without the fences. */
export function fencedLines(text: string): CodeLine[] {
  return scanLines(text)
    .map((line, index) => ({ line: index + 1, text: line.text, fenced: line.fenced }))
    .filter((line) => line.fenced && !/^\s*(```|~~~)/.test(line.text))
    .map(({ line, text: lineText }) => ({ line, text: lineText }));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Splits YAML front matter (between `---` lines at the top) from the Markdown body. */
export function splitFrontMatter(text: string): { frontMatter?: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) return { body: text };
  return { frontMatter: match[1] as string, body: match[2] as string };
}
