// A site's business day as the finance domain reads it (FinanceDay), loaded from committed rows:
// orders, tickets, payments, refunds and ticket_refunds (sales, refunds, rebookings — movements.ts
// reads them), the day's closed shifts and the adjustments made that day. Which day a movement
// belongs to is the one dating rule (packages/domain/src/finance/dating.ts); the orders that may hold
// a movement of the day are found first, then read whole, so every movement is read with all its rows.
//
// The candidates of day D: orders paid during D or sold in a shift that overlaps D; refunds completed
// during D or paid out of such a shift; rebookings made during D or paid through such a shift; refund
// requests without money made during D; and tickets visiting on D (their deferred revenue is due). A
// movement in a shift is dated on or after the shift's date and on or before the date it happened
// (dating.ts), so no movement of D can hide outside these.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  AppError,
  addDays,
  businessDate,
  zonedToUtc,
  type Adjustment,
  type DeferredTicket,
  type FinanceDay,
  type FinancePaymentMethod,
  type ShiftDifference,
} from '@admit/domain';
import { InconsistentMovement, orderMovements, type OrderRows, type ShiftRow } from './movements';

export type FinanceSite = { id: string; code: string; timeZone: string };

/** Names for what the day's rows identify by id or code (the screens and exports show them). */
export type FinanceDayNames = {
  products: Record<string, { nameZh: string; nameEn: string }>;
  users: Record<string, string>;
  agencies: Record<string, { code: string; name: string }>;
};

const asDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** The instants a business day runs between in the site's zone: [start, end). */
export function dayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: zonedToUtc(date, '00:00', timeZone), end: zonedToUtc(addDays(date, 1), '00:00', timeZone) };
}

async function candidateOrders(db: Queryable, site: FinanceSite, date: string): Promise<string[]> {
  const { start, end } = dayBounds(date, site.timeZone);
  const overlapping = sql`(select id from shifts where site_id = ${site.id} and business_date <= ${date}
                             and (closed_at is null or closed_at >= ${start}))`;
  const found = await rows<{ id: string }>(
    db,
    sql`select o.id from orders o
        where o.site_id = ${site.id} and not o.training
          and (o.shift_id in ${overlapping} or (o.paid_at >= ${start} and o.paid_at < ${end}))
        union
        select r.order_id from refunds r
        where r.site_id = ${site.id}
          and ((r.completed_at >= ${start} and r.completed_at < ${end}) or r.shift_id in ${overlapping})
        union
        select p.order_id from payments p where p.site_id = ${site.id} and p.shift_id in ${overlapping}
        union
        select t.order_id from tickets t
        where t.site_id = ${site.id} and t.rebooked_from is not null and t.created_at >= ${start} and t.created_at < ${end}
        union
        select t.order_id from ticket_refunds tr join tickets t on t.id = tr.ticket_id
        where t.site_id = ${site.id} and tr.created_at >= ${start} and tr.created_at < ${end}
        union
        select t.order_id from tickets t join sessions s on s.id = t.session_id
        where t.site_id = ${site.id} and s.business_date = ${date}
        union
        select t.order_id from tickets t
        where t.site_id = ${site.id} and t.session_id is null and t.valid_from >= ${start} and t.valid_from < ${end}`,
  );
  return found.map((r) => r.id);
}

type Loaded = { orders: OrderRows[]; shifts: Map<string, ShiftRow> };

