// Reports and the dashboard (报表与数据看板): every report's query and answer, the export query, and the
// daily summary e-mail's subscriptions. Reports read summary tables fed by a job from committed rows
// (plus the live occupancy stripes), so an answer can be up to a minute behind the sale; `asOf` says
// how far the summaries have got. Money is integer fen; dates are civil dates in each site's zone;
// rates are basis points (1/100 of a per cent, 10 000 = 100 %), null when there is nothing to divide by.
import { z } from 'zod';

const civilDate = z.iso.date();
const fen = z.number().int();
const count = z.number().int();
const basisPoints = z.number().int().nullable();
const isoTime = z.iso.datetime();

/** day, week (ISO weeks, Monday first) or month, in each site's zone; a bucket is named by its first day. */
export const reportGranularitySchema = z.enum(['day', 'week', 'month']);
export type ReportGranularity = z.infer<typeof reportGranularitySchema>;

/**
 * Which site, and which days. Without siteId: every site where the user holds reports.read (all sites
 * with an all-sites grant). from/to are inclusive and at most 1 100 days apart (report_range_invalid).
 */
export const reportScopeQuerySchema = z.object({
  siteId: z.uuid().optional(),
  from: civilDate,
  to: civilDate,
});
export type ReportScopeQuery = z.infer<typeof reportScopeQuerySchema>;

/** What the sales report's rows are grouped by besides the period; `none`: one row per period. */
export const salesGroupingSchema = z.enum([
  'none',
  'ticket_type',
  'channel',
  'channel_partner',
  'payment_method',
  'seller',
  'site',
]);
export type SalesGrouping = z.infer<typeof salesGroupingSchema>;

export const salesReportQuerySchema = reportScopeQuerySchema.extend({
  granularity: reportGranularitySchema.default('day'),
  groupBy: salesGroupingSchema.default('none'),
});
export type SalesReportQuery = z.input<typeof salesReportQuerySchema>;

/**
 * One period × group. Ticket groupings count tickets sold (by a sale, not by a rebooking) at their
 * prices — channel tickets at the settlement price — and tickets refunded with the money given back and
 * the fees kept, each on the business day the money moved (the settlement's dating rule). Free and
 * complimentary tickets are counted apart and never in ticketsSold. `payment_method` is the money view:
 * payments received (rebooking differences included) and refunds paid by each method; its
 * ticketsSold/ticketsRefunded are the numbers of payments and refunds. net = sales − refunds.
 */
export const salesRowSchema = z.object({
  /** First day of the bucket (a Monday for weeks, the 1st for months). */
  period: civilDate,
  /** Stable key of the group: product id, channel, channel id, method, seller id, site id; null for `none`. */
  key: z.string().nullable(),
  /** The group's name in the request's language (ticket type, partner, seller, site…); '' for `none`. */
  label: z.string(),
  ticketsSold: count,
  sales: fen,
  ticketsRefunded: count,
  refunds: fen,
  refundFees: fen,
  net: fen,
  freeTickets: count,
  complimentaryTickets: count,
});
export type SalesRow = z.infer<typeof salesRowSchema>;

const reportMetaSchema = z.object({
  /** The sites the answer covers (one, or every permitted site). */
  sites: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), timeZone: z.string() })),
  from: civilDate,
  to: civilDate,
  /** The summaries include every row committed before this moment (null: the job has not run yet). */
  asOf: isoTime.nullable(),
});
export type ReportMeta = z.infer<typeof reportMetaSchema>;

export const salesTotalsSchema = z.object({
  ticketsSold: count,
  sales: fen,
  ticketsRefunded: count,
  refunds: fen,
  refundFees: fen,
  net: fen,
  freeTickets: count,
  complimentaryTickets: count,
});

export const salesReportSchema = reportMetaSchema.extend({
  granularity: reportGranularitySchema,
  groupBy: salesGroupingSchema,
  rows: z.array(salesRowSchema),
  totals: salesTotalsSchema,
});
export type SalesReport = z.infer<typeof salesReportSchema>;

