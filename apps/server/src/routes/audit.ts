// Browsing the audit log (auditors).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditListResponseSchema, auditQuerySchema } from '@admit/contracts';
import { listAuditLog } from '@admit/services';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first, with filters and a cursor',
        querystring: auditQuerySchema,
        response: { 200: auditListResponseSchema },
      },
    },
    async (request) => listAuditLog(request.serviceContext(), request.query),
  );
};
