// Online payments of held orders. An order sold with an `online` payment holds its places for
// `holdMinutes`; the customer pays at a provider (page, H5, JSAPI or a QR code) and the provider's
// notification — or our query when it never comes — makes the order paid, exactly once. A hold that
// runs out is closed at the provider first (a payment made meanwhile wins), then the order expires
// and its places go back. A payment that still arrives for an expired order takes its places again
// when they are there and is refunded automatically when they are not.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { releaseOrderCapacity } from '../sales/capacity';
import { loadOrder } from '../sales/orders';
import { completeProviderPayment, failProviderPayment } from '../sales/settle';
import { attemptProviderRefund } from '../sales/refunds';
import type { SalesRuntime } from '../sales/runtime';
import type { CreatedPayment, OnlinePaymentKind, PaymentProvider } from './provider';
import { providerForPayment, resolveProvider, type ProviderChoice } from './accounts';

export type StartOnlinePayment = {
  provider: ProviderChoice;
  kind: OnlinePaymentKind;
  /** Our public base URL: the provider posts its notification under it. */
  publicUrl: string;
  returnUrl: string | null;
  payerId: string | null;
  clientIp: string | null;
};

type OnlinePaymentRow = {
  id: string;
  order_id: string;
  site_id: string;
  status: string;
  amount: number;
  provider: string | null;
  account_id: string | null;
  provider_order_id: string;
  expires_at: Date | string | null;
};

async function onlinePaymentOf(db: Queryable, siteId: string, orderId: string): Promise<OnlinePaymentRow> {
  const [payment] = await rows<OnlinePaymentRow>(
    db,
    sql`select id, order_id, site_id, status, amount, provider, account_id, provider_order_id, expires_at
        from payments where order_id = ${orderId} and site_id = ${siteId} and method = 'online'`,
  );
  if (!payment) throw new AppError('order_not_found');
  return payment;
}

