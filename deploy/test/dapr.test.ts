import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@fehrist/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeFor as auditRouteFor } from '../../audit/src/events/dapr-subscriber';
import { DAPR_TEMPLATES, renderDaprTemplate } from '../../dapr/render-components.mjs';
import { routeFor as notifierRouteFor } from '../../notifier/src/events/dapr-subscriber';
import { DaprEventTransport } from '../../sync-api/src/events/dapr-transport';
import { checkComponent, checkResiliency, checkSubscription } from './dapr-checks';
import {
  at,
  CLUSTER_NAMES,
  CLUSTERS,
  type KubernetesObject,
  ofKind,
  type RenderVariant,
  readManifests,
  render,
  repoRoot,
  SERVICES,
} from './support';

const APP_IDS = SERVICES.map((service) => service.appId);

// Managed Kafka, as deploy/doks/README.md describes it: SASL password and a private CA.
const MANAGED_KAFKA: RenderVariant = {
  valuesFiles: ['values-doks.yaml'],
  set: [
    'kafka.brokers=kafka-abc.db.ondigitalocean.com:25073',
    'kafka.auth.type=password',
    'kafka.auth.saslUsername=fehrist',
    'kafka.tls.enabled=true',
    'kafka.tls.caCertKey=KAFKA_CA_CERT',
  ],
};

const VARIANTS: [string, RenderVariant][] = [
  ...CLUSTER_NAMES.map((name): [string, RenderVariant] => [name, CLUSTERS[name]]),
  ['managed Kafka', MANAGED_KAFKA],
];

function daprObjects(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.filter((object) => object.apiVersion.startsWith('dapr.io/'));
}

function readLocalResources(): KubernetesObject[] {
  const dir = join('dapr', 'local', 'resources');
  return readdirSync(join(repoRoot, dir))
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => readManifests(join(dir, file)));
}

/** Returns problems of the subscriptions against the components and the domain's topics. */
function checkSubscriptionWiring(objects: KubernetesObject[]): string[] {
  const problems: string[] = [];
  const components = ofKind(objects, 'Component');
  const topics = Object.values(TOPICS) as string[];
  for (const subscription of ofKind(objects, 'Subscription')) {
    const where = `Subscription ${subscription.metadata.name}`;
    const topic = at<string>(subscription, 'spec', 'topic');
    if (!topics.includes(topic))
      problems.push(`${where}: topic ${topic} is not one of ${topics.join(', ')}`);
    const pubsub = components.find(
      (component) => component.metadata.name === at(subscription, 'spec', 'pubsubname'),
    );
    if (!pubsub || !at<string>(pubsub, 'spec', 'type').startsWith('pubsub.')) {
      problems.push(
        `${where}: pubsubname ${String(at(subscription, 'spec', 'pubsubname'))} is no pub/sub component`,
      );
      continue;
    }
    for (const appId of at<string[]>(subscription, 'scopes')) {
      if (!at<string[]>(pubsub, 'scopes')?.includes(appId)) {
        problems.push(
          `${where}: app ${appId} is outside the scopes of component ${pubsub.metadata.name}`,
        );
      }
    }
  }
  return problems;
}

describe.each(VARIANTS)('Dapr resources of the chart (%s)', (_label, variant) => {
  let objects: KubernetesObject[];
  beforeAll(async () => {
    objects = daprObjects(await render(variant));
  });

  it('give every component the metadata its type requires', () => {
    const components = ofKind(objects, 'Component');
    expect(components.map((component) => at(component, 'spec', 'type')).sort()).toEqual([
      'pubsub.kafka',
      'pubsub.kafka',
      'secretstores.kubernetes',
      'state.postgresql',
    ]);
    expect(components.flatMap(checkComponent)).toEqual([]);
  });

  it('subscribe with dead-letter topics to the domain topics', () => {
    const subscriptions = ofKind(objects, 'Subscription');
    expect(subscriptions).toHaveLength(4);
    expect(subscriptions.flatMap(checkSubscription)).toEqual([]);
    expect(checkSubscriptionWiring(objects)).toEqual([]);
  });

  it('have a resiliency policy whose targets exist', () => {
    const [resiliency] = ofKind(objects, 'Resiliency');
    expect(resiliency).toBeDefined();
    expect(
      checkResiliency(resiliency as KubernetesObject, ofKind(objects, 'Component'), APP_IDS),
    ).toEqual([]);
    expect(at(resiliency, 'spec', 'policies', 'retries', 'delivery', 'policy')).toBe('exponential');
    expect(at(resiliency, 'spec', 'targets', 'components', 'pubsub', 'inbound', 'retry')).toBe(
      'delivery',
    );
  });

  it('keep the scheduler features in the Configuration', () => {
    const [configuration] = ofKind(objects, 'Configuration');
    expect(at(configuration, 'spec', 'features')).toContainEqual({
      name: 'SchedulerReminders',
      enabled: true,
    });
  });
});

