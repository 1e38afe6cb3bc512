// The turnstile API. A turnstile opening is not a passage: the controller asks to authorize a code
// (the entry is taken, as at any gate), opens, and confirms the passage; an authorization not confirmed
// within its seconds is rolled back — the entry and the occupancy place are given back and the scan is
// marked — so a visitor who did not walk through can still enter.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError, businessDate } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { loadSite } from '../catalog/sites';

export async function confirmPassage(
  ctx: ServiceContext,
  siteId: string,
  authorizationId: string,
): Promise<void> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const now = ctx.clock.now();
  const confirmed = await rows<{ id: string }>(
    ctx.db,
    sql`update turnstile_authorizations set status = 'confirmed', settled_at = ${now}
        where id = ${authorizationId} and site_id = ${siteId} and status = 'pending' and expires_at > ${now}
        returning id`,
  );
  if (confirmed.length === 0) throw new AppError('authorization_expired');
}

/** Rolls back authorizations whose passage was not confirmed in time (a job, and before each authorize). */
export async function rollBackExpiredAuthorizations(ctx: ServiceContext, siteId?: string): Promise<number> {
  const now = ctx.clock.now();
  const expired = await rows<{
    id: string;
    site_id: string;
    ticket_id: string;
    checkin_id: string;
    created_at: Date;
  }>(
    ctx.db,
    sql`select id, site_id, ticket_id, checkin_id, created_at from turnstile_authorizations
        where status = 'pending' and expires_at <= ${now} ${siteId ? sql`and site_id = ${siteId}` : sql``}
        order by expires_at limit 500`,
  );
  let rolledBack = 0;
  for (const a of expired) {
    await inTransaction(ctx, async (tx) => {
      const changed = await rows<{ id: string }>(
        tx.db,
        sql`update turnstile_authorizations set status = 'rolled_back', settled_at = ${now}
            where id = ${a.id} and status = 'pending' returning id`,
      );
      if (changed.length === 0) return;
      await tx.db.execute(
        sql`update tickets set entries_used = entries_used - 1, updated_at = ${now} where id = ${a.ticket_id} and entries_used > 0`,
      );
      await tx.db.execute(sql`update checkins set result = 'not_passed' where id = ${a.checkin_id}`);
      const site = await loadSite(tx.db, a.site_id);
      const day = businessDate(new Date(a.created_at), site.timeZone);
      await tx.db.execute(
        sql`update occupancy_stripes set inside = inside - 1
            where (site_id, business_date, stripe) = (
              select site_id, business_date, stripe from occupancy_stripes
              where site_id = ${a.site_id} and business_date = ${day} and inside > 0 order by inside desc limit 1 for no key update)`,
      );
      rolledBack++;
    });
  }
  return rolledBack;
}
