// After a session is cancelled (停航, 演出取消): its orders are listed, and staff refund them in bulk as
// a background job with progress — each order once (the tickets' conditional update makes a second
// run find nothing left to refund), in full without a fee whatever the ticket type's policy (the
// operator cancelled, not the visitor), never a ticket already used — with a report of what was done
// and what failed. Cash paid at a window is recorded as a refund pending collection at the box office.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, allocateRefund, type RefundablePayment } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, systemContext, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { loadOrder } from './orders';
import {
  attemptProviderRefund,
  refundedEvent,
  releaseTicketCapacity,
  settleOrderRefundStatus,
} from './refunds';
import type { SalesRuntime } from './runtime';
import { enqueueWebhook } from '../webhooks';
import { creditAgency } from './agencies';

/** Money that goes back through a payment provider (refunded by the job after the commit). */
const viaProvider = (method: string) => method === 'payment_code' || method === 'online';

export type BulkAction = {
  id: string;
  sessionId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  report: { orderId: string; number: string; outcome: string; code?: string }[];
};

export async function listSessionOrders(
  ctx: ServiceContext,
  siteId: string,
  sessionId: string,
): Promise<{ id: string; number: string; status: string; validTickets: number; total: number }[]> {
  await requirePermission(ctx, 'orders.read', siteId);
  const found = await rows<{
    id: string;
    number: string;
    status: string;
    valid_tickets: number;
    total: number;
  }>(
    ctx.db,
    sql`select o.id, o.number, o.status, o.total,
               (select count(*)::int8 from tickets t where t.order_id = o.id and t.session_id = ${sessionId} and t.status = 'valid') as valid_tickets
        from orders o
        where o.site_id = ${siteId} and o.id in (select order_id from tickets where session_id = ${sessionId})
        order by o.created_at`,
  );
  return found.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    validTickets: Number(r.valid_tickets),
    total: Number(r.total),
  }));
}

/** Queues the bulk refund of a cancelled session's orders; the caller hands the id to the job queue. */
export async function startBulkRefund(
  ctx: ServiceContext,
  siteId: string,
  sessionId: string,
): Promise<BulkAction> {
  await requirePermission(ctx, 'orders.refund', siteId);
  const [session] = await rows<{ status: string }>(
    ctx.db,
    sql`select status from sessions where id = ${sessionId} and site_id = ${siteId}`,
  );
  if (!session) throw new AppError('session_not_found');
  if (session.status !== 'cancelled')
    throw new AppError('validation_failed', { details: { session: 'cancel the session first' } });
  const id = newId(ctx.clock.now().getTime());
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`insert into bulk_actions (id, site_id, session_id, kind, status, created_by, created_at)
          values (${id}, ${siteId}, ${sessionId}, 'refund', 'queued', ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${ctx.clock.now()})`,
    );
    await recordAudit(tx, {
      action: 'orders.bulk.refund_started',
      siteId,
      target: { type: 'session', id: sessionId },
      details: { bulkActionId: id },
    });
  });
  return getBulkAction(ctx, siteId, id);
}

export async function getBulkAction(ctx: ServiceContext, siteId: string, id: string): Promise<BulkAction> {
  await requirePermission(ctx, 'orders.read', siteId);
  const [row] = await rows<{
    id: string;
    session_id: string;
    status: BulkAction['status'];
    total: number;
    done: number;
    failed: number;
    report: BulkAction['report'];
  }>(
    ctx.db,
    sql`select id, session_id, status, total, done, failed, report from bulk_actions where id = ${id} and site_id = ${siteId}`,
  );
  if (!row) throw new AppError('not_found');
  return {
    id: row.id,
    sessionId: row.session_id,
    status: row.status,
    total: row.total,
    done: row.done,
    failed: row.failed,
    report: row.report,
  };
}