/** Reads the candidate orders whole (training orders never count). */
async function readOrders(db: Queryable, site: FinanceSite, ids: readonly string[]): Promise<Loaded> {
  const shifts = new Map<string, ShiftRow>();
  if (ids.length === 0) return { orders: [], shifts };
  const list = sql`${sql.param(ids)}::uuid[]`;
  const orders = await rows<{
    id: string;
    channel: OrderRows['order']['channel'];
    seller_id: string | null;
    agency_id: string | null;
    shift_id: string | null;
    imported: boolean;
    created_at: Date | string;
    paid_at: Date | string | null;
  }>(
    db,
    sql`select id, channel, seller_id, agency_id, shift_id, source_system is not null as imported, created_at, paid_at
        from orders where id = any(${list}) and not training`,
  );
  const tickets = await rows<{
    id: string;
    order_id: string;
    product_code: string;
    category: string;
    price: number;
    price_rule: Record<string, unknown>;
    session_date: string | null;
    valid_from: Date | string;
    created_at: Date | string;
    rebooked_from: string | null;
    discount_reason: string;
  }>(
    db,
    sql`select t.id, t.order_id, p.code as product_code, t.category, t.price, t.price_rule,
               s.business_date::text as session_date, t.valid_from, t.created_at, t.rebooked_from, t.discount_reason
        from tickets t join products p on p.id = t.product_id left join sessions s on s.id = t.session_id
        where t.order_id = any(${list})`,
  );
  const payments = await rows<{
    id: string;
    order_id: string;
    method: FinancePaymentMethod;
    amount: number;
    status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
    agency_id: string | null;
    shift_id: string | null;
    created_at: Date | string;
    created_by: string | null;
  }>(
    db,
    sql`select id, order_id, method, amount, status, agency_id, shift_id, created_at, created_by
        from payments where order_id = any(${list})`,
  );
  const refunds = await rows<{
    id: string;
    group_id: string;
    order_id: string;
    kind: 'refund' | 'void' | 'rebook_difference' | 'bulk';
    method: FinancePaymentMethod;
    amount: number;
    status: 'pending' | 'succeeded' | 'failed';
    agency_id: string | null;
    shift_id: string | null;
    created_by: string | null;
    created_at: Date | string;
    completed_at: Date | string | null;
  }>(
    db,
    sql`select r.id, r.group_id, r.order_id, r.kind, r.method, r.amount, r.status, p.agency_id, r.shift_id,
               r.created_by, r.created_at, r.completed_at
        from refunds r join payments p on p.id = r.payment_id where r.order_id = any(${list})`,
  );
  const ticketRefunds = await rows<{
    ticket_id: string;
    order_id: string;
    group_id: string;
    price: number;
    fee: number;
    created_at: Date | string;
  }>(
    db,
    sql`select tr.ticket_id, t.order_id, tr.group_id, tr.price, tr.fee, tr.created_at
        from ticket_refunds tr join tickets t on t.id = tr.ticket_id where t.order_id = any(${list})`,
  );
  const shiftIds = [
    ...new Set(
      [
        ...orders.map((o) => o.shift_id),
        ...payments.map((p) => p.shift_id),
        ...refunds.map((r) => r.shift_id),
      ].filter((id): id is string => id !== null),
    ),
  ];
  if (shiftIds.length > 0)
    for (const s of await rows<{ id: string; business_date: string; closed_at: Date | string | null }>(
      db,
      sql`select id, business_date::text as business_date, closed_at from shifts
          where id = any(${sql.param(shiftIds)}::uuid[])`,
    ))
      shifts.set(s.id, { id: s.id, businessDate: s.business_date, closedAt: asDate(s.closed_at) });

  const byOrder = new Map<string, OrderRows>();
  for (const o of orders)
    byOrder.set(o.id, {
      order: {
        id: o.id,
        channel: o.channel,
        sellerId: o.seller_id,
        agencyId: o.agency_id,
        shiftId: o.shift_id,
        imported: o.imported,
        createdAt: new Date(o.created_at),
        paidAt: asDate(o.paid_at),
      },
      tickets: [],
      payments: [],
      refunds: [],
      ticketRefunds: [],
    });
  for (const t of tickets)
    byOrder.get(t.order_id)?.tickets.push({
      id: t.id,
      orderId: t.order_id,
      productCode: t.product_code,
      category: t.category,
      price: Number(t.price),
      priceRule: t.price_rule,
      visitDate: t.session_date ?? businessDate(new Date(t.valid_from), site.timeZone),
      createdAt: new Date(t.created_at),
      rebookedFrom: t.rebooked_from,
      discountReason: t.discount_reason,
    });
  for (const p of payments)
    byOrder.get(p.order_id)?.payments.push({
      id: p.id,
      orderId: p.order_id,
      method: p.method,
      amount: Number(p.amount),
      status: p.status,
      agencyId: p.agency_id,
      shiftId: p.shift_id,
      createdAt: new Date(p.created_at),
      createdBy: p.created_by,
    });
  for (const r of refunds)
    byOrder.get(r.order_id)?.refunds.push({
      id: r.id,
      groupId: r.group_id,
      orderId: r.order_id,
      kind: r.kind,
      method: r.method,
      amount: Number(r.amount),
      status: r.status,
      agencyId: r.agency_id,
      shiftId: r.shift_id,
      createdBy: r.created_by,
      createdAt: new Date(r.created_at),
      completedAt: asDate(r.completed_at),
    });
  for (const tr of ticketRefunds)
    byOrder.get(tr.order_id)?.ticketRefunds.push({
      ticketId: tr.ticket_id,
      groupId: tr.group_id,
      price: Number(tr.price),
      fee: Number(tr.fee),
      createdAt: new Date(tr.created_at),
    });
  return { orders: [...byOrder.values()].sort((a, b) => (a.order.id < b.order.id ? -1 : 1)), shifts };
}

