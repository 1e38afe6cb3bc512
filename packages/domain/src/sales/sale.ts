// The rules of a sale, checked the same way for every channel before anything is written: the sale
// window and release time (放票), per-order limits, real-name holders, documents for discounts, how
// the payments cover the total (split payments, cash change), and what a ticket allows (validity
// window, entries). Pure: no I/O, no clock — the caller passes "now".
import type { Entries, Validity } from '../catalog/product';
import { addDays } from '../catalog/calendar';
import { zonedToUtc } from '../catalog/time-zone';
import {
  ageFits,
  ageOn,
  checkIdentityDocument,
  type IdentityDocumentKind,
  type IdentityProblem,
} from './identity';

export type SaleProblem =
  | { code: 'sale_window_not_open'; productId: string; opensAt: Date }
  | { code: 'sale_window_closed'; productId: string }
  | { code: 'product_not_on_sale'; productId: string }
  | { code: 'under_per_order_minimum'; productId: string; minimum: number }
  | { code: 'over_per_order_maximum'; productId: string; maximum: number }
  | { code: 'real_name_required'; productId: string; ticketIndex: number }
  | { code: 'id_number_invalid'; productId: string; ticketIndex: number; problem: IdentityProblem }
  | { code: 'id_number_duplicate'; ticketIndex: number }
  | { code: 'discount_document_required'; productId: string; accepted: string[] };

export type SaleProduct = {
  id: string;
  category: string;
  active: boolean;
  channels: readonly string[];
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
  releaseDaysAhead: number | null;
  releaseTime: string | null;
  minPerOrder: number;
  maxPerOrder: number;
  realName: boolean;
  requiredDocuments: readonly string[];
  minAge: number | null;
  maxAge: number | null;
};

export type SaleHolder = { documentKind: IdentityDocumentKind; documentNumber: string; name: string };
export type SaleLineInput = {
  productId: string;
  quantity: number;
  holders: readonly SaleHolder[];
  discountDocument: string | null;
};

export type SaleWarning = { code: 'age_does_not_fit'; ticketIndex: number; age: number };

/** When a visit date goes on sale under a release rule (放票): N days ahead at HH:MM, site time. */
export function releaseOpensAt(
  product: Pick<SaleProduct, 'releaseDaysAhead' | 'releaseTime'>,
  visitDate: string,
  timeZone: string,
): Date | null {
  if (product.releaseDaysAhead === null) return null;
  return zonedToUtc(addDays(visitDate, -product.releaseDaysAhead), product.releaseTime ?? '00:00', timeZone);
}

/** Why this ticket type cannot be sold now for this visit date on this channel, or null. */
export function saleWindowProblem(
  product: SaleProduct,
  channel: string,
  visitDate: string,
  now: Date,
  timeZone: string,
): SaleProblem | null {
  if (!product.active || !product.channels.includes(channel))
    return { code: 'product_not_on_sale', productId: product.id };
  if (product.saleStartsAt && now < product.saleStartsAt)
    return { code: 'sale_window_not_open', productId: product.id, opensAt: product.saleStartsAt };
  if (product.saleEndsAt && now >= product.saleEndsAt)
    return { code: 'sale_window_closed', productId: product.id };
  const opensAt = releaseOpensAt(product, visitDate, timeZone);
  if (opensAt && now < opensAt) return { code: 'sale_window_not_open', productId: product.id, opensAt };
  return null;
}

export type CheckedHolder = {
  documentKind: IdentityDocumentKind;
  number: string;
  birthDate: string | null;
  name: string;
};

/**
 * Checks the lines of a sale against their ticket types: limits per order, real-name holders (one per
 * ticket, documents valid, no ID twice in one order), documents for discounted and free tickets.
 * Returns the first problem, or the normalised holders per line and the seller's age warnings.
 */
export function checkSaleLines(
  lines: readonly SaleLineInput[],
  productsById: ReadonlyMap<string, SaleProduct>,
  today: string,
):
  | { ok: false; problem: SaleProblem }
  | { ok: true; holders: (CheckedHolder | null)[][]; warnings: SaleWarning[] } {
  const quantities = new Map<string, number>();
  for (const line of lines)
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  for (const [productId, quantity] of quantities) {
    const product = productsById.get(productId)!;
    if (quantity < product.minPerOrder)
      return {
        ok: false,
        problem: { code: 'under_per_order_minimum', productId, minimum: product.minPerOrder },
      };
    if (quantity > product.maxPerOrder)
      return {
        ok: false,
        problem: { code: 'over_per_order_maximum', productId, maximum: product.maxPerOrder },
      };
  }
  const seen = new Set<string>();
  const warnings: SaleWarning[] = [];
  const holders: (CheckedHolder | null)[][] = [];
  let ticketIndex = 0;
  for (const line of lines) {
    const product = productsById.get(line.productId)!;
    if (
      product.requiredDocuments.length > 0 &&
      (line.discountDocument === null || !product.requiredDocuments.includes(line.discountDocument))
    ) {
      return {
        ok: false,
        problem: {
          code: 'discount_document_required',
          productId: product.id,
          accepted: [...product.requiredDocuments],
        },
      };
    }
    const lineHolders: (CheckedHolder | null)[] = [];
    for (let i = 0; i < line.quantity; i++, ticketIndex++) {
      const holder = line.holders[i];
      if (!holder || holder.documentNumber.trim() === '') {
        if (product.realName)
          return { ok: false, problem: { code: 'real_name_required', productId: product.id, ticketIndex } };
        lineHolders.push(null);
        continue;
      }
      const checked = checkIdentityDocument(holder.documentKind, holder.documentNumber, today);
      if (typeof checked === 'string') {
        return {
          ok: false,
          problem: { code: 'id_number_invalid', productId: product.id, ticketIndex, problem: checked },
        };
      }
      const key = `${holder.documentKind}:${checked.number}`;
      if (seen.has(key)) return { ok: false, problem: { code: 'id_number_duplicate', ticketIndex } };
      seen.add(key);
      if (checked.birthDate && (product.minAge !== null || product.maxAge !== null)) {
        const age = ageOn(checked.birthDate, today);
        if (!ageFits(age, { minAge: product.minAge, maxAge: product.maxAge }))
          warnings.push({ code: 'age_does_not_fit', ticketIndex, age });
      }
      lineHolders.push({
        documentKind: holder.documentKind,
        number: checked.number,
        birthDate: checked.birthDate,
        name: holder.name.trim(),
      });
    }
    holders.push(lineHolders);
  }
  return { ok: true, holders, warnings };
}

