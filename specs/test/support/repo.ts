// Facts about the repository that the spec tests compare the documents with: its files,
// workspaces, npm scripts and Vitest projects, all read from disk at test time.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

// Folders that hold installs, builds, caches or run data, never sources or documents.
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  '.data',
  'coverage',
  '.test-results',
  '.scratch',
]);

let fileCache: string[] | undefined;

/** Lists every file of the working tree, as a repository-relative path with `/` separators. */
export function repoFiles(): string[] {
  if (fileCache) return fileCache;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile()) {
        files.push(relative(repoRoot, join(dir, entry.name)).split(sep).join('/'));
      }
    }
  };
  walk(repoRoot);
  fileCache = files.sort();
  return fileCache;
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** True when the repository-relative path names a file or folder. */
export function pathExists(path: string): boolean {
  return existsSync(join(repoRoot, path));
}

export function isDirectory(path: string): boolean {
  return pathExists(path) && statSync(join(repoRoot, path)).isDirectory();
}

/**
 * Converts a glob as Vitest and the documents write it (`**`, `*`, `?`, `{a,b}`) to a regular
 * expression over repository-relative paths.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] as string;
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` matches zero or more whole folders; a trailing `**` matches the rest.
      if (glob[index + 2] === '/') {
        source += '(?:.*/)?';
        index += 2;
      } else {
        source += '.*';
        index += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      const end = glob.indexOf('}', index);
      const options = glob.slice(index + 1, end).split(',');
      source += `(?:${options.map(escapeRegExp).join('|')})`;
      index = end;
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Repository files that a glob matches. */
export function matchGlob(glob: string): string[] {
  const pattern = globToRegExp(glob);
  return repoFiles().filter((file) => pattern.test(file));
}

interface PackageJson {
  name: string;
  workspaces?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readRepoFile(join(dir, 'package.json'))) as PackageJson;
}

/** Returns the npm workspaces of the root package.json, such as `sync-api`. */
export function workspaces(): string[] {
  return readPackageJson('.').workspaces ?? [];
}

/** Returns the npm script names of the root package (dir `.`) or of a workspace. */
export function npmScripts(dir: string): string[] {
  return Object.keys(readPackageJson(dir).scripts ?? {});
}

export interface VitestProject {
  name: string;
  include: string[];
  exclude: string[];
}

/** Reads the projects of the root `vitest.config.ts`, with their include and exclude globs. */
export async function vitestProjects(): Promise<VitestProject[]> {
  const config = (await import('../../../vitest.config')).default as {
    test?: { projects?: { test?: { name?: string; include?: string[]; exclude?: string[] } }[] };
  };
  return (config.test?.projects ?? []).map((project) => ({
    name: String(project.test?.name),
    include: project.test?.include ?? [],
    exclude: project.test?.exclude ?? [],
  }));
}

/** Names of the Vitest projects whose include globs take the file and whose excludes do not. */
export function projectsRunning(file: string, projects: VitestProject[]): string[] {
  return projects
    .filter((project) => project.include.some((glob) => globToRegExp(glob).test(file)))
    .filter((project) => !project.exclude.some((glob) => globToRegExp(glob).test(file)))
    .map((project) => project.name);
}

/** Non-test TypeScript sources under a folder, as repository-relative paths. */
export function sourceFiles(dir: string): string[] {
  const prefix = `${dir.replace(/\/$/, '')}/`;
  return repoFiles().filter(
    (file) =>
      file.startsWith(prefix) &&
      /\.tsx?$/.test(file) &&
      !/\.test\.tsx?$/.test(file) &&
      !file.endsWith('.d.ts'),
  );
}

export function parentDir(path: string): string {
  const dir = dirname(path);
  return dir === '.' ? '' : dir;
}
