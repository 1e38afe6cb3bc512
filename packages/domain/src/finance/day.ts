// One business day of a site as finance sees it: the tickets sold, refunded and rebooked that day, the
// shifts' cash differences, the corrections of earlier (locked) days made today, and the tickets sold
// earlier for a visit today. Which day a movement belongs to is decided by `movementDate` (dating.ts). The service reads these
// plain rows from the database; the settlement figures (settlement.ts) and the accounting vouchers
// (vouchers.ts) are both computed from the same input, so the screen and the ledger never disagree.
// Money is integer fen; dates are civil dates 'YYYY-MM-DD' in the site's zone.
import { isCivilDate } from '../catalog/calendar';

export const financePaymentMethods = ['cash', 'card', 'payment_code', 'online', 'on_account'] as const;
export type FinancePaymentMethod = (typeof financePaymentMethods)[number];

export const financeChannels = ['box_office', 'online', 'api'] as const;
export type FinanceChannel = (typeof financeChannels)[number];

/** A ticket given away: `free` by policy (children, seniors, soldiers…), `complimentary` approved by a manager. */
export type FreeTicket = { kind: 'free' | 'complimentary'; reason: string };

/**
 * A ticket as booked when it was issued (by a sale or a rebooking). Refunds and rebookings of
 * tickets sold on earlier days carry the same fields, so the voucher reverses what was booked.
 */
export type TicketBooking = {
  ticketId: string;
  /** The ticket type (票种) code: revenue accounts and the by-type figures key on it. */
  productCode: string;
  category: string;
  /** What the site receives for the ticket (a channel's settlement price for channel orders); 0 when free. */
  price: number;
  /**
   * Channel orders: what the visitor paid the partner (suggested retail, ≥ price), used when the chart
   * of accounts books commissions gross. Null otherwise.
   */
  retailPrice: number | null;
  /** The business date the ticket was issued on (its sale, or the rebooking that issued it). */
  soldOn: string;
  /** The date of the visit: revenue of a ticket sold for a later date is deferred until then. */
  visitDate: string;
  /** The agency of an order on account (挂账), or of the channel whose account an API order drew on. */
  agencyId: string | null;
  /** Set for free and complimentary tickets, whose price must be 0: they never count as revenue. */
  free: FreeTicket | null;
};

/** A part of a payment or a refund by method; `agencyId` for on account (defaults to the ticket's agency). */
export type PaymentPart = { method: FinancePaymentMethod; amount: number; agencyId?: string | null };

/** A ticket sold today: `soldOn` is the day; the payment parts add up to the price. */
export type TicketSale = TicketBooking & {
  payments: PaymentPart[];
  channel: FinanceChannel;
  sellerId: string | null;
};

/**
 * A ticket refunded today: the money back (`amount`, by method in `payments`) plus the fee the site
 * keeps add up to what was received for the ticket (its price).
 */
export type TicketRefund = {
  ticket: TicketBooking;
  amount: number;
  fee: number;
  payments: PaymentPart[];
  channel: FinanceChannel;
  sellerId: string | null;
};

/**
 * Tickets moved to another date or session today (改签): each old ticket is replaced by a new one
 * issued today, with a fee. The difference (new prices + fees − old prices) was paid (`paid`) when
 * positive and given back (`repaid`) when negative.
 */
export type Rebooking = {
  rebookingId: string;
  tickets: { from: TicketBooking; to: TicketBooking; fee: number }[];
  paid: PaymentPart[];
  repaid: PaymentPart[];
  channel: FinanceChannel;
  sellerId: string | null;
};

/** A closed shift's cash difference: counted − expected, positive over (长款), negative short (短款). */
export type ShiftDifference = { shiftId: string; sellerId: string; difference: number };

/**
 * A ticket sold before today for a visit today (its revenue is recognised today unless it was
 * refunded or rebooked by the end of today). `endedOn`: the business date of its refund or
 * rebooking, null while it stands.
 */
export type DeferredTicket = TicketBooking & { endedOn: string | null };

/**
 * A correction found after a day was confirmed (调整): that day stays locked, so the correction is
 * dated on the business day it is made and counted in that day's settlement and vouchers. Positive:
 * more money by this method (or owed by the agency, on account) than was recorded; negative: less.
 */
export type Adjustment = {
  adjustmentId: string;
  method: FinancePaymentMethod;
  /** The agency whose receivable it corrects: set exactly when the method is on account. */
  agencyId: string | null;
  /** Signed, whole fen, never 0. */
  amount: number;
  /** The confirmed (earlier) day it corrects. */
  correctsDate: string;
};

export type FinanceDay = {
  date: string;
  sales: TicketSale[];
  refunds: TicketRefund[];
  rebookings: Rebooking[];
  shifts: ShiftDifference[];
  /** Corrections of earlier days made today; absent: none. */
  adjustments?: Adjustment[];
  /** Tickets with `visitDate` today and `soldOn` before today, whatever became of them. */
  deferredDue: DeferredTicket[];
};

/** The sum of a list of payment parts. */
export function sumParts(parts: readonly PaymentPart[]): number {
  return parts.reduce((sum, p) => sum + p.amount, 0);
}

/** Where a ticket's revenue is booked when it is issued: deferred when the visit is after the issue date. */
export function bookedAsDeferred(ticket: Pick<TicketBooking, 'soldOn' | 'visitDate'>): boolean {
  return ticket.visitDate > ticket.soldOn;
}

