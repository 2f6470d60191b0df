import * as models from 'kubernetes-models';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHelm } from '../scripts/helm.mjs';
import { typeCheckObjects } from './strict-types';
import {
  at,
  CLUSTER_NAMES,
  CLUSTERS,
  chartDir,
  helm,
  type KubernetesObject,
  named,
  ofKind,
  render,
  SERVICES,
} from './support';

// Groups whose objects are checked by their own tests (dapr.test.ts, kafka.test.ts, and the
// ServiceMonitor test below).
const CUSTOM_GROUPS = ['dapr.io', 'kafka.strimzi.io', 'monitoring.coreos.com'];

// Components that serve /metrics, as fehrist.metricsComponents in _helpers.tpl lists them.
const METRICS_COMPONENTS = ['sync-api', 'notifier', 'agent'];

type ModelClass = new (data: unknown) => { validate(): void };

/** Returns the kubernetes-models class of an object, such as models.apps.v1.Deployment. */
function modelClassOf(object: KubernetesObject): ModelClass | undefined {
  const [group, version] = object.apiVersion.includes('/')
    ? (object.apiVersion.split('/') as [string, string])
    : ['', object.apiVersion];
  const groupKey = group.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase());
  const byVersion = (group === '' ? models : at(models, groupKey)) as Record<string, unknown>;
  return at<ModelClass | undefined>(byVersion, version, object.kind);
}

function isBuiltIn(object: KubernetesObject): boolean {
  return !CUSTOM_GROUPS.some((group) => object.apiVersion.startsWith(`${group}/`));
}

interface PodOwner {
  owner: KubernetesObject;
  pod: Record<string, unknown>;
}

/** Returns the pod specs of Deployments, StatefulSets and bare Pods, each with its owner. */
function podSpecs(objects: KubernetesObject[]): PodOwner[] {
  return objects.flatMap((object) => {
    if (object.kind === 'Pod') return [{ owner: object, pod: at(object, 'spec') }];
    if (object.kind === 'Deployment' || object.kind === 'StatefulSet') {
      return [{ owner: object, pod: at(object, 'spec', 'template', 'spec') }];
    }
    return [];
  });
}

describe('helm lint', () => {
  it.each(CLUSTER_NAMES)('passes with values-%s.yaml', async (cluster) => {
    const binary = await helm();
    const output = runHelm(binary, [
      'lint',
      chartDir,
      '--strict',
      '--kube-version',
      '1.31.0',
      ...CLUSTERS[cluster].valuesFiles.flatMap((file) => ['--values', `${chartDir}/${file}`]),
    ]);
    expect(output).toContain('0 chart(s) failed');
  });
});