/** Visitors by hour of the day (site's zone), per period: successful entries, and exits apart. */
export const visitorsByHourQuerySchema = reportScopeQuerySchema.extend({
  granularity: reportGranularitySchema.default('day'),
  gateId: z.uuid().optional(),
});
export const visitorsByHourRowSchema = z.object({
  period: civilDate,
  hour: z.number().int().min(0).max(23),
  entries: count,
  exits: count,
});
export const visitorsByHourReportSchema = reportMetaSchema.extend({
  granularity: reportGranularitySchema,
  rows: z.array(visitorsByHourRowSchema),
  totals: z.object({ entries: count, exits: count }),
});
export type VisitorsByHourReport = z.infer<typeof visitorsByHourReportSchema>;

/** Sessions of the range (their business dates) with entries by their tickets; exits when scanned. */
export const visitorsBySessionQuerySchema = reportScopeQuerySchema;
const sessionColumns = {
  siteId: z.uuid(),
  sessionId: z.uuid(),
  businessDate: civilDate,
  startsAt: isoTime,
  endsAt: isoTime,
  /** The session's name in the request's language, or its start time when it has none. */
  label: z.string(),
};
export const visitorsBySessionRowSchema = z.object({ ...sessionColumns, entries: count, exits: count });
export const visitorsBySessionReportSchema = reportMetaSchema.extend({
  rows: z.array(visitorsBySessionRowSchema),
  totals: z.object({ entries: count, exits: count }),
});
export type VisitorsBySessionReport = z.infer<typeof visitorsBySessionReportSchema>;

/** Capacity use per session: sold of capacity, and entered of sold. */
export const capacityQuerySchema = reportScopeQuerySchema;
export const capacityRowSchema = z.object({
  ...sessionColumns,
  capacity: count,
  /** Places taken now (tickets sold and not refunded; holds excluded). */
  sold: count,
  /** Tickets of the session with a successful entry (each ticket once). */
  entered: count,
  soldRateBp: basisPoints,
  enteredRateBp: basisPoints,
});
export const capacityReportSchema = reportMetaSchema.extend({
  rows: z.array(capacityRowSchema),
  totals: z.object({
    capacity: count,
    sold: count,
    entered: count,
    soldRateBp: basisPoints,
    enteredRateBp: basisPoints,
  }),
});
export type CapacityReport = z.infer<typeof capacityReportSchema>;

/** Live occupancy (now): visitors inside against the instantaneous maximum (瞬时承载量), per site. */
export const occupancyQuerySchema = z.object({ siteId: z.uuid().optional() });
export const occupancyRowSchema = z.object({
  siteId: z.uuid(),
  code: z.string(),
  name: z.string(),
  /** The site's business day now. */
  businessDate: civilDate,
  inside: count,
  /** null: the site has no instantaneous maximum. */
  instantMax: count.nullable(),
  occupancyBp: basisPoints,
  entriesToday: count,
  exitsToday: count,
});
export const occupancyReportSchema = z.object({
  asOf: isoTime,
  rows: z.array(occupancyRowSchema),
  totals: z.object({
    inside: count,
    instantMax: count.nullable(),
    occupancyBp: basisPoints,
    entriesToday: count,
    exitsToday: count,
  }),
});
export type OccupancyReport = z.infer<typeof occupancyReportSchema>;

