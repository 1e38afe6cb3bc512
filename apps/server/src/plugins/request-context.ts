// Per-request facts: the language to answer in, and the ServiceContext handed to services.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLocale, negotiateLocale, type Locale } from '@admit/domain';
import type { Queryable } from '@admit/db';
import type { Actor, Clock, ServiceContext, ServiceKeys } from '@admit/services';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    /** Who is calling; the auth plugin (next issue) sets users, devices and API keys. */
    actor: Actor;
    serviceContext(): ServiceContext;
  }
}

const anonymous: Actor = { kind: 'anonymous' };

export function registerRequestContext(
  app: FastifyInstance,
  options: { db: Queryable; clock: Clock; defaultLocale: Locale; keys: ServiceKeys },
): void {
  app.decorateRequest('locale', options.defaultLocale);
  // Fastify wants reference-typed decorations initialised per request, in the hook below.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('serviceContext', function (this: FastifyRequest): ServiceContext {
    return {
      db: options.db,
      actor: this.actor,
      siteId: null,
      ip: this.ip,
      requestId: this.id,
      clock: options.clock,
      locale: this.locale,
      keys: options.keys,
    };
  });
  app.addHook('onRequest', async (request, reply) => {
    const explicit = request.headers['x-admit-locale'];
    request.locale = isLocale(explicit)
      ? explicit
      : negotiateLocale(request.headers['accept-language'], options.defaultLocale);
    request.actor = anonymous;
    void reply.header('x-request-id', request.id);
  });
}