describe('Kafka pub/sub components', () => {
  it('reach managed Kafka with SASL and a CA certificate', async () => {
    const components = ofKind(daprObjects(await render(MANAGED_KAFKA)), 'Component');
    const pubsub = components.find((component) => component.metadata.name === 'pubsub');
    const fields = at<{ name: string; value?: string; secretKeyRef?: unknown }[]>(
      pubsub,
      'spec',
      'metadata',
    );
    const byName = new Map(fields.map((field) => [field.name, field]));
    expect(byName.get('authType')?.value).toBe('password');
    expect(byName.get('saslPassword')?.secretKeyRef).toEqual({
      name: 'fehrist-secrets',
      key: 'KAFKA_SASL_PASSWORD',
    });
    expect(byName.get('caCert')?.secretKeyRef).toEqual({
      name: 'fehrist-secrets',
      key: 'KAFKA_CA_CERT',
    });
    expect(byName.has('disableTls')).toBe(false);
  });

  it('give sync-api replicas a consumer group each for pokes', async () => {
    const components = ofKind(daprObjects(await render(CLUSTERS.doks)), 'Component');
    const consumerGroup = (name: string) =>
      at<{ name: string; value: string }[]>(
        components.find((component) => component.metadata.name === name),
        'spec',
        'metadata',
      ).find((field) => field.name === 'consumerGroup')?.value;
    expect(consumerGroup('pubsub')).toBe('{appID}');
    expect(consumerGroup('pubsub-pokes')).toBe('{podName}');
  });
});

describe('subscription routes', () => {
  it('match the paths the services serve', async () => {
    const subscriptions = ofKind(daprObjects(await render(CLUSTERS.doks)), 'Subscription');
    const routeOf = (appId: string, topic: string) =>
      at<string>(
        subscriptions.find(
          (subscription) =>
            at<string[]>(subscription, 'scopes').includes(appId) &&
            at(subscription, 'spec', 'topic') === topic,
        ),
        'spec',
        'routes',
        'default',
      );

    expect(routeOf('notifier', TOPICS.reminders)).toBe(notifierRouteFor(TOPICS.reminders));
    expect(routeOf('notifier', TOPICS.taskEvents)).toBe(notifierRouteFor(TOPICS.taskEvents));
    expect(routeOf('audit', TOPICS.taskEvents)).toBe(auditRouteFor(TOPICS.taskEvents));

    const transport = new DaprEventTransport({
      httpPort: 3500,
      pubsubName: 'pubsub',
      subscribePubsubName: 'pubsub-pokes',
    });
    await transport.subscribe(TOPICS.taskUpdates, 'pokes', async () => undefined);
    const [declared] = transport.subscriptions();
    expect(routeOf('sync-api', TOPICS.taskUpdates)).toBe(declared?.route);
  });
});

describe('dapr/ folder', () => {
  it.each(DAPR_TEMPLATES)('holds the chart render of $template', async ({ template, file }) => {
    const expected = await renderDaprTemplate(template);
    // Regenerate with `node dapr/render-components.mjs` when this fails after a chart change.
    expect(readManifests(file)).toEqual(expected);
  });

  it('holds local resources for dapr run', () => {
    const objects = readLocalResources();
    expect(ofKind(objects, 'Component').flatMap(checkComponent)).toEqual([]);
    expect(ofKind(objects, 'Subscription').flatMap(checkSubscription)).toEqual([]);
    expect(checkSubscriptionWiring(objects)).toEqual([]);
    const [resiliency] = ofKind(objects, 'Resiliency');
    expect(
      checkResiliency(resiliency as KubernetesObject, ofKind(objects, 'Component'), APP_IDS),
    ).toEqual([]);
    const types = ofKind(objects, 'Component').map((component) => at(component, 'spec', 'type'));
    expect(types).toContain('secretstores.local.file');
  });

  it('subscribes locally as on Kubernetes', async () => {
    const local = ofKind(readLocalResources(), 'Subscription');
    const cluster = ofKind(daprObjects(await render(CLUSTERS.minikube)), 'Subscription');
    const shape = (subscription: KubernetesObject) => ({
      name: subscription.metadata.name,
      spec: subscription.spec,
      scopes: subscription.scopes,
    });
    expect(local.map(shape)).toEqual(cluster.map(shape));
  });

  it('applies the chart resiliency policy locally', async () => {
    const [local] = ofKind(readLocalResources(), 'Resiliency');
    const [cluster] = await renderDaprTemplate('templates/dapr/resiliency.yaml');
    expect(at(local, 'spec')).toEqual(at(cluster, 'spec'));
  });
});
