// Finds the file paths and commands that a guide (CLAUDE.md, a subagent, a skill) mentions,
// and checks them against the repository.
import { fencedLines, inlineCode } from './markdown';
import { globToRegExp, matchGlob, parentDir, pathExists, repoFiles } from './repo';

export interface Mention {
  text: string;
  /** 1-based line, or 0 when the mention came from inline code (not tracked by line). */
  line: number;
}

const SOURCE_EXTENSIONS = /\.(ts|tsx|mts|mjs|js|json|md|yaml|yml|sh|css|html|sql)$/;

/**
 * Paths that exist only after a build or a run, named in guides on purpose: `pwa/dist` (the
 * PWA build that `npm start` serves) and `.data` (the embedded database and generated secrets).
 */
const GENERATED = [/^pwa\/dist\/?$/, /^dist\/?$/, /^\.data\/?/, /^\.test-results\//];

/** Inline code shaped like a path that names something else: MCP's JSON-RPC methods. */
const NOT_PATHS = new Set(['tools/list', 'tools/call', 'resources/list', 'prompts/list']);

/**
 * True for inline code that names a repository path: a path with a folder, or a file name
 * with a source extension. URLs, URL paths (`/api/…`), media types, placeholders (`<id>`),
 * environment variables (`DATA_DIR/vapid.json`), package names and home folders are not.
 */
export function looksLikePath(token: string): boolean {
  if (NOT_PATHS.has(token)) return false;
  if (/[\s<>$=:`'"()]/.test(token)) return false;
  if (/^(\/|~|@|-|\.\.\.|…)/.test(token)) return false;
  if (/^(application|text|image|multipart)\//.test(token)) return false;
  if (/^[A-Z][A-Z0-9_]*\//.test(token)) return false;
  if (token.includes('…')) return false;
  // `.integration.test.ts` is a file-name suffix, not a file.
  if (/^\.[^/]+$/.test(token)) return false;
  return token.includes('/') || SOURCE_EXTENSIONS.test(token);
}

/** True for a command whose arguments are Vitest file filters, which `checkCommand` checks. */
const runsVitest = (line: string) => /\bvitest run\b|\bnpm test --/.test(line);

/** Words of a shell line that name repository paths: their first folder exists at the root. */
export function pathsInCommand(line: string): string[] {
  if (runsVitest(line)) return [];
  const topLevel = new Set(repoFiles().map((file) => file.split('/')[0] as string));
  return line
    .split(/\s+/)
    .map((word) => word.replace(/^['"]|['",;]$/g, ''))
    .filter((word) => looksLikePath(word) && word.includes('/'))
    .filter((word) => topLevel.has(word.replace(/^\.\//, '').split('/')[0] as string));
}

/**
 * Resolves a mentioned path from the guide at `guide`: against the repository root, the
 * guide's folder, or its `src/`. A bare file name (no folder) may sit anywhere under the
 * guide's package, because package guides name files inside the folder a table row gives.
 */
export function resolveMention(path: string, guide: string): string | undefined {
  const clean = path.replace(/^\.\//, '').replace(/[.,;:]$/, '');
  if (GENERATED.some((pattern) => pattern.test(clean))) return clean;
  const guideDir = parentDir(guide);
  const bases = ['', guideDir, guideDir ? `${guideDir}/src` : 'src'];
  for (const base of bases) {
    const candidate = base ? `${base}/${clean}` : clean;
    if (/[*?{]/.test(candidate)) {
      if (matchGlob(candidate.replace(/\/$/, '')).length > 0) return candidate;
    } else if (pathExists(candidate.replace(/\/$/, ''))) {
      return candidate;
    }
  }
  // A bare name (`builtin.ts`, `migrations/`, `*.e2e.test.ts`) may sit in any folder of the
  // guide's package, because package guides name files inside the folder a table row gives.
  const bare = clean.replace(/\/$/, '');
  if (!bare.includes('/')) {
    const scope = guide.startsWith('.claude/') || guideDir === '' ? '' : `${guideDir}/`;
    const pattern = globToRegExp(`${scope}**/${bare}`);
    const asFolder = globToRegExp(`${scope}**/${bare}/**`);
    if (repoFiles().some((file) => pattern.test(file) || asFolder.test(file))) return clean;
  }
  return undefined;
}

/** Collects every path a guide mentions, in inline code or in the words of its code blocks. */
export function mentionedPaths(text: string): Mention[] {
  const inline = inlineCode(text)
    .filter(looksLikePath)
    .map((token) => ({ text: token, line: 0 }));
  const fenced = fencedLines(text).flatMap((line) =>
    pathsInCommand(line.text).map((word) => ({ text: word, line: line.line })),
  );
  return [...inline, ...fenced];
}

/** Collects every command that runs npm, npx or node, from inline code and code blocks. */
export function mentionedCommands(text: string): Mention[] {
  const inline = inlineCode(text).map((token) => ({ text: token, line: 0 }));
  const fenced = fencedLines(text).map((line) => ({ text: line.text, line: line.line }));
  return [...inline, ...fenced].filter((mention) => /\b(npm|npx|node)\s/.test(mention.text));
}

export interface CommandProblem {
  command: string;
  problem: string;
}

export interface CommandFacts {
  rootScripts: string[];
  workspaceScripts: Map<string, string[]>;
  projects: string[];
}

/**
 * Checks the npm scripts, workspaces, Vitest projects and files that a command line names:
 * `npm run X [-w W]`, `npm start -w W`, `npx vitest run --project P`, `npx tsc -p D`,
 * `npx tsx F` and `node F`.
 */
export function checkCommand(command: string, facts: CommandFacts): CommandProblem[] {
  const problems: CommandProblem[] = [];
  const fail = (problem: string) => problems.push({ command, problem });

  for (const match of command.matchAll(
    /\bnpm (?:run(?:-script)?\s+([\w:.-]+)|(start|test))((?:\s+(?:-w|--workspace)[\s=]+[\w-]+)*)/g,
  )) {
    const script = (match[1] ?? match[2]) as string;
    const targets = [...(match[3] ?? '').matchAll(/(?:-w|--workspace)[\s=]+([\w-]+)/g)].map(
      (workspace) => workspace[1] as string,
    );
    if (targets.length === 0 && !facts.rootScripts.includes(script)) {
      fail(`the root package.json has no script "${script}"`);
    }
    for (const workspace of targets) {
      const scripts = facts.workspaceScripts.get(workspace);
      if (!scripts) fail(`"${workspace}" is not a workspace`);
      else if (!scripts.includes(script))
        fail(`${workspace}/package.json has no script "${script}"`);
    }
  }
  if (/\bvitest\b/.test(command)) {
    for (const match of command.matchAll(/--project[\s=]+([\w-]+)/g)) {
      if (!facts.projects.includes(match[1] as string)) {
        fail(`vitest.config.ts has no project "${match[1]}"`);
      }
    }
  }
  if (runsVitest(command)) {
    // Vitest runs the test files whose path contains a filter; one that matches none runs nothing.
    const words = (command.split(/\bvitest run\b|\bnpm test --/)[1] ?? '').trim().split(/\s+/);
    for (let index = 0; index < words.length; index += 1) {
      const word = words[index] as string;
      if (word === '' || word.startsWith('<') || word === '&&' || word === '|') break;
      if (word.startsWith('--')) {
        if (!word.includes('=')) index += 1;
        continue;
      }
      if (!repoFiles().some((file) => file.includes(word) && /\.test\.tsx?$/.test(file))) {
        fail(`the filter "${word}" matches no test file`);
      }
    }
  }
  for (const match of command.matchAll(/\bnpx tsc -p\s+([\w./-]+)/g)) {
    const target = (match[1] as string).replace(/\/$/, '');
    if (!pathExists(target.endsWith('.json') ? target : `${target}/tsconfig.json`)) {
      fail(`${target} has no tsconfig.json`);
    }
  }
  for (const match of command.matchAll(/\b(?:npx tsx|node)\s+([\w./-]+\.m?[jt]s)\b/g)) {
    if (!pathExists(match[1] as string)) fail(`${match[1]} does not exist`);
  }
  return problems;
}
