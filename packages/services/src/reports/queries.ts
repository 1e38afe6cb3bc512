// The report queries (reports.read at each site covered; nothing here writes). They read the summary
// tables the job keeps (summaries.ts), the catalogue's sessions and capacity stripes, and the live
// occupancy stripes — never the sale tables — so each answers in well under a second over years of
// tickets (bench/reports.ts). Rows come out per business date and are added up into day, ISO week or
// month buckets by the domain's rules; labels are in the request's language.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  addDays,
  addSalesFigures,
  arrivalsHeatmap,
  businessDate,
  ratioBasisPoints,
  refundRateBasisPoints,
  rollUpByPeriod,
  zeroSalesFigures,
  type ReportGranularity,
  type SalesFigures,
} from '@admit/domain';
import type {
  CapacityReport,
  Dashboard,
  FreeTicketsReport,
  HeatmapReport,
  OccupancyReport,
  RefundsReport,
  ReportMeta,
  SalesGrouping,
  SalesReport,
  VisitorsByHourReport,
  VisitorsBySessionReport,
} from '@admit/contracts';
import type { ServiceContext } from '../context';
import { channelNames, fixedName, namesById, noPartner, noSeller, paymentMethodNames } from './labels';
import { checkReportRange, reportSites, siteList, type ReportSite } from './scope';
import { refreshReportSummaries, summariesAsOf, type SummaryRun } from './summaries';

type Range = { siteId?: string | undefined; from: string; to: string };

const int = (value: unknown) => Number(value ?? 0);

async function scope(ctx: ServiceContext, range: Range) {
  checkReportRange(range.from, range.to);
  const sites = await reportSites(ctx, range.siteId);
  return { sites, meta: await meta(ctx.db, sites, range.from, range.to) };
}

async function meta(db: Queryable, sites: ReportSite[], from: string, to: string): Promise<ReportMeta> {
  const asOf = await summariesAsOf(db);
  return {
    sites: sites.map((s) => ({ id: s.id, code: s.code, name: s.name, timeZone: s.timeZone })),
    from,
    to,
    asOf: asOf?.toISOString() ?? null,
  };
}

type FiguresRow = {
  business_date: string;
  key: string | null;
  tickets_sold: unknown;
  sales: unknown;
  tickets_refunded: unknown;
  refunds: unknown;
  refund_fees: unknown;
  free: unknown;
  complimentary: unknown;
};

const figuresOf = (r: FiguresRow): SalesFigures => ({
  ticketsSold: int(r.tickets_sold),
  sales: int(r.sales),
  ticketsRefunded: int(r.tickets_refunded),
  refunds: int(r.refunds),
  refundFees: int(r.refund_fees),
  net: int(r.sales) - int(r.refunds),
  freeTickets: int(r.free),
  complimentaryTickets: int(r.complimentary),
});

const salesKeyColumn: Record<Exclude<SalesGrouping, 'payment_method'>, string> = {
  none: 'null::text',
  ticket_type: 'product_id::text',
  channel: 'channel',
  channel_partner: "coalesce(channel_id::text, 'direct')",
  seller: "coalesce(seller_id::text, 'none')",
  site: 'site_id::text',
};

/** Per day and group: the ticket view (report_sales_daily) or, by payment method, the money view. */
async function salesFigures(
  db: Queryable,
  sites: ReportSite[],
  from: string,
  to: string,
  groupBy: SalesGrouping,
): Promise<FiguresRow[]> {
  if (groupBy === 'payment_method')
    return rows<FiguresRow>(
      db,
      sql`select business_date::text as business_date, method as key, sum(payments)::int8 as tickets_sold,
                 sum(received)::int8 as sales, sum(refunds)::int8 as tickets_refunded, sum(refunded)::int8 as refunds,
                 0 as refund_fees, 0 as free, 0 as complimentary
          from report_payments_daily
          where site_id in (${siteList(sites)}) and business_date between ${from} and ${to}
          group by business_date, method`,
    );
  const key = sql.raw(salesKeyColumn[groupBy]);
  return rows<FiguresRow>(
    db,
    sql`select business_date::text as business_date, ${key} as key, sum(tickets_sold)::int8 as tickets_sold,
               sum(sales)::int8 as sales, sum(tickets_refunded)::int8 as tickets_refunded, sum(refunds)::int8 as refunds,
               sum(refund_fees)::int8 as refund_fees, sum(free_issued)::int8 as free,
               sum(complimentary_issued)::int8 as complimentary
        from report_sales_daily
        where site_id in (${siteList(sites)}) and business_date between ${from} and ${to}
        group by business_date, ${key}`,
  );
}

