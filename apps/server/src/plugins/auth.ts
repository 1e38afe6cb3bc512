// Authentication, CSRF and permissions for routes. Every route needs a logged-in user unless it says
// `config: { public: true }`. The auth session comes from an HttpOnly, SameSite=Strict cookie; a
// state-changing request must also carry the session's CSRF token in X-CSRF-Token (double submit,
// bound to the session). While a user must change a temporary password, only the routes marked
// `allowDuringPasswordChange` answer. `config: { permission }` checks a permission before the handler.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { authCookies, csrfHeader } from '@admit/contracts';
import { AppError, type AuthPolicy, type Permission } from '@admit/domain';
import {
  authenticate,
  authenticateApiKey,
  authenticateDevice,
  hitRateLimit,
  requirePermission,
  type AuthenticatedSession,
  type IssuedSession,
} from '@admit/services';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without logging in (probes, meta, login). */
    public?: boolean;
    /** Reachable while the user still has to replace a temporary password. */
    allowDuringPasswordChange?: boolean;
    /** Checked for all sites before the handler; services check again. */
    permission?: Permission;
    /** The channel API: also reachable with a channel partner's API key (`Authorization: Bearer admit_…`). */
    channel?: boolean;
  }
  interface FastifyRequest {
    authSession: AuthenticatedSession | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type AuthOptions = { policy: AuthPolicy; secureCookies: boolean };

export async function registerAuth(
  app: FastifyInstance,
  { policy, secureCookies }: AuthOptions,
): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('authSession', null);

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // The API under /api/v1 needs a session unless a route is public; unmatched routes (404s, the web
    // app's pages), probes and the API docs do not.
    const url = request.routeOptions.url;
    if (url === undefined || !url.startsWith('/api/v1/') || config.public) return;
    const authorization = request.headers.authorization;
    // A channel partner's API key (no cookies, so no CSRF): only on the channel API, within its own
    // rate limit, counted in PostgreSQL across app nodes.
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      if (!config.channel)
        throw new AppError('api_key_invalid', { details: { reason: 'not a channel API route' } });
      const ctx = request.serviceContext();
      const key = await authenticateApiKey(ctx.db, authorization.slice(7), ctx.clock.now());
      if (!key) throw new AppError('api_key_invalid');
      request.actor = key.actor;
      const limit = await hitRateLimit(ctx, {
        bucket: `api_key:${key.actor.apiKeyId}`,
        limit: key.rateLimitPerMinute,
        windowSeconds: 60,
      });
      if (!limit.allowed)
        throw new AppError('rate_limited', {
          headers: { 'retry-after': String(limit.retryAfterSeconds) },
          details: { limitPerMinute: key.rateLimitPerMinute },
        });
      return;
    }
    // A gate device sends its token (no cookies, so no CSRF); it may only check tickets at its site.
    if (typeof authorization === 'string' && authorization.startsWith('Device ')) {
      const device = await authenticateDevice(
        app.deps.database.db,
        authorization.slice(7).trim(),
        new Date(),
      );
      if (!device) throw new AppError('device_revoked');
      request.actor = device;
      return;
    }
    const token = request.cookies[authCookies.session];
    if (!token) throw new AppError('authentication_required');
    const session = await authenticate(request.serviceContext(), token, policy);
    request.authSession = session;
    request.actor = {
      kind: 'user',
      userId: session.user.id,
      authSessionId: session.sessionId,
      grants: session.grants,
    };
    if (!safeMethods.has(request.method)) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken))
        throw new AppError('csrf_token_invalid');
    }
    if (session.user.mustChangePassword && !config.allowDuringPasswordChange) {
      throw new AppError('password_change_required');
    }
  });

  app.addHook('preHandler', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (permission) {
      await requirePermission(request.serviceContext(), permission, null, {
        method: request.method,
        route: request.routeOptions.url ?? request.url,
      });
    }
  });

  app.decorate('authCookies', {
    set(reply: FastifyReply, issued: IssuedSession) {
      const base = {
        path: '/',
        sameSite: 'strict' as const,
        secure: secureCookies,
        maxAge: policy.absoluteTimeoutHours * 3600,
      };
      void reply.setCookie(authCookies.session, issued.token, { ...base, httpOnly: true });
      void reply.setCookie(authCookies.csrf, issued.csrfToken, { ...base, httpOnly: false });
    },
    clear(reply: FastifyReply) {
      void reply.clearCookie(authCookies.session, { path: '/' });
      void reply.clearCookie(authCookies.csrf, { path: '/' });
    },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    authCookies: { set(reply: FastifyReply, issued: IssuedSession): void; clear(reply: FastifyReply): void };
  }
}

/** The session of an authenticated route (the onRequest hook guarantees it). */
export function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.authSession) throw new AppError('authentication_required');
  return request.authSession;
}
