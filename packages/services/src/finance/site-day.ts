// The site and day helpers settlement, adjustments and vouchers share: the site's zone, whether a day
// is settled, and the advisory lock on a site's day that settling and recording an adjustment take.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import type { FinanceSite } from './day-rows';

export async function loadFinanceSite(db: Queryable, siteId: string): Promise<FinanceSite> {
  const [site] = await rows<{ id: string; code: string; time_zone: string }>(
    db,
    sql`select id, code, time_zone from sites where id = ${siteId}`,
  );
  if (!site) throw new AppError('site_not_found');
  return { id: site.id, code: site.code, timeZone: site.time_zone };
}

/** The settlement transaction's lock on a site's day (also taken by adjustments). */
export async function lockSettlementDay(db: Queryable, siteId: string, date: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`settlement:${siteId}:${date}`}, 0))`);
}

/** Whether a site's business day is settled (confirmed). */
export async function isDaySettled(db: Queryable, siteId: string, date: string): Promise<boolean> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from daily_settlements where site_id = ${siteId} and business_date = ${date}`,
  );
  return (row?.n ?? 0) > 0;
}
