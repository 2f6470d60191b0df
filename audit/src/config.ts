import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int()
  .min(0)
  .max(65_535, { error: 'must be a port number from 0 to 65535' });

const httpUrl = (example: string) =>
  z
    .string()
    .url({ error: `must be an absolute http(s) URL such as ${example}` })
    .refine((value) => /^https?:\/\//.test(value), {
      error: `must be an absolute http(s) URL such as ${example}`,
    });

/** Environment variables the audit service reads, with their defaults. */
export const ConfigSchema = z.object({
  /** PostgreSQL connection string; the audit tables live beside sync-api's. */
  DATABASE_URL: z.string().url({ error: 'must be a postgres:// connection URL' }).optional(),
  /** Port of the audit service's HTTP server: the history API, health and the Dapr callbacks. */
  PORT: port.default(8092),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Event source: `auto` picks Dapr when DAPR_HTTP_PORT is set, else Kafka when KAFKA_BROKERS
   * is set. The in-process bus exists only in the embedded start.
   */
  EVENT_TRANSPORT: z
    .enum(['auto', 'kafka', 'dapr'], { error: 'must be auto, kafka or dapr' })
    .default('auto'),
  /** Comma-separated `host:port` bootstrap brokers; selects the Kafka consumer. */
  KAFKA_BROKERS: z
    .string()
    .regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, {
      error: 'must be comma-separated host:port pairs such as kafka-0:9092,kafka-1:9092',
    })
    .optional(),
  /** Prepended to every topic name, for example `staging.` gives `staging.task-events`. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, { error: 'may contain only letters, digits, ".", "_" and "-"' })
    .default(''),
  KAFKA_CLIENT_ID: z.string().min(1).default('fehrist-audit'),
  /** Partitions of each topic created when missing; the same default as sync-api's. */
  KAFKA_PARTITIONS: z.coerce.number().int().positive().default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
  /** HTTP port of the Dapr sidecar on 127.0.0.1; selects Dapr pub/sub. */
  DAPR_HTTP_PORT: port.optional(),
  /** Name of the Dapr pub/sub component the audit service subscribes through. */
  DAPR_PUBSUB_NAME: z.string().min(1).default('pubsub'),
  /**
   * `declarative` when Subscription resources (which carry the dead-letter topics) deliver
   * the events: GET /dapr/subscribe then lists nothing, because Dapr drops a declarative
   * subscription that an app also lists.
   */
  DAPR_SUBSCRIPTIONS: z
    .enum(['programmatic', 'declarative'], { error: 'must be programmatic or declarative' })
    .default('programmatic'),
  /** Token the sidecar sends in `dapr-api-token`; when set, callbacks without it get 401. */
  APP_API_TOKEN: z.string().min(1).optional(),
  /** Key set of sync-api that verifies bearer tokens. */
  JWKS_URL: httpUrl('http://127.0.0.1:8080/api/auth/jwks').default(
    'http://127.0.0.1:8080/api/auth/jwks',
  ),
  /** Expected `iss` of bearer tokens: sync-api's public URL, which it signs them with. */
  JWT_ISSUER: z.string().min(1).default('http://127.0.0.1:8080'),
  JWT_AUDIENCE: z.string().min(1).default('fehrist-api'),
  /** Days of history to keep, counted from each change; unset keeps everything. */
  AUDIT_RETENTION_DAYS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .positive({ error: 'must be at least 1, or unset to keep everything' })
      .optional(),
  ),
});

export type Config = z.output<typeof ConfigSchema>;

/** Reads the configuration, or throws one error that names every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid audit configuration:\n  ${lines.join('\n  ')}`);
}
