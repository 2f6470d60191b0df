import { betterAuth } from 'better-auth';
import { jwt } from 'better-auth/plugins';
import type { Pool } from 'pg';

/** The header the Koa layer fills from the socket (or trusted proxy) address. */
export const CLIENT_IP_HEADER = 'x-fehrist-client-ip';

export interface AuthSettings {
  pool: Pool;
  secret: string;
  baseURL: string;
  audience: string;
  /** JWT lifetime as a jose duration, for example '15m'. */
  jwtExpiration: string;
  trustedOrigins: string[];
  signIn: { max: number; windowSeconds: number };
  signUp: { max: number; windowSeconds: number };
}

/** Builds the Better Auth instance: email and password, sessions, JWTs for services. */
export function createAuth(settings: AuthSettings) {
  return betterAuth({
    appName: 'Fehrist',
    database: settings.pool,
    secret: settings.secret,
    baseURL: settings.baseURL,
    basePath: '/api/auth',
    trustedOrigins: settings.trustedOrigins,
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
    telemetry: { enabled: false },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: settings.signIn.windowSeconds, max: settings.signIn.max },
        '/sign-up/email': { window: settings.signUp.windowSeconds, max: settings.signUp.max },
      },
    },
    advanced: {
      // Better Auth 1.7 skips its Origin check (CSRF protection) when NODE_ENV is test;
      // setting it keeps the check on everywhere, so tests run what production runs.
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    plugins: [
      jwt({
        jwt: {
          issuer: settings.baseURL,
          audience: settings.audience,
          expirationTime: settings.jwtExpiration,
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
