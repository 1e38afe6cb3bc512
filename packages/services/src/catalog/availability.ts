// Availability for a site and a business day: each session with what is left of it, and per ticket
// type the smallest remainder among the pools it draws on (its session's pool, and the site's daily
// maximum for visitors who count towards it). One round trip: every channel asks this, often.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import type { SalesChannel } from '@admit/domain';

export type Availability = {
  siteId: string;
  date: string;
  dailyRemaining: number | null;
  sessions: {
    sessionId: string;
    kind: string;
    startsAt: Date;
    endsAt: Date;
    status: string;
    remaining: number;
    products: { productId: string; remaining: number }[];
  }[];
};

type Row = {
  session_id: string;
  kind: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: string;
  session_remaining: number;
  daily_remaining: number | null;
  product_id: string | null;
  counts_towards_daily_max: boolean | null;
};

export async function getAvailability(
  db: Queryable,
  siteId: string,
  date: string,
  channel?: SalesChannel,
  /**
   * A channel partner: its own allocation's places where it has one standing, the general places
   * elsewhere. Everyone else (null) sees the general places only.
   */
  channelId: string | null = null,
): Promise<Availability> {
  const result = await rows<Row>(
    db,
    sql`with pools as (
          select p.id, p.kind, p.session_id, sum(greatest(st.capacity - st.sold - st.held, 0))::int8 as remaining
          from capacity_pools p join capacity_pool_stripes st on st.pool_id = p.id
          where p.site_id = ${siteId} and p.business_date = ${date}
            and st.channel_id is not distinct from (
              case when exists (select 1 from channel_allocations a
                                where a.pool_id = p.id and a.channel_id = ${channelId}::uuid and a.released_at is null)
                   then ${channelId}::uuid end)
          group by p.id, p.kind, p.session_id
        ),
        daily as (select remaining from pools where kind = 'daily')
        select s.id as session_id, s.kind, s.starts_at, s.ends_at, s.status,
               coalesce(sp_pool.remaining, 0)::int8 as session_remaining,
               (select remaining from daily) as daily_remaining,
               pr.id as product_id, pr.counts_towards_daily_max
        from sessions s
        left join pools sp_pool on sp_pool.session_id = s.id and sp_pool.kind = 'session'
        left join session_products spr on spr.session_id = s.id
        left join products pr on pr.id = spr.product_id and pr.active
             and (${channel ?? null}::text is null or ${channel ?? null}::text = any(pr.channels))
        where s.site_id = ${siteId} and s.business_date = ${date} and s.status <> 'cancelled'
        order by s.starts_at, s.id, pr.sort_order, pr.code`,
  );
  const bySession = new Map<string, Availability['sessions'][number]>();
  let dailyRemaining: number | null = null;
  for (const row of result) {
    dailyRemaining = row.daily_remaining;
    let entry = bySession.get(row.session_id);
    const open = row.status === 'open';
    if (!entry) {
      entry = {
        sessionId: row.session_id,
        kind: row.kind,
        startsAt: new Date(row.starts_at),
        endsAt: new Date(row.ends_at),
        status: row.status,
        remaining: open ? row.session_remaining : 0,
        products: [],
      };
      bySession.set(row.session_id, entry);
    }
    if (row.product_id) {
      const limits = [row.session_remaining];
      if (row.counts_towards_daily_max && row.daily_remaining !== null) limits.push(row.daily_remaining);
      entry.products.push({ productId: row.product_id, remaining: open ? Math.min(...limits) : 0 });
    }
  }
  return { siteId, date, dailyRemaining, sessions: [...bySession.values()] };
}
