import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTERS, type KubernetesObject, readManifests, render, repoRoot } from './support';

const RUNBOOKS = ['deploy/minikube/README.md', 'deploy/doks/README.md'];

/** Lines of the fenced block after the "Day-two operations" heading. */
function dayTwoPrompts(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const section = text.split(/^## Day-two operations.*$/m)[1] ?? '';
  const block = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '');
}

// Kinds named in the prompts, as written there, and the Kubernetes kinds they mean.
const KIND_WORDS: Record<string, string> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  configmap: 'ConfigMap',
  service: 'Service',
  ingress: 'Ingress',
  poddisruptionbudget: 'PodDisruptionBudget',
  'horizontal pod autoscalers': 'HorizontalPodAutoscaler',
  subscriptions: 'Subscription',
  subscription: 'Subscription',
  component: 'Component',
  components: 'Component',
  KafkaTopics: 'KafkaTopic',
};

// Objects that the runbooks create outside the chart: the app Secret (kubectl) and the TLS
// Secret and Certificate (cert-manager, named after the chart's ingress.tls.secretName).
const CREATED_OUTSIDE_THE_CHART = ['Secret fehrist-secrets', 'Certificate fehrist-tls'];
// Hyphenated words in the prompts that are not object names.
const NOT_NAMES = new Set(['dead-letter', 'k8s-agent', 'kubectl-ai']);

async function knownObjects(): Promise<KubernetesObject[]> {
  return [
    ...(await render(CLUSTERS.minikube)),
    ...(await render(CLUSTERS.doks)),
    ...readManifests('deploy/kafka/minikube/kafka.yaml'),
    ...readManifests('deploy/kafka/topics.yaml'),
  ];
}

describe.each(RUNBOOKS)('day-two prompts of %s', (file) => {
  it('name objects that the setup creates', async () => {
    const prompts = dayTwoPrompts(file);
    expect(prompts.length).toBeGreaterThanOrEqual(5);
    const objects = await knownObjects();
    const known = new Set([
      ...objects.map((object) => `${object.kind} ${object.metadata.name}`),
      ...CREATED_OUTSIDE_THE_CHART,
    ]);
    const names = new Set([...known].map((entry) => entry.split(' ')[1]));
    names.add('fehrist');

    const unknown: string[] = [];
    for (const prompt of prompts) {
      expect(prompt, 'each prompt is a kubectl-ai or kagent command').toMatch(
        /^(kubectl-ai|kagent invoke) /,
      );
      for (const word of prompt.match(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g) ?? []) {
        if (!NOT_NAMES.has(word) && !names.has(word)) unknown.push(`${word} in: ${prompt}`);
      }
      // "deployment fehrist-notifier", "components pubsub, pubsub-pokes and statestore"
      for (const [words, kind] of Object.entries(KIND_WORDS)) {
        const pattern = new RegExp(`\\b${words} ((?:[a-z0-9-]+(?:, | and )?)+)`, 'g');
        for (const match of prompt.matchAll(pattern)) {
          // The list ends at the first plain word that is not a name, as in "statestore and the".
          for (const name of (match[1] ?? '').split(/, and |, | and /)) {
            const isName = known.has(`${kind} ${name}`);
            if (!isName && name.includes('-')) unknown.push(`${kind} ${name} in: ${prompt}`);
            if (!isName) break;
          }
        }
      }
    }
    expect(unknown).toEqual([]);
  });
});
