// From an order's committed rows to the finance domain's movements, each dated by the one dating
// rule (`movementDate`, packages/domain/src/finance/dating.ts): the sale, every refund request and
// every rebooking of the order, and each ticket as booked with the day it was taken back. Pure: the
// loader (day-rows.ts) reads the rows, this decides what they mean.
//
// How the rows are read:
// - the sale: the order's first tickets (not issued by a rebooking) and the payments written with the
//   order (same created_at), which succeed together (orders.paid_at); an imported order's sale was the
//   legacy system's, so it is not counted, while what happens to its tickets here is;
// - a refund request: ticket_refunds rows sharing a group, and the refund rows of that group;
// - a rebooking: the new tickets of one rebooking share their created_at (the rebooking's moment),
//   as do the payments and `rebook_difference` refunds it wrote; its fee is what the money says
//   (paid − given back − new prices + old prices), shared over its tickets by their old prices;
// - free and complimentary tickets: price 0 and a free category (or the group rule's free guide
//   places); the reason is the one the seller entered, else the ticket type's code.
import {
  movementDate,
  type FinanceChannel,
  type FinancePaymentMethod,
  type FreeTicket,
  type PaymentPart,
  type Rebooking,
  type TicketBooking,
  type TicketRefund,
  type TicketSale,
} from '@admit/domain';

export type OrderRow = {
  id: string;
  channel: FinanceChannel;
  sellerId: string | null;
  agencyId: string | null;
  shiftId: string | null;
  /** Imported from a legacy system: its sale is not ours to count. */
  imported: boolean;
  createdAt: Date;
  paidAt: Date | null;
};

export type TicketRow = {
  id: string;
  orderId: string;
  productCode: string;
  category: string;
  price: number;
  priceRule: Record<string, unknown>;
  /** Its session's business date, else the site-zone date its validity starts. */
  visitDate: string;
  createdAt: Date;
  rebookedFrom: string | null;
  discountReason: string;
};

export type PaymentRow = {
  id: string;
  orderId: string;
  method: FinancePaymentMethod;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  agencyId: string | null;
  shiftId: string | null;
  createdAt: Date;
  createdBy: string | null;
};

export type RefundRow = {
  id: string;
  groupId: string;
  orderId: string;
  kind: 'refund' | 'void' | 'rebook_difference' | 'bulk';
  method: FinancePaymentMethod;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  /** The agency of the payment it goes back through. */
  agencyId: string | null;
  shiftId: string | null;
  createdBy: string | null;
  createdAt: Date;
  completedAt: Date | null;
};

export type TicketRefundRow = {
  ticketId: string;
  groupId: string;
  price: number;
  fee: number;
  createdAt: Date;
};

export type ShiftRow = { id: string; businessDate: string; closedAt: Date | null };

export type OrderRows = {
  order: OrderRow;
  tickets: TicketRow[];
  payments: PaymentRow[];
  refunds: RefundRow[];
  ticketRefunds: TicketRefundRow[];
};

export type DatedSale = { date: string; tickets: TicketSale[] };
export type DatedRefund = { date: string; groupId: string; tickets: TicketRefund[] };
export type DatedRebooking = { date: string; rebooking: Rebooking };
/** A ticket as booked at its issue, and the date it was refunded or rebooked (null while it stands). */
export type BookedTicket = { booking: TicketBooking; endedOn: string | null };

export type OrderMovements = {
  /** Null when the sale has not finished (pending, failed) or was a legacy system's. */
  sale: DatedSale | null;
  refunds: DatedRefund[];
  rebookings: DatedRebooking[];
  /** Every ticket whose issue has been counted. */
  tickets: Map<string, BookedTicket>;
};

/** A movement whose rows do not add up: the loader turns it into finance_day_inconsistent. */
export class InconsistentMovement extends Error {
  constructor(
    readonly orderId: string,
    what: string,
  ) {
    super(`order ${orderId}: ${what}`);
    this.name = 'InconsistentMovement';
  }
}

const methodOrder: readonly FinancePaymentMethod[] = ['on_account', 'cash', 'card', 'payment_code', 'online'];

type MoneyPart = { method: FinancePaymentMethod; amount: number; agencyId: string | null; key: string };

/**
 * Shares money parts over amounts (tickets' prices or refunds), in a fixed order so the same rows always
 * give the same split. Throws when they do not add up.
 */
