// The sale request from the order on screen and the payment parts, and where a refusal belongs on the
// screen (the session list, the order, the payment, the supervisor's approval), so the server's own
// localized message appears next to what caused it.
import { ApiError } from '../../api/client';
import type { SalePayment, SaleRequest } from '../../api/sales';
import type { SaleDraft } from './saleModel';

export type SaleExtras = {
  visitDate: string;
  /** The terminal of the seller's shift (the TT in order numbers). */
  terminal: string;
  sessionId: string | null;
  guide: { name: string; licence: string } | null;
  approval: { loginName: string; password: string } | null;
};

export function saleRequest(
  draft: SaleDraft,
  payments: readonly SalePayment[],
  extras: SaleExtras,
): SaleRequest {
  return {
    visitDate: extras.visitDate,
    sessionId: extras.sessionId,
    terminal: extras.terminal,
    lines: draft.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      holders: line.holders.map((holder) => ({
        documentKind: holder.documentKind,
        documentNumber: holder.documentNumber.trim(),
        name: holder.name.trim(),
      })),
      discountDocument: line.discountDocument,
      discountReason: line.discountReason.trim(),
    })),
    payments: [...payments],
    guide: extras.guide,
    approval: extras.approval,
  };
}

export type ErrorPlace = 'session' | 'order' | 'payment' | 'approval' | 'shift';

const places: Record<string, ErrorPlace> = {
  shift_required: 'shift',
  sold_out: 'session',
  session_closed: 'session',
  session_required: 'session',
  product_not_in_session: 'session',
  sale_window_not_open: 'session',
  sale_window_closed: 'session',
  product_not_on_sale: 'order',
  under_per_order_minimum: 'order',
  over_per_order_maximum: 'order',
  real_name_required: 'order',
  id_number_invalid: 'order',
  id_number_duplicate: 'order',
  discount_document_required: 'order',
  approval_required: 'approval',
  approval_invalid: 'approval',
  payment_amount_mismatch: 'payment',
  cash_tendered_insufficient: 'payment',
  payment_methods_invalid: 'payment',
  payment_declined: 'payment',
  payment_provider_unavailable: 'payment',
  payment_not_pending: 'payment',
  agency_not_found: 'payment',
  agency_inactive: 'payment',
  agency_credit_exceeded: 'payment',
  guide_required: 'payment',
};

/** Where the screen shows a refused sale's message (the order panel for anything unforeseen). */
export function errorPlace(error: unknown): ErrorPlace {
  if (!(error instanceof ApiError)) return 'payment';
  const known = places[error.code];
  if (known !== undefined) return known;
  if (error.code.startsWith('payment') || error.code.startsWith('agency')) return 'payment';
  if (error.code.startsWith('session') || error.code.startsWith('sale_window')) return 'session';
  return 'order';
}

/**
 * The Idempotency-Key of a sale attempt (or of any request that moves money: a refund, a rebooking).
 * The same request sent again (a second Enter, a retry after the network dropped) reuses the key, so
 * the server replays its first answer instead of selling twice; a changed request, or one after the
 * server gave a definite answer, is a new attempt.
 */
export class SaleAttempt<Request = SaleRequest> {
  private key: string | null = null;
  private body = '';

  constructor(private readonly newKey: () => string) {}

  keyFor(request: Request): string {
    const body = JSON.stringify(request);
    if (this.key === null || body !== this.body) {
      this.key = this.newKey();
      this.body = body;
    }
    return this.key;
  }

  /** The server answered (sold, refused or declined): the next request is a new attempt. */
  settled(): void {
    this.key = null;
    this.body = '';
  }
}
