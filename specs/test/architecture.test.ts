// The package boundaries of specs/architecture.md, read from the import statements of every
// workspace's non-test sources: services and the PWA share code only through @fehrist/domain,
// and the domain does no I/O.
import { describe, expect, it } from 'vitest';
import { readPackageJson, readRepoFile, sourceFiles, workspaces } from './support/repo';

// The one-process start hosts the services, so it is the one package that imports them.
const HOSTS = ['embedded'];

/** Lists the module specifiers a file imports, statically or with `import()`. */
function importsOf(file: string): string[] {
  const text = readRepoFile(file);
  const specifiers = [
    ...text.matchAll(/\bfrom\s+'([^']+)'/g),
    ...text.matchAll(/\bimport\s+'([^']+)'/g),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ];
  return specifiers.map((match) => match[1] as string);
}

/** Returns the workspace an import reaches: `@fehrist/x`, or a relative path out of the package. */
function workspaceReached(file: string, specifier: string): string | undefined {
  const names = workspaces();
  const scoped = /^@fehrist\/([\w-]+)/.exec(specifier)?.[1];
  if (scoped) return names.find((name) => readPackageJson(name).name === `@fehrist/${scoped}`);
  if (!specifier.startsWith('.')) return undefined;
  const parts = file.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return names.find((name) => parts[0] === name);
}

describe('package boundaries', () => {
  it.each(workspaces().filter((workspace) => !HOSTS.includes(workspace)))(
    '%s imports no other package but the domain',
    (workspace) => {
      const crossings = sourceFiles(`${workspace}/src`).flatMap((file) =>
        importsOf(file)
          .filter((specifier) => {
            const reached = workspaceReached(file, specifier);
            return reached !== undefined && reached !== workspace && reached !== 'domain';
          })
          .map((specifier) => `${file} imports ${specifier}`),
      );
      expect(crossings).toEqual([]);
    },
  );

  it('keeps the domain free of I/O', () => {
    const allowed = Object.keys(readPackageJson('domain').dependencies ?? {});
    const io = sourceFiles('domain/src').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.') && !allowed.includes(specifier))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(io, 'domain/src may import only its own files and its dependencies').toEqual([]);
  });

  it('pins every dependency to an exact version', () => {
    const loose = ['.', ...workspaces()].flatMap((dir) => {
      const manifest = readPackageJson(dir) as unknown as Record<string, Record<string, string>>;
      return ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((kind) =>
        Object.entries(manifest[kind] ?? {})
          .filter(([, version]) => !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version))
          .map(([name, version]) => `${dir}/package.json ${name}@${version}`),
      );
    });
    expect(loose, 'install with npm i -E so the version is exact').toEqual([]);
  });
});
