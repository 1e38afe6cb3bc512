// A group's no-shows: the tickets of its list still valid and unused once it was admitted with a lower
// head count, or once its visit day is over without it. They are released and refunded by the rule in
// @admit/domain (noShowOutcome): a ticket type that refunds at all gives the price less its refund
// fee back to the agency's account through `refundTickets` as the system (its places return to their pools, the
// tickets are revoked); a type that never refunds keeps the money and its tickets expire unused. The
// group is then closed with its no-show count and the money returned, shown on the group.
//
// Settling twice is harmless: the refund's conditional update lets one run refund a ticket, and the
// group's closing update only applies once (`settled_at is null`). A job settles the groups whose day
// is over and any admitted group a crash left unsettled.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@admit/db';
import { isAppError, noShowOutcome } from '@admit/domain';
import { inTransaction, systemContext, type Clock, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import type { JobQueue } from '../jobs/queue';
import { refundTickets } from '../sales/refunds';
import type { SalesRuntime } from '../sales/runtime';

export async function settleGroupNoShows(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  groupId: string,
): Promise<{ noShows: number; refunded: number } | null> {
  const [group] = await rows<{ site_id: string; order_id: string; status: string; settled_at: Date | null }>(
    ctx.db,
    sql`select site_id, order_id, status, settled_at from tour_groups where id = ${groupId}`,
  );
  if (!group || group.settled_at !== null || (group.status !== 'admitted' && group.status !== 'booked'))
    return null;
  const left = await rows<{ ticket_id: string; product_id: string }>(
    ctx.db,
    sql`select t.id as ticket_id, t.product_id
        from tour_group_members m join tickets t on t.id = m.ticket_id
        where m.group_id = ${groupId} and t.status = 'valid' and t.entries_used = 0
        order by m.row_number`,
  );
  const catalog = await runtime.catalog.get(ctx.db, group.site_id);
  const toRefund = left
    .filter((t) => {
      const product = catalog.products.get(t.product_id);
      return product !== undefined && noShowOutcome(product.refundPolicy) === 'refund';
    })
    .map((t) => t.ticket_id);
  let refunded = 0;
  if (toRefund.length > 0) {
    try {
      const result = await refundTickets(
        ctx,
        runtime,
        group.site_id,
        group.order_id,
        { ticketIds: toRefund, reason: 'group_no_show', void: false, approval: null },
        // The window does not apply (the places were given back at the lane or the day is over); the
        // ticket type's refund fee does. The refund goes back the way the order was paid (the agency's
        // account).
        { approvalAbove: Number.MAX_SAFE_INTEGER, noShow: true },
      );
      refunded = result.refunded;
    } catch (error) {
      // Refunded or redeemed meanwhile (another run of this job): the group is settled by that run.
      if (isAppError(error) && ['ticket_already_used', 'ticket_not_refundable'].includes(error.code))
        return null;
      throw error;
    }
  }
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const closed = await rows<{ id: string }>(
      tx.db,
      sql`update tour_groups set status = 'closed', no_shows = ${left.length}, no_show_refund = ${refunded},
                                 settled_at = ${now}, updated_at = ${now}
          where id = ${groupId} and settled_at is null returning id`,
    );
    if (closed.length === 0) return null;
    await recordAudit(tx, {
      action: 'groups.group.settled',
      siteId: group.site_id,
      target: { type: 'tour_group', id: groupId },
      details: {
        noShows: left.length,
        refundedTickets: toRefund.length,
        refunded,
        came: group.status === 'admitted',
      },
    });
    return { noShows: left.length, refunded };
  });
}

/**
 * Settles the groups whose visit day is over in their site's time zone (admitted or not) and admitted
 * groups left unsettled. Returns how many were settled.
 */
export async function settleOverGroups(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  options: { limit?: number } = {},
): Promise<number> {
  const now = ctx.clock.now();
  const due = await rows<{ id: string }>(
    ctx.db,
    sql`select g.id from tour_groups g join sites s on s.id = g.site_id
        where g.settled_at is null and g.status in ('booked', 'admitted')
          and (g.status = 'admitted' or g.visit_date < (${now}::timestamptz at time zone s.time_zone)::date)
        order by g.visit_date limit ${options.limit ?? 200}`,
  );
  let settled = 0;
  for (const { id } of due) if (await settleGroupNoShows(ctx, runtime, id)) settled++;
  return settled;
}

export const groupJobs = { noShows: 'groups.no-shows' } as const;

export async function registerGroupJobs(
  queue: JobQueue,
  db: Db,
  runtime: SalesRuntime,
  options: { clock?: Clock; cron?: string } = {},
): Promise<void> {
  await queue.work(groupJobs.noShows, async () => {
    await settleOverGroups(
      systemContext(db, groupJobs.noShows, options.clock ? { clock: options.clock } : {}),
      runtime,
    );
  });
  await queue.schedule(groupJobs.noShows, options.cron ?? '*/10 * * * *');
}