/** The label of each group key in the request's language. */
async function groupLabels(
  ctx: ServiceContext,
  groupBy: SalesGrouping,
  keys: (string | null)[],
  sites: ReportSite[],
): Promise<(key: string | null) => string> {
  const ids = keys.filter((k): k is string => k !== null && k !== 'direct' && k !== 'none');
  switch (groupBy) {
    case 'none':
      return () => '';
    case 'channel':
      return (k) => fixedName(channelNames, k ?? '', ctx.locale);
    case 'payment_method':
      return (k) => fixedName(paymentMethodNames, k ?? '', ctx.locale);
    case 'site': {
      const names = new Map(sites.map((s) => [s.id, s.name]));
      return (k) => names.get(k ?? '') ?? k ?? '';
    }
    case 'ticket_type': {
      const names = await namesById(ctx.db, 'product', ids, ctx.locale);
      return (k) => names.get(k ?? '') ?? k ?? '';
    }
    case 'channel_partner': {
      const names = await namesById(ctx.db, 'channel', ids, ctx.locale);
      return (k) => (k === 'direct' ? noPartner[ctx.locale] : (names.get(k ?? '') ?? k ?? ''));
    }
    case 'seller': {
      const names = await namesById(ctx.db, 'user', ids, ctx.locale);
      return (k) => (k === 'none' ? noSeller[ctx.locale] : (names.get(k ?? '') ?? k ?? ''));
    }
  }
}

const addFigures = (into: SalesFigures, more: SalesFigures) => void addSalesFigures(into, more);

export type SalesReportInput = Range & { granularity: ReportGranularity; groupBy: SalesGrouping };

/** Sales by day, week or month, optionally by ticket type, channel, partner, payment method, seller or site. */
export async function salesReport(ctx: ServiceContext, input: SalesReportInput): Promise<SalesReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const found = await salesFigures(ctx.db, sites, input.from, input.to, input.groupBy);
  const rolled = rollUpByPeriod(
    found.map((r) => ({ date: r.business_date, key: r.key, figures: figuresOf(r) })),
    input.granularity,
    zeroSalesFigures,
    addFigures,
  );
  const label = await groupLabels(
    ctx,
    input.groupBy,
    rolled.map((r) => r.key),
    sites,
  );
  const totals = zeroSalesFigures();
  for (const r of rolled) addSalesFigures(totals, r.figures);
  return {
    ...m,
    granularity: input.granularity,
    groupBy: input.groupBy,
    rows: rolled.map((r) => ({ period: r.period, key: r.key, label: label(r.key), ...r.figures })),
    totals,
  };
}

export type RefundsReportInput = Range & {
  granularity: ReportGranularity;
  groupBy: 'none' | 'ticket_type' | 'channel' | 'site';
};

/** Refunds and the refund rate (tickets refunded per paid ticket sold in the same period). */
export async function refundsReport(ctx: ServiceContext, input: RefundsReportInput): Promise<RefundsReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const found = await salesFigures(ctx.db, sites, input.from, input.to, input.groupBy);
  const rolled = rollUpByPeriod(
    found.map((r) => ({ date: r.business_date, key: r.key, figures: figuresOf(r) })),
    input.granularity,
    zeroSalesFigures,
    addFigures,
  );
  const label = await groupLabels(
    ctx,
    input.groupBy,
    rolled.map((r) => r.key),
    sites,
  );
  const totals = zeroSalesFigures();
  for (const r of rolled) addSalesFigures(totals, r.figures);
  const refundRow = (f: SalesFigures) => ({
    ticketsSold: f.ticketsSold,
    ticketsRefunded: f.ticketsRefunded,
    refunds: f.refunds,
    refundFees: f.refundFees,
    refundRateBp: refundRateBasisPoints(f.ticketsSold, f.ticketsRefunded),
  });
  return {
    ...m,
    granularity: input.granularity,
    groupBy: input.groupBy,
    rows: rolled.map((r) => ({ period: r.period, key: r.key, label: label(r.key), ...refundRow(r.figures) })),
    totals: refundRow(totals),
  };
}