function shareOut(orderId: string, parts: readonly MoneyPart[], amounts: readonly number[]): PaymentPart[][] {
  const left = [...parts]
    .filter((p) => p.amount > 0)
    .sort(
      (a, b) =>
        methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .map((p) => ({ ...p }));
  const total = left.reduce((sum, p) => sum + p.amount, 0);
  const wanted = amounts.reduce((sum, a) => sum + a, 0);
  if (total !== wanted)
    throw new InconsistentMovement(orderId, `money ${total} is not the tickets' ${wanted}`);
  let i = 0;
  return amounts.map((amount) => {
    const out: PaymentPart[] = [];
    let need = amount;
    while (need > 0) {
      const part = left[i]!;
      const take = Math.min(need, part.amount);
      const last = out[out.length - 1];
      if (last && last.method === part.method && (last.agencyId ?? null) === part.agencyId)
        last.amount += take;
      else
        out.push({
          method: part.method,
          amount: take,
          ...(part.agencyId ? { agencyId: part.agencyId } : {}),
        });
      part.amount -= take;
      need -= take;
      if (part.amount === 0) i++;
    }
    return out;
  });
}

function freeOf(ticket: TicketRow): FreeTicket | null {
  if (ticket.price !== 0) return null;
  const rule = ticket.priceRule.rule;
  const free =
    ticket.category === 'free' ||
    ticket.category === 'complimentary' ||
    rule === 'free_category' ||
    rule === 'group_guide_free';
  if (!free) return null;
  return {
    kind: ticket.category === 'complimentary' ? 'complimentary' : 'free',
    reason: ticket.discountReason.trim() || (rule === 'group_guide_free' ? 'guide' : ticket.productCode),
  };
}

function retailOf(ticket: TicketRow, free: FreeTicket | null): number | null {
  if (free || ticket.priceRule.rule !== 'channel_price') return null;
  const retail = ticket.priceRule.retailPrice;
  return typeof retail === 'number' && Number.isSafeInteger(retail) && retail >= ticket.price ? retail : null;
}

const latest = (dates: readonly (string | null)[]): string | null =>
  dates.reduce<string | null>((max, d) => (d !== null && (max === null || d > max) ? d : max), null);

/** The movements of one order, dated in the site's zone. */
export function orderMovements(
  rows: OrderRows,
  shifts: ReadonlyMap<string, ShiftRow>,
  timeZone: string,
): OrderMovements {
  const { order } = rows;
  const shiftOf = (id: string | null) => {
    const shift = id === null ? undefined : shifts.get(id);
    return shift ? { businessDate: shift.businessDate, closedAt: shift.closedAt } : null;
  };
  const tickets = new Map<string, BookedTicket>();
  const ticketRows = new Map(rows.tickets.map((t) => [t.id, t]));
  const book = (t: TicketRow, soldOn: string) => {
    const free = freeOf(t);
    const booking: TicketBooking = {
      ticketId: t.id,
      productCode: t.productCode,
      category: t.category,
      price: t.price,
      retailPrice: retailOf(t, free),
      soldOn,
      visitDate: t.visitDate,
      agencyId: order.agencyId,
      free,
    };
    tickets.set(t.id, { booking, endedOn: null });
    return booking;
  };
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  // The sale.
  const saleDate = movementDate(
    { completedAt: order.paidAt, shift: shiftOf(order.shiftId), notBefore: null },
    timeZone,
  );
  let sale: DatedSale | null = null;
  if (saleDate !== null) {
    const originals = rows.tickets.filter((t) => t.rebookedFrom === null).sort(byId);
    const bookings = originals.map((t) => book(t, saleDate));
    const paid = rows.payments.filter(
      (p) => p.status === 'succeeded' && p.createdAt.getTime() === order.createdAt.getTime(),
    );
    const parts = shareOut(
      order.id,
      paid.map((p) => ({ method: p.method, amount: p.amount, agencyId: p.agencyId, key: p.id })),
      bookings.map((b) => b.price),
    );
    if (!order.imported)
      sale = {
        date: saleDate,
        tickets: bookings.map((b, i) => ({
          ...b,
          payments: parts[i]!,
          channel: order.channel,
          sellerId: order.sellerId,
        })),
      };
  }

  // Rebookings, oldest first: a ticket rebooked twice needs its first rebooking's date.
  const rebookings: DatedRebooking[] = [];
  const moments = [
    ...new Set(rows.tickets.filter((t) => t.rebookedFrom !== null).map((t) => t.createdAt.getTime())),
  ].sort((a, b) => a - b);
  for (const moment of moments) {
    const issued = rows.tickets
      .filter((t) => t.rebookedFrom !== null && t.createdAt.getTime() === moment)
      .sort(byId);
    const from = issued.map((t) => tickets.get(t.rebookedFrom!)?.booking ?? null);
    if (from.some((f) => f === null)) continue; // what it replaced was never counted as sold
    const paid = rows.payments.filter(
      (p) => p.createdAt.getTime() === moment && p.createdAt.getTime() !== order.createdAt.getTime(),
    );
    const repaid = rows.refunds.filter(
      (r) => r.kind === 'rebook_difference' && r.createdAt.getTime() === moment,
    );
    const settled =
      paid.every((p) => p.status === 'succeeded') && repaid.every((r) => r.status === 'succeeded');
    const shift = [...paid, ...repaid].find((r) => r.shiftId !== null)?.shiftId ?? null;
    const date = movementDate(
      {
        completedAt: settled ? new Date(moment) : null,
        shift: shiftOf(shift),
        notBefore: latest(from.map((f) => f!.soldOn)),
      },
      timeZone,
    );
    if (date === null) continue;
    const toBookings = issued.map((t) => book(t, date));
    const money = (
      list: readonly { method: FinancePaymentMethod; amount: number; agencyId: string | null }[],
    ) =>
      list.map((r) => ({
        method: r.method,
        amount: r.amount,
        ...(r.agencyId ? { agencyId: r.agencyId } : {}),
      }));
    const paidParts = money(paid);
    const repaidParts = money(repaid);
    const sum = (list: readonly { amount: number }[]) => list.reduce((s, r) => s + r.amount, 0);
    const oldPrices = from.map((f) => f!.price);
    const fees = shareFee(
      order.id,
      sum(paidParts) -
        sum(repaidParts) -
        sum(toBookings.map((b) => ({ amount: b.price }))) +
        sum(oldPrices.map((amount) => ({ amount }))),
      oldPrices,
    );
    for (const f of from) tickets.get(f!.ticketId)!.endedOn = date;
    rebookings.push({
      date,
      rebooking: {
        rebookingId: `${order.id}:${moment}`,
        tickets: toBookings.map((to, i) => ({ from: from[i]!, to, fee: fees[i]! })),
        paid: paidParts,
        repaid: repaidParts,
        channel: order.channel,
        sellerId: [...paid, ...repaid].find((r) => r.createdBy !== null)?.createdBy ?? null,
      },
    });
  }

  // Refund requests.
  const refunds: DatedRefund[] = [];
  const groups = [...new Set(rows.ticketRefunds.map((r) => r.groupId))].sort();
  for (const groupId of groups) {
    const taken = rows.ticketRefunds
      .filter((r) => r.groupId === groupId)
      .sort((a, b) => (a.ticketId < b.ticketId ? -1 : 1));
    const booked = taken.map((r) => tickets.get(r.ticketId)?.booking ?? null);
    if (booked.some((b) => b === null)) continue;
    const paidBack = rows.refunds.filter((r) => r.groupId === groupId && r.kind !== 'rebook_difference');
    const settled = paidBack.every((r) => r.status === 'succeeded' && r.completedAt !== null);
    const completedAt = !settled
      ? null
      : paidBack.length === 0
        ? taken[0]!.createdAt
        : new Date(Math.max(...paidBack.map((r) => r.completedAt!.getTime())));
    const date = movementDate(
      {
        completedAt,
        shift: shiftOf(paidBack.find((r) => r.shiftId !== null)?.shiftId ?? null),
        notBefore: latest(booked.map((b) => b!.soldOn)),
      },
      timeZone,
    );
    if (date === null) continue;
    for (const r of taken) {
      const ticket = ticketRows.get(r.ticketId);
      if (!ticket || ticket.price !== r.price)
        throw new InconsistentMovement(order.id, `refunded ticket ${r.ticketId} at another price`);
    }
    const parts = shareOut(
      order.id,
      paidBack.map((r) => ({ method: r.method, amount: r.amount, agencyId: r.agencyId, key: r.id })),
      taken.map((r) => r.price - r.fee),
    );
    for (const r of taken) tickets.get(r.ticketId)!.endedOn = date;
    refunds.push({
      date,
      groupId,
      tickets: taken.map((r, i) => ({
        ticket: booked[i]!,
        amount: r.price - r.fee,
        fee: r.fee,
        payments: parts[i]!,
        channel: order.channel,
        sellerId: paidBack.find((p) => p.createdBy !== null)?.createdBy ?? null,
      })),
    });
  }

  return { sale, refunds, rebookings, tickets };
}

/** A rebooking's fee shared over its tickets by their old prices (the rest to the first ones). */
function shareFee(orderId: string, fee: number, oldPrices: readonly number[]): number[] {
  if (fee < 0) throw new InconsistentMovement(orderId, `a rebooking's money leaves a fee of ${fee}`);
  const total = oldPrices.reduce((sum, p) => sum + p, 0);
  if (total === 0) return oldPrices.map((_, i) => (i === 0 ? fee : 0));
  const shares = oldPrices.map((p) => Math.floor((fee * p) / total));
  let rest = fee - shares.reduce((sum, s) => sum + s, 0);
  for (let i = 0; rest > 0; i = (i + 1) % shares.length, rest--) shares[i] = shares[i]! + 1;
  return shares;
}
