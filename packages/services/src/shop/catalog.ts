// What the shop shows before a booking: the sites that sell online, one site's day (sessions with the
// places left, ticket types with the online price, the rules that apply) and a calendar of days with
// their availability. Public: read-only, and only for sites whose shop is enabled.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  AppError,
  addDays,
  businessDate,
  calendarDayStatus,
  priceOrder,
  saleWindowProblem,
  type CalendarDayStatus,
  type ProductCategory,
} from '@admit/domain';
import type { ServiceContext } from '../context';
import { getAvailability } from '../catalog/availability';
import { loadSessions } from '../catalog/sessions';
import type { SaleCatalog } from '../sales/catalog-cache';
import type { SalesRuntime } from '../sales/runtime';
import { loadShopSettings, type ShopSettings } from './settings';

export type ShopSite = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  addressZh: string;
  addressEn: string;
  timeZone: string;
  contactPhone: string;
};

type SiteRow = {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  kind: string;
  address_zh: string;
  address_en: string;
  time_zone: string;
  contact_phone: string;
};

const presentSite = (r: SiteRow): ShopSite => ({
  id: r.id,
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  kind: r.kind,
  addressZh: r.address_zh,
  addressEn: r.address_en,
  timeZone: r.time_zone,
  contactPhone: r.contact_phone,
});

export async function listShopSites(ctx: ServiceContext): Promise<ShopSite[]> {
  const found = await rows<SiteRow>(
    ctx.db,
    sql`select s.id, s.code, s.name_zh, s.name_en, s.kind, s.address_zh, s.address_en, s.time_zone, s.contact_phone
        from sites s join site_shop_settings ss on ss.site_id = s.id
        where s.active and ss.enabled order by s.code`,
  );
  return found.map(presentSite);
}

/** A site of the shop by its code, with its settings; shop_not_open when it does not sell online. */
export async function shopSiteByCode(
  db: Queryable,
  siteCode: string,
): Promise<{ site: ShopSite; settings: ShopSettings }> {
  const [row] = await rows<SiteRow>(
    db,
    sql`select id, code, name_zh, name_en, kind, address_zh, address_en, time_zone, contact_phone
        from sites where code = ${siteCode.trim().toUpperCase()} and active`,
  );
  if (!row) throw new AppError('shop_not_open');
  const settings = await loadShopSettings(db, row.id);
  if (!settings.enabled) throw new AppError('shop_not_open');
  return { site: presentSite(row), settings };
}

export type ShopProduct = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: ProductCategory;
  price: number;
  realName: boolean;
  requiredDocuments: string[];
  eligibilityZh: string;
  eligibilityEn: string;
  minAge: number | null;
  maxAge: number | null;
  minPerOrder: number;
  maxPerOrder: number;
  bySession: boolean;
  addon: boolean;
  refundable: boolean;
  refundUntilMinutesBeforeStart: number | null;
  rebookable: boolean;
  autoRefundAtExpiry: boolean;
};

/** The ticket types sold online, with their online price on `date`. */
export function shopProducts(catalog: SaleCatalog, date: string): ShopProduct[] {
  const products = catalog.productList.filter((p) => p.active && p.channels.includes('online'));
  const quote = priceOrder(catalog.pricing, {
    date,
    channel: 'online',
    quantities: products.map((p) => ({ productId: p.id, quantity: 1 })),
  });
  return products.map((p) => ({
    id: p.id,
    code: p.code,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    descriptionZh: p.descriptionZh,
    descriptionEn: p.descriptionEn,
    category: p.category,
    price: quote.lines.find((l) => l.productId === p.id)!.unitPrice,
    realName: p.realName,
    requiredDocuments: [...p.requiredDocuments],
    eligibilityZh: p.eligibilityZh,
    eligibilityEn: p.eligibilityEn,
    minAge: p.minAge ?? null,
    maxAge: p.maxAge ?? null,
    minPerOrder: p.minPerOrder,
    maxPerOrder: p.maxPerOrder,
    bySession: p.validity.kind === 'session',
    addon: p.category === 'addon',
    refundable: p.refundPolicy.allowed,
    refundUntilMinutesBeforeStart: p.refundPolicy.untilMinutesBeforeStart,
    rebookable: p.rebookPolicy.allowed,
    autoRefundAtExpiry: p.autoRefundAtExpiry,
  }));
}

export type ShopDay = {
  site: ShopSite;
  settings: ShopSettings;
  today: string;
  date: string;
  closed: 'closed' | 'not_released' | 'past' | null;
  dailyRemaining: number | null;
  sessions: {
    id: string;
    nameZh: string;
    nameEn: string;
    startsAt: Date;
    endsAt: Date;
    remaining: number;
    soldOut: boolean;
    products: { productId: string; remaining: number }[];
  }[];
  products: ShopProduct[];
};

