// Logging in and out, the current user, changing one's own password and language.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  authCookies,
  changePasswordRequestSchema,
  loginRequestSchema,
  meResponseSchema,
  updateMeRequestSchema,
} from '@admit/contracts';
import { AppError, type AuthPolicy } from '@admit/domain';
import {
  authenticate,
  changePassword,
  hitRateLimit,
  listSites,
  login,
  logout,
  updateOwnLocale,
} from '@admit/services';
import { sessionOf } from '../plugins/auth';
import { presentMe } from '../presenters';

export function authRoutes(options: {
  policy: AuthPolicy;
  loginRateLimitPerMinute: number;
}): FastifyPluginAsyncZod {
  return async (app) => {
    const me = async (request: Parameters<typeof sessionOf>[0], token: string) => {
      const ctx = request.serviceContext();
      const session = await authenticate(ctx, token, options.policy);
      const actorCtx = {
        ...ctx,
        actor: {
          kind: 'user' as const,
          userId: session.user.id,
          authSessionId: session.sessionId,
          grants: session.grants,
        },
      };
      return presentMe(session, await listSites(actorCtx));
    };

    app.post(
      '/api/v1/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Log in; sets the auth session and CSRF cookies',
          body: loginRequestSchema,
          response: { 200: meResponseSchema },
        },
      },
      async (request, reply) => {
        const ctx = request.serviceContext();
        const limit = await hitRateLimit(ctx, {
          bucket: `login:ip:${request.ip}`,
          limit: options.loginRateLimitPerMinute,
          windowSeconds: 60,
        });
        if (!limit.allowed) {
          throw new AppError('rate_limited', { headers: { 'retry-after': String(limit.retryAfterSeconds) } });
        }
        const issued = await login(
          ctx,
          {
            loginName: request.body.loginName,
            password: request.body.password,
            userAgent: request.headers['user-agent'] ?? null,
            previousToken: request.cookies[authCookies.session] ?? null,
          },
          options.policy,
        );
        app.authCookies.set(reply, issued);
        return me(request, issued.token);
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { allowDuringPasswordChange: true },
        schema: { tags: ['auth'], summary: 'End this auth session', response: { 204: z.null() } },
      },
      async (request, reply) => {
        await logout(request.serviceContext(), sessionOf(request).sessionId);
        app.authCookies.clear(reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/auth/me',
      {
        config: { allowDuringPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: 'The logged-in user, permissions and CSRF token',
          response: { 200: meResponseSchema },
        },
      },
      async (request) => presentMe(sessionOf(request), await listSites(request.serviceContext())),
    );

    app.patch(
      '/api/v1/auth/me',
      {
        config: { allowDuringPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: 'Remember this user’s language',
          body: updateMeRequestSchema,
          response: { 200: meResponseSchema },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        await updateOwnLocale(request.serviceContext(), session.user.id, request.body.locale);
        return presentMe(
          { ...session, user: { ...session.user, locale: request.body.locale } },
          await listSites(request.serviceContext()),
        );
      },
    );

    app.post(
      '/api/v1/auth/change-password',
      {
        config: { allowDuringPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: 'Change one’s own password; ends every auth session and starts a new one',
          body: changePasswordRequestSchema,
          response: { 200: meResponseSchema },
        },
      },
      async (request, reply) => {
        const session = sessionOf(request);
        const issued = await changePassword(request.serviceContext(), {
          userId: session.user.id,
          currentPassword: request.body.currentPassword,
          newPassword: request.body.newPassword,
          userAgent: request.headers['user-agent'] ?? null,
        });
        app.authCookies.set(reply, issued);
        return me(request, issued.token);
      },
    );
  };
}
