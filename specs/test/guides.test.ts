// Checks the guides a contributor or coding agent follows: every CLAUDE.md, the subagents in
// .claude/agents and the skills in .claude/skills. They name only files, npm scripts and Vitest
// projects that exist, and the subagent and skill files have the front matter their formats need.

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { headingAnchor, readSections, splitFrontMatter } from './support/markdown';
import {
  type CommandFacts,
  checkCommand,
  mentionedCommands,
  mentionedPaths,
  resolveMention,
} from './support/references';
import {
  npmScripts,
  parentDir,
  pathExists,
  readRepoFile,
  repoFiles,
  vitestProjects,
  workspaces,
} from './support/repo';

const guides = repoFiles().filter(
  (file) =>
    file === 'CLAUDE.md' ||
    /^[^/]+\/CLAUDE\.md$/.test(file) ||
    /^\.claude\/agents\/[^/]+\.md$/.test(file) ||
    /^\.claude\/skills\/[^/]+\/SKILL\.md$/.test(file),
);
const agents = guides.filter((file) => file.startsWith('.claude/agents/'));
const skills = guides.filter((file) => file.startsWith('.claude/skills/'));

async function commandFacts(): Promise<CommandFacts> {
  return {
    rootScripts: npmScripts('.'),
    workspaceScripts: new Map(workspaces().map((workspace) => [workspace, npmScripts(workspace)])),
    projects: (await vitestProjects()).map((project) => project.name),
  };
}

function frontMatter(file: string): Record<string, unknown> {
  const { frontMatter: yaml } = splitFrontMatter(readRepoFile(file));
  if (yaml === undefined) throw new Error(`${file} has no YAML front matter between --- lines`);
  return parseYaml(yaml) as Record<string, unknown>;
}

// Claude Code and the Agent Skills format both take lower-case names joined by single hyphens.
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('guides', () => {
  it('include the root guide, subagents and skills', () => {
    expect(guides).toContain('CLAUDE.md');
    expect(agents.length).toBeGreaterThan(0);
    expect(skills.length).toBeGreaterThan(0);
  });

  it.each(guides)('%s names existing paths', (guide) => {
    const missing = mentionedPaths(readRepoFile(guide))
      .filter((mention) => resolveMention(mention.text, guide) === undefined)
      .map((mention) => (mention.line ? `${mention.text} (line ${mention.line})` : mention.text));
    expect(missing, `paths in ${guide} that do not exist`).toEqual([]);
  });

  it.each(guides)('%s runs existing scripts and projects', async (guide) => {
    const facts = await commandFacts();
    const problems = mentionedCommands(readRepoFile(guide)).flatMap((mention) =>
      checkCommand(mention.text, facts).map(
        (problem) =>
          `${problem.command}: ${problem.problem}${mention.line ? ` (line ${mention.line})` : ''}`,
      ),
    );
    expect(problems, `commands in ${guide}`).toEqual([]);
  });
});

describe('subagents', () => {
  it.each(agents)('%s has a name, a description and known tools', (file) => {
    const fields = frontMatter(file);
    const name = String(fields.name ?? '');
    expect(name, `${file} name`).toMatch(NAME);
    expect(`${name}.md`, `${file}: Claude Code finds a subagent by its file name`).toBe(
      file.split('/').at(-1),
    );
    expect(String(fields.description ?? '').length, `${file} description`).toBeGreaterThan(40);
    if (fields.tools !== undefined) {
      const tools = String(fields.tools)
        .split(',')
        .map((tool) => tool.trim());
      for (const tool of tools) {
        expect(['Read', 'Grep', 'Glob', 'Edit', 'Write', 'Bash'], `${file} tool`).toContain(tool);
      }
    }
  });

  it.each(agents)('%s says which files it owns', (file) => {
    const headings = readSections(file).map((section) => section.heading.toLowerCase());
    expect(headings, file).toContain('files it owns');
  });
});

describe('skills', () => {
  it.each(skills)('%s has a name matching its folder and a description', (file) => {
    const fields = frontMatter(file);
    const name = String(fields.name ?? '');
    expect(name, `${file} name`).toMatch(NAME);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name, `${file}: a skill's name is its folder's name`).toBe(
      parentDir(file).split('/').at(-1),
    );
    const description = String(fields.description ?? '');
    expect(description.length, `${file} description`).toBeGreaterThan(40);
    expect(description.length, `${file} description`).toBeLessThanOrEqual(1024);
  });
});

describe('links in specs and guides', () => {
  const documents = [
    ...guides,
    ...repoFiles().filter((file) => file.startsWith('specs/') && file.endsWith('.md')),
  ];

  it.each(documents)('%s links to files and headings that exist', (document) => {
    const text = readRepoFile(document);
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] as string;
      if (/^(https?:|mailto:)/.test(target)) continue;
      const [path = '', anchor] = target.split('#');
      const resolved = path
        ? `${parentDir(document) ? `${parentDir(document)}/` : ''}${path}`
        : document;
      const normalized = resolved.split('/').reduce<string[]>((parts, part) => {
        if (part === '..') parts.pop();
        else if (part !== '.' && part !== '') parts.push(part);
        return parts;
      }, []);
      const file = normalized.join('/');
      if (!pathExists(file)) {
        broken.push(target);
      } else if (anchor && file.endsWith('.md')) {
        const anchors = readSections(file).map((section) => headingAnchor(section.heading));
        if (!anchors.includes(anchor)) broken.push(target);
      }
    }
    expect(broken, `links in ${document} to missing files or headings`).toEqual([]);
  });
});
