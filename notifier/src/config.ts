import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int()
  .min(0)
  .max(65_535, { error: 'must be a port number from 0 to 65535' });

const booleanFlag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true');

/** Environment variables the notifier reads, with their defaults. */
export const ConfigSchema = z.object({
  /** PostgreSQL connection string of the database that sync-api writes tasks to. */
  DATABASE_URL: z.string().url({ error: 'must be a postgres:// connection URL' }).optional(),
  /** Port of the notifier's HTTP server: health, readiness and the Dapr callbacks. */
  PORT: port.default(8090),
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
  /** Prepended to every topic name, for example `staging.` gives `staging.reminders`. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, { error: 'may contain only letters, digits, ".", "_" and "-"' })
    .default(''),
  KAFKA_CLIENT_ID: z.string().min(1).default('fehrist-notifier'),
  /** Partitions of each topic created when missing; the same default as sync-api's. */
  KAFKA_PARTITIONS: z.coerce.number().int().positive().default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
  /** HTTP port of the Dapr sidecar on 127.0.0.1; selects Dapr pub/sub and, by default, Dapr Jobs. */
  DAPR_HTTP_PORT: port.optional(),
  /** Name of the Dapr pub/sub component the notifier subscribes through. */
  DAPR_PUBSUB_NAME: z.string().min(1).default('pubsub'),
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
  /** Token the sidecar sends in `dapr-api-token`; when set, callbacks without it get 401. */
  APP_API_TOKEN: z.string().min(1).optional(),
  /** `builtin` (PostgreSQL) or `dapr` (Dapr Jobs API); `dapr` by default when DAPR_HTTP_PORT is set. */
  REMINDER_SCHEDULER: z.enum(['builtin', 'dapr'], { error: 'must be builtin or dapr' }).optional(),
  VAPID_PUBLIC_KEY: z.string().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  /** Contact address sent to push services, a mailto: or https: URL; set it in production. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, { error: 'must be a mailto: address or an https:// URL' })
    .optional(),
  /** Folder holding vapid.json when the VAPID keys are not configured. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Time of day, HH:MM local, that reminders of a task with a date but no time count from. */
  DATE_ONLY_REMINDER_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a 24-hour time such as 09:00' })
    .default('09:00'),
  /** A reminder fired later than this after its time is marked late in the notification. */
  LATE_REMINDER_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  /** A reminder missed by more than this many hours is skipped with a log line, not sent. */
  LATE_REMINDER_MAX_HOURS: z.coerce.number().positive().default(24),
  /** Attempts per push subscription when the push service responds with 429 or 5xx. */
  PUSH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Also accept http and https push endpoints on localhost and 127.0.0.1; for tests only. */
  PUSH_ALLOW_INSECURE_ENDPOINTS: booleanFlag,
});

const PLACEHOLDER_VAPID_SUBJECT = 'mailto:fehrist@example.com';

export type Config = Omit<z.output<typeof ConfigSchema>, 'VAPID_SUBJECT'> & {
  VAPID_SUBJECT: string;
  /** False when VAPID_SUBJECT fell back to a placeholder address. */
  VAPID_SUBJECT_SET: boolean;
};

/** Reads the configuration, or throws one error that names every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) {
    const subject = result.data.VAPID_SUBJECT;
    return {
      ...result.data,
      VAPID_SUBJECT: subject ?? PLACEHOLDER_VAPID_SUBJECT,
      VAPID_SUBJECT_SET: subject !== undefined,
    };
  }
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid notifier configuration:\n  ${lines.join('\n  ')}`);
}
