// After the sale: cashier shifts (open, blind close, report, finance confirms), refunds and voids,
// and redeeming a ticket at a gate (the gate issue builds the gate screen and offline scanning on it).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  orderParamsSchema,
  redeemRequestSchema,
  redeemResponseSchema,
  refundRequestSchema,
  refundResponseSchema,
  shiftCloseSchema,
  shiftOpenSchema,
  shiftParamsSchema,
  shiftReportSchema,
  shiftViewSchema,
  siteIdParamsSchema,
} from '@admit/contracts';
import {
  closeShift,
  confirmShift,
  getShiftReport,
  listShifts,
  openShift,
  openShiftOf,
  redeemTicket,
  refundTickets,
  requireUser,
  requirePermission,
  type ShiftRecord,
} from '@admit/services';
import { presentOrder } from './sales';

const tags = ['after-sale'];

function presentShift(s: ShiftRecord) {
  return {
    ...s,
    openedAt: s.openedAt.toISOString(),
    closedAt: s.closedAt?.toISOString() ?? null,
    confirmedAt: s.confirmedAt?.toISOString() ?? null,
  };
}

export const afterSaleRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/sites/:siteId';

  app.get(
    `${base}/shifts/current`,
    {
      schema: {
        tags,
        summary: 'The user’s open shift at this site (blind: no expected cash), or null',
        params: siteIdParamsSchema,
        response: { 200: z.object({ shift: shiftViewSchema.nullable() }) },
      },
    },
    async (request) => {
      const ctx = request.serviceContext();
      await requirePermission(ctx, 'shifts.operate', request.params.siteId);
      const shift = await openShiftOf(ctx.db, request.params.siteId, requireUser(ctx).userId);
      return { shift: shift ? presentShift(shift) : null };
    },
  );

  app.post(
    `${base}/shifts`,
    {
      schema: {
        tags,
        summary: 'Open a shift with a cash float (and the first serial number of numbered stock)',
        params: siteIdParamsSchema,
        body: shiftOpenSchema,
        response: { 201: shiftViewSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return presentShift(await openShift(request.serviceContext(), request.params.siteId, request.body));
    },
  );

  app.post(
    `${base}/shifts/:shiftId/close`,
    {
      schema: {
        tags,
        summary: 'Close the shift blind: counted cash by denomination in, expected vs counted out',
        params: shiftParamsSchema,
        body: shiftCloseSchema,
        response: { 200: shiftReportSchema },
      },
    },
    async (request) => {
      const { shift, totals } = await closeShift(
        request.serviceContext(),
        request.params.siteId,
        request.params.shiftId,
        request.body,
      );
      return { shift: presentShift(shift), totals };
    },
  );

  app.get(
    `${base}/shifts/:shiftId`,
    {
      schema: {
        tags,
        summary: 'A shift and its report (交班单); totals only once it is closed',
        params: shiftParamsSchema,
        response: { 200: shiftReportSchema },
      },
    },
    async (request) => {
      const { shift, totals } = await getShiftReport(
        request.serviceContext(),
        request.params.siteId,
        request.params.shiftId,
      );
      return { shift: presentShift(shift), totals };
    },
  );

  app.get(
    `${base}/shifts`,
    {
      schema: {
        tags,
        summary: 'The shifts of a business day (finance and supervisors)',
        params: siteIdParamsSchema,
        querystring: z.object({ date: z.iso.date() }),
        response: { 200: z.array(shiftViewSchema) },
      },
    },
    async (request) =>
      (await listShifts(request.serviceContext(), request.params.siteId, request.query.date)).map(
        presentShift,
      ),
  );

  app.post(
    `${base}/shifts/:shiftId/confirm`,
    {
      schema: {
        tags,
        summary: 'Finance confirms a closed shift',
        params: shiftParamsSchema,
        response: { 200: shiftViewSchema },
      },
    },
    async (request) =>
      presentShift(
        await confirmShift(request.serviceContext(), request.params.siteId, request.params.shiftId),
      ),
  );

  app.post(
    `${base}/orders/:orderId/refunds`,
    {
      schema: {
        tags,
        summary: 'Refund (or void) tickets of an order (Idempotency-Key required)',
        params: orderParamsSchema,
        body: refundRequestSchema,
        response: { 201: refundResponseSchema },
      },
      config: { idempotent: true },
    },
    async (request, reply) => {
      const result = await refundTickets(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.params.orderId,
        request.body,
        { approvalAbove: app.deps.config.refundApprovalAbove },
      );
      reply.code(201);
      return { ...result, order: presentOrder(result.order) };
    },
  );

  app.post(
    `${base}/redemptions`,
    {
      schema: {
        tags,
        summary: 'Redeem one entry of a ticket',
        params: siteIdParamsSchema,
        body: redeemRequestSchema,
        response: { 200: redeemResponseSchema },
      },
    },
    async (request) => redeemTicket(request.serviceContext(), request.params.siteId, request.body),
  );
};