export async function getShopDay(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteCode: string,
  date?: string,
): Promise<ShopDay> {
  const { site, settings } = await runtime.catalog.memo(`shop-site:${siteCode.trim().toUpperCase()}`, () =>
    shopSiteByCode(ctx.db, siteCode),
  );
  const catalog = await runtime.catalog.get(ctx.db, site.id);
  const now = ctx.clock.now();
  const today = businessDate(now, site.timeZone);
  const day = date ?? today;
  const products = shopProducts(catalog, day);
  const [closedRow] = await rows<{ closed: boolean }>(
    ctx.db,
    sql`select exists(select 1 from site_closed_dates where site_id = ${site.id} and date = ${day}) as closed`,
  );
  const released = catalog.productList.some(
    (p) =>
      p.active && p.channels.includes('online') && !saleWindowProblem(p, 'online', day, now, site.timeZone),
  );
  const closed = day < today ? 'past' : closedRow?.closed ? 'closed' : !released ? 'not_released' : null;
  const availability = await getAvailability(ctx.db, site.id, day, 'online');
  const named = new Map((await loadSessions(ctx.db, site.id, { from: day, to: day })).map((s) => [s.id, s]));
  const online = new Set(products.map((p) => p.id));
  const sessions = availability.sessions
    .filter((s) => s.status === 'open' && s.endsAt.getTime() > now.getTime())
    .map((s) => {
      const sold = s.products.filter((p) => online.has(p.productId));
      const remaining = closed ? 0 : s.remaining;
      return {
        id: s.sessionId,
        nameZh: named.get(s.sessionId)?.nameZh ?? '',
        nameEn: named.get(s.sessionId)?.nameEn ?? '',
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        remaining,
        soldOut: remaining <= 0 || sold.every((p) => p.remaining <= 0),
        products: sold.map((p) => ({ productId: p.productId, remaining: closed ? 0 : p.remaining })),
      };
    })
    .filter((s) => s.products.length > 0);
  return {
    site,
    settings,
    today,
    date: day,
    closed,
    dailyRemaining: availability.dailyRemaining,
    sessions,
    products,
  };
}

export type ShopCalendarDay = { date: string; status: CalendarDayStatus; remaining: number | null };

/**
 * Each day from `from`: closed days, days not released yet (放票), sold out, few places, available.
 * One query for all the days' pools and sessions.
 */
export async function getShopCalendar(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteCode: string,
  options: { from?: string; days: number },
): Promise<{ today: string; days: ShopCalendarDay[] }> {
  const { site } = await shopSiteByCode(ctx.db, siteCode);
  const catalog = await runtime.catalog.get(ctx.db, site.id);
  const now = ctx.clock.now();
  const today = businessDate(now, site.timeZone);
  const from = options.from && options.from > today ? options.from : today;
  const to = addDays(from, options.days - 1);
  const online = catalog.productList.filter((p) => p.active && p.channels.includes('online'));
  const dayTickets = online.some((p) => p.validity.kind !== 'session');
  const found = await rows<{
    day: string;
    closed: boolean;
    sessions: number;
    session_remaining: number | null;
    session_capacity: number | null;
    daily_remaining: number | null;
    daily_capacity: number | null;
  }>(
    ctx.db,
    sql`with days as (select d::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') d),
        pools as (
          select p.business_date, p.kind,
                 sum(greatest(st.capacity - st.sold - st.held, 0))::int8 as remaining, sum(st.capacity)::int8 as capacity
          from capacity_pools p
          join capacity_pool_stripes st on st.pool_id = p.id and st.channel_id is null
          left join sessions s on s.id = p.session_id
          where p.site_id = ${site.id} and p.business_date between ${from}::date and ${to}::date
            and (p.kind = 'daily' or (s.status = 'open' and s.ends_at > ${now}))
          group by p.id, p.business_date, p.kind)
        select days.day::text as day,
               exists(select 1 from site_closed_dates c where c.site_id = ${site.id} and c.date = days.day) as closed,
               (select count(*)::int from sessions s where s.site_id = ${site.id} and s.business_date = days.day
                  and s.status = 'open' and s.ends_at > ${now}) as sessions,
               (select sum(remaining)::int8 from pools where kind = 'session' and business_date = days.day) as session_remaining,
               (select sum(capacity)::int8 from pools where kind = 'session' and business_date = days.day) as session_capacity,
               (select sum(remaining)::int8 from pools where kind = 'daily' and business_date = days.day) as daily_remaining,
               (select sum(capacity)::int8 from pools where kind = 'daily' and business_date = days.day) as daily_capacity
        from days order by days.day`,
  );
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    today,
    days: found.map((d) => {
      const released = online.some((p) => !saleWindowProblem(p, 'online', d.day, now, site.timeZone));
      const sessionRemaining = num(d.session_remaining);
      const dailyRemaining = num(d.daily_remaining);
      const limits = [sessionRemaining, dailyRemaining].filter((v): v is number => v !== null);
      const capacities = [num(d.session_capacity), num(d.daily_capacity)].filter(
        (v): v is number => v !== null,
      );
      const remaining = limits.length > 0 ? Math.min(...limits) : null;
      const status = calendarDayStatus({
        closed: d.closed || online.length === 0 || (d.sessions === 0 && !dayTickets),
        released,
        remaining,
        capacity: capacities.length > 0 ? Math.min(...capacities) : null,
      });
      return { date: d.day, status, remaining };
    }),
  };
}
