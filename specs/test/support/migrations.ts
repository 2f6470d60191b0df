// Tables and columns as the services' migrations create them, read from the SQL strings of
// every `migrations/` folder under a workspace's `src/`.
import { readRepoFile, repoFiles, workspaces } from './repo';

export interface MigratedTable {
  name: string;
  workspace: string;
  /** The migration file that creates the table. */
  file: string;
  columns: string[];
}

/** Splits a `create table` body on the commas that are not inside parentheses. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let part = '';
  for (const char of body) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(part.trim());
      part = '';
    } else {
      part += char;
    }
  }
  if (part.trim()) parts.push(part.trim());
  return parts;
}

/** Returns the text between the parenthesis that opens at `start` and the one that closes it. */
function parenthesised(text: string, start: number): string {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    if (text[index] === '(') depth += 1;
    if (text[index] === ')') depth -= 1;
    if (depth === 0) return text.slice(start + 1, index);
  }
  throw new Error(`unbalanced parentheses after position ${start}`);
}

export function migrationFiles(): { workspace: string; file: string }[] {
  return workspaces().flatMap((workspace) =>
    repoFiles()
      .filter(
        (file) => file.startsWith(`${workspace}/src/`) && /\/migrations\/[^/]+\.ts$/.test(file),
      )
      .filter((file) => !file.endsWith('.test.ts'))
      .map((file) => ({ workspace, file })),
  );
}

/**
 * Reads every table the migrations create, with the columns that `create table` and
 * `alter table … add column` give it.
 */
export function migratedTables(): MigratedTable[] {
  const tables = new Map<string, MigratedTable>();
  const files = migrationFiles();
  for (const { workspace, file } of files) {
    const sql = readRepoFile(file);
    for (const match of sql.matchAll(/create table (?:if not exists )?"?(\w+)"?\s*\(/gi)) {
      const name = match[1] as string;
      const body = parenthesised(sql, (match.index ?? 0) + match[0].length - 1);
      const columns = splitTopLevel(body)
        .filter((part) => !/^(primary key|constraint|unique|foreign key|check)\b/i.test(part))
        .map((part) => /^"?(\w+)"?/.exec(part)?.[1] as string);
      tables.set(name, { name, workspace, file, columns });
    }
  }
  for (const { file } of files) {
    const sql = readRepoFile(file);
    for (const match of sql.matchAll(
      /alter table "?(\w+)"? add column (?:if not exists )?"?(\w+)"?/gi,
    )) {
      tables.get(match[1] as string)?.columns.push(match[2] as string);
    }
  }
  return [...tables.values()];
}

/** Finds the tables MikroORM records applied migrations in, from each `tableName:` setting. */
export function migrationBookkeepingTables(): { name: string; workspace: string }[] {
  return workspaces().flatMap((workspace) =>
    repoFiles()
      .filter((file) => file.startsWith(`${workspace}/src/`) && /\.ts$/.test(file))
      .flatMap((file) => [
        ...readRepoFile(file).matchAll(/migrations:\s*\{[^}]*?tableName:\s*'(\w+)'/g),
      ])
      .map((match) => ({ name: match[1] as string, workspace })),
  );
}
