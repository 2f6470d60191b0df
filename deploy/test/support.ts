// Shared by the deploy tests: Helm (built once from the Go module proxy), the chart's renders
// for each documented cluster, and small accessors for rendered objects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { chartDir, ensureHelm, renderChart, repoRoot } from '../scripts/helm.mjs';

export { chartDir, repoRoot };

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface RenderVariant {
  /** Values files relative to the chart folder. */
  valuesFiles: string[];
  /** `--set` pairs, after the values files. */
  set?: string[];
}

/** The two documented clusters; the tests render the chart for each. */
export const CLUSTERS = {
  minikube: { valuesFiles: ['values-minikube.yaml'] },
  doks: { valuesFiles: ['values-doks.yaml'] },
} satisfies Record<string, RenderVariant>;

export type ClusterName = keyof typeof CLUSTERS;
export const CLUSTER_NAMES = Object.keys(CLUSTERS) as ClusterName[];

let helmPath: Promise<string> | undefined;

/** Returns the path of the Helm binary, built into ~/.cache/fehrist/bin on first use. */
export function helm(): Promise<string> {
  helmPath ??= ensureHelm();
  return helmPath;
}

const renders = new Map<string, Promise<KubernetesObject[]>>();

/** Renders the chart with `variant` and returns its objects, each render once per test file. */
export function render(variant: RenderVariant): Promise<KubernetesObject[]> {
  const key = JSON.stringify(variant);
  let objects = renders.get(key);
  if (!objects) {
    objects = helm().then((binary) => parseManifests(renderChart(binary, variant)));
    renders.set(key, objects);
  }
  return objects;
}

/** Parses multi-document YAML into objects, dropping empty documents; throws on YAML errors. */
export function parseManifests(text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`invalid YAML: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    const value = document.toJS();
    if (value !== null && value !== undefined) objects.push(value as KubernetesObject);
  }
  return objects;
}

export function readManifests(path: string): KubernetesObject[] {
  return parseManifests(readFileSync(join(repoRoot, path), 'utf8'));
}

export function ofKind(objects: KubernetesObject[], kind: string): KubernetesObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects: KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) {
    const names = ofKind(objects, kind).map((object) => object.metadata.name);
    throw new Error(`no ${kind} named ${name}; rendered: ${names.join(', ') || 'none'}`);
  }
  return found;
}

/** Reads a nested field by path, such as at(deployment, 'spec', 'template', 'spec'). */
export function at<T = unknown>(value: unknown, ...path: (string | number)[]): T {
  let current: unknown = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined as T;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current as T;
}

/** The four services: chart component name, Dapr app id, workspace folder. */
export const SERVICES = [
  { component: 'sync-api', appId: 'sync-api', workspace: 'sync-api' },
  { component: 'notifier', appId: 'notifier', workspace: 'notifier' },
  { component: 'agent', appId: 'agent', workspace: 'agent' },
  { component: 'audit', appId: 'audit', workspace: 'audit' },
] as const;
