import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { Context, Next } from 'koa';
import { moduleLogger } from '../logger';
import { forbidden, unauthorized } from './errors';

const log = moduleLogger('auth');

/** Settings that verify sync-api's tokens: its key set URL, its issuer and the audience. */
export interface TokenIssuer {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export interface BearerAuth {
  /** Koa middleware: sets `ctx.state.userId` from the bearer JWT, or rejects with 401. */
  authenticate(ctx: Context, next: Next): Promise<void>;
  /** Koa middleware for `/api/:user_id/...`: 403 unless the path names the caller. */
  requireOwner(ctx: Context, next: Next): Promise<void>;
}

/**
 * Verifies sync-api's JWTs (EdDSA) against its key set. `issuer` is read on the first request,
 * because the embedded start learns sync-api's URL only after the audit service subscribed.
 * jose fetches the key set on first use, caches it, and fetches again for a key it has not seen.
 */
export function createBearerAuth(issuer: () => TokenIssuer): BearerAuth {
  let verifier: { keys: ReturnType<typeof createRemoteJWKSet>; settings: TokenIssuer } | undefined;

  async function verify(token: string): Promise<string> {
    if (!verifier) {
      const settings = issuer();
      verifier = { keys: createRemoteJWKSet(new URL(settings.jwksUrl)), settings };
    }
    const { keys, settings } = verifier;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['EdDSA'],
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
        throw unauthorized('the bearer token has no subject');
      }
      return payload.sub;
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
        // The key set is unreachable or broken: a server fault, not the caller's.
        log.error({ err: error, jwksUrl: settings.jwksUrl }, 'key set could not be loaded');
        throw error;
      }
      if (error instanceof joseErrors.JOSEError) {
        log.info({ code: error.code }, 'bearer token rejected');
        throw unauthorized(
          error instanceof joseErrors.JWTExpired
            ? 'the bearer token has expired; get a new one from /api/auth/token'
            : 'the bearer token is not valid; get a new one from /api/auth/token',
        );
      }
      throw error;
    }
  }

  return {
    async authenticate(ctx, next) {
      const header = ctx.get('authorization');
      if (!header) throw unauthorized();
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
      ctx.state.userId = await verify(match[1]);
      return next();
    },

    async requireOwner(ctx, next) {
      if (ctx.params?.user_id !== ctx.state.userId) {
        throw forbidden('this path belongs to another user; use your own user id');
      }
      return next();
    },
  };
}
