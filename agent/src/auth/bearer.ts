import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { Context, Next } from 'koa';
import { forbidden, unauthorized } from '../http/errors';
import { moduleLogger } from '../logger';

const log = moduleLogger('auth');

/** The signed-in caller: their id and the token that tools forward to the REST API. */
export interface Caller {
  userId: string;
  token: string;
}

export interface BearerAuthOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export interface BearerAuth {
  /** Verifies a JWT from sync-api's `/api/auth/token` and returns the caller it names. */
  verify(token: string): Promise<Caller>;
  /** Koa middleware: sets `ctx.state.caller`, or rejects the request with 401. */
  authenticate(ctx: Context, next: Next): Promise<void>;
  /** Koa middleware for `/api/:user_id/...`: 403 unless the path names the caller. */
  requireOwner(ctx: Context, next: Next): Promise<void>;
}

/**
 * Creates a verifier over the sync API's key set. jose fetches the key set on first use,
 * caches it, and fetches again when a token names a key it has not seen.
 */
export function createBearerAuth(options: BearerAuthOptions): BearerAuth {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));

  async function verify(token: string): Promise<Caller> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['EdDSA'],
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
        throw unauthorized('the bearer token has no subject');
      }
      return { userId: payload.sub, token };
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
        // The key set is unreachable or broken: a server fault, not the caller's.
        log.error({ err: error, jwksUrl: options.jwksUrl }, 'key set could not be loaded');
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
    verify,

    async authenticate(ctx, next) {
      const header = ctx.get('authorization');
      if (!header) throw unauthorized();
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
      ctx.state.caller = await verify(match[1]);
      return next();
    },

    async requireOwner(ctx, next) {
      const caller = ctx.state.caller as Caller;
      if (ctx.params?.user_id !== caller.userId) {
        throw forbidden('this path belongs to another user; use your own user id');
      }
      return next();
    },
  };
}
