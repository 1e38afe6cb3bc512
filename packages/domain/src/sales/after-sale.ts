// After the sale: whether a ticket may be refunded or rebooked under its ticket type's policy and
// at what fee, how a refund is paid back over the order's original payments, a void, and the cash
// count of a shift (盲交: counted by denomination). Pure: no I/O, the caller passes "now".
import type { AfterSalePolicy, Fee } from '../catalog/product';

export type AfterSaleRefusal =
  | 'ticket_already_used'
  | 'refund_not_allowed'
  | 'refund_window_closed'
  | 'rebook_not_allowed'
  | 'rebook_window_closed';

export type AfterSaleTicket = {
  price: number;
  entriesUsed: number;
  /** When the session or validity starts (the policy's window counts back from it). */
  startsAt: Date;
};

/** The fee of a refund or rebooking: a percentage rounded half up to the fen, or a fixed amount; never above the price. */
export function afterSaleFee(fee: Fee, price: number): number {
  switch (fee.kind) {
    case 'none':
      return 0;
    case 'percent':
      return Math.min(price, Math.floor((price * fee.basisPoints + 5_000) / 10_000));
    case 'fixed':
      return Math.min(price, fee.amount);
  }
}

/**
 * Whether a ticket may be refunded (or rebooked) now, and the fee. Never after a redemption, whatever
 * the policy says; otherwise until `untilMinutesBeforeStart` before the start (null: until it starts).
 */
export function afterSaleDecision(
  kind: 'refund' | 'rebook',
  policy: AfterSalePolicy,
  ticket: AfterSaleTicket,
  now: Date,
): { allowed: true; fee: number } | { allowed: false; code: AfterSaleRefusal } {
  if (ticket.entriesUsed > 0) return { allowed: false, code: 'ticket_already_used' };
  if (!policy.allowed)
    return { allowed: false, code: kind === 'refund' ? 'refund_not_allowed' : 'rebook_not_allowed' };
  const closesAt = ticket.startsAt.getTime() - (policy.untilMinutesBeforeStart ?? 0) * 60_000;
  if (now.getTime() > closesAt)
    return { allowed: false, code: kind === 'refund' ? 'refund_window_closed' : 'rebook_window_closed' };
  return { allowed: true, fee: afterSaleFee(policy.fee, ticket.price) };
}

export type RefundablePayment = {
  id: string;
  method: 'cash' | 'card' | 'payment_code' | 'on_account' | 'online';
  /** What the payment brought in, less what was already refunded from it. */
  refundable: number;
};

/** The order the original payments are refunded in: providers and accounts first, cash last. */
const refundOrder: RefundablePayment['method'][] = ['payment_code', 'online', 'card', 'on_account', 'cash'];

/**
 * Spreads a refund over the order's original payments (money goes back the way it came): each payment
 * gives back at most what is left of it. Null when the payments cannot cover the amount.
 */
export function allocateRefund(
  amount: number,
  payments: readonly RefundablePayment[],
): { paymentId: string; method: RefundablePayment['method']; amount: number }[] | null {
  const sorted = [...payments].sort(
    (a, b) => refundOrder.indexOf(a.method) - refundOrder.indexOf(b.method) || (a.id < b.id ? -1 : 1),
  );
  const out: { paymentId: string; method: RefundablePayment['method']; amount: number }[] = [];
  let left = amount;
  for (const p of sorted) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, p.refundable));
    if (take > 0) out.push({ paymentId: p.id, method: p.method, amount: take });
    left -= take;
  }
  return left === 0 ? out : null;
}

/**
 * A void (作废): the same seller's shift and within the void window of the sale — the customer is still
 * at the window. A full refund without fee.
 */
export function isVoidable(
  sale: { shiftId: string | null; createdAt: Date },
  current: { shiftId: string | null; now: Date; windowMinutes: number },
): boolean {
  return (
    sale.shiftId !== null &&
    sale.shiftId === current.shiftId &&
    current.now.getTime() - sale.createdAt.getTime() <= current.windowMinutes * 60_000
  );
}

/** Renminbi notes and coins a drawer is counted in, in fen. */
export const cashDenominations = [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10] as const;

export type CashCount = Partial<Record<`${(typeof cashDenominations)[number]}`, number>>;

/** The total of a count by denomination; null when a count is not a whole number ≥ 0 or a denomination is unknown. */
export function countedCash(count: Record<string, number>): number | null {
  let total = 0;
  for (const [denomination, pieces] of Object.entries(count)) {
    if (!(cashDenominations as readonly number[]).includes(Number(denomination))) return null;
    if (!Number.isSafeInteger(pieces) || pieces < 0) return null;
    total += Number(denomination) * pieces;
  }
  return total;
}

/** Over (长款, positive) or short (短款, negative) of a closed drawer. */
export function drawerDifference(
  expected: number,
  counted: number,
): { kind: 'balanced' | 'over' | 'short'; amount: number } {
  const amount = counted - expected;
  return { kind: amount === 0 ? 'balanced' : amount > 0 ? 'over' : 'short', amount };
}
