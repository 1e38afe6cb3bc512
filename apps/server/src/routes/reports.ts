// Reports and the dashboard (报表): every report as JSON and as an xlsx, CSV or PDF download, the
// summary refresh, and the daily summary e-mail's settings. Everything reads (reports.read at each site
// covered) except the daily summary's settings, which need settings.manage. Routes validate and call
// the services, which check permissions and write the audit rows (exports are audited).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  capacityQuerySchema,
  capacityReportSchema,
  dailySummaryFiguresSchema,
  dailySummaryParamsSchema,
  dailySummaryPreviewQuerySchema,
  dailySummarySettingsSchema,
  dailySummaryUpdateSchema,
  dashboardQuerySchema,
  dashboardSchema,
  freeTicketsQuerySchema,
  freeTicketsReportSchema,
  heatmapQuerySchema,
  heatmapReportSchema,
  occupancyQuerySchema,
  occupancyReportSchema,
  refundsReportQuerySchema,
  refundsReportSchema,
  reportExportParamsSchema,
  reportExportQuerySchema,
  salesReportQuerySchema,
  salesReportSchema,
  summaryRefreshSchema,
  visitorsByHourQuerySchema,
  visitorsByHourReportSchema,
  visitorsBySessionQuerySchema,
  visitorsBySessionReportSchema,
  type ReportKind,
} from '@admit/contracts';
import { AppError } from '@admit/domain';
import {
  capacityReport,
  exportReport,
  freeTicketsReport,
  getDailySummarySettings,
  heatmapReport,
  occupancyReport,
  previewDailySummary,
  requestSummaryRefresh,
  refundsReport,
  reportDashboard,
  salesReport,
  updateDailySummarySettings,
  visitorsByHourReport,
  visitorsBySessionReport,
  type ExportRequest,
} from '@admit/services';

const tags = ['reports'];
const base = '/api/v1/reports';

/** Each report's own query, for its export (the export route's query is the union of them). */
const exportQuerySchemas = {
  sales: salesReportQuerySchema,
  refunds: refundsReportQuerySchema,
  visitors_by_hour: visitorsByHourQuerySchema,
  visitors_by_session: visitorsBySessionQuerySchema,
  capacity: capacityQuerySchema,
  occupancy: occupancyQuerySchema,
  heatmap: heatmapQuerySchema,
  free_tickets: freeTicketsQuerySchema,
} satisfies Record<ReportKind, z.ZodType>;

function exportRequest(report: ReportKind, query: Record<string, unknown>): ExportRequest {
  const parsed = exportQuerySchemas[report].safeParse(query);
  if (!parsed.success)
    throw new AppError('validation_failed', {
      details: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'query', i.message])),
    });
  return { report, query: parsed.data } as ExportRequest;
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    `${base}/dashboard`,
    {
      schema: {
        tags,
        summary:
          'Today at a glance: sales, tickets, visitors, live occupancy, refund rate, and the charts’ series',
        description: 'Without siteId: every site where the user may read reports, added up.',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (request) => reportDashboard(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/sales`,
    {
      schema: {
        tags,
        summary:
          'Sales by day, ISO week or month, optionally by ticket type, channel, partner, payment method, seller or site',
        querystring: salesReportQuerySchema,
        response: { 200: salesReportSchema },
      },
    },
    async (request) => salesReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/refunds`,
    {
      schema: {
        tags,
        summary: 'Refunds and the refund rate (tickets refunded per paid ticket sold in the period)',
        querystring: refundsReportQuerySchema,
        response: { 200: refundsReportSchema },
      },
    },
    async (request) => refundsReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/visitors/hours`,
    {
      schema: {
        tags,
        summary: 'Visitors by hour of the site’s day: successful gate entries, and exits apart',
        querystring: visitorsByHourQuerySchema,
        response: { 200: visitorsByHourReportSchema },
      },
    },
    async (request) => visitorsByHourReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/visitors/sessions`,
    {
      schema: {
        tags,
        summary: 'Visitors by session: the sessions of the dates with their entries',
        querystring: visitorsBySessionQuerySchema,
        response: { 200: visitorsBySessionReportSchema },
      },
    },
    async (request) => visitorsBySessionReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/capacity`,
    {
      schema: {
        tags,
        summary: 'Capacity use per session: sold of capacity, entered of sold',
        querystring: capacityQuerySchema,
        response: { 200: capacityReportSchema },
      },
    },
    async (request) => capacityReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/occupancy`,
    {
      schema: {
        tags,
        summary: 'Live occupancy: visitors inside now against the instantaneous maximum (瞬时承载量)',
        querystring: occupancyQuerySchema,
        response: { 200: occupancyReportSchema },
      },
    },
    async (request) => occupancyReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/heatmap`,
    {
      schema: {
        tags,
        summary: 'Arrivals heat map: entries per day (or weekday) and hour',
        querystring: heatmapQuerySchema,
        response: { 200: heatmapReportSchema },
      },
    },
    async (request) => heatmapReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/free-tickets`,
    {
      schema: {
        tags,
        summary: 'Free and complimentary tickets by reason: issued and returned',
        querystring: freeTicketsQuerySchema,
        response: { 200: freeTicketsReportSchema },
      },
    },
    async (request) => freeTicketsReport(request.serviceContext(), request.query),
  );

  app.get(
    `${base}/:report/export`,
    {
      schema: {
        tags,
        summary: 'A report as an xlsx, CSV (UTF-8 with BOM) or PDF download, streamed; audited',
        description:
          'The query is the report’s own (siteId, from, to, granularity, groupBy, gateId, mode) plus format. ' +
          'The file is named <SITE or ALL>-<report>-<from>_<to>.<ext>.',
        params: reportExportParamsSchema,
        querystring: reportExportQuerySchema,
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const file = await exportReport(
        request.serviceContext(),
        exportRequest(request.params.report, query),
        format,
      );
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${file.filename.ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename.localized)}`,
        )
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.post(
    `${base}/refresh`,
    {
      schema: {
        tags,
        summary: 'Brings the summaries up to date now (they are refreshed every minute anyway)',
        response: { 200: summaryRefreshSchema },
      },
    },
    async (request) => {
      const run = await requestSummaryRefresh(request.serviceContext());
      return { asOf: run.asOf.toISOString(), partitions: run.partitions };
    },
  );

  app.get(
    `${base}/daily-summary/:siteId`,
    {
      schema: {
        tags,
        summary: 'The site’s daily summary e-mail: on or off, its hour, its recipients, the last one sent',
        params: dailySummaryParamsSchema,
        response: { 200: dailySummarySettingsSchema },
      },
    },
    async (request) => getDailySummarySettings(request.serviceContext(), request.params.siteId),
  );

  app.put(
    `${base}/daily-summary/:siteId`,
    {
      schema: {
        tags,
        summary: 'Changes the daily summary e-mail (settings.manage): on or off, hour, recipients (replaced)',
        params: dailySummaryParamsSchema,
        body: dailySummaryUpdateSchema,
        response: { 200: dailySummarySettingsSchema },
      },
    },
    async (request) =>
      updateDailySummarySettings(request.serviceContext(), request.params.siteId, request.body),
  );

  app.get(
    `${base}/daily-summary/:siteId/preview`,
    {
      schema: {
        tags,
        summary: 'The figures the daily summary gives for a date (default: yesterday at the site)',
        params: dailySummaryParamsSchema,
        querystring: dailySummaryPreviewQuerySchema,
        response: { 200: dailySummaryFiguresSchema },
      },
    },
    async (request) =>
      previewDailySummary(request.serviceContext(), request.params.siteId, request.query.date),
  );
};