/** Refunds and the refund rate: tickets refunded per tickets sold in the same period (by ticket count). */
export const refundGroupingSchema = z.enum(['none', 'ticket_type', 'channel', 'site']);
export const refundsReportQuerySchema = reportScopeQuerySchema.extend({
  granularity: reportGranularitySchema.default('day'),
  groupBy: refundGroupingSchema.default('none'),
});
export const refundsRowSchema = z.object({
  period: civilDate,
  key: z.string().nullable(),
  label: z.string(),
  ticketsSold: count,
  ticketsRefunded: count,
  refunds: fen,
  refundFees: fen,
  refundRateBp: basisPoints,
});
export const refundsReportSchema = reportMetaSchema.extend({
  granularity: reportGranularitySchema,
  groupBy: refundGroupingSchema,
  rows: z.array(refundsRowSchema),
  totals: z.object({
    ticketsSold: count,
    ticketsRefunded: count,
    refunds: fen,
    refundFees: fen,
    refundRateBp: basisPoints,
  }),
});
export type RefundsReport = z.infer<typeof refundsReportSchema>;

/**
 * Arrivals heat map: successful entries per cell. `date_hour`: one row per day of the range;
 * `weekday_hour`: one row per ISO weekday (1 Monday … 7 Sunday), the range's days added up.
 */
export const heatmapModeSchema = z.enum(['date_hour', 'weekday_hour']);
export const heatmapQuerySchema = reportScopeQuerySchema.extend({
  mode: heatmapModeSchema.default('weekday_hour'),
});
export const heatmapCellSchema = z.object({
  /** A date (date_hour) or an ISO weekday '1'…'7' (weekday_hour). */
  row: z.string(),
  hour: z.number().int().min(0).max(23),
  entries: count,
});
export const heatmapReportSchema = reportMetaSchema.extend({
  mode: heatmapModeSchema,
  /** Every row of the grid in order, including rows without entries. */
  rows: z.array(z.string()),
  /** Only cells with entries; the others are 0. */
  cells: z.array(heatmapCellSchema),
  max: count,
  total: count,
});
export type HeatmapReport = z.infer<typeof heatmapReportSchema>;

/** Free (by policy) and complimentary (approved) tickets by reason: issued, and returned by refunds. */
export const freeTicketsQuerySchema = reportScopeQuerySchema.extend({
  granularity: reportGranularitySchema.default('month'),
});
export const freeTicketKindSchema = z.enum(['free', 'complimentary']);
export const freeTicketsRowSchema = z.object({
  period: civilDate,
  kind: freeTicketKindSchema,
  /** The reason entered at the sale, else 'guide' (a group's free guide place), else the ticket type's code. */
  reason: z.string(),
  issued: count,
  returned: count,
});
export const freeTicketsReportSchema = reportMetaSchema.extend({
  granularity: reportGranularitySchema,
  rows: z.array(freeTicketsRowSchema),
  totals: z.object({
    free: z.object({ issued: count, returned: count }),
    complimentary: z.object({ issued: count, returned: count }),
  }),
});
export type FreeTicketsReport = z.infer<typeof freeTicketsReportSchema>;

