// The selling API: the box office's day, the sale (Idempotency-Key required), the order, the
// payment-code follow-up, printing, and travel agencies on account. Routes validate and call the
// services, which check permissions, own the transactions and write the audit rows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agencyDepositSchema,
  agencyInputSchema,
  agencyParamsSchema,
  agencyPaymentSchema,
  agencyStatementQuerySchema,
  agencyStatementSchema,
  agencyUpdateSchema,
  agencyViewSchema,
  boxOfficeQuerySchema,
  boxOfficeResponseSchema,
  orderParamsSchema,
  orderViewSchema,
  printRequestSchema,
  printResponseSchema,
  saleRequestSchema,
  saleResponseSchema,
  signingKeyViewSchema,
  siteIdParamsSchema,
  type AgencyStatementView,
  type OrderView,
} from '@admit/contracts';
import {
  agencyStatement,
  agencyStatementCsv,
  agencyStatementFilename,
  agencyStatementXlsx,
  cancelOrderPayment,
  createAgency,
  getBoxOffice,
  listAgencies,
  loadOrder,
  printableTickets,
  printOrderTickets,
  queryOrderPayment,
  recordAgencyDeposit,
  recordAgencyPayment,
  renderPrinterTestPdf,
  renderTicketsPdf,
  requirePermission,
  can,
  sellTickets,
  sitePublicKeys,
  updateAgency,
  type AgencyStatement,
  type OrderRecord,
} from '@admit/services';
import { AppError } from '@admit/domain';

const tags = ['sales'];

function presentAgencyStatement(s: AgencyStatement): AgencyStatementView {
  return {
    agency: s.agency,
    site: s.site,
    from: s.from,
    to: s.to,
    openingBalance: s.openingBalance,
    lines: s.lines.map((l) => ({
      id: l.id,
      at: l.at.toISOString(),
      kind: l.kind,
      amount: l.amount,
      balance: l.balance,
      orderId: l.orderId,
      orderNumber: l.orderNumber,
      orderChannel: l.orderChannel,
      visitDate: l.visitDate,
      ticketCount: l.ticketCount,
      reference: l.reference,
      note: l.note,
    })),
    totals: s.totals,
    counts: s.counts,
    closingBalance: s.closingBalance,
    amountDue: s.amountDue,
    availableCredit: s.availableCredit,
    generatedAt: s.generatedAt.toISOString(),
  };
}

export function presentOrder(o: OrderRecord): OrderView {
  return {
    id: o.id,
    number: o.number,
    siteId: o.siteId,
    siteCode: o.siteCode,
    siteNameZh: o.siteNameZh,
    siteNameEn: o.siteNameEn,
    channel: o.channel,
    status: o.status,
    visitDate: o.visitDate,
    sessionId: o.sessionId,
    sessionStartsAt: o.sessionStartsAt?.toISOString() ?? null,
    sessionEndsAt: o.sessionEndsAt?.toISOString() ?? null,
    sessionNameZh: o.sessionNameZh,
    sessionNameEn: o.sessionNameEn,
    total: o.total,
    paid: o.paid,
    sellerName: o.sellerName,
    agencyId: o.agencyId,
    guideName: o.guideName,
    createdAt: o.createdAt.toISOString(),
    tickets: o.tickets.map((t) => ({
      id: t.id,
      number: t.number,
      productId: t.productId,
      productCode: t.productCode,
      productNameZh: t.productNameZh,
      productNameEn: t.productNameEn,
      category: t.category as OrderView['tickets'][number]['category'],
      price: t.price,
      status: t.status,
      sessionId: t.sessionId,
      validFrom: t.validFrom.toISOString(),
      validUntil: t.validUntil.toISOString(),
      entriesAllowed: t.entriesAllowed,
      code: t.code,
      printCount: t.printCount,
      holderName: t.holderName,
      holderDocument: t.holderDocument,
      discountDocument: t.discountDocument,
      discountReason: t.discountReason,
    })),
    payments: o.payments.map((p) => ({
      id: p.id,
      method: p.method,
      provider: p.provider,
      amount: p.amount,
      status: p.status,
      tendered: p.tendered,
      change: p.change,
      reference: p.reference,
      agencyId: p.agencyId,
      failureCode: p.failureCode,
      waitingForCustomer: p.waitingForCustomer,
    })),
  };
}