describe.each(CLUSTER_NAMES)('chart rendered for %s', (cluster) => {
  let objects: KubernetesObject[];
  beforeAll(async () => {
    objects = await render(CLUSTERS[cluster]);
  });

  it('renders every service with its Service and ConfigMap', () => {
    for (const { component } of SERVICES) {
      expect(named(objects, 'Deployment', `fehrist-${component}`)).toBeDefined();
      expect(named(objects, 'Service', `fehrist-${component}`)).toBeDefined();
      expect(named(objects, 'ConfigMap', `fehrist-${component}`)).toBeDefined();
    }
    expect(ofKind(objects, 'Ingress')).toHaveLength(1);
  });

  it('validates against the Kubernetes schemas', () => {
    const failures: string[] = [];
    for (const object of objects.filter(isBuiltIn)) {
      const Model = modelClassOf(object);
      if (!Model) {
        failures.push(`${object.apiVersion} ${object.kind} has no kubernetes-models class`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (error) {
        failures.push(`${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has no fields the Kubernetes types lack', () => {
    const diagnostics = typeCheckObjects(objects.filter(isBuiltIn), cluster);
    expect(diagnostics).toBe('');
  });

  it('runs every container as non-root with a read-only root', () => {
    const pods = podSpecs(objects);
    expect(pods.length).toBeGreaterThanOrEqual(SERVICES.length);
    for (const { owner, pod } of pods) {
      const where = `${owner.kind} ${owner.metadata.name}`;
      expect(at(pod, 'securityContext', 'runAsNonRoot'), where).toBe(true);
      expect(at(pod, 'securityContext', 'seccompProfile', 'type'), where).toBe('RuntimeDefault');
      for (const container of at<Record<string, unknown>[]>(pod, 'containers')) {
        const context = at<Record<string, unknown>>(container, 'securityContext');
        expect(at(context, 'readOnlyRootFilesystem'), where).toBe(true);
        expect(at(context, 'allowPrivilegeEscalation'), where).toBe(false);
        expect(at(context, 'capabilities', 'drop'), where).toEqual(['ALL']);
      }
    }
  });

  it('gives each service a writable /tmp, probes and resources', () => {
    for (const { component } of SERVICES) {
      const pod = at(
        named(objects, 'Deployment', `fehrist-${component}`),
        'spec',
        'template',
        'spec',
      );
      const [container] = at<Record<string, unknown>[]>(pod, 'containers');
      const tmp = at<{ name: string; mountPath: string }[]>(container, 'volumeMounts').find(
        (mount) => mount.mountPath === '/tmp',
      );
      expect(tmp, component).toBeDefined();
      const volume = at<{ name: string; emptyDir?: unknown }[]>(pod, 'volumes').find(
        (item) => item.name === tmp?.name,
      );
      expect(volume?.emptyDir, component).toBeDefined();
      expect(at(container, 'readinessProbe', 'httpGet', 'path'), component).toBe('/readyz');
      expect(at(container, 'livenessProbe', 'httpGet', 'path'), component).toBe('/healthz');
      expect(at(container, 'startupProbe', 'httpGet', 'path'), component).toBe('/healthz');
      expect(at(container, 'resources', 'limits', 'memory'), component).toBeDefined();
      expect(at(container, 'resources', 'requests', 'cpu'), component).toBeDefined();
    }
  });

  it('annotates each pod for its Dapr sidecar', () => {
    const [configuration] = ofKind(objects, 'Configuration');
    for (const { component, appId } of SERVICES) {
      const deployment = named(objects, 'Deployment', `fehrist-${component}`);
      const annotations = at<Record<string, string>>(
        deployment,
        'spec',
        'template',
        'metadata',
        'annotations',
      );
      const port = at<number>(
        deployment,
        'spec',
        'template',
        'spec',
        'containers',
        0,
        'ports',
        0,
        'containerPort',
      );
      expect(annotations['dapr.io/enabled'], component).toBe('true');
      expect(annotations['dapr.io/app-id'], component).toBe(appId);
      expect(annotations['dapr.io/app-port'], component).toBe(String(port));
      expect(annotations['dapr.io/config'], component).toBe(configuration?.metadata.name);
      expect(annotations['dapr.io/app-health-check-path'], component).toBe('/healthz');
    }
  });

  it('points each Service at its pods and port', () => {
    for (const service of ofKind(objects, 'Service')) {
      const selector = at<Record<string, string>>(service, 'spec', 'selector');
      const owners = podSpecs(objects).filter(({ owner }) => {
        const labels =
          at<Record<string, string>>(owner, 'spec', 'template', 'metadata', 'labels') ?? {};
        return Object.entries(selector).every(([key, value]) => labels[key] === value);
      });
      expect(owners, service.metadata.name).toHaveLength(1);
      const portNames = at<{ name?: string }[]>(owners[0]?.pod, 'containers', 0, 'ports').map(
        (port) => port.name,
      );
      for (const port of at<{ targetPort: string | number }[]>(service, 'spec', 'ports')) {
        if (typeof port.targetPort === 'string') expect(portNames).toContain(port.targetPort);
      }
    }
  });

  it('matches each PodDisruptionBudget and autoscaler to a Deployment', () => {
    for (const budget of ofKind(objects, 'PodDisruptionBudget')) {
      const selector = at<Record<string, string>>(budget, 'spec', 'selector', 'matchLabels');
      const matching = ofKind(objects, 'Deployment').filter((deployment) => {
        const labels = at<Record<string, string>>(
          deployment,
          'spec',
          'template',
          'metadata',
          'labels',
        );
        return Object.entries(selector).every(([key, value]) => labels[key] === value);
      });
      expect(matching, budget.metadata.name).toHaveLength(1);
      const replicas = at<number | undefined>(matching[0], 'spec', 'replicas');
      const autoscaler = ofKind(objects, 'HorizontalPodAutoscaler').find(
        (item) => at(item, 'spec', 'scaleTargetRef', 'name') === matching[0]?.metadata.name,
      );
      const minimum = autoscaler ? at<number>(autoscaler, 'spec', 'minReplicas') : replicas;
      // A budget that allows no disruption at all would block every node drain.
      expect(minimum, budget.metadata.name).toBeGreaterThan(
        at<number>(budget, 'spec', 'minAvailable'),
      );
    }
    for (const autoscaler of ofKind(objects, 'HorizontalPodAutoscaler')) {
      const target = named(objects, 'Deployment', at(autoscaler, 'spec', 'scaleTargetRef', 'name'));
      expect(at(target, 'spec', 'replicas'), autoscaler.metadata.name).toBeUndefined();
    }
  });

  it('lets the agent accept the tokens sync-api issues', () => {
    const syncApi = at<Record<string, string>>(
      named(objects, 'ConfigMap', 'fehrist-sync-api'),
      'data',
    );
    const agent = at<Record<string, string>>(named(objects, 'ConfigMap', 'fehrist-agent'), 'data');
    expect(agent.JWT_ISSUER).toBe(syncApi.PUBLIC_URL);
    expect(agent.JWT_AUDIENCE).toBe(syncApi.JWT_AUDIENCE);
    expect(agent.JWKS_URL).toBe(`${agent.SYNC_API_URL}/api/auth/jwks`);
  });

  it('writes numbers in ConfigMaps as plain integers', () => {
    for (const configMap of ofKind(objects, 'ConfigMap')) {
      for (const [key, value] of Object.entries(at<Record<string, string>>(configMap, 'data'))) {
        // Helm prints large numbers from values files as floats such as 1e+06.
        expect(value, `${configMap.metadata.name} ${key}`).not.toMatch(/^\d+(\.\d+)?e\+\d+$/);
      }
    }
  });
});

describe('ingress routes', () => {
  /**
   * Picks the backend the way ingress-nginx does with use-regex: every path is a
   * case-insensitive regular expression anchored at the start, longer paths tried first.
   */
  function routeOf(ingress: KubernetesObject, path: string): string | undefined {
    const paths = at<{ path: string; backend: { service: { name: string } } }[]>(
      ingress,
      'spec',
      'rules',
      0,
      'http',
      'paths',
    );
    const ordered = [...paths].sort((a, b) => b.path.length - a.path.length);
    const match = ordered.find((item) => new RegExp(`^${item.path}`, 'i').test(path));
    return match?.backend.service.name;
  }

  const cases = [
    ['/', 'fehrist-sync-api'],
    ['/assets/index-abc123.js', 'fehrist-sync-api'],
    ['/api/auth/sign-in/email', 'fehrist-sync-api'],
    ['/api/user-1/tasks', 'fehrist-sync-api'],
    ['/api/user-1/sync/push', 'fehrist-sync-api'],
    ['/api/user-1/chatter', 'fehrist-sync-api'],
    ['/api/chatkit', 'fehrist-agent'],
    ['/api/user-1/chat', 'fehrist-agent'],
    ['/mcp', 'fehrist-agent'],
    ['/api/user-1/activity', 'fehrist-audit'],
    ['/api/user-1/tasks/5b0c/history', 'fehrist-audit'],
    ['/api/user-1/tasks/5b0c', 'fehrist-sync-api'],
    ['/api/user-1/tasks/5b0c/complete', 'fehrist-sync-api'],
    ['/api/user-1/activity-log', 'fehrist-sync-api'],
  ] as const;

  it.each(CLUSTER_NAMES)(
    'send the agent and the audit service their paths on %s',
    async (cluster) => {
      const [ingress] = ofKind(await render(CLUSTERS[cluster]), 'Ingress');
      expect(at(ingress, 'metadata', 'annotations', 'nginx.ingress.kubernetes.io/use-regex')).toBe(
        'true',
      );
      for (const [path, backend] of cases) {
        expect(routeOf(ingress as KubernetesObject, path), path).toBe(backend);
      }
    },
  );

  it('uses TLS from cert-manager on DOKS', async () => {
    const [ingress] = ofKind(await render(CLUSTERS.doks), 'Ingress');
    expect(at(ingress, 'spec', 'tls', 0, 'secretName')).toBe('fehrist-tls');
    expect(at(ingress, 'metadata', 'annotations', 'cert-manager.io/cluster-issuer')).toBeDefined();
  });
});

describe('chart options', () => {
  it('creates the Secret when no existing one is named', async () => {
    const objects = await render({
      valuesFiles: [],
      set: [
        'secrets.databaseUrl=postgres://fehrist@db.example.com/fehrist',
        'secrets.vapidPublicKey=public',
        'secrets.vapidPrivateKey=private',
      ],
    });
    const secret = named(objects, 'Secret', 'fehrist-secrets');
    expect(Object.keys(at(secret, 'stringData'))).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'BETTER_AUTH_SECRET',
        'VAPID_PUBLIC_KEY',
        'VAPID_PRIVATE_KEY',
      ]),
    );
    expect(at<string>(secret, 'stringData', 'BETTER_AUTH_SECRET').length).toBeGreaterThanOrEqual(
      32,
    );
  });

  it('refuses to render without VAPID keys', async () => {
    const binary = await helm();
    expect(() =>
      runHelm(binary, [
        'template',
        'fehrist',
        chartDir,
        '--kube-version',
        '1.31.0',
        '--set',
        'secrets.databaseUrl=postgres://a@b/c',
      ]),
    ).toThrow(/vapidPublicKey is required/);
  });

  it('uses the existing Secret everywhere when one is named', async () => {
    const objects = await render(CLUSTERS.doks);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const names = new Set<string>();
    JSON.stringify(objects, (key, value) => {
      if (key === 'secretKeyRef') names.add((value as { name: string }).name);
      return value;
    });
    expect([...names]).toEqual(['fehrist-secrets']);
  });

  it('sends events straight to Kafka without Dapr', async () => {
    const objects = await render({
      valuesFiles: ['values-minikube.yaml'],
      set: ['dapr.enabled=false'],
    });
    expect(objects.filter((object) => object.apiVersion.startsWith('dapr.io/'))).toEqual([]);
    const data = at<Record<string, string>>(
      named(objects, 'ConfigMap', 'fehrist-notifier'),
      'data',
    );
    expect(data.EVENT_TRANSPORT).toBe('kafka');
    expect(data.REMINDER_SCHEDULER).toBe('builtin');
    expect(data.KAFKA_BROKERS).toContain(':9092');
    const agent = at<Record<string, string>>(named(objects, 'ConfigMap', 'fehrist-agent'), 'data');
    expect(agent.SYNC_API_URL).toBe('http://fehrist-sync-api:8080');
  });

  it.each(CLUSTER_NAMES)('adds no Prometheus scraping by default on %s', async (cluster) => {
    const objects = await render(CLUSTERS[cluster]);

    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
    for (const deployment of ofKind(objects, 'Deployment')) {
      const annotations = at<Record<string, string>>(
        deployment,
        'spec',
        'template',
        'metadata',
        'annotations',
      );
      expect(annotations['prometheus.io/scrape'], deployment.metadata.name).toBeUndefined();
    }
  });

  it('annotates the pods for Prometheus when asked', async () => {
    const objects = await render({
      valuesFiles: ['values-minikube.yaml'],
      set: ['metrics.scrapeAnnotations=true'],
    });

    for (const component of METRICS_COMPONENTS) {
      const template = at(named(objects, 'Deployment', `fehrist-${component}`), 'spec', 'template');
      const annotations = at<Record<string, string>>(template, 'metadata', 'annotations');
      const port = at<number>(template, 'spec', 'containers', 0, 'ports', 0, 'containerPort');
      expect(annotations['prometheus.io/scrape'], component).toBe('true');
      expect(annotations['prometheus.io/port'], component).toBe(String(port));
      expect(annotations['prometheus.io/path'], component).toBe('/metrics');
      // The sidecar's own metrics port must not be what the annotations point at.
      expect(annotations['prometheus.io/port'], component).not.toBe(
        annotations['dapr.io/metrics-port'],
      );
    }
  });

  it('renders a ServiceMonitor for each service when asked', async () => {
    const objects = await render({
      valuesFiles: ['values-doks.yaml'],
      set: [
        'metrics.serviceMonitor.enabled=true',
        'metrics.serviceMonitor.labels.release=kube-prometheus-stack',
      ],
    });
    const monitors = ofKind(objects, 'ServiceMonitor');

    expect(monitors.map((monitor) => monitor.metadata.name).sort()).toEqual(
      METRICS_COMPONENTS.map((component) => `fehrist-${component}`).sort(),
    );
    for (const monitor of monitors) {
      const name = monitor.metadata.name;
      expect(monitor.apiVersion, name).toBe('monitoring.coreos.com/v1');
      expect(monitor.metadata.labels?.release, name).toBe('kube-prometheus-stack');
      const selector = at<Record<string, string>>(monitor, 'spec', 'selector', 'matchLabels');
      const services = ofKind(objects, 'Service').filter((service) =>
        Object.entries(selector).every(([key, value]) => service.metadata.labels?.[key] === value),
      );
      expect(
        services.map((service) => service.metadata.name),
        name,
      ).toEqual([name]);
      const endpoints = at<{ port: string; path: string; interval: string }[]>(
        monitor,
        'spec',
        'endpoints',
      );
      const portNames = at<{ name: string }[]>(services[0], 'spec', 'ports').map(
        (port) => port.name,
      );
      expect(endpoints, name).toHaveLength(1);
      expect(portNames, name).toContain(endpoints[0]?.port);
      expect(endpoints[0]?.path, name).toBe('/metrics');
      expect(endpoints[0]?.interval, name).toMatch(/^\d+[smh]$/);
    }
  });
});