type HourRow = { business_date: string; hour: number; entries: unknown; exits: unknown };

async function hourRows(
  db: Queryable,
  sites: ReportSite[],
  from: string,
  to: string,
  gateId?: string,
): Promise<HourRow[]> {
  return rows<HourRow>(
    db,
    sql`select business_date::text as business_date, hour, sum(entries)::int8 as entries, sum(exits)::int8 as exits
        from report_entries_hourly
        where site_id in (${siteList(sites)}) and business_date between ${from} and ${to}
          ${gateId ? sql`and gate_id = ${gateId}` : sql``}
        group by business_date, hour`,
  );
}

export type VisitorsByHourInput = Range & { granularity: ReportGranularity; gateId?: string | undefined };

/** Visitors per hour of the site's day (successful entries; exits apart), per day, week or month. */
export async function visitorsByHourReport(
  ctx: ServiceContext,
  input: VisitorsByHourInput,
): Promise<VisitorsByHourReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const found = await hourRows(ctx.db, sites, input.from, input.to, input.gateId);
  const rolled = rollUpByPeriod(
    found.map((r) => ({
      date: r.business_date,
      key: String(r.hour).padStart(2, '0'),
      figures: { entries: int(r.entries), exits: int(r.exits) },
    })),
    input.granularity,
    () => ({ entries: 0, exits: 0 }),
    (into, more) => {
      into.entries += more.entries;
      into.exits += more.exits;
    },
  );
  const totals = { entries: 0, exits: 0 };
  for (const r of rolled) {
    totals.entries += r.figures.entries;
    totals.exits += r.figures.exits;
  }
  return {
    ...m,
    granularity: input.granularity,
    rows: rolled.map((r) => ({ period: r.period, hour: Number(r.key), ...r.figures })),
    totals,
  };
}

type SessionRow = {
  id: string;
  site_id: string;
  business_date: string;
  starts_at: Date | string;
  ends_at: Date | string;
  name: string;
  tz: string;
};

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** HH:MM at the site (formatters are costly to make: one per zone). */
export function siteClockTime(instant: Date, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format)
    clockFormats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })),
    );
  return format.format(instant);
}

function sessionColumns(s: SessionRow) {
  const startsAt = new Date(s.starts_at);
  return {
    siteId: s.site_id,
    sessionId: s.id,
    businessDate: s.business_date,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(s.ends_at).toISOString(),
    label: s.name.trim() !== '' ? s.name : siteClockTime(startsAt, s.tz),
  };
}

type SessionRowWithFigures = SessionRow & {
  entries: unknown;
  exits: unknown;
  tickets_entered: unknown;
  capacity: unknown;
  sold: unknown;
};

/**
 * The sessions of the range with their entries (summaries) and, for capacity, their places (the
 * pools' stripes): one statement, the sessions found by the (site, business date) index.
 */
async function sessionsWithFigures(
  ctx: ServiceContext,
  sites: ReportSite[],
  from: string,
  to: string,
  withCapacity: boolean,
): Promise<SessionRowWithFigures[]> {
  const list = siteList(sites);
  return rows<SessionRowWithFigures>(
    ctx.db,
    sql`with s as (
          select s.id, s.site_id, s.business_date, s.starts_at, s.ends_at,
                 ${ctx.locale === 'zh-CN' ? sql`s.name_zh` : sql`s.name_en`} as name, st.time_zone as tz
          from sessions s join sites st on st.id = s.site_id
          where s.site_id in (${list}) and s.business_date between ${from} and ${to}),
        e as (
          select r.session_id, sum(r.entries)::int8 as entries, sum(r.exits)::int8 as exits,
                 sum(r.tickets_entered)::int8 as tickets_entered
          from report_session_daily r where r.session_id in (select id from s) group by r.session_id),
        c as (
          ${
            withCapacity
              ? sql`select p.session_id, sum(x.capacity)::int8 as capacity, sum(x.sold)::int8 as sold
                    from capacity_pools p join capacity_pool_stripes x on x.pool_id = p.id
                    where p.kind = 'session' and p.site_id in (${list}) and p.business_date between ${from} and ${to}
                    group by p.session_id`
              : sql`select null::uuid as session_id, 0::int8 as capacity, 0::int8 as sold where false`
          })
        select s.id, s.site_id, s.business_date::text as business_date, s.starts_at, s.ends_at, s.name, s.tz,
               e.entries, e.exits, e.tickets_entered, c.capacity, c.sold
        from s left join e on e.session_id = s.id left join c on c.session_id = s.id
        order by s.starts_at, s.id`,
  );
}

