// Refunds (退票) and voids (作废). The ticket type's policy decides (window, fee, never after a
// redemption); the money goes back the way it came — cash out of the refunding seller's drawer, an
// agency's account, a card at its terminal, a payment code through its provider (pending until the
// provider answers; a failure is retried by a job and shown to finance, never lost); refunds above a
// limit need a supervisor; refunded tickets are revoked (gates download the list) and their places
// return to their pools. The tickets change with one conditional update (`status = 'valid' and
// entries_used = 0`), so a refund and a redemption of the same ticket can never both succeed.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import {
  AppError,
  afterSaleDecision,
  afterSaleFee,
  allocateRefund,
  isVoidable,
  type RefundablePayment,
} from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { verifyApprover } from './approval';
import { loadOrder, type OrderRecord } from './orders';
import type { SalesRuntime } from './runtime';
import { providerForPayment } from '../payments/accounts';
import { enqueueWebhook } from '../webhooks';
import { creditAgency } from './agencies';

export type RefundInput = {
  ticketIds: string[];
  reason: string;
  /** A void: the same shift, minutes after the sale, the customer still at the window; no fee. */
  void: boolean;
  approval: { loginName: string; password: string } | null;
};

export type RefundResult = {
  order: OrderRecord;
  refunded: number;
  fee: number;
  /** Cash to hand back from the drawer. */
  cash: number;
  refunds: { id: string; method: string; amount: number; status: 'pending' | 'succeeded' | 'failed' }[];
};

/** Minutes after a sale in which the seller may void it. */
export const voidWindowMinutes = 15;

/**
 * Gives back the places of these tickets to the pools the order drew on, pools and stripes in order.
 * Session places for tickets of a session, daily places for those that count towards the daily maximum.
 */
export async function releaseTicketCapacity(
  db: Queryable,
  orderId: string,
  tickets: { sessionId: string | null; countsTowardsDailyMax: boolean }[],
): Promise<void> {
  const taken = await rows<{ pool_id: string; kind: 'session' | 'daily'; stripe: number; quantity: number }>(
    db,
    sql`select oc.pool_id, p.kind, oc.stripe, oc.quantity from order_capacity oc join capacity_pools p on p.id = oc.pool_id
        where oc.order_id = ${orderId} order by oc.pool_id, oc.stripe`,
  );
  const left = {
    session: tickets.filter((t) => t.sessionId !== null).length,
    daily: tickets.filter((t) => t.countsTowardsDailyMax).length,
  };
  for (const row of taken) {
    const n = Math.min(left[row.kind], row.quantity);
    if (n === 0) continue;
    left[row.kind] -= n;
    await db.execute(
      sql`update capacity_pool_stripes set sold = sold - ${n} where pool_id = ${row.pool_id} and stripe = ${row.stripe}`,
    );
    await db.execute(
      n === row.quantity
        ? sql`delete from order_capacity where order_id = ${orderId} and pool_id = ${row.pool_id} and stripe = ${row.stripe}`
        : sql`update order_capacity set quantity = quantity - ${n}
              where order_id = ${orderId} and pool_id = ${row.pool_id} and stripe = ${row.stripe}`,
    );
  }
}

/** After tickets are refunded: the order is refunded when none is valid any more, else partially. */
export async function settleOrderRefundStatus(db: Queryable, orderId: string, now: Date): Promise<void> {
  await db.execute(
    sql`update orders set status = case when exists (select 1 from tickets where order_id = ${orderId} and status = 'valid')
                                        then 'partially_refunded' else 'refunded' end,
                          updated_at = ${now}
        where id = ${orderId}`,
  );
}

