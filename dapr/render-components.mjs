// Writes dapr/components/ (Kubernetes) and dapr/local/resources/resiliency.yaml from the Helm
// chart's Dapr templates, so a cluster without Helm gets the same components:
//
//   node dapr/render-components.mjs
//
// The deploy tests fail when the files here differ from what the chart renders.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ensureHelm, renderChart, repoRoot } from '../deploy/scripts/helm.mjs';

/** Chart template, output file and the header that says where the file comes from. */
export const DAPR_TEMPLATES = [
  { template: 'templates/dapr/components.yaml', file: 'dapr/components/components.yaml' },
  { template: 'templates/dapr/subscriptions.yaml', file: 'dapr/components/subscriptions.yaml' },
  { template: 'templates/dapr/resiliency.yaml', file: 'dapr/components/resiliency.yaml' },
  { template: 'templates/dapr/configuration.yaml', file: 'dapr/components/configuration.yaml' },
];

// The release-independent values: the Secret the README tells you to create, no Helm labels.
const RENDER_SETTINGS = ['secrets.existingSecret=fehrist-secrets'];

/** Parses manifest text into objects without Helm's labels, which plain kubectl users lack. */
export function parseWithoutHelmLabels(text) {
  return parseAllDocuments(text)
    .map((document) => document.toJS())
    .filter((object) => object && typeof object === 'object')
    .map((object) => {
      const { labels: _labels, ...metadata } = object.metadata ?? {};
      return { ...object, metadata };
    });
}

/** Renders one Dapr template of the chart into plain objects. */
export async function renderDaprTemplate(template) {
  const helm = await ensureHelm();
  return parseWithoutHelmLabels(renderChart(helm, { set: RENDER_SETTINGS, showOnly: [template] }));
}

function header(template) {
  return [
    `# Generated from deploy/helm/fehrist/${template} by dapr/render-components.mjs, with the`,
    '# app Secret named fehrist-secrets. Edit the chart, then run that script again.',
    '# Apply with: kubectl apply -n <namespace> -f dapr/components/',
  ].join('\n');
}

async function main() {
  for (const { template, file } of DAPR_TEMPLATES) {
    const objects = await renderDaprTemplate(template);
    const body = objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
    writeFileSync(join(repoRoot, file), `${header(template)}\n${body}`);
    console.log(`wrote ${file}`);
  }

  // The local resiliency policy is the chart's, with the same app ids and component names.
  const [resiliency] = await renderDaprTemplate('templates/dapr/resiliency.yaml');
  const local = { ...resiliency, metadata: { name: 'fehrist' } };
  const localFile = 'dapr/local/resources/resiliency.yaml';
  writeFileSync(
    join(repoRoot, localFile),
    `${header('templates/dapr/resiliency.yaml').split('\n').slice(0, 2).join('\n')}\n${stringify(local, { lineWidth: 0 })}`,
  );
  console.log(`wrote ${localFile}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}
