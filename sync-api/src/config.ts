import { z } from 'zod';

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
});

export type Config = z.output<typeof ConfigSchema>;

/** Reads the configuration, or throws one error that names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
}