/** Visitors by session: the sessions of the range with the entries their tickets made. */
export async function visitorsBySessionReport(
  ctx: ServiceContext,
  input: Range,
): Promise<VisitorsBySessionReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const sessions = await sessionsWithFigures(ctx, sites, input.from, input.to, false);
  const out = sessions.map((s) => ({ ...sessionColumns(s), entries: int(s.entries), exits: int(s.exits) }));
  return {
    ...m,
    rows: out,
    totals: {
      entries: out.reduce((n, r) => n + r.entries, 0),
      exits: out.reduce((n, r) => n + r.exits, 0),
    },
  };
}

/** Capacity use per session: places sold of its capacity (live stripes), tickets entered of those sold. */
export async function capacityReport(ctx: ServiceContext, input: Range): Promise<CapacityReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const sessions = await sessionsWithFigures(ctx, sites, input.from, input.to, true);
  const out = sessions.map((s) => {
    const capacity = int(s.capacity);
    const sold = int(s.sold);
    const entered = int(s.tickets_entered);
    return {
      ...sessionColumns(s),
      capacity,
      sold,
      entered,
      soldRateBp: ratioBasisPoints(sold, capacity),
      enteredRateBp: ratioBasisPoints(entered, sold),
    };
  });
  const capacity = out.reduce((n, r) => n + r.capacity, 0);
  const sold = out.reduce((n, r) => n + r.sold, 0);
  const entered = out.reduce((n, r) => n + r.entered, 0);
  return {
    ...m,
    rows: out,
    totals: {
      capacity,
      sold,
      entered,
      soldRateBp: ratioBasisPoints(sold, capacity),
      enteredRateBp: ratioBasisPoints(entered, sold),
    },
  };
}

/** The arrivals heat map: entries per day (or ISO weekday) and hour of the site's day. */
export async function heatmapReport(
  ctx: ServiceContext,
  input: Range & { mode: 'date_hour' | 'weekday_hour' },
): Promise<HeatmapReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const found = await hourRows(ctx.db, sites, input.from, input.to);
  const map = arrivalsHeatmap(
    found.map((r) => ({ date: r.business_date, hour: r.hour, entries: int(r.entries) })),
    input.mode,
    input.from,
    input.to,
  );
  return { ...m, mode: input.mode, ...map };
}

/** Free and complimentary tickets by reason: issued by sales, returned by refunds. */
export async function freeTicketsReport(
  ctx: ServiceContext,
  input: Range & { granularity: ReportGranularity },
): Promise<FreeTicketsReport> {
  const { sites, meta: m } = await scope(ctx, input);
  const found = await rows<{
    business_date: string;
    kind: 'free' | 'complimentary';
    reason: string;
    issued: unknown;
    returned: unknown;
  }>(
    ctx.db,
    sql`select business_date::text as business_date, kind, reason, sum(issued)::int8 as issued, sum(returned)::int8 as returned
        from report_free_daily
        where site_id in (${siteList(sites)}) and business_date between ${input.from} and ${input.to}
        group by business_date, kind, reason`,
  );
  const rolled = rollUpByPeriod(
    found.map((r) => ({
      date: r.business_date,
      key: `${r.kind}\u0000${r.reason}`,
      figures: { issued: int(r.issued), returned: int(r.returned) },
    })),
    input.granularity,
    () => ({ issued: 0, returned: 0 }),
    (into, more) => {
      into.issued += more.issued;
      into.returned += more.returned;
    },
  );
  const totals = { free: { issued: 0, returned: 0 }, complimentary: { issued: 0, returned: 0 } };
  const out = rolled.map((r) => {
    const [kind, reason] = r.key!.split('\u0000') as ['free' | 'complimentary', string];
    totals[kind].issued += r.figures.issued;
    totals[kind].returned += r.figures.returned;
    return { period: r.period, kind, reason, ...r.figures };
  });
  return { ...m, granularity: input.granularity, rows: out, totals };
}

