// The gate: scan a ticket (QR code, typed ticket number, or ID card swipe), count exits, read the
// live occupancy. The gate screen, devices and offline scanning are built on these.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { siteIdParamsSchema } from '@admit/contracts';
import { businessDate } from '@admit/domain';
import {
  confirmPassage,
  rollBackExpiredAuthorizations,
  doubleEntryAlerts,
  gateBundle,
  gateToday,
  loadSite,
  recordExit,
  requirePermission,
  scanAtGate,
  siteOccupancy,
  syncOfflineScans,
} from '@admit/services';

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
    'code_expired',
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
  lastEntry: z.object({ at: z.string(), gateName: z.string(), gateId: z.uuid().nullable() }).nullable(),
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
          // A signed code, or a rotating one (动态码: the signed code, a time step and a MAC).
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

  app.get(
    `${base}/today`,
    {
      schema: {
        tags,
        summary: "Today's entries at a gate and at the site, refusals at the gate, and the live occupancy",
        params: siteIdParamsSchema,
        querystring: z.object({ gateId: z.uuid() }),
        response: {
          200: z.object({
            businessDate: z.string(),
            entriesAtGate: z.number().int(),
            entriesAtSite: z.number().int(),
            refusedAtGate: z.number().int(),
            occupancy: z.object({ inside: z.number().int(), max: z.number().int() }).nullable(),
          }),
        },
      },
    },
    async (request) => gateToday(request.serviceContext(), request.params.siteId, request.query.gateId),
  );

  app.get(
    `${base}/bundle`,
    {
      schema: {
        tags,
        summary:
          'What a gate keeps for working offline today: public keys, revocations, used entries, ID index',
        params: siteIdParamsSchema,
      },
    },
    async (request) => gateBundle(request.serviceContext(), app.sales, request.params.siteId),
  );

  app.post(
    `${base}/sync`,
    {
      schema: {
        tags,
        summary: 'Upload scans made offline (deduplicated by client nonce, applied in scan-time order)',
        params: siteIdParamsSchema,
        body: z.object({
          scans: z
            .array(
              z.object({
                clientNonce: z.string().trim().min(8).max(100),
                gateId: z.uuid(),
                ticketId: z.uuid(),
                scannedAt: z.iso.datetime({ offset: true }),
                // What the gate decided offline (the domain's gate decision): only `ok` uses an entry.
                result: scanAnswerSchema.shape.result,
              }),
            )
            .max(5000),
        }),
        response: {
          200: z.array(
            z.object({ clientNonce: z.string(), status: z.enum(['applied', 'duplicate', 'double_entry']) }),
          ),
        },
      },
    },
    async (request) =>
      syncOfflineScans(
        request.serviceContext(),
        request.params.siteId,
        request.body.scans.map((s) => ({ ...s, scannedAt: new Date(s.scannedAt) })),
      ),
  );

  app.get(
    `${base}/alerts`,
    {
      schema: {
        tags,
        summary: 'Double entries found when offline gates synced (the first scan in time won)',
        params: siteIdParamsSchema,
        querystring: z.object({ since: z.iso.datetime({ offset: true }).optional() }),
        response: {
          200: z.array(
            z.object({
              checkinId: z.uuid(),
              ticketId: z.uuid().nullable(),
              gateName: z.string(),
              scannedAt: z.string(),
              offline: z.boolean(),
            }),
          ),
        },
      },
    },
    async (request) =>
      (
        await doubleEntryAlerts(
          request.serviceContext(),
          request.params.siteId,
          new Date(request.query.since ?? Date.now() - 86_400_000),
        )
      ).map((a) => ({ ...a, scannedAt: a.scannedAt.toISOString() })),
  );

  app.post(
    `${base}/turnstile/authorize`,
    {
      schema: {
        tags,
        summary: 'Turnstile controller: authorize a code at a gate (open or deny with a reason code)',
        description:
          'The entry is taken now; confirm the passage with /turnstile/confirm within ADMIT_TURNSTILE_CONFIRM_SECONDS ' +
          'or it is rolled back and the ticket can enter again.',
        params: siteIdParamsSchema,
        body: z.object({ gateId: z.uuid(), code: z.string().trim().min(1).max(400) }),
        response: {
          200: z.object({
            open: z.boolean(),
            result: z.string(),
            reason: z.string().nullable(),
            authorizationId: z.uuid().nullable(),
            category: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = request.serviceContext();
      await rollBackExpiredAuthorizations(ctx, request.params.siteId);
      const answer = await scanAtGate(ctx, app.sales, request.params.siteId, request.body, undefined, {
        confirmWithinSeconds: app.deps.config.turnstileConfirmSeconds,
      });
      return {
        open: answer.result === 'ok',
        result: answer.result,
        reason: answer.reason,
        authorizationId: answer.authorizationId,
        category: answer.category,
      };
    },
  );

  app.post(
    `${base}/turnstile/confirm`,
    {
      schema: {
        tags,
        summary: 'Turnstile controller: the visitor passed',
        params: siteIdParamsSchema,
        body: z.object({ authorizationId: z.uuid() }),
        response: { 200: z.object({ confirmed: z.literal(true) }) },
      },
    },
    async (request) => {
      await confirmPassage(request.serviceContext(), request.params.siteId, request.body.authorizationId);
      return { confirmed: true as const };
    },
  );
};
