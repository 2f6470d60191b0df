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
    })
    // A trailing slash would double up when paths are appended.
    .transform((value) => value.replace(/\/+$/, ''));

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** Environment variables the agent reads; defaults that depend on SYNC_API_URL are filled in below. */
export const ConfigSchema = z.object({
  PORT: port.default(8090),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Origin of the sync API; the MCP tools call its REST API with the caller's token. */
  SYNC_API_URL: httpUrl('http://127.0.0.1:8080').default('http://127.0.0.1:8080'),
  /** Key set that verifies bearer tokens; `${SYNC_API_URL}/api/auth/jwks` by default. */
  JWKS_URL: httpUrl('http://127.0.0.1:8080/api/auth/jwks').optional(),
  /** Expected `iss` of bearer tokens; SYNC_API_URL by default, as sync-api signs with its URL. */
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).default('fehrist-api'),
  /** With a key, chat uses OpenAI; without a key or base URL, the offline command model. */
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: z.string().min(1).default('gpt-5.4-mini'),
  /** An OpenAI-compatible server (for example a local model); the key may then be absent. */
  OPENAI_BASE_URL: httpUrl('http://127.0.0.1:11434/v1').optional(),
  /** PostgreSQL for conversation history; required unless DAPR_HTTP_PORT is set. */
  DATABASE_URL: z.string().url({ error: 'must be a postgres:// connection URL' }).optional(),
  /** Port of a Dapr sidecar on 127.0.0.1; when set, history goes to its state store. */
  DAPR_HTTP_PORT: port.optional(),
  DAPR_STATE_STORE: z.string().min(1).default('statestore'),
});

export type Config = z.output<typeof ConfigSchema> & {
  JWKS_URL: string;
  JWT_ISSUER: string;
};

/** Reads the configuration, or throws one error that names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = result.data;
  return {
    ...config,
    JWKS_URL: config.JWKS_URL ?? `${config.SYNC_API_URL}/api/auth/jwks`,
    JWT_ISSUER: config.JWT_ISSUER ?? config.SYNC_API_URL,
  };
}