/** Refunds one order's valid tickets of the session in full; 'skipped' when nothing is left to refund. */
async function refundOrderForCancellation(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
  sessionId: string,
  bulkId: string,
): Promise<'refunded' | 'skipped'> {
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  const now = ctx.clock.now();
  const groupId = newId(now.getTime());
  const pendingProvider: string[] = [];
  const outcome = await inTransaction(ctx, async (tx) => {
    const changed = await rows<{
      id: string;
      price: number;
      session_id: string | null;
      counts_towards_daily_max: boolean;
    }>(
      tx.db,
      sql`update tickets set status = 'refunded', revoked_at = ${now}, updated_at = ${now}
          where order_id = ${orderId} and session_id = ${sessionId} and status = 'valid' and entries_used = 0
          returning id, price, session_id, counts_towards_daily_max`,
    );
    if (changed.length === 0) return 'skipped' as const;
    const amount = changed.reduce((s, t) => s + Number(t.price), 0);
    await tx.db.execute(
      sql`insert into ticket_refunds (ticket_id, group_id, price, fee, created_at) values ${sql.join(
        changed.map((t) => sql`(${t.id}, ${groupId}, ${t.price}, 0, ${now})`),
        sql`, `,
      )}`,
    );
    const refundedBefore = await rows<{ payment_id: string; amount: number }>(
      tx.db,
      sql`select payment_id, sum(amount)::int8 as amount from refunds where order_id = ${orderId} group by payment_id`,
    );
    const refundable: RefundablePayment[] = order.payments
      .filter((p) => p.status === 'succeeded')
      .map((p) => ({
        id: p.id,
        method: p.method,
        refundable: p.amount - Number(refundedBefore.find((r) => r.payment_id === p.id)?.amount ?? 0),
      }));
    const allocation = amount === 0 ? [] : allocateRefund(amount, refundable);
    if (!allocation) throw new AppError('refund_exceeds_payments', { details: { amount } });
    for (const a of allocation) {
      const payment = order.payments.find((p) => p.id === a.paymentId)!;
      const id = newId(now.getTime());
      // Providers are refunded by the job; cash waits at the box office for the visitor.
      const status = payment.method === 'card' || payment.method === 'on_account' ? 'succeeded' : 'pending';
      await tx.db.execute(
        sql`insert into refunds (id, group_id, order_id, site_id, kind, payment_id, method, provider, amount, status,
                                 next_attempt_at, reason, created_at, completed_at)
            values (${id}, ${groupId}, ${orderId}, ${siteId}, 'bulk', ${payment.id}, ${payment.method}, ${payment.provider},
                    ${a.amount}, ${status}, ${viaProvider(payment.method) ? now : null}, 'session cancelled', ${now},
                    ${status === 'succeeded' ? now : null})`,
      );
      if (viaProvider(payment.method)) pendingProvider.push(id);
      if (payment.method === 'on_account' && payment.agencyId)
        await creditAgency(tx.db, {
          agencyId: payment.agencyId,
          amount: a.amount,
          orderId,
          orderNumber: order.number,
          note: 'session cancelled',
          createdBy: null,
          at: now,
        });
    }
    const [channel] = await rows<{ channel_id: string | null; external_reference: string | null }>(
      tx.db,
      sql`select channel_id, external_reference from orders where id = ${orderId}`,
    );
    await releaseTicketCapacity(
      tx.db,
      orderId,
      changed.map((c) => ({ sessionId: c.session_id, countsTowardsDailyMax: c.counts_towards_daily_max })),
    );
    await settleOrderRefundStatus(tx.db, orderId, now);
    if (channel?.channel_id)
      await enqueueWebhook(tx.db, {
        channelId: channel.channel_id,
        event: 'order.refunded',
        eventKey: `order.refunded:${groupId}`,
        data: await refundedEvent(tx.db, {
          orderId,
          orderNumber: order.number,
          externalReference: channel.external_reference,
          site: order.siteCode,
          refundId: groupId,
          amount,
          fee: 0,
          refundedAt: now,
          tickets: changed.map((c) => ({
            ticketId: c.id,
            ticketNumber: order.tickets.find((t) => t.id === c.id)?.number ?? '',
          })),
          reason: 'session cancelled',
        }),
        at: now,
      });
    await recordAudit(tx, {
      action: 'orders.tickets.refunded',
      siteId,
      target: { type: 'order', id: orderId },
      details: {
        groupId,
        tickets: changed.map((c) => c.id),
        amount,
        fee: 0,
        bulkActionId: bulkId,
        reason: 'session cancelled',
      },
    });
    return 'refunded' as const;
  });
  for (const id of pendingProvider) await attemptProviderRefund(ctx, runtime, id);
  return outcome;
}

/** The job: works through the session's orders, recording progress; safe to run again. */
export async function runBulkRefund(
  db: Queryable,
  runtime: SalesRuntime,
  bulkId: string,
  options: { clock?: ServiceContext['clock'] } = {},
): Promise<void> {
  const ctx = systemContext(db, 'sales.bulk-refund', options.clock ? { clock: options.clock } : {});
  const [action] = await rows<{ site_id: string; session_id: string }>(
    db,
    sql`update bulk_actions set status = 'running' where id = ${bulkId} returning site_id, session_id`,
  );
  if (!action) return;
  const orders = await rows<{ id: string; number: string }>(
    db,
    sql`select id, number from orders where site_id = ${action.site_id}
          and id in (select order_id from tickets where session_id = ${action.session_id}) order by created_at`,
  );
  await db.execute(
    sql`update bulk_actions set total = ${orders.length}, done = 0, failed = 0, report = '[]'::jsonb where id = ${bulkId}`,
  );
  for (const order of orders) {
    let entry: BulkAction['report'][number];
    try {
      const outcome = await refundOrderForCancellation(
        ctx,
        runtime,
        action.site_id,
        order.id,
        action.session_id,
        bulkId,
      );
      entry = { orderId: order.id, number: order.number, outcome };
    } catch (error) {
      entry = {
        orderId: order.id,
        number: order.number,
        outcome: 'failed',
        code: error instanceof AppError ? error.code : 'internal_error',
      };
    }
    await db.execute(
      sql`update bulk_actions set done = done + ${entry.outcome === 'failed' ? 0 : 1}, failed = failed + ${entry.outcome === 'failed' ? 1 : 0},
                                  report = report || ${JSON.stringify([entry])}::jsonb
          where id = ${bulkId}`,
    );
  }
  await db.execute(
    sql`update bulk_actions set status = case when failed > 0 then 'failed' else 'done' end, finished_at = ${ctx.clock.now()} where id = ${bulkId}`,
  );
}