/**
 * Whether a ticket's revenue is recognised (on the revenue side) at a reversal on `date`: booked as
 * revenue at its issue, or its visit date is behind us. On the visit date itself a deferred ticket that
 * is refunded or rebooked is never recognised (see `ticketsToRecognise`), so it is reversed from
 * deferred revenue.
 */
export function recognisedBy(ticket: Pick<TicketBooking, 'soldOn' | 'visitDate'>, date: string): boolean {
  return !bookedAsDeferred(ticket) || ticket.visitDate < date;
}

/**
 * The deferred tickets whose revenue is recognised today: due today, sold on an earlier day, and not
 * refunded or rebooked by the end of today. Each ticket is due on exactly one date, so it is recognised
 * at most once, and never once it has ended.
 */
export function ticketsToRecognise(day: Pick<FinanceDay, 'date' | 'deferredDue'>): DeferredTicket[] {
  return day.deferredDue.filter(
    (t) => bookedAsDeferred(t) && t.visitDate === day.date && (t.endedOn === null || t.endedOn > day.date),
  );
}

/**
 * Checks that a day's rows are consistent; throws a RangeError naming the first problem. Both the
 * settlement and the vouchers rely on it: a day whose parts do not add up cannot balance.
 */
export function assertFinanceDay(day: FinanceDay): void {
  const fail = (what: string): never => {
    throw new RangeError(`finance day ${day.date}: ${what}`);
  };
  if (!isCivilDate(day.date)) fail('not a date');
  const money = (value: number, what: string) => {
    if (!Number.isSafeInteger(value) || value < 0) fail(`${what} must be whole fen ≥ 0, got ${value}`);
  };
  const parts = (list: readonly PaymentPart[], fallbackAgency: string | null, what: string) => {
    for (const p of list) {
      money(p.amount, what);
      if (!financePaymentMethods.includes(p.method)) fail(`${what}: unknown payment method ${p.method}`);
      if (p.method === 'on_account' && !(p.agencyId ?? fallbackAgency))
        fail(`${what}: on account without agency`);
    }
  };
  const booking = (t: TicketBooking, what: string) => {
    money(t.price, `${what} price`);
    if (t.retailPrice !== null) {
      money(t.retailPrice, `${what} retail price`);
      if (t.retailPrice < t.price) fail(`${what} ${t.ticketId}: retail price below price`);
    }
    if (!isCivilDate(t.soldOn) || !isCivilDate(t.visitDate)) fail(`${what} ${t.ticketId}: bad date`);
    if (t.soldOn > day.date) fail(`${what} ${t.ticketId}: issued after the day`);
    if (t.free && (t.price !== 0 || (t.retailPrice ?? 0) !== 0))
      fail(`${what} ${t.ticketId}: free with a price`);
  };
  for (const s of day.sales) {
    booking(s, 'sale');
    if (s.soldOn !== day.date) fail(`sale ${s.ticketId}: not sold on the day`);
    parts(s.payments, s.agencyId, `sale ${s.ticketId} payments`);
    if (sumParts(s.payments) !== s.price) fail(`sale ${s.ticketId}: payments do not add up to the price`);
  }
  for (const r of day.refunds) {
    booking(r.ticket, 'refund');
    money(r.amount, 'refund amount');
    money(r.fee, 'refund fee');
    parts(r.payments, r.ticket.agencyId, `refund ${r.ticket.ticketId} payments`);
    if (r.amount + r.fee !== r.ticket.price)
      fail(`refund ${r.ticket.ticketId}: amount + fee is not the price`);
    if (sumParts(r.payments) !== r.amount) fail(`refund ${r.ticket.ticketId}: payments do not add up`);
  }
  for (const b of day.rebookings) {
    let difference = 0;
    for (const { from, to, fee } of b.tickets) {
      booking(from, 'rebooked');
      booking(to, 'rebooking');
      money(fee, 'rebooking fee');
      if (to.soldOn !== day.date) fail(`rebooking ${b.rebookingId}: new ticket not issued on the day`);
      difference += to.price + fee - from.price;
    }
    const agency = b.tickets[0]?.from.agencyId ?? null;
    parts(b.paid, agency, `rebooking ${b.rebookingId} paid`);
    parts(b.repaid, agency, `rebooking ${b.rebookingId} repaid`);
    if (sumParts(b.paid) - sumParts(b.repaid) !== difference)
      fail(`rebooking ${b.rebookingId}: paid − repaid is not the difference`);
  }
  for (const s of day.shifts)
    if (!Number.isSafeInteger(s.difference)) fail(`shift ${s.shiftId}: difference must be whole fen`);
  for (const a of day.adjustments ?? []) {
    const what = `adjustment ${a.adjustmentId}`;
    if (!Number.isSafeInteger(a.amount) || a.amount === 0) fail(`${what}: amount must be whole fen, not 0`);
    if (!financePaymentMethods.includes(a.method)) fail(`${what}: unknown payment method ${a.method}`);
    if ((a.method === 'on_account') !== (a.agencyId !== null))
      fail(`${what}: an agency exactly when on account`);
    if (!isCivilDate(a.correctsDate) || a.correctsDate >= day.date)
      fail(`${what}: must correct an earlier day`);
  }
  for (const t of day.deferredDue) {
    booking(t, 'deferred');
    if (t.visitDate !== day.date) fail(`deferred ${t.ticketId}: not due on the day`);
  }
}
