// Settling a pending provider payment exactly once: the provider's answer (from the micropay call, a
// query, or the sweep job) changes the payment with a conditional update — `where status = 'pending'`
// — so whichever arrives first decides and the others change nothing. Success makes the order paid
// and its tickets valid; failure cancels the order, gives its places back and reverses an agency draw.
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import { AppError } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { releaseOrderCapacity } from './capacity';
import { loadOrder, type OrderRecord } from './orders';
import type { SalesRuntime } from './runtime';
import { providerForPayment } from '../payments/accounts';

/** Marks a pending provider payment succeeded and its order paid. False when it was already final. */
export async function completeProviderPayment(
  ctx: ServiceContext,
  paymentId: string,
  providerReference: string,
): Promise<boolean> {
  return inTransaction(ctx, (tx) => completeProviderPaymentIn(tx, paymentId, providerReference));
}

/**
 * The same inside the caller's transaction (a notification logs itself in the same commit): one
 * statement changes the payment — only if still pending — and with it the order's other pending
 * payments, its tickets and the order; the audit row follows when it changed.
 */
export async function completeProviderPaymentIn(
  tx: ServiceContext,
  paymentId: string,
  providerReference: string,
  options: { notifiedAt?: Date } = {},
): Promise<boolean> {
  const now = tx.clock.now();
  const [payment] = await rows<{ order_id: string; site_id: string }>(
    tx.db,
    sql`with p as (
          update payments set status = 'succeeded', reference = ${providerReference}, waiting_for_customer = false,
                              completed_at = ${now}, notified_at = coalesce(notified_at, ${options.notifiedAt ?? null})
          where id = ${paymentId} and status = 'pending' returning order_id, site_id),
        others as (
          update payments set status = 'succeeded', completed_at = ${now}
          where order_id = (select order_id from p) and status = 'pending' and id <> ${paymentId}),
        t as (
          update tickets set status = 'valid', updated_at = ${now}
          where order_id = (select order_id from p) and status = 'pending'),
        o as (
          update orders set status = 'paid', paid_at = ${now}, updated_at = ${now}
          where id = (select order_id from p) and status = 'pending')
        select order_id, site_id from p`,
  );
  if (!payment) return false;
  await recordAudit(tx, {
    action: 'orders.order.paid',
    siteId: payment.site_id,
    target: { type: 'order', id: payment.order_id },
    details: { paymentId },
  });
  return true;
}

/** Marks a pending provider payment failed and cancels its order. False when it was already final. */
export async function failProviderPayment(
  ctx: ServiceContext,
  paymentId: string,
  reason: string,
): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [payment] = await rows<{ order_id: string; site_id: string }>(
      tx.db,
      sql`update payments set status = 'failed', failure_code = ${reason}, waiting_for_customer = false,
                              completed_at = ${now}
          where id = ${paymentId} and status = 'pending' returning order_id, site_id`,
    );
    if (!payment) return false;
    const others = await rows<{ id: string; agency_id: string | null; amount: number }>(
      tx.db,
      sql`update payments set status = 'cancelled', completed_at = ${now}
          where order_id = ${payment.order_id} and status = 'pending' returning id, agency_id, amount`,
    );
    await tx.db.execute(
      sql`update tickets set status = 'cancelled', updated_at = ${now}
          where order_id = ${payment.order_id} and status = 'pending'`,
    );
    await tx.db.execute(
      sql`update orders set status = 'cancelled', updated_at = ${now} where id = ${payment.order_id} and status = 'pending'`,
    );
    for (const other of others) {
      if (!other.agency_id) continue;
      await tx.db.execute(
        sql`update agencies set balance = balance + ${other.amount}, updated_at = ${now} where id = ${other.agency_id}`,
      );
      await tx.db.execute(
        sql`insert into agency_ledger (id, agency_id, kind, amount, order_id, created_at)
            values (${newId(now.getTime())}, ${other.agency_id}, 'sale_reversed', ${other.amount}, ${payment.order_id}, ${now})`,
      );
    }
    const released = await releaseOrderCapacity(tx.db, payment.order_id);
    await recordAudit(tx, {
      action: 'orders.order.cancelled',
      siteId: payment.site_id,
      target: { type: 'order', id: payment.order_id },
      details: { paymentId, reason, placesReleased: released },
    });
    return true;
  });
}

