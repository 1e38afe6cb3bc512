// The shop's background jobs: unused tickets refunded automatically when they expire (where their
// ticket type says so — what OTAs expect of 过期自动退), and the sweep that sends e-tickets of paid
// orders whose visitor never came back to the order page.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@admit/db';
import { isAppError } from '@admit/domain';
import { systemContext, type Clock, type ServiceContext } from '../context';
import type { JobQueue } from '../jobs/queue';
import { refundTickets } from '../sales/refunds';
import type { SalesRuntime } from '../sales/runtime';
import { sendRefundNotice, sweepETickets, type ShopNotices } from './notices';

export const shopJobs = {
  autoRefund: 'shop.auto-refund',
  eTickets: 'shop.e-tickets',
} as const;

/**
 * Refunds, order by order, the valid and unused tickets sold online or through a channel whose ticket
 * type refunds at expiry and whose validity ended (within the last 30 days). Each ticket is refunded
 * once: the refund's conditional update (`status = 'valid' and entries_used = 0`) lets one run win; a
 * ticket redeemed meanwhile is left alone.
 */
export async function autoRefundExpiredTickets(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  notices: ShopNotices | null,
  options: { limit?: number } = {},
): Promise<{ orders: number; tickets: number; skipped: number }> {
  const now = ctx.clock.now();
  const due = await rows<{ order_id: string; site_id: string; ticket_ids: string[] }>(
    ctx.db,
    sql`select t.order_id, t.site_id, array_agg(t.id::text order by t.id) as ticket_ids
        from products p
        join tickets t on t.product_id = p.id
        join orders o on o.id = t.order_id
        where p.auto_refund_at_expiry
          and t.valid_until < ${now} and t.valid_until > ${new Date(now.getTime() - 30 * 86_400_000)}
          and t.status = 'valid' and t.entries_used = 0 and t.price > 0
          and o.channel in ('online', 'api') and o.status in ('paid', 'partially_refunded') and not o.training
        group by t.order_id, t.site_id
        limit ${options.limit ?? 200}`,
  );
  const result = { orders: 0, tickets: 0, skipped: 0 };
  for (const order of due) {
    try {
      const refunded = await refundTickets(
        ctx,
        runtime,
        order.site_id,
        order.order_id,
        { ticketIds: order.ticket_ids, reason: 'expired_unused', void: false, approval: null },
        { approvalAbove: Number.MAX_SAFE_INTEGER, expiredUnused: true },
      );
      result.orders++;
      result.tickets += order.ticket_ids.length;
      if (notices && refunded.refunds[0])
        await sendRefundNotice(
          ctx.db,
          runtime,
          notices,
          order.order_id,
          refunded.refunded,
          refunded.refunds[0].id,
          now,
        );
    } catch (error) {
      // Redeemed or refunded meanwhile (another run, a gate, the box office): nothing to do. (A run that
      // read the order just before another run's refund committed finds the money already given back.)
      if (
        isAppError(error) &&
        ['ticket_already_used', 'ticket_not_refundable', 'refund_exceeds_payments'].includes(error.code)
      ) {
        const [left] = await rows<{ n: number }>(
          ctx.db,
          sql`select count(*)::int as n from tickets
              where order_id = ${order.order_id} and status = 'valid' and entries_used = 0
                and id in (${sql.join(
                  order.ticket_ids.map((id) => sql`${id}`),
                  sql`, `,
                )})`,
        );
        if ((left?.n ?? 0) === 0) {
          result.skipped++;
          continue;
        }
      }
      throw error;
    }
  }
  return result;
}

export async function registerShopJobs(
  queue: JobQueue,
  db: Db,
  runtime: SalesRuntime,
  notices: ShopNotices | null,
  options: { clock?: Clock; cron?: string } = {},
): Promise<void> {
  const context = (name: string) => systemContext(db, name, options.clock ? { clock: options.clock } : {});
  await queue.work(shopJobs.autoRefund, async () => {
    await autoRefundExpiredTickets(context(shopJobs.autoRefund), runtime, notices);
  });
  await queue.schedule(shopJobs.autoRefund, options.cron ?? '*/10 * * * *');
  if (notices) {
    await queue.work(shopJobs.eTickets, async () => {
      const ctx = context(shopJobs.eTickets);
      await sweepETickets(ctx.db, runtime, notices, ctx.clock.now());
    });
    await queue.schedule(shopJobs.eTickets, options.cron ?? '* * * * *');
  }
}
