// Bundles one service (`<workspace>/src/main.ts`) into a single ES module with esbuild, and copies
// beside it only the npm packages that cannot be bundled, with their production dependencies.
// The container images run the result with plain `node`, so they need neither tsx nor the
// workspace's node_modules.
//
//   node deploy/docker/bundle.mjs sync-api [--outdir DIR]
//
// Writes DIR/main.mjs, DIR/main.mjs.map, DIR/node_modules/… and DIR/bundle-manifest.json (the
// packages copied, for the deploy tests). DIR defaults to `<workspace>/dist`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// NOTE: esbuild is not a direct dependency of the repository: npm hoists the copy that tsx and
// vite depend on. Declare it in package.json if either of them stops depending on it.
import { build } from 'esbuild';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Packages kept out of the bundle and shipped as files, because they load files of their own
 * at run time (PGlite reads its WebAssembly and data files relative to its module).
 */
export const SHIPPED_PACKAGES = ['@electric-sql/pglite', '@electric-sql/pglite-socket'];

/**
 * Database drivers that knex and MikroORM `require` only for databases other than PostgreSQL,
 * and pg's optional native binding. None is installed; the code paths that load them never run.
 */
export const ABSENT_OPTIONAL_PACKAGES = [
  'better-sqlite3',
  'libsql',
  'mariadb',
  'mysql',
  'mysql2',
  'oracledb',
  'pg-native',
  'pg-query-stream',
  'sqlite3',
  'tedious',
];

// CommonJS packages inside an ES module bundle still call require() and read __dirname.
const COMMONJS_SHIM = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  "import { dirname as __bundleDirname } from 'node:path';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileURLToPath(import.meta.url);',
  'const __dirname = __bundleDirname(__filename);',
].join('\n');

/** Bundles `workspace` into `outdir` and returns the manifest it writes there. */
export async function bundleService(workspace, outdir = join(repoRoot, workspace, 'dist')) {
  const workspaceDir = join(repoRoot, workspace);
  const entry = join(workspaceDir, 'src', 'main.ts');
  if (!existsSync(entry)) {
    throw new Error(
      `${relative(repoRoot, entry)} does not exist, so ${workspace} cannot be bundled`,
    );
  }

  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'main.mjs');

  const external = [
    ...SHIPPED_PACKAGES.flatMap((name) => [name, `${name}/*`]),
    ...ABSENT_OPTIONAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
  ];
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // Whitespace and syntax only: identifiers stay readable in stack traces and heap dumps.
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: COMMONJS_SHIM },
    external,
    metafile: true,
    logLevel: 'warning',
  });

  const imported = externalPackagesImported(result.metafile);
  const absentInstalled = imported.filter(
    (name) => ABSENT_OPTIONAL_PACKAGES.includes(name) && findPackageDir(name, workspaceDir),
  );
  if (absentInstalled.length > 0) {
    // An installed driver may now be loaded for real; it must then be bundled or shipped.
    throw new Error(
      `${absentInstalled.join(', ')} is installed now; remove it from ABSENT_OPTIONAL_PACKAGES in deploy/docker/bundle.mjs`,
    );
  }

  const shipped = imported.filter((name) => SHIPPED_PACKAGES.includes(name));
  const production = productionClosure(workspaceDir);
  const packages = [];
  const copied = new Set();
  for (const name of shipped) {
    const dir = findPackageDir(name, workspaceDir);
    if (!dir) throw new Error(`${name} is imported by ${workspace} but not installed: run npm ci`);
    if (!production.has(dir)) {
      throw new Error(
        `${name} is imported by ${workspace} but is not one of its production dependencies`,
      );
    }
    for (const packageDir of dependencyClosure(dir)) {
      if (copied.has(packageDir)) continue;
      copied.add(packageDir);
      const target = join(outdir, targetPathOf(packageDir, workspaceDir));
      cpSync(packageDir, target, { recursive: true, dereference: true });
      const manifest = readPackageJson(packageDir);
      packages.push({
        name: manifest.name,
        version: manifest.version,
        path: relative(outdir, target),
      });
    }
  }

  const manifest = {
    workspace,
    entry: relative(repoRoot, entry),
    bundle: 'main.mjs',
    bytes: readFileSync(outfile).length,
    external: imported,
    packages: packages.sort((a, b) => a.path.localeCompare(b.path)),
  };
  writeFileSync(join(outdir, 'bundle-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Package names the bundle still imports at run time, builtins excluded. */
function externalPackagesImported(metafile) {
  const builtins = new Set(builtinModules);
  const names = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const item of output.imports) {
      if (!item.external) continue;
      const path = item.path;
      // A relative path is a require() inside try/catch that esbuild could not resolve.
      if (path.startsWith('.') || path.startsWith('/')) continue;
      if (path.startsWith('node:') || builtins.has(path.split('/')[0])) continue;
      names.add(packageNameOf(path));
    }
  }
  return [...names].sort();
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function readPackageJson(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Finds the folder Node would load `name` from, starting the search at `fromDir`. */
function findPackageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Folders of the package at `dir` and of every installed package it depends on at run time. */
function dependencyClosure(dir) {
  const seen = new Set();
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop();
    if (seen.has(current)) continue;
    seen.add(current);
    const manifest = readPackageJson(current);
    const names = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      // Optional and peer dependencies count only when installed; npm leaves optional ones out.
      ...Object.keys(manifest.peerDependencies ?? {}),
    ];
    for (const name of names) {
      const found = findPackageDir(name, current);
      if (found) {
        pending.push(found);
      } else if (name in (manifest.dependencies ?? {})) {
        throw new Error(`${manifest.name} depends on ${name}, which is not installed: run npm ci`);
      }
    }
  }
  return [...seen];
}

/** Folders of every package the workspace needs in production, its devDependencies left out. */
function productionClosure(workspaceDir) {
  const manifest = readPackageJson(workspaceDir);
  const roots = Object.keys(manifest.dependencies ?? {})
    .map((name) => findPackageDir(name, workspaceDir))
    .filter((dir) => dir !== undefined);
  const all = new Set();
  for (const root of roots) for (const dir of dependencyClosure(root)) all.add(dir);
  return all;
}

/** Returns the path of a package folder under the output folder, keeping nested node_modules nested. */
function targetPathOf(packageDir, workspaceDir) {
  const fromRoot = relative(repoRoot, packageDir);
  const fromWorkspace = relative(workspaceDir, packageDir);
  const path = fromWorkspace.startsWith(`node_modules${sep}`) ? fromWorkspace : fromRoot;
  if (!path.startsWith(`node_modules${sep}`)) {
    throw new Error(`${packageDir} is not inside a node_modules folder of the repository`);
  }
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { outdir: { type: 'string' } },
  });
  const [workspace] = positionals;
  if (!workspace || positionals.length > 1) {
    console.error('usage: node deploy/docker/bundle.mjs <workspace> [--outdir DIR]');
    process.exit(2);
  }
  try {
    const manifest = await bundleService(workspace, values.outdir && resolve(values.outdir));
    const shipped = manifest.packages.map((item) => `${item.name}@${item.version}`).join(', ');
    console.log(
      `bundled ${workspace}: main.mjs ${(manifest.bytes / 1e6).toFixed(1)} MB; shipped packages: ${shipped || 'none'}`,
    );
  } catch (error) {
    console.error(`bundling ${workspace} failed: ${error.message}`);
    process.exit(1);
  }
}