async function codePaymentProvider(ctx: ServiceContext, runtime: SalesRuntime, paymentId: string) {
  const [row] = await rows<{ provider: string | null; account_id: string | null }>(
    ctx.db,
    sql`select provider, account_id from payments where id = ${paymentId}`,
  );
  const provider = row ? await providerForPayment(ctx.db, runtime, row) : null;
  if (!provider) throw new AppError('payment_provider_unavailable');
  return provider;
}

function pendingCodePayment(order: OrderRecord) {
  const payment = order.payments.find((p) => p.method === 'payment_code' && p.status === 'pending');
  if (!payment) throw new AppError('payment_not_pending', { details: { status: order.status } });
  return payment;
}

/** Asks the provider about an order's pending payment code (the seller's screen polls this). */
export async function queryOrderPayment(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
): Promise<OrderRecord> {
  await requirePermission(ctx, 'orders.sell', siteId);
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  if (order.status !== 'pending') return order;
  const payment = pendingCodePayment(order);
  const provider = await codePaymentProvider(ctx, runtime, payment.id);
  const state = await provider.query(payment.providerOrderId!);
  if (state.state === 'succeeded') await completeProviderPayment(ctx, payment.id, state.providerReference);
  else if (state.state === 'failed') {
    await failProviderPayment(ctx, payment.id, state.reason);
    throw new AppError('payment_declined', { details: { reason: state.reason, orderId } });
  } else if (state.state === 'pending') {
    await ctx.db.execute(
      sql`update payments set waiting_for_customer = ${state.waitingForCustomer} where id = ${payment.id} and status = 'pending'`,
    );
  }
  return loadOrder(ctx.db, runtime, siteId, orderId);
}

/**
 * The seller gives up on a pending payment code: it is reversed at the provider and the order
 * cancelled. If the provider reports it paid meanwhile, the order is paid instead.
 */
export async function cancelOrderPayment(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
): Promise<OrderRecord> {
  await requirePermission(ctx, 'orders.sell', siteId);
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  if (order.status !== 'pending')
    throw new AppError('payment_not_pending', { details: { status: order.status } });
  const payment = pendingCodePayment(order);
  const provider = await codePaymentProvider(ctx, runtime, payment.id);
  if (await provider.cancel(payment.providerOrderId!)) {
    await failProviderPayment(ctx, payment.id, 'cancelled_by_seller');
  } else {
    const state = await provider.query(payment.providerOrderId!);
    if (state.state === 'succeeded') await completeProviderPayment(ctx, payment.id, state.providerReference);
    else throw new AppError('payment_provider_unavailable');
  }
  return loadOrder(ctx.db, runtime, siteId, orderId);
}

/**
 * The job behind a seller who walked away: pending payment codes older than `queryAfterMs` are queried,
 * and those still not final after `giveUpAfterMs` are reversed and their orders cancelled.
 */
export async function sweepPendingPayments(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  options: { queryAfterMs?: number; giveUpAfterMs?: number } = {},
): Promise<{ checked: number; paid: number; cancelled: number }> {
  const now = ctx.clock.now().getTime();
  const queryBefore = new Date(now - (options.queryAfterMs ?? 60_000));
  const giveUpBefore = new Date(now - (options.giveUpAfterMs ?? 10 * 60_000));
  const pending = await rows<{
    id: string;
    provider: string;
    account_id: string | null;
    provider_order_id: string;
    created_at: Date;
  }>(
    ctx.db,
    sql`select id, provider, account_id, provider_order_id, created_at from payments
        where status = 'pending' and method = 'payment_code' and created_at <= ${queryBefore}
        order by created_at limit 200`,
  );
  let paid = 0;
  let cancelled = 0;
  for (const p of pending) {
    const provider = await providerForPayment(ctx.db, runtime, p);
    if (!provider) continue;
    const state = await provider.query(p.provider_order_id);
    if (state.state === 'succeeded') {
      if (await completeProviderPayment(ctx, p.id, state.providerReference)) paid++;
    } else if (state.state === 'failed') {
      if (await failProviderPayment(ctx, p.id, state.reason)) cancelled++;
    } else if (new Date(p.created_at) < giveUpBefore && (await provider.cancel(p.provider_order_id))) {
      if (await failProviderPayment(ctx, p.id, 'timed_out')) cancelled++;
    }
  }
  return { checked: pending.length, paid, cancelled };
}