/**
 * The FinanceDay of a site's business day from committed rows. A day that has not ended yet is read
 * as it stands (a preview). Throws finance_day_inconsistent when an order's money does not add up.
 */
export async function loadFinanceDay(db: Queryable, site: FinanceSite, date: string): Promise<FinanceDay> {
  const { orders, shifts } = await readOrders(db, site, await candidateOrders(db, site, date));
  const day: Required<FinanceDay> = {
    date,
    sales: [],
    refunds: [],
    rebookings: [],
    shifts: [],
    adjustments: [],
    deferredDue: [],
  };
  for (const rowsOfOrder of orders) {
    let moved;
    try {
      moved = orderMovements(rowsOfOrder, shifts, site.timeZone);
    } catch (error) {
      if (error instanceof InconsistentMovement)
        throw new AppError('finance_day_inconsistent', {
          details: { orderId: error.orderId, problem: error.message },
        });
      throw error;
    }
    if (moved.sale?.date === date) day.sales.push(...moved.sale.tickets);
    for (const r of moved.refunds) if (r.date === date) day.refunds.push(...r.tickets);
    for (const b of moved.rebookings) if (b.date === date) day.rebookings.push(b.rebooking);
    for (const { booking, endedOn } of moved.tickets.values())
      if (booking.visitDate === date && booking.soldOn < date) {
        const due: DeferredTicket = { ...booking, endedOn };
        day.deferredDue.push(due);
      }
  }
  day.shifts = await dayShiftDifferences(db, site.id, date);
  day.adjustments = await dayAdjustments(db, site.id, date);
  return day;
}

async function dayShiftDifferences(db: Queryable, siteId: string, date: string): Promise<ShiftDifference[]> {
  const found = await rows<{ id: string; user_id: string; difference: number }>(
    db,
    sql`select id, user_id, difference from shifts
        where site_id = ${siteId} and business_date = ${date} and status in ('closed', 'confirmed')
          and difference is not null
        order by opened_at, id`,
  );
  return found.map((s) => ({ shiftId: s.id, sellerId: s.user_id, difference: Number(s.difference) }));
}

async function dayAdjustments(db: Queryable, siteId: string, date: string): Promise<Adjustment[]> {
  const found = await rows<{
    id: string;
    method: FinancePaymentMethod;
    agency_id: string | null;
    amount: number;
    corrects_date: string;
  }>(
    db,
    sql`select id, method, agency_id, amount, corrects_date::text as corrects_date from settlement_adjustments
        where site_id = ${siteId} and business_date = ${date} order by created_at, id`,
  );
  return found.map((a) => ({
    adjustmentId: a.id,
    method: a.method,
    agencyId: a.agency_id,
    amount: Number(a.amount),
    correctsDate: a.corrects_date,
  }));
}

/** Names of the products, users and agencies a day's rows (or its vouchers) mention. */
export async function financeNames(
  db: Queryable,
  siteId: string,
  day?: FinanceDay,
): Promise<FinanceDayNames> {
  const products = await rows<{ code: string; name_zh: string; name_en: string }>(
    db,
    sql`select code, name_zh, name_en from products where site_id = ${siteId}`,
  );
  const agencies = await rows<{ id: string; code: string; name: string }>(
    db,
    sql`select id, code, name from agencies where site_id = ${siteId}`,
  );
  const userIds = new Set<string>();
  if (day) {
    for (const s of day.sales) if (s.sellerId) userIds.add(s.sellerId);
    for (const r of day.refunds) if (r.sellerId) userIds.add(r.sellerId);
    for (const b of day.rebookings) if (b.sellerId) userIds.add(b.sellerId);
    for (const s of day.shifts) userIds.add(s.sellerId);
  }
  const users =
    userIds.size === 0
      ? []
      : await rows<{ id: string; display_name: string }>(
          db,
          sql`select id, display_name from users where id = any(${sql.param([...userIds])}::uuid[])`,
        );
  return {
    products: Object.fromEntries(products.map((p) => [p.code, { nameZh: p.name_zh, nameEn: p.name_en }])),
    users: Object.fromEntries(users.map((u) => [u.id, u.display_name])),
    agencies: Object.fromEntries(agencies.map((a) => [a.id, { code: a.code, name: a.name }])),
  };
}
