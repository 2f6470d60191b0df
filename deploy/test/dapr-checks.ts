// Checks of Dapr resources against what their documentation requires. Dapr publishes no schema
// package for npm, so the rules are written from the reference pages of Dapr 1.15 and 1.16:
// the component spec, each component type's "Spec metadata fields" table, the Subscription
// v2alpha1 spec and the Resiliency spec.
import type { KubernetesObject } from './support';
import { at } from './support';

interface MetadataItem {
  name?: string;
  value?: unknown;
  secretKeyRef?: { name?: string; key?: string };
}

/** Metadata fields each component type requires; a function adds those that depend on others. */
const REQUIRED_METADATA: Record<string, (fields: Map<string, MetadataItem>) => string[]> = {
  'pubsub.kafka': (fields) => {
    const required = ['brokers', 'authType'];
    const authType = fields.get('authType')?.value;
    if (authType === 'password') required.push('saslUsername', 'saslPassword');
    if (authType === 'mtls') required.push('caCert', 'clientCert', 'clientKey');
    if (authType === 'oidc') required.push('oidcTokenEndpoint', 'oidcClientID', 'oidcClientSecret');
    return required;
  },
  'state.postgresql': () => ['connectionString'],
  'secretstores.kubernetes': () => [],
  'secretstores.local.file': () => ['secretsFile'],
};

const KAFKA_AUTH_TYPES = ['none', 'password', 'mtls', 'oidc', 'awsiam'];

/** Returns every problem of one Dapr Component, or an empty list. */
export function checkComponent(component: KubernetesObject): string[] {
  const name = component.metadata?.name;
  const where = `Component ${name}`;
  const problems: string[] = [];
  const type = at<string>(component, 'spec', 'type');
  const version = at<string>(component, 'spec', 'version');
  if (!name) problems.push('Component without metadata.name');
  if (!type) problems.push(`${where}: spec.type is missing`);
  if (!version) problems.push(`${where}: spec.version is missing`);

  const items = at<MetadataItem[] | undefined>(component, 'spec', 'metadata') ?? [];
  const fields = new Map<string, MetadataItem>();
  for (const item of items) {
    if (!item.name) {
      problems.push(`${where}: a metadata item has no name`);
      continue;
    }
    if (fields.has(item.name)) problems.push(`${where}: metadata ${item.name} is set twice`);
    fields.set(item.name, item);
    const hasValue = item.value !== undefined && item.value !== '';
    const reference = item.secretKeyRef;
    if (hasValue === Boolean(reference)) {
      problems.push(`${where}: metadata ${item.name} needs exactly one of value and secretKeyRef`);
    }
    if (reference && (!reference.name || !reference.key)) {
      problems.push(`${where}: metadata ${item.name} has a secretKeyRef without name or key`);
    }
  }

  const rule = type ? REQUIRED_METADATA[type] : undefined;
  if (type && !rule) problems.push(`${where}: no checks are written for type ${type}`);
  for (const field of rule?.(fields) ?? []) {
    if (!fields.has(field)) problems.push(`${where}: ${type} requires metadata ${field}`);
  }
  if (type === 'pubsub.kafka') {
    const authType = fields.get('authType')?.value;
    if (!KAFKA_AUTH_TYPES.includes(String(authType))) {
      problems.push(
        `${where}: authType ${String(authType)} is not one of ${KAFKA_AUTH_TYPES.join(', ')}`,
      );
    }
  }
  if (type === 'state.postgresql' && version !== 'v1' && version !== 'v2') {
    problems.push(`${where}: state.postgresql has versions v1 and v2, not ${version}`);
  }
  return problems;
}

/** Returns every problem of one v2alpha1 Subscription, or an empty list. */
export function checkSubscription(subscription: KubernetesObject): string[] {
  const where = `Subscription ${subscription.metadata?.name}`;
  const problems: string[] = [];
  if (subscription.apiVersion !== 'dapr.io/v2alpha1') {
    problems.push(`${where}: apiVersion is ${subscription.apiVersion}, not dapr.io/v2alpha1`);
  }
  for (const field of ['topic', 'pubsubname', 'deadLetterTopic']) {
    if (!at(subscription, 'spec', field)) problems.push(`${where}: spec.${field} is missing`);
  }
  const routes = at<{ default?: string; rules?: { path?: string }[] }>(
    subscription,
    'spec',
    'routes',
  );
  if (!routes || (!routes.default && !routes.rules?.length)) {
    problems.push(`${where}: spec.routes needs a default path or rules`);
  }
  for (const path of [routes?.default, ...(routes?.rules ?? []).map((rule) => rule.path)]) {
    if (path !== undefined && !path?.startsWith('/'))
      problems.push(`${where}: route ${path} must start with /`);
  }
  if (!at<string[]>(subscription, 'scopes')?.length) {
    problems.push(`${where}: scopes is empty, so every app would receive its events`);
  }
  return problems;
}

/** Returns problems of a Resiliency whose targets name policies, components or apps that do not exist. */
export function checkResiliency(
  resiliency: KubernetesObject,
  components: KubernetesObject[],
  appIds: string[],
): string[] {
  const where = `Resiliency ${resiliency.metadata?.name}`;
  const problems: string[] = [];
  const policies = at<Record<string, Record<string, unknown>>>(resiliency, 'spec', 'policies');
  const targets = at<Record<string, Record<string, unknown>>>(resiliency, 'spec', 'targets');
  if (!policies) problems.push(`${where}: spec.policies is missing`);
  if (!targets) problems.push(`${where}: spec.targets is missing`);

  for (const [name, retry] of Object.entries(policies?.retries ?? {})) {
    const policy = at<string>(retry, 'policy') ?? 'constant';
    if (policy !== 'constant' && policy !== 'exponential') {
      problems.push(`${where}: retry ${name} has policy ${policy}`);
    }
  }

  const checkReferences = (target: unknown, label: string) => {
    const references: [string, string][] = [
      ['timeout', 'timeouts'],
      ['retry', 'retries'],
      ['circuitBreaker', 'circuitBreakers'],
    ];
    for (const [field, section] of references) {
      const name = at<string | undefined>(target, field);
      if (name !== undefined && !at(policies, section, name)) {
        problems.push(
          `${where}: ${label} uses ${field} ${name}, which spec.policies.${section} lacks`,
        );
      }
    }
  };

  const componentNames = new Set(components.map((component) => component.metadata.name));
  for (const [name, target] of Object.entries(
    at<Record<string, unknown>>(targets, 'components') ?? {},
  )) {
    if (!componentNames.has(name))
      problems.push(`${where}: targets component ${name}, which does not exist`);
    for (const direction of ['inbound', 'outbound']) {
      const directed = at(target, direction);
      if (directed !== undefined) checkReferences(directed, `component ${name} ${direction}`);
    }
  }
  for (const [name, target] of Object.entries(at<Record<string, unknown>>(targets, 'apps') ?? {})) {
    if (!appIds.includes(name))
      problems.push(`${where}: targets app ${name}, which is not a Fehrist app id`);
    checkReferences(target, `app ${name}`);
  }
  return problems;
}