export async function refundTickets(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
  input: RefundInput,
  options: {
    approvalAbove?: number;
    /**
     * The automatic refund of an unused ticket at its expiry (the ticket type says so): the refund
     * window does not apply and there is no fee; the ticket must still be valid and unused.
     */
    expiredUnused?: boolean;
    /**
     * A tour group's no-show (groups/no-shows.ts): refunded after the session by the ticket type's
     * refund rule — allowed or not, and its fee — while its time window does not apply.
     */
    noShow?: boolean;
  } = {},
): Promise<RefundResult> {
  await requirePermission(ctx, 'orders.refund', siteId);
  const ids = [...new Set(input.ticketIds)];
  if (ids.length === 0)
    throw new AppError('validation_failed', { details: { ticketIds: 'choose at least one' } });
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  if (order.status !== 'paid' && order.status !== 'partially_refunded')
    throw new AppError('ticket_not_refundable', { details: { orderStatus: order.status } });
  const chosen = order.tickets.filter((t) => ids.includes(t.id));
  if (chosen.length !== ids.length) throw new AppError('ticket_not_found');
  const catalog = await runtime.catalog.get(ctx.db, siteId);
  const now = ctx.clock.now();
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const [shift] = userId
    ? await rows<{ id: string }>(
        ctx.db,
        sql`select id from shifts where site_id = ${siteId} and user_id = ${userId} and status = 'open'`,
      )
    : [];
  const [sale] = await rows<{
    shift_id: string | null;
    channel_id: string | null;
    external_reference: string | null;
  }>(ctx.db, sql`select shift_id, channel_id, external_reference from orders where id = ${orderId}`);

  // The policy of each ticket type decides, ticket by ticket (a void overrides window and fee).
  const used = await rows<{ id: string; entries_used: number }>(
    ctx.db,
    sql`select id, entries_used from tickets where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const usedOf = new Map(used.map((u) => [u.id, u]));
  if (
    input.void &&
    !isVoidable(
      { shiftId: sale?.shift_id ?? null, createdAt: order.createdAt },
      {
        shiftId: shift?.id ?? null,
        now,
        windowMinutes: voidWindowMinutes,
      },
    )
  )
    throw new AppError('refund_window_closed', { details: { void: true, windowMinutes: voidWindowMinutes } });
  // The fee of each ticket, decided once and written with its ticket_refunds row.
  const feeOf = new Map<string, number>();
  for (const t of chosen) {
    if (t.status !== 'valid')
      throw new AppError('ticket_not_refundable', { details: { ticketId: t.id, status: t.status } });
    const entriesUsed = usedOf.get(t.id)?.entries_used ?? 0;
    if (input.void) {
      if (entriesUsed > 0) throw new AppError('ticket_already_used', { details: { ticketId: t.id } });
      feeOf.set(t.id, 0);
      continue;
    }
    if (options.expiredUnused) {
      if (entriesUsed > 0) throw new AppError('ticket_already_used', { details: { ticketId: t.id } });
      feeOf.set(t.id, 0);
      continue;
    }
    const product = catalog.products.get(t.productId);
    if (!product) throw new AppError('product_not_found');
    if (options.noShow) {
      if (entriesUsed > 0) throw new AppError('ticket_already_used', { details: { ticketId: t.id } });
      if (!product.refundPolicy.allowed)
        throw new AppError('refund_not_allowed', { details: { ticketId: t.id } });
      feeOf.set(t.id, afterSaleFee(product.refundPolicy.fee, t.price));
      continue;
    }
    const decision = afterSaleDecision(
      'refund',
      product.refundPolicy,
      { price: t.price, entriesUsed, startsAt: t.validFrom },
      now,
    );
    if (!decision.allowed) throw new AppError(decision.code, { details: { ticketId: t.id } });
    feeOf.set(t.id, decision.fee);
  }
  const fee = [...feeOf.values()].reduce((sum, f) => sum + f, 0);
  const gross = chosen.reduce((sum, t) => sum + t.price, 0);
  const amount = gross - fee;

  let approvedBy: string | null = null;
  const limit = options.approvalAbove ?? 100_000;
  if (amount > limit) {
    if (can(ctx, 'orders.approve', siteId) && userId) approvedBy = userId;
    else if (input.approval) approvedBy = await verifyApprover(ctx, siteId, input.approval);
    else throw new AppError('refund_approval_required', { details: { amount, limit } });
  }

  // Money back the way it came.
  const refundedBefore = await rows<{ payment_id: string; amount: number }>(
    ctx.db,
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
  if (allocation.some((a) => a.method === 'cash') && userId && !shift) throw new AppError('shift_required');

  const groupId = newId(now.getTime());
  const kind = input.void ? 'void' : 'refund';
  const written = await inTransaction(ctx, async (tx) => {
    // The one conditional update that races with a redemption: whichever commits first wins.
    const changed = await rows<{ id: string; session_id: string | null; counts_towards_daily_max: boolean }>(
      tx.db,
      sql`update tickets set status = 'refunded', revoked_at = ${now}, updated_at = ${now}
          where order_id = ${orderId} and status = 'valid' and entries_used = 0
            and id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})
          returning id, session_id, counts_towards_daily_max`,
    );
    if (changed.length !== ids.length) throw new AppError('ticket_already_used');
    await tx.db.execute(
      sql`insert into ticket_refunds (ticket_id, group_id, price, fee, created_at) values ${sql.join(
        chosen.map((t) => sql`(${t.id}, ${groupId}, ${t.price}, ${feeOf.get(t.id) ?? 0}, ${now})`),
        sql`, `,
      )}`,
    );
    const refunds: RefundResult['refunds'] = [];
    for (const a of allocation) {
      const payment = order.payments.find((p) => p.id === a.paymentId)!;
      const id = newId(now.getTime());
      // A payment code or an online payment is refunded through its provider, after the commit.
      const viaProvider = payment.method === 'payment_code' || payment.method === 'online';
      const status = viaProvider ? 'pending' : 'succeeded';
      await tx.db.execute(
        sql`insert into refunds (id, group_id, order_id, site_id, kind, payment_id, method, provider, amount, status,
                                 next_attempt_at, shift_id, reason, created_by, approved_by, created_at, completed_at)
            values (${id}, ${groupId}, ${orderId}, ${siteId}, ${kind}, ${payment.id}, ${payment.method}, ${payment.provider},
                    ${a.amount}, ${status}, ${viaProvider ? now : null}, ${payment.method === 'cash' ? (shift?.id ?? null) : null},
                    ${input.reason}, ${userId}, ${approvedBy}, ${now}, ${viaProvider ? null : now})`,
      );
      if (payment.method === 'on_account' && payment.agencyId)
        await creditAgency(tx.db, {
          agencyId: payment.agencyId,
          amount: a.amount,
          orderId,
          orderNumber: order.number,
          createdBy: userId,
          at: now,
        });
      refunds.push({ id, method: payment.method, amount: a.amount, status });
    }
    await releaseTicketCapacity(
      tx.db,
      orderId,
      changed.map((c) => ({ sessionId: c.session_id, countsTowardsDailyMax: c.counts_towards_daily_max })),
    );
    await settleOrderRefundStatus(tx.db, orderId, now);
    // A channel partner's order, refunded here or through its API: the partner hears of it.
    if (sale?.channel_id)
      await enqueueWebhook(tx.db, {
        channelId: sale.channel_id,
        event: 'order.refunded',
        eventKey: `order.refunded:${groupId}`,
        data: await refundedEvent(tx.db, {
          orderId,
          orderNumber: order.number,
          externalReference: sale.external_reference,
          site: order.siteCode,
          refundId: groupId,
          amount,
          fee,
          refundedAt: now,
          tickets: chosen.map((t) => ({ ticketId: t.id, ticketNumber: t.number })),
        }),
        at: now,
      });
    await recordAudit(tx, {
      action: input.void ? 'orders.order.voided' : 'orders.tickets.refunded',
      siteId,
      target: { type: 'order', id: orderId },
      details: {
        groupId,
        tickets: ids,
        amount,
        fee,
        methods: allocation.map((a) => ({ method: a.method, amount: a.amount })),
        ...(approvedBy ? { approvedBy } : {}),
        reason: input.reason,
      },
    });
    return refunds;
  });

  // Provider refunds after the commit: a slow or failing provider never holds the tickets' locks.
  for (const r of written.filter((x) => x.status === 'pending'))
    r.status = await attemptProviderRefund(ctx, runtime, r.id);
  return {
    order: await loadOrder(ctx.db, runtime, siteId, orderId),
    refunded: amount,
    fee,
    cash: written.filter((r) => r.method === 'cash').reduce((sum, r) => sum + r.amount, 0),
    refunds: written,
  };
}

/** The `order.refunded` webhook's data (docs/webhooks.md), with the order's status after the refund. */
export async function refundedEvent(
  db: Queryable,
  e: {
    orderId: string;
    orderNumber: string;
    externalReference: string | null;
    site: string;
    refundId: string;
    amount: number;
    fee: number;
    refundedAt: Date;
    tickets: { ticketId: string; ticketNumber: string }[];
    reason?: string;
  },
): Promise<Record<string, unknown>> {
  const [order] = await rows<{ status: string }>(db, sql`select status from orders where id = ${e.orderId}`);
  return {
    orderId: e.orderId,
    orderNumber: e.orderNumber,
    externalReference: e.externalReference,
    site: e.site,
    status: order?.status ?? null,
    refundId: e.refundId,
    amount: e.amount,
    fee: e.fee,
    refundedAt: e.refundedAt.toISOString(),
    tickets: e.tickets,
    ...(e.reason ? { reason: e.reason } : {}),
  };
}

/** One attempt at a pending or failed provider refund; the retry job calls it again with backoff. */
export async function attemptProviderRefund(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  refundId: string,
): Promise<'pending' | 'succeeded' | 'failed'> {
  const [r] = await rows<{
    amount: number;
    provider: string | null;
    provider_order_id: string | null;
    account_id: string | null;
    status: string;
    attempts: number;
    reason: string;
  }>(
    ctx.db,
    sql`select r.amount, r.provider, p.provider_order_id, p.account_id, r.status, r.attempts, r.reason
        from refunds r join payments p on p.id = r.payment_id where r.id = ${refundId}`,
  );
  if (!r || r.status === 'succeeded') return 'succeeded';
  const provider = await providerForPayment(ctx.db, runtime, r);
  const now = ctx.clock.now();
  const answer = provider
    ? await provider.refund({
        providerOrderId: r.provider_order_id!,
        refundId: refundId.replaceAll('-', ''),
        amount: Number(r.amount),
        reason: r.reason,
      })
    : ({ state: 'failed', reason: 'provider_unavailable' } as const);
  const attempts = r.attempts + 1;
  // Backoff: 1, 2, 4 … minutes, at most an hour between attempts; finance sees failed refunds meanwhile.
  const next = new Date(now.getTime() + Math.min(60, 2 ** Math.min(attempts - 1, 6)) * 60_000);
  if (answer.state === 'succeeded') {
    await ctx.db.execute(
      sql`update refunds set status = 'succeeded', provider_refund_id = ${answer.providerReference}, attempts = ${attempts},
                             completed_at = ${now}, next_attempt_at = null, last_error = null
          where id = ${refundId} and status <> 'succeeded'`,
    );
    return 'succeeded';
  }
  await ctx.db.execute(
    sql`update refunds set status = ${answer.state === 'pending' ? 'pending' : 'failed'}, attempts = ${attempts},
                           last_error = ${answer.state === 'failed' ? answer.reason : 'no answer'}, next_attempt_at = ${next}
        where id = ${refundId} and status <> 'succeeded'`,
  );
  return answer.state === 'pending' ? 'pending' : 'failed';
}

/** The retry job: provider refunds not yet succeeded whose next attempt is due. */
export async function retryProviderRefunds(
  ctx: ServiceContext,
  runtime: SalesRuntime,
): Promise<{ attempted: number; succeeded: number }> {
  const due = await rows<{ id: string }>(
    ctx.db,
    sql`select id from refunds where status <> 'succeeded' and next_attempt_at <= ${ctx.clock.now()}
        order by next_attempt_at limit 100`,
  );
  let succeeded = 0;
  for (const r of due) if ((await attemptProviderRefund(ctx, runtime, r.id)) === 'succeeded') succeeded++;
  return { attempted: due.length, succeeded };
}

export type OpenRefund = {
  id: string;
  orderId: string;
  orderNumber: string;
  method: string;
  provider: string | null;
  amount: number;
  status: 'pending' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
};

/** Refunds not yet confirmed (a provider pending or failing, cash awaiting collection): finance's list. */
export async function listOpenRefunds(ctx: ServiceContext, siteId: string): Promise<OpenRefund[]> {
  if (!can(ctx, 'finance.settle', siteId)) await requirePermission(ctx, 'finance.reconcile', siteId);
  const found = await rows<{
    id: string;
    order_id: string;
    number: string;
    method: string;
    provider: string | null;
    amount: number;
    status: 'pending' | 'failed';
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date | null;
    created_at: Date;
  }>(
    ctx.db,
    sql`select r.id, r.order_id, o.number, r.method, r.provider, r.amount, r.status, r.attempts, r.last_error,
               r.next_attempt_at, r.created_at
        from refunds r join orders o on o.id = r.order_id
        where r.site_id = ${siteId} and r.status <> 'succeeded' order by r.created_at limit 500`,
  );
  return found.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    orderNumber: r.number,
    method: r.method,
    provider: r.provider,
    amount: Number(r.amount),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
    createdAt: new Date(r.created_at),
  }));
}

/** Tickets revoked (refunded, rebooked) since a time: the list gates download to refuse their codes. */
export async function revokedTicketsSince(
  ctx: ServiceContext,
  siteId: string,
  since: Date,
): Promise<{ until: Date; ticketIds: string[] }> {
  if (!can(ctx, 'checkin.redeem', siteId)) await requirePermission(ctx, 'orders.read', siteId);
  const until = ctx.clock.now();
  const found = await rows<{ id: string }>(
    ctx.db,
    sql`select id from tickets where site_id = ${siteId} and revoked_at is not null
          and revoked_at > ${since} and revoked_at <= ${until} order by revoked_at limit 100000`,
  );
  return { until, ticketIds: found.map((r) => r.id) };
}
