import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import { CSRF_HEADER, type Role } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { findSession, touchSession } from '../services/login.ts';
import type { Principal } from '../services/principal.ts';
import { SessionCache } from '../services/session-cache.ts';
import type { Actor } from '../services/audit.ts';

export const SESSION_COOKIE = 'fs_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's signed-in sessions, remembered for a few seconds. */
    sessionCache: SessionCache;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, health, docs). */
    public?: boolean;
    /** Only these roles may call the route; any signed-in user when absent. */
    roles?: Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    csrfToken: string | null;
    /** Who is acting, for the audit log. */
    actor(): Actor;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Cookie sessions kept in PostgreSQL. Every /api/v1 route needs a signed-in user unless
 * it says `config.public`; every unsafe request of a signed-in user must carry the
 * session's CSRF token in a header (a cross-site form cannot set headers).
 */
export default fp(async (app) => {
  await app.register(cookie);
  app.decorate('sessionCache', new SessionCache());
  app.decorateRequest('principal', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('actor', function (this: { principal: Principal | null; id: string; ip: string }) {
    return { userId: this.principal?.id ?? null, requestId: this.id, ip: this.ip };
  });

  app.addHook('onRequest', async (request) => {
    // The web app's files need no session: look one up for api requests only.
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const found = await findSession(app.db, app.sessionCache, token);
      if (found) {
        request.principal = found.principal;
        request.csrfToken = found.csrfToken;
        await touchSession(app.db, found);
      }
    }
    if (request.is404) return;
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/v1/') || config.public) {
      if (unsafeMethods.has(request.method)) assertSameOrigin(request.headers.origin, request.headers.host);
      return;
    }
    if (!request.principal) throw new AppError('unauthenticated', 'Sign in first');
    if (unsafeMethods.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !request.csrfToken || !sameToken(sent, request.csrfToken)) {
        throw new AppError('csrf_invalid', `Missing or wrong ${CSRF_HEADER} header`);
      }
    }
    if (config.roles && !config.roles.includes(request.principal.role)) {
      throw new AppError('forbidden', 'Your role may not do this');
    }
  });
});

/** Sign-in has no session yet: a browser's cross-site POST still names its origin. */
function assertSameOrigin(origin: string | undefined, host: string | undefined): void {
  if (!origin || !host) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  if (originHost !== host) throw new AppError('csrf_invalid', 'Cross-site request refused');
}