/** The dashboard (GET /api/v1/reports/dashboard): today at a glance and the charts' series. */
export const dashboardQuerySchema = z.object({ siteId: z.uuid().optional() });
const labelledSlice = z.object({ key: z.string(), label: z.string(), tickets: count, sales: fen });
export const dashboardSchema = z.object({
  sites: reportMetaSchema.shape.sites,
  /** Today's business date (the first site's, when sites differ in zone). */
  today: civilDate,
  asOf: isoTime.nullable(),
  kpis: z.object({
    /** Today's sales (ticket prices, fen) and paid tickets sold. */
    sales: fen,
    tickets: count,
    /** Successful entries today. */
    visitors: count,
    /** Live: inside now, against the instantaneous maximum (null when a site has none). */
    inside: count,
    instantMax: count.nullable(),
    occupancyBp: basisPoints,
    refunds: fen,
    ticketsRefunded: count,
    /** Today's tickets refunded per tickets sold. */
    refundRateBp: basisPoints,
  }),
  /** The last 30 days (today included), every day present. */
  salesByDay: z.array(z.object({ date: civilDate, sales: fen, tickets: count, visitors: count })),
  /** The last 30 days by ticket type and by channel, largest first. */
  byTicketType: z.array(labelledSlice),
  byChannel: z.array(labelledSlice),
  /** Today, hours 0–23 (every hour present). */
  visitorsByHour: z.array(z.object({ hour: z.number().int(), entries: count, exits: count })),
  /** The last 28 days, weekday × hour (as the heat map report's weekday_hour mode). */
  heatmap: z.object({ rows: z.array(z.string()), cells: z.array(heatmapCellSchema), max: count }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The reports that export (GET /api/v1/reports/{report}/export?format=…&<the report's query>). */
export const reportKindSchema = z.enum([
  'sales',
  'visitors_by_hour',
  'visitors_by_session',
  'capacity',
  'occupancy',
  'refunds',
  'heatmap',
  'free_tickets',
]);
export type ReportKind = z.infer<typeof reportKindSchema>;
export const reportExportParamsSchema = z.object({ report: reportKindSchema });
export const exportFormatSchema = z.enum(['xlsx', 'csv', 'pdf']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
/**
 * The export's query: the format plus the report's own query fields (all optional here; the server
 * validates them with that report's schema). The file is named `<SITE or ALL>-<report>-<from>-<to>.<ext>`.
 */
export const reportExportQuerySchema = z
  .object({
    format: exportFormatSchema,
    siteId: z.uuid().optional(),
    from: civilDate.optional(),
    to: civilDate.optional(),
    granularity: reportGranularitySchema.optional(),
    groupBy: z.string().optional(),
    gateId: z.uuid().optional(),
    mode: heatmapModeSchema.optional(),
  })
  .loose();
export type ReportExportQuery = z.infer<typeof reportExportQuerySchema>;

/**
 * The daily summary e-mail (日报): yesterday's sales, tickets, visitors, refunds and top ticket types,
 * sent once a day per site at the site-local hour to each recipient in their language. Reading needs
 * reports.read at the site; changing it needs settings.manage there (it sends business figures out).
 */
export const dailySummaryParamsSchema = z.object({ siteId: z.uuid() });
export const dailySummaryRecipientSchema = z.object({
  email: z.email().max(254),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export const dailySummaryUpdateSchema = z.object({
  enabled: z.boolean(),
  /** The hour (site's zone, 0–23) the previous day's summary goes out. */
  sendHour: z.number().int().min(0).max(23),
  /** Replaces the list; at most 20 addresses, each once. */
  recipients: z.array(dailySummaryRecipientSchema).max(20),
});
export type DailySummaryUpdate = z.input<typeof dailySummaryUpdateSchema>;
export const dailySummarySettingsSchema = z.object({
  siteId: z.uuid(),
  enabled: z.boolean(),
  sendHour: z.number().int(),
  recipients: z.array(z.object({ email: z.string(), locale: z.enum(['zh-CN', 'en']) })),
  /** The last business date summarised and when it was queued, if ever. */
  lastSent: z.object({ businessDate: civilDate, at: isoTime }).nullable(),
  updatedAt: isoTime.nullable(),
});
export type DailySummarySettings = z.infer<typeof dailySummarySettingsSchema>;

/** The figures of one site's day as the e-mail gives them (also the preview route's answer). */
export const dailySummaryFiguresSchema = z.object({
  siteId: z.uuid(),
  businessDate: civilDate,
  sales: fen,
  ticketsSold: count,
  refunds: fen,
  ticketsRefunded: count,
  net: fen,
  visitors: count,
  freeTickets: count,
  complimentaryTickets: count,
  topTicketTypes: z.array(z.object({ key: z.string(), label: z.string(), tickets: count, sales: fen })),
});
export type DailySummaryFigures = z.infer<typeof dailySummaryFiguresSchema>;
export const dailySummaryPreviewQuerySchema = z.object({ date: civilDate.optional() });

/** Runs the summary job now for the permitted sites (reports.read); answers when it has caught up. */
export const summaryRefreshSchema = z.object({
  asOf: isoTime,
  partitions: count,
});