type OccupancyNow = { site: ReportSite; today: string; inside: number; entries: number; exits: number };

async function occupancyNow(ctx: ServiceContext, sites: ReportSite[]): Promise<OccupancyNow[]> {
  const now = ctx.clock.now();
  const days = sites.map((s) => ({ site: s, today: businessDate(now, s.timeZone) }));
  if (days.length === 0) return [];
  const pairs = sql.join(
    days.map((d) => sql`(${d.site.id}::uuid, ${d.today}::date)`),
    sql`, `,
  );
  const found = await rows<{ site_id: string; inside: unknown; entries: unknown; exits: unknown }>(
    ctx.db,
    sql`with d(site_id, day) as (values ${pairs})
        select d.site_id,
               (select sum(inside)::int8 from occupancy_stripes o where o.site_id = d.site_id and o.business_date = d.day) as inside,
               (select sum(entries)::int8 from report_entries_hourly h where h.site_id = d.site_id and h.business_date = d.day) as entries,
               (select sum(exits)::int8 from report_entries_hourly h where h.site_id = d.site_id and h.business_date = d.day) as exits
        from d`,
  );
  const bySite = new Map(found.map((r) => [r.site_id, r]));
  return days.map((d) => {
    const r = bySite.get(d.site.id);
    return {
      site: d.site,
      today: d.today,
      inside: int(r?.inside),
      entries: int(r?.entries),
      exits: int(r?.exits),
    };
  });
}

/** Max of the sites' instantaneous maxima added up; null when a site has none. */
function summedMax(sites: ReportSite[]): number | null {
  return sites.some((s) => s.instantMax === null) ? null : sites.reduce((n, s) => n + (s.instantMax ?? 0), 0);
}

/** Live occupancy now: visitors inside against the instantaneous maximum, per site. */
export async function occupancyReport(
  ctx: ServiceContext,
  input: { siteId?: string | undefined },
): Promise<OccupancyReport> {
  const sites = await reportSites(ctx, input.siteId);
  const found = await occupancyNow(ctx, sites);
  const inside = found.reduce((n, o) => n + o.inside, 0);
  const instantMax = summedMax(sites);
  return {
    asOf: ctx.clock.now().toISOString(),
    rows: found.map((o) => ({
      siteId: o.site.id,
      code: o.site.code,
      name: o.site.name,
      businessDate: o.today,
      inside: o.inside,
      instantMax: o.site.instantMax,
      occupancyBp: o.site.instantMax === null ? null : ratioBasisPoints(o.inside, o.site.instantMax),
      entriesToday: o.entries,
      exitsToday: o.exits,
    })),
    totals: {
      inside,
      instantMax,
      occupancyBp: instantMax === null ? null : ratioBasisPoints(inside, instantMax),
      entriesToday: found.reduce((n, o) => n + o.entries, 0),
      exitsToday: found.reduce((n, o) => n + o.exits, 0),
    },
  };
}

