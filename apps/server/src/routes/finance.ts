// Scaffold: the finance routes are registered here.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const financeRoutes: FastifyPluginAsyncZod = async () => {};
