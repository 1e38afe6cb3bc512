// Finance (/api/v1/finance/sites/:siteId/…): daily settlement — preview with readiness, confirm, the
// month's days — and adjustments of settled days (finance.settle; reports.read may read); the chart of
// accounts with its template, and vouchers — generate for confirmed days, list, export to the ledgers'
// import layouts as a file download (finance.vouchers).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  adjustmentInputSchema,
  adjustmentViewSchema,
  chartInputSchema,
  chartResponseSchema,
  chartTemplateSchema,
  chartViewSchema,
  financeRangeQuerySchema,
  financeSiteParamsSchema,
  settlementConfirmSchema,
  settlementDateParamsSchema,
  settlementDaySchema,
  settlementMonthQuerySchema,
  settlementViewSchema,
  voucherExportSchema,
  voucherGenerateResponseSchema,
  voucherGenerateSchema,
  voucherListSchema,
} from '@admit/contracts';
import { z } from 'zod';
import {
  chartTemplate,
  confirmSettlement,
  createAdjustment,
  exportVouchers,
  generateVouchers,
  getChart,
  listAdjustments,
  listSettlementDays,
  listVouchers,
  previewSettlement,
  requirePermission,
  setChart,
  type AdjustmentRecord,
  type ChartRecord,
  type SettlementView,
  type VoucherRecord,
} from '@admit/services';

const tags = ['finance'];
const base = '/api/v1/finance/sites/:siteId';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function presentAdjustment(a: AdjustmentRecord) {
  return {
    id: a.id,
    businessDate: a.businessDate,
    correctsDate: a.correctsDate,
    method: a.method,
    agencyId: a.agencyId,
    agencyName: a.agencyName,
    amount: a.amount,
    reason: a.reason,
    reconciliationItemId: a.reconciliationItemId,
    createdByName: a.createdByName,
    createdAt: a.createdAt.toISOString(),
  };
}

function presentSettlement(s: SettlementView) {
  return {
    site: s.site,
    date: s.date,
    figures: s.figures,
    adjustments: s.adjustments.map(presentAdjustment),
    names: s.names,
    readiness: s.readiness,
    confirmed: s.confirmed
      ? {
          id: s.confirmed.id,
          confirmedAt: s.confirmed.confirmedAt.toISOString(),
          confirmedByName: s.confirmed.confirmedByName,
          note: s.confirmed.note,
        }
      : null,
  };
}

function presentChart(c: ChartRecord) {
  const { siteId: _site, ...chart } = c.chart;
  return {
    chart: {
      ...chart,
      revenue: { default: chart.revenue.default, byProduct: { ...chart.revenue.byProduct } },
      receivable: { default: chart.receivable.default, byAgency: { ...chart.receivable.byAgency } },
      accountNames: { ...chart.accountNames },
    },
    voucherWord: c.voucherWord,
    updatedAt: c.updatedAt.toISOString(),
    updatedByName: c.updatedByName,
  };
}

function presentVoucher(v: VoucherRecord) {
  return {
    id: v.id,
    businessDate: v.businessDate,
    kind: v.kind,
    period: v.period,
    word: v.word,
    number: v.number,
    summary: v.summary,
    lines: v.lines,
    debitTotal: v.debitTotal,
    creditTotal: v.creditTotal,
    exportCount: v.exportCount,
    firstExportedAt: iso(v.firstExportedAt),
    lastExportedAt: iso(v.lastExportedAt),
    lastExportedByName: v.lastExportedByName,
  };
}