/** The notification address a provider is given for an account (or the installation's simulator). */
export function notifyUrlFor(publicUrl: string, accountId: string | null): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/payments/notify/${accountId ?? 'simulator'}`;
}

/**
 * Creates the payment at the provider for a held order: what the customer's browser or wallet needs
 * (a redirect, a QR code, JSAPI parameters). Asking again with the same provider gives the same
 * payment; another provider closes the first one and starts over under a new reference.
 */
export async function startOnlinePayment(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
  input: StartOnlinePayment,
): Promise<{ paymentId: string; providerOrderId: string; expiresAt: Date; created: CreatedPayment }> {
  await requirePermission(ctx, 'orders.sell', siteId);
  let payment = await onlinePaymentOf(ctx.db, siteId, orderId);
  if (payment.status !== 'pending') throw new AppError('payment_not_pending', { details: { orderId } });
  const expiresAt = payment.expires_at ? new Date(payment.expires_at) : null;
  if (!expiresAt || expiresAt <= ctx.clock.now()) throw new AppError('order_hold_expired');
  const { provider, accountId } = await resolveProvider(ctx.db, runtime, siteId, input.provider);
  if (payment.provider && (payment.provider !== provider.name || payment.account_id !== accountId)) {
    const previous = await providerForPayment(ctx.db, runtime, payment);
    if (previous && !(await previous.close(payment.provider_order_id)))
      throw new AppError('payment_provider_unavailable', { details: { closing: payment.provider } });
    const fresh = newId(ctx.clock.now().getTime()).replaceAll('-', '');
    await ctx.db.execute(
      sql`update payments set provider_order_id = ${fresh} where id = ${payment.id} and status = 'pending'`,
    );
    payment = { ...payment, provider_order_id: fresh };
  }
  await ctx.db.execute(
    sql`update payments set provider = ${provider.name}, account_id = ${accountId}, online_kind = ${input.kind}
        where id = ${payment.id} and status = 'pending'`,
  );
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  const created = await provider.createPayment({
    providerOrderId: payment.provider_order_id,
    amount: Number(payment.amount),
    subject: `${order.siteNameZh} ${order.number}`,
    kind: input.kind,
    notifyUrl: notifyUrlFor(input.publicUrl, accountId),
    returnUrl: input.returnUrl,
    payerId: input.payerId,
    clientIp: input.clientIp,
    expiresAt,
  });
  return { paymentId: payment.id, providerOrderId: payment.provider_order_id, expiresAt, created };
}

/**
 * The job behind holds that ran out: each pending online order past its hold is closed at the
 * provider; if the provider says it was paid meanwhile, the order is paid instead. Otherwise the
 * order expires and its places go back.
 */
export async function expireHolds(
  ctx: ServiceContext,
  runtime: SalesRuntime,
): Promise<{ expired: number; paid: number; kept: number }> {
  const now = ctx.clock.now();
  const due = await rows<OnlinePaymentRow>(
    ctx.db,
    sql`select p.id, p.order_id, p.site_id, p.status, p.amount, p.provider, p.account_id, p.provider_order_id, p.expires_at
        from orders o join payments p on p.order_id = o.id and p.method = 'online'
        where o.status = 'pending' and o.hold_expires_at is not null and o.hold_expires_at <= ${now}
          and p.status = 'pending'
        order by o.hold_expires_at limit 200`,
  );
  let expired = 0;
  let paid = 0;
  let kept = 0;
  for (const payment of due) {
    const provider = payment.provider ? await providerForPayment(ctx.db, runtime, payment) : null;
    if (payment.provider && !provider) {
      kept++;
      continue;
    }
    if (provider && !(await provider.close(payment.provider_order_id))) {
      const state = await provider.query(payment.provider_order_id);
      if (state.state === 'succeeded') {
        if (await completeProviderPayment(ctx, payment.id, state.providerReference)) paid++;
        continue;
      }
      if (state.state !== 'failed') {
        // No clear answer: keep the hold and ask again on the next run.
        kept++;
        continue;
      }
    }
    if (await expireOrder(ctx, payment)) expired++;
  }
  return { expired, paid, kept };
}

/**
 * The customer gives up before paying: the payment is closed at the provider first (if it was paid
 * meanwhile, the order is paid instead and stays), then the order is cancelled and its places go back.
 */
export async function cancelOnlineOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
): Promise<'cancelled' | 'paid'> {
  const payment = await onlinePaymentOf(ctx.db, siteId, orderId);
  if (payment.status !== 'pending') throw new AppError('payment_not_pending', { details: { orderId } });
  const provider = payment.provider ? await providerForPayment(ctx.db, runtime, payment) : null;
  if (payment.provider && !provider) throw new AppError('payment_provider_unavailable');
  if (provider && !(await provider.close(payment.provider_order_id))) {
    const state = await provider.query(payment.provider_order_id);
    if (state.state === 'succeeded') {
      await completeProviderPayment(ctx, payment.id, state.providerReference);
      return 'paid';
    }
    if (state.state !== 'failed') throw new AppError('payment_provider_unavailable');
  }
  await expireOrder(ctx, payment, 'cancelled');
  return 'cancelled';
}

async function expireOrder(
  ctx: ServiceContext,
  payment: OnlinePaymentRow,
  outcome: 'expired' | 'cancelled' = 'expired',
): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [changed] = await rows<{ id: string }>(
      tx.db,
      sql`update payments set status = 'cancelled', failure_code = ${outcome === 'expired' ? 'hold_expired' : 'cancelled_by_customer'},
                              completed_at = ${now}
          where id = ${payment.id} and status = 'pending' returning id`,
    );
    if (!changed) return false;
    await tx.db.execute(
      sql`update tickets set status = 'cancelled', updated_at = ${now} where order_id = ${payment.order_id} and status = 'pending'`,
    );
    await tx.db.execute(
      sql`update orders set status = ${outcome}, updated_at = ${now} where id = ${payment.order_id} and status = 'pending'`,
    );
    const released = await releaseOrderCapacity(tx.db, payment.order_id);
    await recordAudit(tx, {
      action: outcome === 'expired' ? 'orders.order.expired' : 'orders.order.cancelled',
      siteId: payment.site_id,
      target: { type: 'order', id: payment.order_id },
      details: { paymentId: payment.id, placesReleased: released },
    });
    return true;
  });
}

/**
 * A payment that arrived for an order whose hold had already expired. Exactly once (the payment moves
 * from cancelled to succeeded in a conditional update): its places are taken again when they are
 * still there — the order is paid — and otherwise the money goes back through a provider refund.
 */
export async function settleLatePayment(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  paymentId: string,
  providerReference: string,
): Promise<'paid' | 'refunded' | 'duplicate'> {
  const outcome = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [payment] = await rows<{ order_id: string; site_id: string; amount: number; provider: string }>(
      tx.db,
      sql`update payments set status = 'succeeded', reference = ${providerReference}, failure_code = 'late_payment',
                              notified_at = coalesce(notified_at, ${now}), completed_at = ${now}
          where id = ${paymentId} and method = 'online' and status in ('cancelled', 'failed')
          returning order_id, site_id, amount, provider`,
    );
    if (!payment) return { kind: 'duplicate' as const };
    const retaken = await retakeOrderCapacity(tx.db, runtime, payment.order_id);
    if (retaken) {
      await tx.db.execute(
        sql`update tickets set status = 'valid', updated_at = ${now} where order_id = ${payment.order_id} and status = 'cancelled'`,
      );
      await tx.db.execute(
        sql`update orders set status = 'paid', paid_at = ${now}, updated_at = ${now}
            where id = ${payment.order_id} and status in ('expired', 'cancelled')`,
      );
      await recordAudit(tx, {
        action: 'orders.order.paid_late',
        siteId: payment.site_id,
        target: { type: 'order', id: payment.order_id },
        details: { paymentId, placesRetaken: true },
      });
      return { kind: 'paid' as const };
    }
    // No room any more: the whole payment goes back (the order stays expired, its tickets cancelled).
    const refundId = newId(now.getTime());
    await tx.db.execute(
      sql`insert into refunds (id, group_id, order_id, site_id, kind, payment_id, method, provider, amount, status,
                               next_attempt_at, reason, created_at)
          values (${refundId}, ${refundId}, ${payment.order_id}, ${payment.site_id}, 'refund', ${paymentId}, 'online',
                  ${payment.provider}, ${payment.amount}, 'pending', ${now}, 'late_payment_no_capacity', ${now})`,
    );
    await tx.db.execute(
      sql`update orders set status = 'refunded', updated_at = ${now} where id = ${payment.order_id}`,
    );
    await recordAudit(tx, {
      action: 'orders.order.late_payment_refunded',
      siteId: payment.site_id,
      target: { type: 'order', id: payment.order_id },
      details: { paymentId, refundId, amount: payment.amount },
    });
    return { kind: 'refunded' as const, refundId };
  });
  if (outcome.kind === 'refunded') await attemptProviderRefund(ctx, runtime, outcome.refundId);
  return outcome.kind;
}

/** Takes an expired order's places again (pools in id order, the slow path: rare). False when full. */
async function retakeOrderCapacity(db: Queryable, runtime: SalesRuntime, orderId: string): Promise<boolean> {
  const [order] = await rows<{
    session_pool: string | null;
    session_stripes: number;
    session_places: number;
    daily_pool: string | null;
    daily_stripes: number;
    daily_places: number;
  }>(
    db,
    sql`with o as (select * from orders where id = ${orderId}),
             sp as (select p.id from capacity_pools p join o on p.session_id = o.session_id where p.kind = 'session'),
             dp as (select p.id from capacity_pools p join o on p.site_id = o.site_id
                    where p.kind = 'daily' and p.business_date = o.visit_date)
        select (select id from sp) as session_pool,
               (select count(*)::int from capacity_pool_stripes where pool_id = (select id from sp) and channel_id is null) as session_stripes,
               (select count(*)::int from tickets where order_id = ${orderId} and session_id is not null) as session_places,
               (select id from dp) as daily_pool,
               (select count(*)::int from capacity_pool_stripes where pool_id = (select id from dp) and channel_id is null) as daily_stripes,
               (select count(*)::int from tickets where order_id = ${orderId} and counts_towards_daily_max) as daily_places`,
  );
  if (!order) return false;
  const pools = [
    { id: order.session_pool, stripes: order.session_stripes, quantity: order.session_places },
    { id: order.daily_pool, stripes: order.daily_stripes, quantity: order.daily_places },
  ]
    .filter((p): p is { id: string; stripes: number; quantity: number } => p.id !== null && p.quantity > 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((p) => ({ ...p, mode: 'slow' as const }));
  if (pools.length === 0) return true;
  const { outcomes } = await runtime.takeCapacity(db, {
    orderId,
    preferredStripe: 0,
    guard: null,
    prelude: null,
    pools,
  });
  return outcomes.length === pools.length && outcomes.every((o) => Array.isArray(o));
}

/**
 * The job behind notifications that never came: pending online payments created more than
 * `queryAfterMs` ago are queried (every run until final); a paid one is settled like its notification.
 */
export async function queryPendingOnlinePayments(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  options: { queryAfterMs?: number } = {},
): Promise<{ checked: number; paid: number; failed: number }> {
  const before = new Date(ctx.clock.now().getTime() - (options.queryAfterMs ?? 2 * 60_000));
  const pending = await rows<OnlinePaymentRow>(
    ctx.db,
    sql`select id, order_id, site_id, status, amount, provider, account_id, provider_order_id, expires_at
        from payments
        where status = 'pending' and method = 'online' and provider is not null and created_at <= ${before}
        order by created_at limit 200`,
  );
  let paid = 0;
  let failed = 0;
  for (const payment of pending) {
    const provider: PaymentProvider | null = await providerForPayment(ctx.db, runtime, payment);
    if (!provider) continue;
    const state = await provider.query(payment.provider_order_id);
    if (state.state === 'succeeded') {
      if (await completeProviderPayment(ctx, payment.id, state.providerReference)) paid++;
    } else if (state.state === 'failed' && state.reason !== 'not_found') {
      // Closed or failed at the provider: the order is cancelled and its places go back.
      if (await failProviderPayment(ctx, payment.id, state.reason)) failed++;
    }
  }
  return { checked: pending.length, paid, failed };
}
