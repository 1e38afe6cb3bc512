// Rebooking (改签): tickets move to another date, session or departure under their ticket type's
// policy. In one transaction the old tickets are revoked (conditional on still valid and unused, so a
// redemption racing with it wins or loses cleanly), their places go back, new tickets are issued in
// the new session — taking its places with the same conditional updates as a sale — and the price
// difference is paid (cash, card, agency account) or refunded the way the order was paid.
import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import {
  AppError,
  afterSaleDecision,
  allocateRefund,
  businessDate,
  checkPayments,
  priceOrder,
  saleWindowProblem,
  ticketValidity,
  type Explanation,
  type PaymentInput,
  type RefundablePayment,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { auditInsert } from '../audit/record';
import { loadOrder, type OrderRecord } from './orders';
import { releaseTicketCapacity } from './refunds';
import { ticketNumber } from './sell';
import type { SalesRuntime } from './runtime';
import { creditAgency } from './agencies';

export type RebookInput = {
  ticketIds: string[];
  toSessionId: string;
  /** Paying a higher price (cash, card or on account); empty when the new price is not higher. */
  payments: PaymentInput[];
  /** A channel's agreed prices (the new tickets keep the settlement price), instead of the price rules. */
  prices?: ReadonlyMap<string, { price: number; explanation: Explanation }>;
};

export type RebookResult = {
  order: OrderRecord;
  /** New price + fees − old price: positive was paid, negative refunded. */
  difference: number;
  fee: number;
  newTicketIds: string[];
  change: number;
};

type TargetSession = {
  id: string;
  status: string;
  business_date: string;
  starts_at: Date;
  ends_at: Date;
  session_pool: string | null;
  session_stripes: number;
  daily_pool: string | null;
  daily_stripes: number;
  product_ids: string[] | null;
};

export async function rebookTickets(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
  input: RebookInput,
): Promise<RebookResult> {
  await requirePermission(ctx, 'orders.rebook', siteId);
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
  const today = businessDate(now, catalog.site.timeZone);

  const [target] = await rows<TargetSession>(
    ctx.db,
    sql`select s.id, s.status, s.business_date::text as business_date, s.starts_at, s.ends_at,
               (select id from capacity_pools where session_id = s.id and kind = 'session') as session_pool,
               (select count(*)::int from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
                 where p.session_id = s.id and p.kind = 'session' and st.channel_id is null) as session_stripes,
               (select id from capacity_pools where site_id = s.site_id and kind = 'daily' and business_date = s.business_date) as daily_pool,
               (select count(*)::int from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
                 where p.site_id = s.site_id and p.kind = 'daily' and p.business_date = s.business_date
                   and st.channel_id is null) as daily_stripes,
               (select array_agg(product_id::text) from session_products where session_id = s.id) as product_ids
        from sessions s where s.id = ${input.toSessionId} and s.site_id = ${siteId}`,
  );
  if (!target) throw new AppError('session_not_found');
  if (target.status === 'cancelled') throw new AppError('session_cancelled');
  if (target.status === 'closed' || new Date(target.ends_at) <= now) throw new AppError('session_closed');
  if (target.business_date < today) throw new AppError('sale_window_closed');
  const inTarget = new Set(target.product_ids ?? []);

  const [usedRow] = await rows<{ used: number }>(
    ctx.db,
    sql`select coalesce(max(entries_used), 0)::int as used from tickets where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  let fee = 0;
  for (const t of chosen) {
    if (t.status !== 'valid')
      throw new AppError('ticket_not_refundable', { details: { ticketId: t.id, status: t.status } });
    if (t.sessionId === input.toSessionId)
      throw new AppError('validation_failed', { details: { toSessionId: 'same session' } });
    const product = catalog.products.get(t.productId);
    if (!product) throw new AppError('product_not_found');
    if (product.validity.kind !== 'session' || !inTarget.has(product.id))
      throw new AppError('product_not_in_session', { details: { productId: product.id } });
    const window = saleWindowProblem(
      product,
      order.channel,
      target.business_date,
      now,
      catalog.site.timeZone,
    );
    if (window && window.code !== 'product_not_on_sale') throw new AppError(window.code);
    const decision = afterSaleDecision(
      'rebook',
      product.rebookPolicy,
      { price: t.price, entriesUsed: Number(usedRow?.used ?? 0), startsAt: t.validFrom },
      now,
    );
    if (!decision.allowed) throw new AppError(decision.code, { details: { ticketId: t.id } });
    fee += decision.fee;
  }

  // New prices on the new date, each ticket taking the next priced place of its type.
  const quantities = [...new Set(chosen.map((t) => t.productId))].map((productId) => ({
    productId,
    quantity: chosen.filter((t) => t.productId === productId).length,
  }));
  const agreed = input.prices;
  const quote = agreed
    ? {
        total: quantities.reduce((sum, q) => sum + (agreed.get(q.productId)?.price ?? 0) * q.quantity, 0),
        lines: quantities.map((q) => {
          const price = agreed.get(q.productId);
          if (!price) throw new AppError('product_not_offered', { details: { productId: q.productId } });
          return { ...q, unitPrice: price.price, explanation: price.explanation };
        }),
      }
    : priceOrder(catalog.pricing, { date: target.business_date, channel: order.channel, quantities });
  const places = new Map<string, { price: number; explanation: Explanation }[]>();
  for (const line of quote.lines) {
    const list = places.get(line.productId) ?? [];
    for (let i = 0; i < line.quantity; i++)
      list.push({ price: line.unitPrice, explanation: line.explanation });
    places.set(line.productId, list);
  }
  const oldTotal = chosen.reduce((s, t) => s + t.price, 0);
  const difference = quote.total + fee - oldTotal;
  let change = 0;
  if (difference > 0) {
    if (input.payments.some((p) => p.method === 'payment_code'))
      throw new AppError('payment_methods_invalid', {
        details: { reason: 'pay a rebooking by cash, card or account' },
      });
    const paid = checkPayments(difference, input.payments);
    if (!paid.ok) throw new AppError(paid.problem, { details: { difference } });
    change = paid.change;
  } else if (input.payments.length > 0) {
    throw new AppError('payment_amount_mismatch', { details: { difference } });
  }
  const refundable: RefundablePayment[] = order.payments
    // Money back through a provider is a refund's job, not a rebooking's: only counter money here.
    .filter((p) => p.status === 'succeeded' && p.method !== 'payment_code' && p.method !== 'online')
    .map((p) => ({ id: p.id, method: p.method, refundable: p.amount }));
  const refundBack = difference < 0 ? allocateRefund(-difference, refundable) : [];
  if (!refundBack) throw new AppError('refund_exceeds_payments', { details: { difference } });

  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const [shift] = userId
    ? await rows<{ id: string }>(
        ctx.db,
        sql`select id from shifts where site_id = ${siteId} and user_id = ${userId} and status = 'open'`,
      )
    : [];
  const cashInvolved =
    input.payments.some((p) => p.method === 'cash') || refundBack.some((r) => r.method === 'cash');
  if (cashInvolved && userId && !shift) throw new AppError('shift_required');
  const key = await runtime.signer.key(ctx.db, siteId, 'live');
  const sessionTimes = { startsAt: new Date(target.starts_at), endsAt: new Date(target.ends_at) };
  const groupId = newId(now.getTime());

  const newTickets = chosen.map((old) => {
    const product = catalog.products.get(old.productId)!;
    const priced = places.get(old.productId)!.shift()!;
    const validity = ticketValidity(
      product.validity,
      target.business_date,
      sessionTimes,
      catalog.site.timeZone,
    );
    return { id: newId(now.getTime()), number: ticketNumber(), old, product, priced, validity };
  });
  const ticketValues: SQL[] = newTickets.map(
    (n) =>
      sql`(${n.id}, ${orderId}, ${siteId}, ${n.product.id}, ${target.id}, ${n.number}, ${n.product.category}, ${n.priced.price},
           ${JSON.stringify(n.priced.explanation)}::jsonb, 'valid', ${n.validity.validFrom}, ${n.validity.validUntil},
           ${n.old.entriesAllowed}, ${key.keyId}, ${n.product.countsTowardsDailyMax}, ${n.old.id}, ${now}, ${now})`,
  );

  await inTransaction(ctx, async (tx) => {
    const revoked = await rows<{ id: string; session_id: string | null; counts_towards_daily_max: boolean }>(
      tx.db,
      sql`update tickets set status = 'revoked', revoked_at = ${now}, updated_at = ${now}
          where order_id = ${orderId} and status = 'valid' and entries_used = 0
            and id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})
          returning id, session_id, counts_towards_daily_max`,
    );
    if (revoked.length !== ids.length) throw new AppError('ticket_already_used');
    for (const n of newTickets)
      await tx.db.execute(sql`update tickets set replaced_by = ${n.id} where id = ${n.old.id}`);
    await releaseTicketCapacity(
      tx.db,
      orderId,
      revoked.map((r) => ({ sessionId: r.session_id, countsTowardsDailyMax: r.counts_towards_daily_max })),
    );
    for (const p of difference > 0 ? input.payments : []) {
      await tx.db.execute(
        sql`insert into payments (id, order_id, site_id, method, amount, status, tendered, change, reference, agency_id,
                                  created_by, created_at, completed_at, shift_id)
            values (${newId(now.getTime())}, ${orderId}, ${siteId}, ${p.method}, ${p.amount}, 'succeeded',
                    ${p.method === 'cash' ? p.tendered : null}, ${p.method === 'cash' ? p.tendered - p.amount : null},
                    ${p.method === 'card' ? p.reference : null}, ${p.method === 'on_account' ? p.agencyId : null},
                    ${userId}, ${now}, ${now}, ${p.method === 'cash' ? (shift?.id ?? null) : null})`,
      );
      if (p.method === 'on_account') {
        const drawn = await rows<{ id: string }>(
          tx.db,
          sql`update agencies set balance = balance - ${p.amount}, updated_at = ${now}
              where id = ${p.agencyId} and site_id = ${siteId} and active and balance - ${p.amount} + credit_limit >= 0
              returning id`,
        );
        if (drawn.length === 0) throw new AppError('agency_credit_exceeded');
        await tx.db.execute(
          sql`insert into agency_ledger (id, agency_id, kind, amount, order_id, reference, created_by, created_at)
              values (${newId(now.getTime())}, ${p.agencyId}, 'sale', ${-p.amount}, ${orderId}, ${order.number}, ${userId}, ${now})`,
        );
      }
    }
    for (const r of refundBack) {
      const payment = order.payments.find((p) => p.id === r.paymentId)!;
      await tx.db.execute(
        sql`insert into refunds (id, group_id, order_id, site_id, kind, payment_id, method, provider, amount, status, shift_id,
                                 reason, created_by, created_at, completed_at)
            values (${newId(now.getTime())}, ${groupId}, ${orderId}, ${siteId}, 'rebook_difference', ${payment.id},
                    ${payment.method}, ${payment.provider}, ${r.amount}, 'succeeded',
                    ${payment.method === 'cash' ? (shift?.id ?? null) : null}, 'rebooking', ${userId}, ${now}, ${now})`,
      );
      if (payment.method === 'on_account' && payment.agencyId)
        await creditAgency(tx.db, {
          agencyId: payment.agencyId,
          amount: r.amount,
          orderId,
          orderNumber: order.number,
          note: 'rebooking',
          createdBy: userId,
          at: now,
        });
    }
    const audit = auditInsert(tx, {
      action: 'orders.tickets.rebooked',
      siteId,
      target: { type: 'order', id: orderId },
      details: {
        tickets: newTickets.map((n) => ({ from: n.old.id, to: n.id })),
        toSessionId: target.id,
        difference,
        fee,
      },
    });
    const takes = [
      {
        id: target.session_pool,
        stripes: target.session_stripes,
        quantity: newTickets.length,
        kind: 'session' as const,
      },
      {
        id: target.daily_pool,
        stripes: target.daily_stripes,
        quantity: newTickets.filter((n) => n.product.countsTowardsDailyMax).length,
        kind: 'daily' as const,
      },
    ]
      .filter(
        (t): t is { id: string; stripes: number; quantity: number; kind: 'session' | 'daily' } =>
          t.id !== null && t.quantity > 0,
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const { outcomes } = await runtime.takeCapacity(tx.db, {
      orderId,
      preferredStripe: randomInt(0, 1 << 16),
      guard: null,
      prelude: sql`new_tickets as (
            insert into tickets (id, order_id, site_id, product_id, session_id, number, category, price, price_rule,
                                 status, valid_from, valid_until, entries_allowed, key_id, counts_towards_daily_max,
                                 rebooked_from, created_at, updated_at)
            values ${sql.join(ticketValues, sql`, `)} returning id),
          new_audit as (${audit.query} returning id)`,
      // Rebooking is rare and moves few tickets: take the slow, always-safe path (capacity.ts).
      pools: takes.map((t) => ({
        id: t.id,
        stripes: t.stripes,
        quantity: t.quantity,
        mode: 'slow' as const,
      })),
    });
    takes.forEach((take, i) => {
      if (!outcomes[i] || outcomes[i] === 'slow')
        throw new AppError('sold_out', { details: { pool: take.kind, requested: take.quantity } });
    });
    // The visitor stays the same: a real-name ticket keeps its holder, a discount its document, an
    // e-ticket its rotating code.
    await tx.db.execute(
      sql`update tickets n set holder_name = o.holder_name, holder_document_kind = o.holder_document_kind,
                 holder_document_encrypted = o.holder_document_encrypted, holder_document_lookup = o.holder_document_lookup,
                 discount_document = o.discount_document, discount_reason = o.discount_reason, code_rotates = o.code_rotates
          from tickets o
          where o.id = n.rebooked_from and n.id in (${sql.join(
            newTickets.map((t) => sql`${t.id}`),
            sql`, `,
          )})`,
    );
    // The order is now worth what its tickets cost: the difference (fees included) changes its total.
    if (difference !== 0)
      await tx.db.execute(
        sql`update orders set total = total + ${difference}, updated_at = ${now} where id = ${orderId}`,
      );
    if (
      target.id !== order.sessionId &&
      chosen.length === order.tickets.filter((t) => t.status === 'valid').length
    ) {
      await tx.db.execute(
        sql`update orders set session_id = ${target.id}, visit_date = ${target.business_date}, updated_at = ${now} where id = ${orderId}`,
      );
    }
  });
  return {
    order: await loadOrder(ctx.db, runtime, siteId, orderId),
    difference,
    fee,
    newTicketIds: newTickets.map((n) => n.id),
    change,
  };
}
