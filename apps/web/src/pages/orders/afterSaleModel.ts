// What the seller sees before a refund or a rebooking is sent: which tickets can be chosen, the fee
// each ticket's type charges (the same pure rule the server applies, @admit/domain's
// afterSaleDecision), what goes back to the customer, and the price difference of a rebooking. The
// server decides in the end — these figures are a preview, and a refusal shows its own message.
import { afterSaleDecision, type AfterSalePolicy, type AfterSaleRefusal } from '@admit/domain';
import { ApiError } from '../../api/client';
import type { OrderView, TicketView } from '../../api/sales';

/** Tickets a refund, rebooking or reprint can act on. */
export function actionableTickets(order: OrderView): TicketView[] {
  return order.tickets.filter((ticket) => ticket.status === 'valid');
}

/** The chosen tickets that are still valid, in the order's order. */
export function chosenTickets(order: OrderView, chosen: ReadonlySet<string>): TicketView[] {
  return actionableTickets(order).filter((ticket) => chosen.has(ticket.id));
}

export type TicketPreview = {
  ticket: TicketView;
  /** null when the policy refuses: the refusal's code. */
  refusal: AfterSaleRefusal | null;
  fee: number;
  back: number;
};

export type Preview = {
  lines: TicketPreview[];
  gross: number;
  fee: number;
  /** What goes back to the customer (gross − fee) over the tickets the policy allows. */
  back: number;
  /** Every chosen ticket is allowed. */
  allowed: boolean;
};

export type PolicyOf = (productId: string) => AfterSalePolicy | undefined;

/**
 * The refund (or void) of the chosen tickets now. A void has no fee and no window; a ticket type whose
 * policy is unknown here (the catalog not loaded) is shown without a fee and left to the server.
 */
export function refundPreview(
  tickets: readonly TicketView[],
  policyOf: PolicyOf,
  now: Date,
  options: { void: boolean } = { void: false },
): Preview {
  const lines = tickets.map((ticket): TicketPreview => {
    const policy = policyOf(ticket.productId);
    if (options.void || policy === undefined) {
      return { ticket, refusal: null, fee: 0, back: ticket.price };
    }
    const decision = afterSaleDecision(
      'refund',
      policy,
      { price: ticket.price, entriesUsed: 0, startsAt: new Date(ticket.validFrom) },
      now,
    );
    return decision.allowed
      ? { ticket, refusal: null, fee: decision.fee, back: ticket.price - decision.fee }
      : { ticket, refusal: decision.code, fee: 0, back: 0 };
  });
  return summarise(lines);
}

/** The rebooking fee of each chosen ticket now, under its type's rebooking policy. */
export function rebookFees(tickets: readonly TicketView[], policyOf: PolicyOf, now: Date): Preview {
  const lines = tickets.map((ticket): TicketPreview => {
    const policy = policyOf(ticket.productId);
    if (policy === undefined) return { ticket, refusal: null, fee: 0, back: 0 };
    const decision = afterSaleDecision(
      'rebook',
      policy,
      { price: ticket.price, entriesUsed: 0, startsAt: new Date(ticket.validFrom) },
      now,
    );
    return decision.allowed
      ? { ticket, refusal: null, fee: decision.fee, back: 0 }
      : { ticket, refusal: decision.code, fee: 0, back: 0 };
  });
  return summarise(lines);
}

function summarise(lines: TicketPreview[]): Preview {
  return {
    lines,
    gross: lines.reduce((sum, line) => sum + (line.refusal === null ? line.ticket.price : 0), 0),
    fee: lines.reduce((sum, line) => sum + line.fee, 0),
    back: lines.reduce((sum, line) => sum + line.back, 0),
    allowed: lines.every((line) => line.refusal === null),
  };
}

/** How many tickets of each type a rebooking moves: the price quote's quantities. */
export function quantitiesOf(tickets: readonly TicketView[]): { productId: string; quantity: number }[] {
  const counts = new Map<string, number>();
  for (const ticket of tickets) counts.set(ticket.productId, (counts.get(ticket.productId) ?? 0) + 1);
  return [...counts].map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * New price + fees − old price, as the server computes it: positive is paid by the customer, negative
 * goes back the way the order was paid.
 */
export function rebookDifference(tickets: readonly TicketView[], newTotal: number, fee: number): number {
  return newTotal + fee - tickets.reduce((sum, ticket) => sum + ticket.price, 0);
}

/** The difference the server names when the payments sent did not match it, or null. */
export function differenceFromRefusal(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'payment_amount_mismatch') return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('difference' in details)) return null;
  const { difference } = details;
  return typeof difference === 'number' && Number.isSafeInteger(difference) ? difference : null;
}

/** Whether a refusal asks for a supervisor (the approval fields), or says the approver was refused. */
export function needsSupervisor(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    ['refund_approval_required', 'approval_required', 'approval_invalid'].includes(error.code)
  );
}

/** Timeline actions the screen names in words (their message keys); anything else shows its code. */
const TIMELINE_ACTIONS = {
  'orders.order.sold': 'sold',
  'orders.order.paid': 'paid',
  'orders.order.cancelled': 'cancelled',
  'orders.order.voided': 'voided',
  'orders.tickets.refunded': 'refunded',
  'orders.tickets.rebooked': 'rebooked',
  'orders.ticket.reprinted': 'reprinted',
  'pii.order.revealed': 'revealed',
} as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[keyof typeof TIMELINE_ACTIONS];

export function timelineAction(action: string): TimelineAction | null {
  return Object.hasOwn(TIMELINE_ACTIONS, action)
    ? TIMELINE_ACTIONS[action as keyof typeof TIMELINE_ACTIONS]
    : null;
}

/** Entries about money going back or moving: the order's refunds, voids and rebookings. */
export function isRefundEntry(action: string): boolean {
  return ['orders.tickets.refunded', 'orders.order.voided', 'orders.tickets.rebooked'].includes(action);
}

/** The money a timeline entry is about, for its one-line summary (fen), or null. */
export function timelineAmount(action: string, details: Record<string, unknown>): number | null {
  const pick = (key: string) => {
    const value = details[key];
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
  };
  switch (action) {
    case 'orders.order.sold':
      return pick('total');
    case 'orders.tickets.refunded':
    case 'orders.order.voided':
      return pick('amount');
    case 'orders.tickets.rebooked':
      return pick('difference');
    default:
      return null;
  }
}