export type PaymentInput =
  | { method: 'cash'; amount: number; tendered: number }
  | { method: 'card'; amount: number; reference: string }
  | { method: 'payment_code'; amount: number; authCode: string }
  | { method: 'on_account'; amount: number; agencyId: string }
  /** Paid later through a provider (the shop, a QR code): the order is held until the payment or expiry. */
  | { method: 'online'; amount: number };

export type PaymentProblem =
  'payment_amount_mismatch' | 'cash_tendered_insufficient' | 'payment_methods_invalid';

/**
 * Whether the payments cover the total exactly (split payments allowed: at most one cash line, one
 * payment code and one agency), and the cash change to hand back.
 */
export function checkPayments(
  total: number,
  payments: readonly PaymentInput[],
): { ok: true; change: number } | { ok: false; problem: PaymentProblem } {
  const count = (m: PaymentInput['method']) => payments.filter((p) => p.method === m).length;
  // A free reservation (the shop, ¥0) takes no payment at all.
  if (payments.length === 0 && total === 0) return { ok: true, change: 0 };
  if (
    payments.length === 0 ||
    count('cash') > 1 ||
    count('payment_code') > 1 ||
    count('on_account') > 1 ||
    // An online payment is the order's only payment: nothing is taken at a counter beside it.
    (count('online') > 0 && payments.length > 1) ||
    payments.some((p) => !Number.isSafeInteger(p.amount) || p.amount < 0) ||
    // A zero-amount line means nothing except for an all-free order paid "in cash" (¥0).
    (payments.length > 1 && payments.some((p) => p.amount === 0))
  ) {
    return { ok: false, problem: 'payment_methods_invalid' };
  }
  const sum = payments.reduce((s, p) => s + p.amount, 0);
  if (sum !== total) return { ok: false, problem: 'payment_amount_mismatch' };
  let change = 0;
  for (const p of payments) {
    if (p.method !== 'cash') continue;
    if (!Number.isSafeInteger(p.tendered) || p.tendered < p.amount)
      return { ok: false, problem: 'cash_tendered_insufficient' };
    change = p.tendered - p.amount;
  }
  return { ok: true, change };
}

/** How many entries a ticket code allows; 0 means unlimited. */
export function entriesAllowed(entries: Entries): number {
  switch (entries.kind) {
    case 'single':
      return 1;
    case 'multi':
      return entries.count;
    case 'unlimited':
      return 0;
  }
}

/**
 * The window a ticket admits in. A session ticket: the session's start to its end (the gate adds its
 * early/late tolerance); a day ticket: the visit date in the site's zone; N days: from the visit date;
 * a range: its dates, whole days in the site's zone.
 */
export function ticketValidity(
  validity: Validity,
  visitDate: string,
  session: { startsAt: Date; endsAt: Date } | null,
  timeZone: string,
): { validFrom: Date; validUntil: Date } {
  const dayStart = (d: string) => zonedToUtc(d, '00:00', timeZone);
  switch (validity.kind) {
    case 'session':
      if (session) return { validFrom: session.startsAt, validUntil: session.endsAt };
      return { validFrom: dayStart(visitDate), validUntil: dayStart(addDays(visitDate, 1)) };
    case 'day':
      return { validFrom: dayStart(visitDate), validUntil: dayStart(addDays(visitDate, 1)) };
    case 'days':
      return { validFrom: dayStart(visitDate), validUntil: dayStart(addDays(visitDate, validity.days)) };
    case 'range':
      return { validFrom: dayStart(validity.from), validUntil: dayStart(addDays(validity.to, 1)) };
  }
}

/** The part of a site code that fits an order number: letters and digits, upper-case, up to 12. */
export function orderSiteCode(siteCode: string): string {
  const clean = siteCode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return (clean.length >= 2 ? clean : `${clean}XX`).slice(0, 12);
}

/** Masks a document number for display: first 3 and last 4 characters (110***********1234). */
export function maskDocument(number: string): string {
  if (number.length <= 7)
    return `${number.slice(0, 1)}${'*'.repeat(Math.max(0, number.length - 2))}${number.slice(-1)}`;
  return `${number.slice(0, 3)}${'*'.repeat(number.length - 7)}${number.slice(-4)}`;
}

/** Masks a person's name: the family name stays (张**), or the first letter of a Latin name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
