// .spec-kit/config.yaml names real folders, specs and code, and every feature spec belongs to
// a phase.

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { pathExists, readRepoFile, repoFiles } from './support/repo';

const CONFIG = '.spec-kit/config.yaml';

interface Feature {
  id: string;
  spec: string;
  code?: string[];
}

interface SpecKitConfig {
  specs_dir: string;
  constitution: string;
  overview: string;
  architecture: string;
  folders: Record<string, string>;
  guides: Record<string, string>;
  phases: { id: string; name: string; features: Feature[] }[];
}

const config = parseYaml(readRepoFile(CONFIG)) as SpecKitConfig;
const features = config.phases.flatMap((phase) => phase.features);

describe('spec-kit config', () => {
  it('names the five phases in order', () => {
    expect(config.phases.map((phase) => phase.id)).toEqual([
      'basics',
      'full-stack',
      'chatbot',
      'local-kubernetes',
      'cloud-events',
    ]);
  });

  it('names existing documents and folders', () => {
    const paths = [
      config.specs_dir,
      config.constitution,
      config.overview,
      config.architecture,
      ...Object.values(config.folders),
      ...Object.values(config.guides),
    ];
    expect(paths.filter((path) => !pathExists(path))).toEqual([]);
  });

  it('gives each feature a unique id', () => {
    const ids = features.map((feature) => feature.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('names an existing spec and code for each feature', () => {
    const missing = features.flatMap((feature) =>
      [feature.spec, ...(feature.code ?? [])]
        .filter((path) => !pathExists(path))
        .map((path) => `${feature.id}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('puts every feature spec in a phase', () => {
    const specs = new Set(features.map((feature) => feature.spec));
    const orphans = repoFiles().filter(
      (file) => /^specs\/features\/[^/]+\.md$/.test(file) && !specs.has(file),
    );
    expect(orphans, `feature specs that no phase of ${CONFIG} names`).toEqual([]);
  });
});
