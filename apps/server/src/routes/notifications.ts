// What went out by SMS and email: a site's notifications with their status (failures for admins to
// act on; recipients masked), and — with the log channel (development, training) — the messages
// themselves as the phone or inbox would show them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { siteIdParamsSchema } from '@admit/contracts';
import { listNotifications } from '@admit/services';

const tags = ['notifications'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/sites/:siteId/notifications',
    {
      schema: {
        tags,
        summary: "A site's SMS and email notifications, newest first (failed ones to act on)",
        params: siteIdParamsSchema,
        querystring: z.object({
          status: z.enum(['pending', 'sent', 'failed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              orderId: z.uuid().nullable(),
              channel: z.enum(['sms', 'email']),
              template: z.string(),
              recipient: z.string(),
              status: z.enum(['pending', 'sent', 'failed']),
              attempts: z.number().int(),
              provider: z.string().nullable(),
              lastErrorCode: z.string().nullable(),
              lastError: z.string().nullable(),
              createdAt: z.string(),
              sentAt: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (request) =>
      (await listNotifications(request.serviceContext(), request.params.siteId, request.query)).map((n) => ({
        ...n,
        createdAt: n.createdAt.toISOString(),
        sentAt: n.sentAt?.toISOString() ?? null,
      })),
  );

  app.get(
    '/api/v1/notifications/log',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags,
        summary: "The log channel's messages on this node (development and training: no SMS or email leaves)",
        querystring: z.object({ to: z.string().trim().max(100).optional() }),
        response: {
          200: z.object({
            enabled: z.boolean(),
            messages: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                kind: z.enum(['sms', 'email']),
                to: z.string(),
                template: z.string(),
                locale: z.string(),
                subject: z.string().nullable(),
                text: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const log = app.notificationLog;
      if (!log) return { enabled: false, messages: [] };
      return {
        enabled: true,
        messages: log.messages(request.query.to ? { to: request.query.to } : {}).map((m) => ({
          id: m.id,
          at: m.at.toISOString(),
          kind: m.kind,
          to: m.to,
          template: m.template,
          locale: m.locale,
          subject: m.subject,
          text: m.text,
        })),
      };
    },
  );
};
