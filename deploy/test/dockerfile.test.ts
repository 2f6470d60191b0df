import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  baseImage,
  chainInstructions,
  type Dockerfile,
  effective,
  environmentOf,
  parseDockerfile,
  stageChain,
} from './dockerfile';
import { chartDir, repoRoot, SERVICES } from './support';

const dockerfile: Dockerfile = parseDockerfile(
  readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8'),
);
const chartValues = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<
  string,
  { port: number }
>;
const valuesKey = {
  'sync-api': 'syncApi',
  notifier: 'notifier',
  agent: 'agent',
  audit: 'audit',
} as const;

/** True when `stage` produces its /out folder with deploy/docker/bundle.mjs. */
function isBundleStage(stageName: string): boolean {
  return stageChain(dockerfile, stageName)
    .flatMap((stage) => stage.instructions)
    .some(
      (instruction) =>
        instruction.keyword === 'RUN' && instruction.rest.includes('deploy/docker/bundle.mjs'),
    );
}

describe('Dockerfile parser', () => {
  it('joins continued lines and reads flags and exec form', () => {
    const parsed = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1.7',
        'ARG VERSION=1',
        'FROM node:20.20.2-bookworm-slim AS base',
        'ENV A=1 \\',
        '    # a comment inside the instruction',
        '    B="two"',
        'FROM base AS app',
        'COPY --from=base --chown=1000:1000 /src /dst',
        'HEALTHCHECK --interval=5s CMD ["node", "-e", "1"]',
        'USER 1000:1000',
      ].join('\n'),
    );
    expect(parsed.globalArgs).toHaveLength(1);
    expect(parsed.stages.map((stage) => stage.name)).toEqual(['base', 'app']);
    expect(environmentOf(parsed, 'app')).toEqual(
      new Map([
        ['A', '1'],
        ['B', 'two'],
      ]),
    );
    const copy = parsed.stages[1]?.instructions[0];
    expect(copy?.flags).toEqual({ from: 'base', chown: '1000:1000' });
    const healthcheck = effective(parsed, 'app', 'HEALTHCHECK');
    expect(healthcheck?.flags).toEqual({ interval: '5s' });
    expect(healthcheck?.args).toEqual(['node', '-e', '1']);
    expect(healthcheck?.execForm).toBe(true);
  });
});

describe.each(SERVICES)('image $component', ({ component }) => {
  it('is a target of the Dockerfile', () => {
    expect(dockerfile.stages.map((stage) => stage.name)).toContain(component);
  });

  it('starts from Node 20 pinned to an exact version', () => {
    const image = baseImage(dockerfile, component);
    // An exact version tag, optionally with a digest; a digest alone pins as well.
    expect(image).toMatch(/^node:20\.\d+\.\d+-[a-z]+(-slim)?(@sha256:[0-9a-f]{64})?$/);
  });

  it('runs as a non-root user', () => {
    const user = effective(dockerfile, component, 'USER');
    expect(user, 'no USER instruction').toBeDefined();
    const [name] = (user?.args[0] ?? '').split(':');
    expect(name).not.toBe('');
    expect(name).not.toBe('root');
    expect(name).not.toBe('0');
    // Numeric, so Kubernetes can enforce runAsNonRoot without looking inside the image.
    expect(name).toMatch(/^\d+$/);
  });

  it('checks its health at /healthz', () => {
    const healthcheck = effective(dockerfile, component, 'HEALTHCHECK');
    expect(healthcheck, 'no HEALTHCHECK instruction').toBeDefined();
    expect(healthcheck?.args[0]).not.toBe('NONE');
    expect(healthcheck?.args.join(' ')).toContain('/healthz');
  });

  it('exposes the port it listens on and the chart uses', () => {
    const port = environmentOf(dockerfile, component).get('PORT');
    const exposed = chainInstructions(dockerfile, component)
      .filter((instruction) => instruction.keyword === 'EXPOSE')
      .flatMap((instruction) => instruction.args);
    expect(exposed).toEqual([port]);
    expect(Number(port)).toBe(chartValues[valuesKey[component]]?.port);
  });

  it('holds no development dependencies', () => {
    for (const instruction of chainInstructions(dockerfile, component)) {
      const where = `line ${instruction.line}: ${instruction.keyword} ${instruction.rest}`;
      if (instruction.keyword === 'RUN' && /\bnpm\s+(ci|install|i)\b/.test(instruction.rest)) {
        expect(instruction.rest, where).toMatch(/--omit[= ]dev/);
      }
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const from = instruction.flags.from;
        expect(from, `${where}: the runtime copies files only from build stages`).toBeDefined();
        const sources = instruction.args.slice(0, -1);
        // node_modules may come only from a bundle stage, which copies production packages alone.
        if (!isBundleStage(from as string)) {
          for (const source of sources) expect(source, where).not.toMatch(/node_modules/);
        }
      }
    }
  });

  it('starts the bundled service with plain node', () => {
    const command = effective(dockerfile, component, 'CMD');
    expect(command?.execForm).toBe(true);
    expect(command?.args[0]).toBe('node');
    expect(command?.args.at(-1)).toBe('main.mjs');
  });
});

describe('build stage', () => {
  it('copies every workspace manifest before npm ci', () => {
    const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const build = dockerfile.stages.find((stage) => stage.name === 'build');
    const npmCi =
      build?.instructions.findIndex((instruction) => /\bnpm ci\b/.test(instruction.rest)) ?? -1;
    expect(npmCi).toBeGreaterThan(0);
    const copied = (build?.instructions ?? [])
      .slice(0, npmCi)
      .filter((instruction) => instruction.keyword === 'COPY')
      .flatMap((instruction) => instruction.args.slice(0, -1));
    for (const workspace of rootPackage.workspaces)
      expect(copied).toContain(`${workspace}/package.json`);
    expect(copied).toContain('package-lock.json');
  });
});