function saleResponse(order: OrderRecord, change: number, warnings: { code: string; ticketIndex: number }[]) {
  return {
    order: presentOrder(order),
    change,
    warnings: warnings.map((w) => ({ code: w.code, ticketIndex: w.ticketIndex })),
  };
}

export const salesRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/sites/:siteId';

  app.get(
    `${base}/box-office`,
    {
      schema: {
        tags,
        summary: 'What the sell screen needs for a day: prices, sessions with places left, agencies',
        params: siteIdParamsSchema,
        querystring: boxOfficeQuerySchema,
        response: { 200: boxOfficeResponseSchema },
      },
    },
    async (request) => {
      const day = await getBoxOffice(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.query.date,
      );
      return {
        ...day,
        sessions: day.sessions.map((s) => ({
          id: s.sessionId,
          kind: s.kind,
          nameZh: s.nameZh,
          nameEn: s.nameEn,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          status: s.status,
          remaining: s.remaining,
          products: s.products,
        })),
        products: day.products.map((p) => ({
          id: p.id,
          code: p.code,
          nameZh: p.nameZh,
          nameEn: p.nameEn,
          category: p.category,
          price: p.price,
          explanation: p.explanation,
          realName: p.realName,
          requiredDocuments: p.requiredDocuments,
          minAge: p.minAge,
          maxAge: p.maxAge,
          minPerOrder: p.minPerOrder,
          maxPerOrder: p.maxPerOrder,
          eligibilityZh: p.eligibilityZh,
          eligibilityEn: p.eligibilityEn,
          bySession: p.bySession,
        })),
        agencies: day.agencies.map((a) => ({
          id: a.id,
          code: a.code,
          name: a.name,
          available: a.available,
          active: a.active,
        })),
      };
    },
  );

  app.post(
    `${base}/orders`,
    {
      schema: {
        tags,
        summary: 'Sell tickets (Idempotency-Key required): 201 paid, 202 waiting for the customer’s payment',
        params: siteIdParamsSchema,
        body: saleRequestSchema,
        response: { 201: saleResponseSchema, 202: saleResponseSchema },
      },
      config: { idempotent: true },
    },
    async (request, reply) => {
      const result = await sellTickets(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.body,
      );
      reply.code(result.order.status === 'pending' ? 202 : 201);
      return saleResponse(result.order, result.change, result.warnings);
    },
  );

  app.get(
    `${base}/orders/:orderId`,
    {
      schema: {
        tags,
        summary: 'An order with its tickets and payments',
        params: orderParamsSchema,
        response: { 200: orderViewSchema },
      },
    },
    async (request) => {
      const ctx = request.serviceContext();
      const { siteId, orderId } = request.params;
      if (!can(ctx, 'orders.sell', siteId)) await requirePermission(ctx, 'orders.read', siteId);
      return presentOrder(await loadOrder(ctx.db, app.sales, siteId, orderId));
    },
  );

  for (const [path, action, summary] of [
    ['payment-query', queryOrderPayment, 'Ask the provider about a pending payment code'],
    ['payment-cancel', cancelOrderPayment, 'Give up a pending payment code: reverse it and cancel the order'],
  ] as const) {
    app.post(
      `${base}/orders/:orderId/${path}`,
      {
        schema: { tags, summary, params: orderParamsSchema, response: { 200: saleResponseSchema } },
      },
      async (request) => {
        const order = await action(
          request.serviceContext(),
          app.sales,
          request.params.siteId,
          request.params.orderId,
        );
        return saleResponse(order, 0, []);
      },
    );
  }

  app.post(
    `${base}/orders/:orderId/print`,
    {
      schema: {
        tags,
        summary: 'Print an order’s tickets (PDF for 80/58 mm thermal paper, or JSON for browser printing)',
        description:
          'Printing a ticket that was printed before is a reprint: it needs orders.reprint and is audited.',
        params: orderParamsSchema,
        body: printRequestSchema,
        response: { 200: z.union([printResponseSchema, z.any()]) },
      },
    },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const job = await printOrderTickets(
        ctx,
        app.sales,
        request.params.siteId,
        request.params.orderId,
        request.body.ticketIds,
      );
      if (request.body.format === 'json') return { order: presentOrder(job.order), reprint: job.reprint };
      if (job.tickets.length === 0) throw new AppError('ticket_not_found');
      const pdf = await renderTicketsPdf(printableTickets(job, ctx.locale), {
        layout: request.body.layout,
        locale: ctx.locale,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${job.order.number}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    `${base}/printer-test.pdf`,
    {
      schema: {
        tags,
        summary: 'A printer test page for 80 or 58 mm thermal paper',
        params: siteIdParamsSchema,
        querystring: z.object({ layout: z.enum(['80mm', '58mm']).default('80mm') }),
      },
    },
    async (request, reply) => {
      const ctx = request.serviceContext();
      await requirePermission(ctx, 'orders.sell', request.params.siteId);
      const pdf = await renderPrinterTestPdf({ layout: request.query.layout, locale: ctx.locale });
      return reply.header('content-type', 'application/pdf').send(pdf);
    },
  );

  app.get(
    `${base}/signing-keys`,
    {
      schema: {
        tags,
        summary: 'The public keys that ticket codes of this site are signed with (gates verify with them)',
        params: siteIdParamsSchema,
        response: { 200: z.array(signingKeyViewSchema) },
      },
    },
    async (request) => {
      const ctx = request.serviceContext();
      const { siteId } = request.params;
      if (!can(ctx, 'orders.sell', siteId) && !can(ctx, 'checkin.redeem', siteId))
        await requirePermission(ctx, 'catalog.read', siteId);
      return sitePublicKeys(ctx.db, siteId);
    },
  );

  app.get(
    `${base}/agencies`,
    {
      schema: {
        tags,
        summary: 'Travel agencies on account',
        params: siteIdParamsSchema,
        response: { 200: z.array(agencyViewSchema) },
      },
    },
    async (request) => listAgencies(request.serviceContext(), request.params.siteId),
  );

  app.post(
    `${base}/agencies`,
    {
      schema: {
        tags,
        summary: 'Create a travel agency account',
        params: siteIdParamsSchema,
        body: agencyInputSchema,
        response: { 201: agencyViewSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return createAgency(request.serviceContext(), request.params.siteId, request.body);
    },
  );

  app.patch(
    `${base}/agencies/:agencyId`,
    {
      schema: {
        tags,
        summary: 'Change a travel agency account',
        params: agencyParamsSchema,
        body: agencyUpdateSchema,
        response: { 200: agencyViewSchema },
      },
    },
    async (request) => {
      const patch = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined));
      return updateAgency(request.serviceContext(), request.params.siteId, request.params.agencyId, patch);
    },
  );

  app.post(
    `${base}/agencies/:agencyId/deposits`,
    {
      schema: {
        tags,
        summary: 'Record money received from an agency',
        params: agencyParamsSchema,
        body: agencyDepositSchema,
        response: { 200: agencyViewSchema },
      },
      config: { idempotent: true },
    },
    async (request) =>
      recordAgencyDeposit(
        request.serviceContext(),
        request.params.siteId,
        request.params.agencyId,
        request.body,
      ),
  );
  app.post(
    `${base}/agencies/:agencyId/payments`,
    {
      schema: {
        tags,
        summary: 'Record a payment received from an agency against what it owes (Idempotency-Key required)',
        params: agencyParamsSchema,
        body: agencyPaymentSchema,
        response: { 200: agencyViewSchema },
      },
      config: { idempotent: true },
    },
    async (request) =>
      recordAgencyPayment(
        request.serviceContext(),
        request.params.siteId,
        request.params.agencyId,
        request.body,
      ),
  );

  app.get(
    `${base}/agencies/:agencyId/statement`,
    {
      schema: {
        tags,
        summary: 'An agency’s statement for a period (JSON, or a CSV or Excel download)',
        description:
          'from–to are business days at the site (default: the previous calendar month). ' +
          'format=csv is UTF-8 with a byte-order mark; format=xlsx is an Excel workbook.',
        params: agencyParamsSchema,
        querystring: agencyStatementQuerySchema,
        response: { 200: z.union([agencyStatementSchema, z.any()]) },
      },
    },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const { from, to, format } = request.query;
      const statement = await agencyStatement(ctx, request.params.siteId, request.params.agencyId, {
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      });
      if (format === 'json') return presentAgencyStatement(statement);
      const name = agencyStatementFilename(statement, ctx.locale, format);
      const [body, type] =
        format === 'csv'
          ? [agencyStatementCsv(statement, ctx.locale), 'text/csv; charset=utf-8']
          : [
              await agencyStatementXlsx(statement, ctx.locale),
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            ];
      return reply
        .header('content-type', type)
        .header(
          'content-disposition',
          `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.localized)}`,
        )
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};
