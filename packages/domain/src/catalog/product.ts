// The rules of a ticket type and their validation. What a ticket allows (validity, entries), who may
// buy it (categories, documents, channels, per-order limits), when it sells (sale window, release
// time 放票) and what happens after (refund and rebooking policy) — checked here before anything is
// stored, so every channel sells under the same rules.
import type { ProductCategory, SalesChannel } from './pricing';

export const productCategories: readonly ProductCategory[] = [
  'adult',
  'child',
  'student',
  'senior',
  'group',
  'free',
  'complimentary',
  'addon',
  'other',
];

/** Documents a discounted or free ticket can require (national policy, DESIGN.md). */
export const discountDocuments = [
  'id_card',
  'student_card',
  'senior_card',
  'soldier_card',
  'disability_card',
  'veteran_disability_card',
  'fire_rescue_card',
  'guide_card',
  'height_check',
  'other',
] as const;
export type DiscountDocument = (typeof discountDocuments)[number];

export type Validity =
  | { kind: 'session' }
  | { kind: 'day' }
  | { kind: 'days'; days: number }
  | { kind: 'range'; from: string; to: string };

export type Entries =
  { kind: 'single' } | { kind: 'multi'; count: number } | { kind: 'unlimited'; minIntervalMinutes: number };

export type Fee =
  { kind: 'none' } | { kind: 'percent'; basisPoints: number } | { kind: 'fixed'; amount: number };

/** Refunds and rebookings are never allowed after a redemption, whatever the policy says. */
export type AfterSalePolicy = {
  allowed: boolean;
  /** Until this many minutes before the session or validity starts; null: until it starts. */
  untilMinutesBeforeStart: number | null;
  fee: Fee;
};

export type ProductRules = {
  category: ProductCategory;
  listPrice: number;
  validity: Validity;
  entries: Entries;
  channels: readonly SalesChannel[];
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
  releaseDaysAhead: number | null;
  releaseTime: string | null;
  minPerOrder: number;
  maxPerOrder: number;
  refundPolicy: AfterSalePolicy;
  rebookPolicy: AfterSalePolicy;
  minAge?: number | null;
  maxAge?: number | null;
};

export type ProductProblem =
  | 'price_negative'
  | 'sale_window_end_before_start'
  | 'max_per_order_below_min'
  | 'per_order_limit_invalid'
  | 'validity_invalid'
  | 'entries_invalid'
  | 'channels_empty'
  | 'release_time_invalid'
  | 'fee_invalid'
  | 'age_range_invalid';

function feeValid(fee: Fee): boolean {
  switch (fee.kind) {
    case 'none':
      return true;
    case 'percent':
      return Number.isInteger(fee.basisPoints) && fee.basisPoints >= 0 && fee.basisPoints <= 10_000;
    case 'fixed':
      return Number.isSafeInteger(fee.amount) && fee.amount >= 0;
  }
}

/** Every rule a ticket type breaks, most basic first; the first becomes the error code. */
export function productProblems(rules: ProductRules): ProductProblem[] {
  const problems: ProductProblem[] = [];
  if (!Number.isSafeInteger(rules.listPrice) || rules.listPrice < 0) problems.push('price_negative');
  if (rules.saleStartsAt && rules.saleEndsAt && rules.saleEndsAt.getTime() <= rules.saleStartsAt.getTime()) {
    problems.push('sale_window_end_before_start');
  }
  if (
    !Number.isInteger(rules.minPerOrder) ||
    rules.minPerOrder < 1 ||
    !Number.isInteger(rules.maxPerOrder) ||
    rules.maxPerOrder > 10_000
  ) {
    problems.push('per_order_limit_invalid');
  } else if (rules.maxPerOrder < rules.minPerOrder) problems.push('max_per_order_below_min');
  const v = rules.validity;
  if (
    (v.kind === 'days' && (!Number.isInteger(v.days) || v.days < 1 || v.days > 3660)) ||
    (v.kind === 'range' &&
      !(/^\d{4}-\d{2}-\d{2}$/.test(v.from) && /^\d{4}-\d{2}-\d{2}$/.test(v.to) && v.from <= v.to))
  ) {
    problems.push('validity_invalid');
  }
  const e = rules.entries;
  if (
    (e.kind === 'multi' && (!Number.isInteger(e.count) || e.count < 2 || e.count > 1000)) ||
    (e.kind === 'unlimited' && (!Number.isInteger(e.minIntervalMinutes) || e.minIntervalMinutes < 0))
  ) {
    problems.push('entries_invalid');
  }
  if (rules.channels.length === 0) problems.push('channels_empty');
  if (
    (rules.releaseTime !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(rules.releaseTime)) ||
    (rules.releaseDaysAhead !== null &&
      (!Number.isInteger(rules.releaseDaysAhead) ||
        rules.releaseDaysAhead < 0 ||
        rules.releaseDaysAhead > 366))
  ) {
    problems.push('release_time_invalid');
  }
  if (!feeValid(rules.refundPolicy.fee) || !feeValid(rules.rebookPolicy.fee)) problems.push('fee_invalid');
  const { minAge = null, maxAge = null } = rules;
  if (
    (minAge !== null && (!Number.isInteger(minAge) || minAge < 0)) ||
    (maxAge !== null && (!Number.isInteger(maxAge) || maxAge < 0)) ||
    (minAge !== null && maxAge !== null && maxAge < minAge)
  ) {
    problems.push('age_range_invalid');
  }
  return problems;
}

/** Combo parts must share the revenue exactly: basis points adding up to 10 000. */
export function comboSharesValid(shares: readonly number[]): boolean {
  return (
    shares.length >= 2 &&
    shares.every((s) => Number.isInteger(s) && s >= 0) &&
    shares.reduce((a, b) => a + b, 0) === 10_000
  );
}

export type DateRange = { from: string; to: string | null };

/** Whether two effective-date ranges (to inclusive, null open-ended) share a day. */
export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  const aEnd = a.to ?? '9999-12-31';
  const bEnd = b.to ?? '9999-12-31';
  return a.from <= bEnd && b.from <= aEnd;
}
