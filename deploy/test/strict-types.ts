// Checks rendered Kubernetes objects against the TypeScript interfaces of kubernetes-models with
// tsc. Its JSON schemas accept unknown fields, but TypeScript rejects excess properties in an
// object literal, so a misspelt field such as `readinesProbe` fails here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject } from './support';
import { repoRoot } from './support';

/** Returns the module and interface that type one apiVersion and kind, such as apps/v1 Deployment. */
export function modelTypeOf(object: KubernetesObject): { module: string; type: string } {
  const [group, version] = object.apiVersion.includes('/')
    ? (object.apiVersion.split('/') as [string, string])
    : ['', object.apiVersion];
  const folder = group === '' ? version : `${group}/${version}`;
  return { module: `kubernetes-models/${folder}/${object.kind}`, type: `I${object.kind}` };
}

/**
 * Type-checks `objects` as object literals of their kubernetes-models interfaces and returns
 * tsc's diagnostics, or an empty string when every object type-checks.
 */
export function typeCheckObjects(objects: KubernetesObject[], label: string): string {
  // Inside node_modules so that tsc resolves kubernetes-models; git ignores the folder.
  const dir = join(repoRoot, 'node_modules', '.cache', 'fehrist-deploy-test', label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const imports = new Map<string, string>();
  const declarations = objects.map((object, index) => {
    const { module, type } = modelTypeOf(object);
    const alias = `${type}_${imports.size}`;
    if (!imports.has(module)) imports.set(module, alias);
    const name = `${object.kind} ${object.metadata.name}`;
    return `// ${name}\nexport const object${index}: ${imports.get(module)} = ${JSON.stringify(object, null, 2)};`;
  });
  const header = [...imports].map(([module, alias]) => {
    const type = module.split('/').at(-1);
    return `import type { I${type} as ${alias} } from '${module}';`;
  });
  writeFileSync(join(dir, 'objects.ts'), `${header.join('\n')}\n\n${declarations.join('\n\n')}\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'ESNext',
        moduleResolution: 'bundler',
        target: 'ES2023',
        skipLibCheck: true,
        types: [],
      },
      files: ['objects.ts'],
    }),
  );

  const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', dir], { encoding: 'utf8' });
  if (result.error) throw new Error(`could not run tsc: ${result.error.message}`);
  return result.status === 0 ? '' : `${result.stdout}${result.stderr}`;
}