export const financeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    `${base}/settlements/:date`,
    {
      schema: {
        tags,
        summary:
          'A business day’s settlement (日结): as confirmed, or the figures so far and whether it can be confirmed',
        params: settlementDateParamsSchema,
        response: { 200: settlementViewSchema },
      },
    },
    async (request) =>
      presentSettlement(
        await previewSettlement(request.serviceContext(), request.params.siteId, request.params.date),
      ),
  );

  app.post(
    `${base}/settlements/:date/confirm`,
    {
      schema: {
        tags,
        summary: 'Confirm a business day (it has ended and all its shifts are confirmed); it is then locked',
        params: settlementDateParamsSchema,
        body: settlementConfirmSchema,
        response: { 200: settlementViewSchema },
      },
    },
    async (request) =>
      presentSettlement(
        await confirmSettlement(
          request.serviceContext(),
          request.params.siteId,
          request.params.date,
          request.body,
        ),
      ),
  );

  app.get(
    `${base}/settlements`,
    {
      schema: {
        tags,
        summary: 'The days of a month and their state: settled, ready to settle, open, future',
        params: financeSiteParamsSchema,
        querystring: settlementMonthQuerySchema,
        response: { 200: z.object({ days: z.array(settlementDaySchema) }) },
      },
    },
    async (request) => ({
      days: await listSettlementDays(request.serviceContext(), request.params.siteId, request.query.month),
    }),
  );

  app.get(
    `${base}/adjustments`,
    {
      schema: {
        tags,
        summary: 'Adjustments made on the business days from–to',
        params: financeSiteParamsSchema,
        querystring: financeRangeQuerySchema,
        response: { 200: z.object({ adjustments: z.array(adjustmentViewSchema) }) },
      },
    },
    async (request) => ({
      adjustments: (
        await listAdjustments(request.serviceContext(), request.params.siteId, request.query)
      ).map(presentAdjustment),
    }),
  );

  app.post(
    `${base}/adjustments`,
    {
      schema: {
        tags,
        summary: 'Record an adjustment of a settled day, dated today (Idempotency-Key required)',
        params: financeSiteParamsSchema,
        body: adjustmentInputSchema,
        response: { 201: adjustmentViewSchema },
      },
      config: { idempotent: true },
    },
    async (request, reply) => {
      const adjustment = await createAdjustment(
        request.serviceContext(),
        request.params.siteId,
        request.body,
      );
      reply.code(201);
      return presentAdjustment(adjustment);
    },
  );

  app.get(
    `${base}/chart`,
    {
      schema: {
        tags,
        summary: 'The site’s chart of accounts (会计科目) and voucher word, or null when none is set',
        params: financeSiteParamsSchema,
        response: { 200: chartResponseSchema },
      },
    },
    async (request) => {
      const chart = await getChart(request.serviceContext(), request.params.siteId);
      return { chart: chart ? presentChart(chart) : null };
    },
  );

  app.get(
    `${base}/chart/template`,
    {
      schema: {
        tags,
        summary: 'The standard chart of accounts of a Chinese scenic area, to start from',
        params: financeSiteParamsSchema,
        response: { 200: chartTemplateSchema },
      },
    },
    async (request) => {
      await requirePermission(request.serviceContext(), 'finance.vouchers', request.params.siteId);
      const { chart } = presentChart({
        chart: chartTemplate(request.params.siteId),
        voucherWord: '记',
        updatedAt: new Date(0),
        updatedBy: null,
        updatedByName: null,
      });
      return { chart, voucherWord: '记' };
    },
  );

  app.put(
    `${base}/chart`,
    {
      schema: {
        tags,
        summary: 'Set the site’s chart of accounts and voucher word (checked complete; audited)',
        params: financeSiteParamsSchema,
        body: chartInputSchema,
        response: { 200: chartViewSchema },
      },
    },
    async (request) =>
      presentChart(await setChart(request.serviceContext(), request.params.siteId, request.body)),
  );

  app.post(
    `${base}/vouchers/generate`,
    {
      schema: {
        tags,
        summary: 'Generate the vouchers of the confirmed days from–to (each day once, numbered without gaps)',
        params: financeSiteParamsSchema,
        body: voucherGenerateSchema,
        response: { 200: voucherGenerateResponseSchema },
      },
    },
    async (request) => ({
      days: await generateVouchers(request.serviceContext(), request.params.siteId, request.body),
    }),
  );

  app.get(
    `${base}/vouchers`,
    {
      schema: {
        tags,
        summary: 'The vouchers dated from–to with their lines and export marks',
        params: financeSiteParamsSchema,
        querystring: financeRangeQuerySchema,
        response: { 200: voucherListSchema },
      },
    },
    async (request) => {
      const { vouchers, names } = await listVouchers(
        request.serviceContext(),
        request.params.siteId,
        request.query,
      );
      return { vouchers: vouchers.map(presentVoucher), names };
    },
  );

  app.post(
    `${base}/vouchers/export`,
    {
      schema: {
        tags,
        summary:
          'Export the vouchers dated from–to for Kingdee or Yonyou, as xlsx or CSV (marks them exported)',
        description:
          'A range holding a voucher exported before is refused (409 vouchers_already_exported) unless ' +
          'reexport is true, which is audited. CSV is UTF-8 with a byte-order mark. The file streams.',
        params: financeSiteParamsSchema,
        body: voucherExportSchema,
      },
    },
    async (request, reply) => {
      const file = await exportVouchers(request.serviceContext(), request.params.siteId, request.body);
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${file.filename.ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename.localized)}`,
        )
        .header('cache-control', 'no-store')
        .header('x-voucher-count', String(file.count))
        .send(file.body);
    },
  );
};
