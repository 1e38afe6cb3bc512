// After the sale: cashier shifts (open, blind close, report, finance confirms), refunds and voids,
// and redeeming a ticket at a gate (the gate issue builds the gate screen and offline scanning on it).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  orderParamsSchema,
  orderViewSchema,
  salePaymentSchema,
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
  listOpenRefunds,
  revokedTicketsSince,
  getBulkAction,
  getOrderDetail,
  listSessionOrders,
  rebookTickets,
  revealOrderPersonalData,
  runBulkRefund,
  salesJobs,
  searchOrders,
  startBulkRefund,
  closeShift,
  confirmShift,
  getShiftReport,
  listShifts,
  openShift,
  openShiftOf,
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
    `${base}/orders/:orderId/rebook`,
    {
      schema: {
        tags,
        summary:
          'Rebook tickets to another session, paying or refunding the difference (Idempotency-Key required)',
        params: orderParamsSchema,
        body: z.object({
          ticketIds: z.array(z.uuid()).min(1).max(1000),
          toSessionId: z.uuid(),
          payments: z.array(salePaymentSchema).max(3).default([]),
        }),
        response: {
          200: z.object({
            order: orderViewSchema,
            difference: z.number().int(),
            fee: z.number().int(),
            newTicketIds: z.array(z.uuid()),
            change: z.number().int(),
          }),
        },
      },
      config: { idempotent: true },
    },
    async (request) => {
      const result = await rebookTickets(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.params.orderId,
        request.body,
      );
      return { ...result, order: presentOrder(result.order) };
    },
  );

  const summarySchema = z.object({
    id: z.uuid(),
    number: z.string(),
    status: z.string(),
    channel: z.string(),
    visitDate: z.string(),
    total: z.number().int(),
    tickets: z.number().int(),
    createdAt: z.string(),
    sellerName: z.string().nullable(),
  });

  app.get(
    `${base}/orders`,
    {
      schema: {
        tags,
        summary:
          'Look up orders: by order number, ticket code or number, phone or ID number, or a date range',
        params: siteIdParamsSchema,
        querystring: z.object({
          q: z.string().trim().max(200).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: z.object({ matchedBy: z.string(), orders: z.array(summarySchema) }) },
      },
    },
    async (request) => {
      const found = await searchOrders(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.query,
      );
      return { ...found, orders: found.orders.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })) };
    },
  );

  app.get(
    `${base}/orders/:orderId/timeline`,
    {
      schema: {
        tags,
        summary: 'An order with its history from the audit log',
        params: orderParamsSchema,
        response: {
          200: z.object({
            order: orderViewSchema,
            timeline: z.array(
              z.object({
                at: z.string(),
                action: z.string(),
                actorName: z.string().nullable(),
                outcome: z.string(),
                details: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { order, timeline } = await getOrderDetail(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.params.orderId,
      );
      return {
        order: presentOrder(order),
        timeline: timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
      };
    },
  );

  app.post(
    `${base}/orders/:orderId/personal-data`,
    {
      schema: {
        tags,
        summary: 'Show an order’s full ID and phone numbers (pii.read; audited)',
        params: orderParamsSchema,
        response: {
          200: z.object({
            contactPhone: z.string().nullable(),
            holders: z.array(z.object({ ticketId: z.uuid(), documentNumber: z.string() })),
          }),
        },
      },
    },
    async (request) =>
      revealOrderPersonalData(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.params.orderId,
      ),
  );

  app.get(
    `${base}/sessions/:sessionId/orders`,
    {
      schema: {
        tags,
        summary: 'The orders of a session (after a cancellation)',
        params: z.object({ siteId: z.uuid(), sessionId: z.uuid() }),
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              number: z.string(),
              status: z.string(),
              validTickets: z.number().int(),
              total: z.number().int(),
            }),
          ),
        },
      },
    },
    async (request) =>
      listSessionOrders(request.serviceContext(), request.params.siteId, request.params.sessionId),
  );

  const bulkSchema = z.object({
    id: z.uuid(),
    sessionId: z.uuid(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    report: z.array(
      z.object({ orderId: z.uuid(), number: z.string(), outcome: z.string(), code: z.string().optional() }),
    ),
  });

  app.post(
    `${base}/sessions/:sessionId/bulk-refund`,
    {
      schema: {
        tags,
        summary:
          'Refund every order of a cancelled session in the background; follow it with the bulk action',
        params: z.object({ siteId: z.uuid(), sessionId: z.uuid() }),
        response: { 202: bulkSchema },
      },
    },
    async (request, reply) => {
      const action = await startBulkRefund(
        request.serviceContext(),
        request.params.siteId,
        request.params.sessionId,
      );
      const jobs = app.deps.jobs;
      if (jobs) await jobs.send(salesJobs.bulkRefund, { id: action.id });
      else
        // No job queue (tests, a one-off tool): run it here; a failure is logged, the action shows it.
        runBulkRefund(app.deps.database.db, app.sales, action.id, {
          clock: request.serviceContext().clock,
        }).catch((error: unknown) =>
          request.log.error({ err: error, bulkActionId: action.id }, 'bulk refund failed'),
        );
      reply.code(202);
      return action;
    },
  );

  app.get(
    `${base}/bulk-actions/:bulkId`,
    {
      schema: {
        tags,
        summary: 'Progress and report of a bulk action',
        params: z.object({ siteId: z.uuid(), bulkId: z.uuid() }),
        response: { 200: bulkSchema },
      },
    },
    async (request) => getBulkAction(request.serviceContext(), request.params.siteId, request.params.bulkId),
  );

  app.get(
    `${base}/refunds/open`,
    {
      schema: {
        tags,
        summary:
          'Refunds not yet confirmed (provider pending or failing, cash awaiting collection), for finance',
        params: siteIdParamsSchema,
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              orderId: z.uuid(),
              orderNumber: z.string(),
              method: z.string(),
              provider: z.string().nullable(),
              amount: z.number().int(),
              status: z.enum(['pending', 'failed']),
              attempts: z.number().int(),
              lastError: z.string().nullable(),
              nextAttemptAt: z.string().nullable(),
              createdAt: z.string(),
            }),
          ),
        },
      },
    },
    async (request) =>
      (await listOpenRefunds(request.serviceContext(), request.params.siteId)).map((r) => ({
        ...r,
        nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
      })),
  );

  app.get(
    `${base}/revocations`,
    {
      schema: {
        tags,
        summary: 'Tickets revoked since a time (refunded or rebooked): gates refuse their codes',
        params: siteIdParamsSchema,
        querystring: z.object({ since: z.iso.datetime({ offset: true }).optional() }),
        response: { 200: z.object({ until: z.string(), ticketIds: z.array(z.uuid()) }) },
      },
    },
    async (request) => {
      const result = await revokedTicketsSince(
        request.serviceContext(),
        request.params.siteId,
        new Date(request.query.since ?? 0),
      );
      return { until: result.until.toISOString(), ticketIds: result.ticketIds };
    },
  );
};
