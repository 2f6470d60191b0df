import { fromNodeHeaders } from 'better-auth/node';
import { createLocalJWKSet, type JSONWebKeySet, errors as joseErrors, jwtVerify } from 'jose';
import type { Context, Next } from 'koa';
import { forbidden, unauthorized } from '../http/errors';
import { moduleLogger } from '../logger';
import type { Auth } from './auth';

const log = moduleLogger('authenticate');

// Keys rotate rarely; a token signed by a key not yet seen triggers one refresh.
const JWKS_MAX_AGE_MS = 5 * 60_000;

export interface Authenticator {
  /** Koa middleware: sets ctx.state.userId from the bearer JWT or the session cookie. */
  authenticate(ctx: Context, next: Next): Promise<void>;
  /** Koa middleware for `/api/:user_id/...`: 403 unless the path names the signed-in user. */
  requireOwner(ctx: Context, next: Next): Promise<void>;
}

export function createAuthenticator(
  auth: Auth,
  jwt: { issuer: string; audience: string },
): Authenticator {
  let keys: { set: ReturnType<typeof createLocalJWKSet>; loadedAt: number } | undefined;

  async function keySet(refresh: boolean) {
    if (!keys || refresh || Date.now() - keys.loadedAt > JWKS_MAX_AGE_MS) {
      const jwks = (await auth.api.getJwks()) as JSONWebKeySet;
      keys = { set: createLocalJWKSet(jwks), loadedAt: Date.now() };
    }
    return keys.set;
  }

  async function verifyBearer(token: string): Promise<string> {
    const options = { issuer: jwt.issuer, audience: jwt.audience, algorithms: ['EdDSA'] };
    try {
      const { payload } = await jwtVerify(token, await keySet(false), options).catch(
        async (error: unknown) => {
          if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
          return jwtVerify(token, await keySet(true), options);
        },
      );
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
        throw unauthorized('the bearer token has no subject');
      }
      return payload.sub;
    } catch (error) {
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
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match?.[1]) throw unauthorized('the Authorization header must be "Bearer <token>"');
        ctx.state.userId = await verifyBearer(match[1]);
        return next();
      }

      const session = await auth.api.getSession({ headers: fromNodeHeaders(ctx.req.headers) });
      if (!session) throw unauthorized();
      ctx.state.userId = session.user.id;
      return next();
    },

    async requireOwner(ctx, next) {
      const pathUser = ctx.params?.user_id;
      if (pathUser !== ctx.state.userId) {
        throw forbidden('this path belongs to another user; use your own user id');
      }
      return next();
    },
  };
}
