// The gate: scan a ticket (QR code, typed ticket number, or ID card swipe), count exits, read the
// live occupancy. The gate screen, devices and offline scanning are built on these.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { siteIdParamsSchema } from '@admit/contracts';
import { businessDate } from '@admit/domain';
import { loadSite, recordExit, requirePermission, scanAtGate, siteOccupancy } from '@admit/services';

const tags = ['gate'];

const scanAnswerSchema = z.object({
  result: z.enum([
    'ok',
    'already_used',
    'not_yet_valid',
    'expired',
    'wrong_site',
    'revoked',
    'invalid_signature',
    'unknown_ticket',
    'capacity_reached',
  ]),
  reason: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  category: z.string().nullable(),
  productNameZh: z.string().nullable(),
  productNameEn: z.string().nullable(),
  eligibilityZh: z.string().nullable(),
  eligibilityEn: z.string().nullable(),
  holderName: z.string().nullable(),
  entriesLeft: z.number().int().nullable(),
  lastEntry: z.object({ at: z.string(), gateName: z.string() }).nullable(),
  occupancy: z.object({ inside: z.number().int(), max: z.number().int(), warning: z.boolean() }).nullable(),
});

export const gateRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/sites/:siteId/gate';

  app.post(
    `${base}/scan`,
    {
      schema: {
        tags,
        summary: 'Scan at a gate: a QR code, a typed ticket number or an ID number; admits one entry when ok',
        params: siteIdParamsSchema,
        body: z.object({
          gateId: z.uuid(),
          code: z.string().trim().max(400).optional(),
          ticketNumber: z.string().trim().max(40).optional(),
          documentNumber: z.string().trim().max(40).optional(),
        }),
        response: { 200: scanAnswerSchema },
      },
    },
    async (request) => {
      const answer = await scanAtGate(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.body,
      );
      return {
        ...answer,
        lastEntry: answer.lastEntry ? { ...answer.lastEntry, at: answer.lastEntry.at.toISOString() } : null,
      };
    },
  );

  app.post(
    `${base}/exit`,
    {
      schema: {
        tags,
        summary: 'Count one exit (live occupancy goes down)',
        params: siteIdParamsSchema,
        body: z.object({ gateId: z.uuid() }),
        response: { 200: z.object({ inside: z.number().int().nullable() }) },
      },
    },
    async (request) => {
      const result = await recordExit(request.serviceContext(), request.params.siteId, request.body.gateId);
      return { inside: result?.inside ?? null };
    },
  );

  app.get(
    `${base}/occupancy`,
    {
      schema: {
        tags,
        summary: 'Live occupancy of the site against its instantaneous maximum',
        params: siteIdParamsSchema,
        response: { 200: z.object({ inside: z.number().int(), max: z.number().int() }).nullable() },
      },
    },
    async (request) => {
      const ctx = request.serviceContext();
      await requirePermission(ctx, 'checkin.redeem', request.params.siteId);
      const site = await loadSite(ctx.db, request.params.siteId);
      return siteOccupancy(ctx.db, site.id, businessDate(ctx.clock.now(), site.timeZone));
    },
  );
};
