// A group's no-shows: the tickets of its list still valid and unused once it was admitted with a lower
// head count, or once its visit day is over without it. They are settled by the rule in @admit/domain
// (noShowOutcome): a ticket type that refunds at all gives the price less its refund fee back to the
// agency's account through `refundTickets` as the system (its places return to their pools, the tickets
// are marked refunded, so gates refuse them); a type that never refunds keeps the money, and its
// tickets are revoked here (their places return to their pools too) so they cannot enter at an
// ordinary gate later that day. The group is then closed with its no-show count and the money
// returned, shown on the group.
//
// One transaction does it all, holding the group's row (`for update`) from the read of the remaining
// tickets to the closing: the refund runs inside it as a savepoint, so a second run waits and then
// finds the group settled, and a crash between the refund and the closing rolls both back — a group is
// never closed with no no-shows after its money went back. Groups are paid on the agency's account, so
// the refund calls no payment provider while the lock is held. A ticket redeemed at a gate meanwhile
// makes the refund refuse; nothing is written and the job tries again. A job settles the groups whose
// day is over and any admitted group a crash left unsettled.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@admit/db';
import { isAppError, noShowOutcome } from '@admit/domain';
import { inTransaction, systemContext, type Clock, type ServiceContext, type TxContext } from '../context';
import { recordAudit } from '../audit/record';
import type { JobQueue } from '../jobs/queue';
import { refundTickets, releaseTicketCapacity } from '../sales/refunds';
import type { SalesRuntime } from '../sales/runtime';

export async function settleGroupNoShows(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  groupId: string,
): Promise<{ noShows: number; refunded: number } | null> {
  try {
    return await inTransaction(ctx, (tx) => settleLocked(tx, runtime, groupId));
  } catch (error) {
    // Redeemed or refunded meanwhile: the savepoint and the transaction rolled back; the next run of
    // the job reads the group again.
    if (isAppError(error) && ['ticket_already_used', 'ticket_not_refundable'].includes(error.code))
      return null;
    throw error;
  }
}

async function settleLocked(
  tx: TxContext,
  runtime: SalesRuntime,
  groupId: string,
): Promise<{ noShows: number; refunded: number } | null> {
  const [group] = await rows<{ site_id: string; order_id: string; status: string; settled_at: Date | null }>(
    tx.db,
    sql`select site_id, order_id, status, settled_at from tour_groups where id = ${groupId} for update`,
  );
  if (!group || group.settled_at !== null || (group.status !== 'admitted' && group.status !== 'booked'))
    return null;
  const left = await rows<{ ticket_id: string; product_id: string }>(
    tx.db,
    sql`select t.id as ticket_id, t.product_id
        from tour_group_members m join tickets t on t.id = m.ticket_id
        where m.group_id = ${groupId} and t.status = 'valid' and t.entries_used = 0
        order by m.row_number`,
  );
  const catalog = await runtime.catalog.get(tx.db, group.site_id);
  const outcome = (productId: string) => {
    const product = catalog.products.get(productId);
    return product === undefined ? null : noShowOutcome(product.refundPolicy);
  };
  const toRefund = left.filter((t) => outcome(t.product_id) === 'refund').map((t) => t.ticket_id);
  const toKeep = left.filter((t) => outcome(t.product_id) === 'keep').map((t) => t.ticket_id);
  const now = tx.clock.now();
  let refunded = 0;
  if (toRefund.length > 0) {
    const result = await refundTickets(
      tx,
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
  }
  let revoked = 0;
  if (toKeep.length > 0) {
    // The money is kept, the ticket is not: revoked (gates refuse it), its places back in the pools.
    const changed = await rows<{ session_id: string | null; counts_towards_daily_max: boolean }>(
      tx.db,
      sql`update tickets set status = 'revoked', revoked_at = ${now}, updated_at = ${now}
          where order_id = ${group.order_id} and status = 'valid' and entries_used = 0
            and id in (${sql.join(
              toKeep.map((id) => sql`${id}`),
              sql`, `,
            )})
          returning session_id, counts_towards_daily_max`,
    );
    await releaseTicketCapacity(
      tx.db,
      group.order_id,
      changed.map((c) => ({ sessionId: c.session_id, countsTowardsDailyMax: c.counts_towards_daily_max })),
    );
    revoked = changed.length;
  }
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
      revokedTickets: revoked,
      refunded,
      came: group.status === 'admitted',
    },
  });
  return { noShows: left.length, refunded };
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
