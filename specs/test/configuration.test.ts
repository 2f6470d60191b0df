// Every environment variable a service reads is documented. The variables come from each
// workspace's `src/config.ts` ConfigSchema (a zod object). A variable counts as documented when
// it appears in inline code in the README or a spec.
import { describe, expect, it } from 'vitest';
import { inlineCode } from './support/markdown';
import { pathExists, readRepoFile, repoFiles, workspaces } from './support/repo';

const DOCUMENTS = [
  'README.md',
  ...repoFiles().filter((file) => file.startsWith('specs/') && file.endsWith('.md')),
];

const configured = workspaces().filter((workspace) => pathExists(`${workspace}/src/config.ts`));

async function variablesOf(workspace: string): Promise<string[]> {
  const module = (await import(`../../${workspace}/src/config.ts`)) as {
    ConfigSchema?: { shape?: Record<string, unknown> };
  };
  const shape = module.ConfigSchema?.shape;
  if (!shape) throw new Error(`${workspace}/src/config.ts exports no zod object ConfigSchema`);
  return Object.keys(shape);
}

describe('configuration', () => {
  const documented = new Set(DOCUMENTS.flatMap((file) => inlineCode(readRepoFile(file))));

  it('is read from every service that has a config.ts', () => {
    expect(configured.length).toBeGreaterThan(0);
  });

  it.each(configured)('of %s is documented', async (workspace) => {
    const missing = (await variablesOf(workspace)).filter((name) => !documented.has(name));
    expect(missing, `variables of ${workspace}/src/config.ts in no README or spec`).toEqual([]);
  });
});
