import { z } from 'zod';
import { isVapidPublicKey } from './push/vapid-keys';

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int()
  .min(0)
  .max(65_535, { error: 'must be a port number from 0 to 65535' });

const positiveInt = z.coerce.number().int().positive();

/** Environment variables the sync API reads, with their defaults. */
export const ConfigSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL connection string; without it an embedded PGlite database is used. */
  DATABASE_URL: z.string().url({ error: 'must be a postgres:// connection URL' }).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Secret that signs sessions; generated into DATA_DIR when missing. */
  BETTER_AUTH_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  /** The URL people open; issuer of JWTs and origin trusted for cookies. */
  PUBLIC_URL: z.string().url({ error: 'must be an absolute http(s) URL' }).optional(),
  JWT_AUDIENCE: z.string().min(1).default('fehrist-api'),
  /** Lifetime of the JWTs from /api/auth/token, as a jose duration such as 15m, 1h or 30s. */
  JWT_EXPIRATION: z
    .string()
    .regex(/^\d+ ?(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days)$/, {
      error: 'must be a duration such as 15m, 1h or 30s',
    })
    .default('15m'),
  /** Trust X-Forwarded-For from a reverse proxy when it sets the client address. */
  TRUST_PROXY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  SIGN_IN_RATE_LIMIT_MAX: positiveInt.default(10),
  SIGN_IN_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  SIGN_UP_RATE_LIMIT_MAX: positiveInt.default(10),
  /** Time of day, HH:MM local, that reminders of a task with a date but no time count from. */
  DATE_ONLY_REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a 24-hour time such as 09:00' })
    .default('09:00'),
  /** Folder of the built PWA to serve at `/`; defaults to pwa/dist when it exists. */
  STATIC_DIR: z.string().min(1).optional(),

  /**
   * Transport of outbox events. `auto` picks Dapr when DAPR_HTTP_PORT is set, else Kafka when
   * KAFKA_BROKERS is set, else the in-process bus.
   */
  EVENT_TRANSPORT: z
    .enum(['auto', 'in-process', 'kafka', 'dapr'], {
      error: 'must be auto, in-process, kafka or dapr',
    })
    .default('auto'),
  /** Rows the outbox relay reads and publishes at a time. */
  OUTBOX_BATCH_SIZE: positiveInt.max(10_000).default(500),
  /** How often the relay looks for rows that another replica wrote, in milliseconds. */
  OUTBOX_POLL_INTERVAL_MS: positiveInt.default(1_000),
  /** Hours a published outbox row is kept before the relay deletes it; 0 keeps rows forever. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(0).default(168),

  /** Comma-separated `host:port` bootstrap brokers; selects the Kafka transport. */
  KAFKA_BROKERS: z
    .string()
    .regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*$/, {
      error: 'must be comma-separated host:port pairs such as kafka-0:9092,kafka-1:9092',
    })
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('fehrist-sync-api'),
  /** Prepended to every topic name, for example `staging.` gives `staging.task-events`. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, { error: 'may contain only letters, digits, ".", "_" and "-"' })
    .default(''),
  /** Partitions of each topic that the service creates when it is missing. */
  KAFKA_PARTITIONS: positiveInt.default(3),
  /** Replicas of each topic that the service creates; use 3 on a cluster of three brokers. */
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1),

  /** HTTP port of the Dapr sidecar on 127.0.0.1 (Dapr sets it); selects the Dapr transport. */
  DAPR_HTTP_PORT: port.optional(),
  /** Name of the Dapr pub/sub component that events are published through. */
  DAPR_PUBSUB_NAME: z.string().min(1).default('pubsub'),
  /**
   * Pub/sub component of the `task-updates` subscription, DAPR_PUBSUB_NAME by default. It needs
   * a consumer group per replica (`{podName}`), so every replica receives every change.
   */
  DAPR_POKES_PUBSUB_NAME: z.string().min(1).optional(),
  /**
   * `declarative` when Subscription resources (which carry the dead-letter topics) deliver
   * the events: GET /dapr/subscribe then lists nothing, because Dapr drops a declarative
   * subscription that an app also lists.
   */
  DAPR_SUBSCRIPTIONS: z
    .enum(['programmatic', 'declarative'], { error: 'must be programmatic or declarative' })
    .default('programmatic'),
  /** Token sent to the sidecar in `dapr-api-token`, when the sidecar requires one. */
  DAPR_API_TOKEN: z.string().min(1).optional(),
  /** Token the sidecar sends in `dapr-api-token`; when set, calls without it get 401. */
  APP_API_TOKEN: z.string().min(1).optional(),

  /** VAPID public key (base64url) for browsers; read from DATA_DIR/vapid.json when unset. */
  VAPID_PUBLIC_KEY: z
    .string()
    .refine(isVapidPublicKey, {
      error:
        'must be a base64url P-256 public key of 65 bytes, as web-push generate-vapid-keys prints',
    })
    .optional(),
  /** Accept push endpoints on http://localhost and http://127.0.0.1; for tests only. */
  PUSH_ALLOW_INSECURE_ENDPOINTS: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});

export type Config = z.output<typeof ConfigSchema>;

/** Reads the configuration, or throws one error that names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
}