/** The dashboard: today's figures, live occupancy, and the charts' series (last 30 days, today by hour). */
export async function reportDashboard(
  ctx: ServiceContext,
  input: { siteId?: string | undefined },
): Promise<Dashboard> {
  const sites = await reportSites(ctx, input.siteId);
  const now = ctx.clock.now();
  const today = businessDate(now, sites[0]?.timeZone ?? 'Asia/Shanghai');
  const from = addDays(today, -29);
  const list = siteList(sites);
  const live = await occupancyNow(ctx, sites);
  // Each site's today in its own zone (sites usually share one).
  const todays =
    live.length === 0
      ? sql`false`
      : sql.join(
          live.map((o) => sql`(site_id = ${o.site.id}::uuid and business_date = ${o.today}::date)`),
          sql` or `,
        );
  const [todayFigures] = await rows<{
    sales: unknown;
    tickets: unknown;
    refunds: unknown;
    refunded: unknown;
  }>(
    ctx.db,
    sql`select sum(sales)::int8 as sales, sum(tickets_sold)::int8 as tickets, sum(refunds)::int8 as refunds,
               sum(tickets_refunded)::int8 as refunded
        from report_sales_daily where ${todays}`,
  );
  const days = await rows<{ business_date: string; sales: unknown; tickets: unknown }>(
    ctx.db,
    sql`select business_date::text as business_date, sum(sales)::int8 as sales, sum(tickets_sold)::int8 as tickets
        from report_sales_daily where site_id in (${list}) and business_date between ${from} and ${today}
        group by business_date`,
  );
  const visits = await rows<{ business_date: string; entries: unknown }>(
    ctx.db,
    sql`select business_date::text as business_date, sum(entries)::int8 as entries
        from report_entries_hourly where site_id in (${list}) and business_date between ${from} and ${today}
        group by business_date`,
  );
  const slices = async (column: 'product_id' | 'channel') =>
    rows<{ key: string; sales: unknown; tickets: unknown }>(
      ctx.db,
      sql`select ${sql.raw(column)}::text as key, sum(sales)::int8 as sales, sum(tickets_sold)::int8 as tickets
          from report_sales_daily where site_id in (${list}) and business_date between ${from} and ${today}
          group by ${sql.raw(column)} order by sum(sales) desc, ${sql.raw(column)}`,
    );
  const byType = await slices('product_id');
  const byChannel = await slices('channel');
  const productNames = await namesById(
    ctx.db,
    'product',
    byType.map((r) => r.key),
    ctx.locale,
  );
  const hours = await rows<{ hour: number; entries: unknown; exits: unknown }>(
    ctx.db,
    sql`select hour, sum(entries)::int8 as entries, sum(exits)::int8 as exits
        from report_entries_hourly where ${todays} group by hour`,
  );
  const heatFrom = addDays(today, -27);
  const heatRows = await hourRows(ctx.db, sites, heatFrom, today);
  const heat = arrivalsHeatmap(
    heatRows.map((r) => ({ date: r.business_date, hour: r.hour, entries: int(r.entries) })),
    'weekday_hour',
    heatFrom,
    today,
  );

  const salesByDate = new Map(days.map((d) => [d.business_date, d]));
  const visitsByDate = new Map(visits.map((v) => [v.business_date, int(v.entries)]));
  const byHour = new Map(hours.map((h) => [Number(h.hour), h]));
  const inside = live.reduce((n, o) => n + o.inside, 0);
  const instantMax = summedMax(sites);
  const ticketsSold = int(todayFigures?.tickets);
  const ticketsRefunded = int(todayFigures?.refunded);
  const asOf = await summariesAsOf(ctx.db);
  return {
    sites: sites.map((s) => ({ id: s.id, code: s.code, name: s.name, timeZone: s.timeZone })),
    today,
    asOf: asOf?.toISOString() ?? null,
    kpis: {
      sales: int(todayFigures?.sales),
      tickets: ticketsSold,
      visitors: live.reduce((n, o) => n + o.entries, 0),
      inside,
      instantMax,
      occupancyBp: instantMax === null ? null : ratioBasisPoints(inside, instantMax),
      refunds: int(todayFigures?.refunds),
      ticketsRefunded,
      refundRateBp: refundRateBasisPoints(ticketsSold, ticketsRefunded),
    },
    salesByDay: Array.from({ length: 30 }, (_, i) => {
      const date = addDays(from, i);
      const d = salesByDate.get(date);
      return { date, sales: int(d?.sales), tickets: int(d?.tickets), visitors: visitsByDate.get(date) ?? 0 };
    }),
    byTicketType: byType.map((r) => ({
      key: r.key,
      label: productNames.get(r.key) ?? r.key,
      tickets: int(r.tickets),
      sales: int(r.sales),
    })),
    byChannel: byChannel.map((r) => ({
      key: r.key,
      label: fixedName(channelNames, r.key, ctx.locale),
      tickets: int(r.tickets),
      sales: int(r.sales),
    })),
    visitorsByHour: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      entries: int(byHour.get(hour)?.entries),
      exits: int(byHour.get(hour)?.exits),
    })),
    heatmap: { rows: heat.rows, cells: heat.cells, max: heat.max },
  };
}

/** Brings the summaries up to date now, for a user who may read reports somewhere. */
export async function requestSummaryRefresh(ctx: ServiceContext): Promise<SummaryRun> {
  await reportSites(ctx, undefined);
  return refreshReportSummaries(ctx);
}
