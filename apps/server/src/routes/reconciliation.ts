// Scaffold: the reconciliation routes are registered here.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const reconciliationRoutes: FastifyPluginAsyncZod = async () => {};
