// Probes: /healthz says the process is up; /readyz says the database is reachable and migrated.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponseSchema, readinessResponseSchema } from '@admit/contracts';
import { checkReadiness } from '@admit/services';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        response: { 200: healthResponseSchema },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database reachable and migrations current',
        response: { 200: readinessResponseSchema, 503: readinessResponseSchema },
      },
    },
    async (request, reply) => {
      const readiness = await checkReadiness(request.serviceContext().db);
      return reply.code(readiness.ready ? 200 : 503).send({
        status: readiness.ready ? 'ready' : 'not_ready',
        checks: { database: readiness.database, migrations: readiness.migrations },
        pendingMigrations: readiness.pending,
      });
    },
  );
};
