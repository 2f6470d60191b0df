import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import {
  at,
  CLUSTER_NAMES,
  CLUSTERS,
  type KubernetesObject,
  named,
  type RenderVariant,
  render,
  repoRoot,
  SERVICES,
} from './support';

type Service = (typeof SERVICES)[number];

interface AllowedUnset {
  /** Why the chart leaves the variable unset in the documented clusters. */
  reason: string;
  /** `--set` pairs under which the chart does set it; checked below. */
  setWhen?: string[];
}

// Variables the services read that the chart deliberately leaves unset for Minikube and DOKS.
// Every other variable of a service's ConfigSchema must be set there.
const KAFKA_WITHOUT_DAPR: AllowedUnset = {
  // With Dapr, events go through the sidecar; without it, through kafkajs with these.
  reason: 'read only by the kafkajs transport, which the chart uses when dapr.enabled is false',
  setWhen: ['dapr.enabled=false'],
};
const INJECTED_BY_DAPR: AllowedUnset = {
  // The Dapr sidecar injector adds DAPR_HTTP_PORT to every container of an annotated pod.
  reason: 'set in the pod by the Dapr sidecar injector',
};
const DAPR_API_TOKEN: AllowedUnset = {
  reason: 'only when the sidecar API is protected by a token Secret',
  setWhen: ['dapr.apiTokenSecret=fehrist-dapr-api-token'],
};
const APP_API_TOKEN: AllowedUnset = {
  reason: 'only when the sidecar must present a token to the app',
  setWhen: ['dapr.appTokenSecret=fehrist-app-api-token'],
};
const ALLOWED_UNSET: Record<Service['component'], Record<string, AllowedUnset>> = {
  'sync-api': {
    KAFKA_BROKERS: KAFKA_WITHOUT_DAPR,
    KAFKA_CLIENT_ID: KAFKA_WITHOUT_DAPR,
    KAFKA_TOPIC_PREFIX: KAFKA_WITHOUT_DAPR,
    KAFKA_PARTITIONS: KAFKA_WITHOUT_DAPR,
    KAFKA_REPLICATION_FACTOR: KAFKA_WITHOUT_DAPR,
    DAPR_HTTP_PORT: INJECTED_BY_DAPR,
    DAPR_API_TOKEN,
    APP_API_TOKEN,
  },
  notifier: {
    KAFKA_BROKERS: KAFKA_WITHOUT_DAPR,
    KAFKA_CLIENT_ID: KAFKA_WITHOUT_DAPR,
    KAFKA_TOPIC_PREFIX: KAFKA_WITHOUT_DAPR,
    KAFKA_PARTITIONS: KAFKA_WITHOUT_DAPR,
    KAFKA_REPLICATION_FACTOR: KAFKA_WITHOUT_DAPR,
    DAPR_HTTP_PORT: INJECTED_BY_DAPR,
    DAPR_API_TOKEN,
    APP_API_TOKEN,
  },
  audit: {
    KAFKA_BROKERS: KAFKA_WITHOUT_DAPR,
    KAFKA_CLIENT_ID: KAFKA_WITHOUT_DAPR,
    KAFKA_TOPIC_PREFIX: KAFKA_WITHOUT_DAPR,
    KAFKA_PARTITIONS: KAFKA_WITHOUT_DAPR,
    KAFKA_REPLICATION_FACTOR: KAFKA_WITHOUT_DAPR,
    DAPR_HTTP_PORT: INJECTED_BY_DAPR,
    APP_API_TOKEN,
    AUDIT_RETENTION_DAYS: {
      reason: 'unset keeps the whole history, the default',
      setWhen: ['audit.retentionDays=365'],
    },
  },
  agent: {
    DAPR_HTTP_PORT: INJECTED_BY_DAPR,
    OPENAI_BASE_URL: {
      reason: 'OpenAI itself needs no base URL; set for an OpenAI-compatible server',
      setWhen: ['agent.openaiBaseUrl=http://llm.example.com/v1'],
    },
  },
};

// Variables the chart sets that are read outside the config schema.
const READ_OUTSIDE_SCHEMA = new Set([
  // Each service's pino logger reads it when the module loads.
  'LOG_LEVEL',
]);

interface ZodObjectLike {
  shape: Record<string, unknown>;
  safeParse(input: unknown): {
    success: boolean;
    error?: { issues: { path: unknown[]; message: string }[] };
  };
}

/** Imports `<workspace>/src/config.ts` and returns its exported ConfigSchema; throws a clear error without one. */
async function loadConfigSchema(service: Service): Promise<ZodObjectLike> {
  const file = join(repoRoot, service.workspace, 'src', 'config.ts');
  if (!existsSync(file)) {
    throw new Error(
      `${service.workspace}/src/config.ts does not exist, so the variables ${service.component} reads are unknown`,
    );
  }
  const module = (await import(pathToFileURL(file).href)) as {
    ConfigSchema?: Partial<ZodObjectLike>;
  };
  const schema = module.ConfigSchema;
  if (!schema || typeof schema.shape !== 'object' || typeof schema.safeParse !== 'function') {
    throw new Error(`${service.workspace}/src/config.ts exports no zod object named ConfigSchema`);
  }
  return schema as ZodObjectLike;
}

/** Environment of the service's container: plain values, ConfigMap entries and Secret references. */
function containerEnvironment(objects: KubernetesObject[], service: Service): Map<string, string> {
  const deployment = named(objects, 'Deployment', `fehrist-${service.component}`);
  const container = at<Record<string, unknown>>(
    deployment,
    'spec',
    'template',
    'spec',
    'containers',
    0,
  );
  const environment = new Map<string, string>();
  for (const source of at<{ configMapRef?: { name: string }; secretRef?: { name: string } }[]>(
    container,
    'envFrom',
  ) ?? []) {
    if (!source.configMapRef)
      throw new Error(`${service.component}: envFrom other than a ConfigMap is not checked`);
    const data =
      at<Record<string, string>>(named(objects, 'ConfigMap', source.configMapRef.name), 'data') ??
      {};
    for (const [name, value] of Object.entries(data)) environment.set(name, value);
  }
  for (const variable of at<{ name: string; value?: string; valueFrom?: unknown }[]>(
    container,
    'env',
  ) ?? []) {
    environment.set(
      variable.name,
      variable.value ?? `<from ${JSON.stringify(variable.valueFrom)}>`,
    );
  }
  return environment;
}

const vapidKeys = webpush.generateVAPIDKeys();

/** Values a real Secret and the Dapr injector would provide, so the schema can parse the result. */
const PROVIDED_AT_RUN_TIME: Record<string, string> = {
  DATABASE_URL: 'postgres://fehrist:password@db.example.com:5432/fehrist',
  BETTER_AUTH_SECRET: 'a'.repeat(48),
  VAPID_PUBLIC_KEY: vapidKeys.publicKey,
  VAPID_PRIVATE_KEY: vapidKeys.privateKey,
  OPENAI_API_KEY: 'sk-test',
  DAPR_HTTP_PORT: '3500',
};

describe.each(SERVICES)('environment of $component', (service) => {
  it.each(CLUSTER_NAMES)('sets every variable the service reads on %s', async (cluster) => {
    const schema = await loadConfigSchema(service);
    const environment = containerEnvironment(await render(CLUSTERS[cluster]), service);
    const allowed = ALLOWED_UNSET[service.component];
    const missing = Object.keys(schema.shape).filter(
      (name) => !environment.has(name) && !(name in allowed),
    );
    expect(missing, `add these to the chart or, with a reason, to ALLOWED_UNSET`).toEqual([]);
  });

  it.each(CLUSTER_NAMES)('sets no variable the service ignores on %s', async (cluster) => {
    const schema = await loadConfigSchema(service);
    const environment = containerEnvironment(await render(CLUSTERS[cluster]), service);
    const unknown = [...environment.keys()].filter(
      (name) => !(name in schema.shape) && !READ_OUTSIDE_SCHEMA.has(name),
    );
    expect(unknown).toEqual([]);
  });

  it.each(CLUSTER_NAMES)('sets values the schema accepts on %s', async (cluster) => {
    const schema = await loadConfigSchema(service);
    const environment = containerEnvironment(await render(CLUSTERS[cluster]), service);
    const input: Record<string, string> = {};
    for (const [name, value] of environment) {
      input[name] = value.startsWith('<from ') ? (PROVIDED_AT_RUN_TIME[name] ?? value) : value;
    }
    input.DAPR_HTTP_PORT = PROVIDED_AT_RUN_TIME.DAPR_HTTP_PORT as string;
    const result = schema.safeParse(input);
    const issues =
      result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    expect(issues).toEqual([]);
  });

  it('allows only variables the schema has to stay unset', async () => {
    const schema = await loadConfigSchema(service);
    const stale = Object.keys(ALLOWED_UNSET[service.component]).filter(
      (name) => !(name in schema.shape),
    );
    expect(stale, 'remove these from ALLOWED_UNSET').toEqual([]);
  });

  const conditional = Object.entries(ALLOWED_UNSET[service.component]).filter(
    ([, entry]) => entry.setWhen,
  );
  it.each(conditional)('sets %s when its option is given', async (name, entry) => {
    const variant: RenderVariant = {
      valuesFiles: CLUSTERS.minikube.valuesFiles,
      set: entry.setWhen,
    };
    const environment = containerEnvironment(await render(variant), service);
    expect(environment.has(name), entry.reason).toBe(true);
  });
});
