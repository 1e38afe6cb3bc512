// A ticket type as the form holds it (yuan as typed, times at the site, flattened choices) and the
// conversions to and from what the server takes. The rules themselves are the server's
// (packages/domain/src/catalog/product.ts); the form checks only what is plainly wrong.
import { civilParts, zonedToUtc } from '@admit/domain';
import type { ProductInput, ProductView, SalesChannel } from '../../../api/catalog';
import { toFen, yuanText } from '../money';
import type { FieldErrorMap } from '../serverErrors';

export type FeeKind = 'none' | 'percent' | 'fixed';

export type PolicyForm = {
  allowed: boolean;
  /** Minutes before the start; empty: until it starts. */
  untilMinutes: number | null;
  feeKind: FeeKind;
  /** 0–100, two decimals. */
  feePercent: number | null;
  /** Yuan as typed. */
  feeAmount: string;
};

export type ComboPartForm = {
  siteId: string | undefined;
  /** Empty: every entry gate of the site. */
  gateIds: string[];
  /** 0–100, two decimals. */
  sharePercent: number | null;
};

export type ProductForm = {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: ProductView['category'];
  eligibilityZh: string;
  eligibilityEn: string;
  requiredDocuments: string[];
  listPrice: string;
  validityKind: ProductView['validity']['kind'];
  validityDays: number | null;
  validityFrom: string;
  validityTo: string;
  entriesKind: ProductView['entries']['kind'];
  entriesCount: number | null;
  entriesInterval: number | null;
  realName: boolean;
  /** 适用年龄, inclusive; empty: open. The seller is warned when an ID number does not fit. */
  minAge: number | null;
  maxAge: number | null;
  channels: SalesChannel[];
  /** `YYYY-MM-DDTHH:MM` at the site (datetime-local). */
  saleStartsAt: string;
  saleEndsAt: string;
  releaseDaysAhead: number | null;
  releaseTime: string;
  minPerOrder: number | null;
  maxPerOrder: number | null;
  refund: PolicyForm;
  rebook: PolicyForm;
  countsTowardsDailyMax: boolean;
  /** Unused tickets sold online or through channels are refunded when they expire. */
  autoRefundAtExpiry: boolean;
  sortOrder: number | null;
  active: boolean;
  /** 联票: none for a normal ticket, otherwise two or more whose shares add up to 100 %. */
  comboParts: ComboPartForm[];
};

/** Where each of the server's refusals belongs. */
export const productFieldErrors: FieldErrorMap = {
  product_code_taken: 'code',
  price_negative: 'listPrice',
  sale_window_end_before_start: 'saleEndsAt',
  max_per_order_below_min: 'maxPerOrder',
  per_order_limit_invalid: 'minPerOrder',
  validity_invalid: 'validityKind',
  entries_invalid: 'entriesKind',
  channels_empty: 'channels',
  release_time_invalid: 'releaseTime',
  fee_invalid: ['refund', 'feeKind'],
  combo_shares_invalid: 'comboParts',
  age_range_invalid: 'maxAge',
};

const noPolicy: ProductView['refundPolicy'] = {
  allowed: false,
  untilMinutesBeforeStart: null,
  fee: { kind: 'none' },
};

function policyForm(policy: ProductView['refundPolicy']): PolicyForm {
  return {
    allowed: policy.allowed,
    untilMinutes: policy.untilMinutesBeforeStart,
    feeKind: policy.fee.kind,
    feePercent: policy.fee.kind === 'percent' ? policy.fee.basisPoints / 100 : null,
    feeAmount: policy.fee.kind === 'fixed' ? yuanText(policy.fee.amount) : '',
  };
}

function policyBody(form: PolicyForm): ProductInput['refundPolicy'] {
  const fee: ProductInput['refundPolicy']['fee'] =
    form.feeKind === 'percent'
      ? { kind: 'percent', basisPoints: Math.round((form.feePercent ?? 0) * 100) }
      : form.feeKind === 'fixed'
        ? { kind: 'fixed', amount: toFen(form.feeAmount) }
        : { kind: 'none' };
  return form.allowed
    ? { allowed: true, untilMinutesBeforeStart: form.untilMinutes ?? null, fee }
    : { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' } };
}

/** An instant as `YYYY-MM-DDTHH:MM` at the site, for a datetime-local field. */
export function localDateTime(iso: string | null, timeZone: string): string {
  if (iso === null) return '';
  const { date, time } = civilParts(new Date(iso), timeZone);
  return `${date}T${time}`;
}

/** A datetime-local value at the site as an ISO instant, or null when empty. */
export function instantAt(value: string, timeZone: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return null;
  return zonedToUtc(match[1], match[2], timeZone).toISOString();
}

export function productFormValues(product: ProductView | null, timeZone: string): ProductForm {
  const validity = product?.validity ?? { kind: 'session' };
  const entries = product?.entries ?? { kind: 'single' };
  return {
    code: product?.code ?? '',
    nameZh: product?.nameZh ?? '',
    nameEn: product?.nameEn ?? '',
    descriptionZh: product?.descriptionZh ?? '',
    descriptionEn: product?.descriptionEn ?? '',
    category: product?.category ?? 'adult',
    eligibilityZh: product?.eligibilityZh ?? '',
    eligibilityEn: product?.eligibilityEn ?? '',
    requiredDocuments: product?.requiredDocuments ?? [],
    listPrice: product === null ? '' : yuanText(product.listPrice),
    validityKind: validity.kind,
    validityDays: validity.kind === 'days' ? validity.days : null,
    validityFrom: validity.kind === 'range' ? validity.from : '',
    validityTo: validity.kind === 'range' ? validity.to : '',
    entriesKind: entries.kind,
    entriesCount: entries.kind === 'multi' ? entries.count : null,
    entriesInterval: entries.kind === 'unlimited' ? entries.minIntervalMinutes : null,
    realName: product?.realName ?? false,
    minAge: product?.minAge ?? null,
    maxAge: product?.maxAge ?? null,
    channels: product?.channels ?? ['box_office', 'online', 'api'],
    saleStartsAt: localDateTime(product?.saleStartsAt ?? null, timeZone),
    saleEndsAt: localDateTime(product?.saleEndsAt ?? null, timeZone),
    releaseDaysAhead: product?.releaseDaysAhead ?? null,
    releaseTime: product?.releaseTime ?? '',
    minPerOrder: product?.minPerOrder ?? 1,
    maxPerOrder: product?.maxPerOrder ?? 20,
    refund: policyForm(product?.refundPolicy ?? noPolicy),
    rebook: policyForm(product?.rebookPolicy ?? noPolicy),
    countsTowardsDailyMax: product?.countsTowardsDailyMax ?? true,
    autoRefundAtExpiry: product?.autoRefundAtExpiry ?? false,
    sortOrder: product?.sortOrder ?? 0,
    active: product?.active ?? true,
    comboParts: (product?.comboParts ?? []).map((part) => ({
      siteId: part.siteId,
      gateIds: part.gateIds,
      sharePercent: part.shareBasisPoints / 100,
    })),
  };
}

/** A share in percent (two decimals) as basis points. */
export function shareBasisPoints(percent: number | null | undefined): number {
  return typeof percent === 'number' && Number.isFinite(percent) ? Math.round(percent * 100) : 0;
}

/** The total of the parts' shares in basis points (10 000 is 100 %). */
export function comboTotal(parts: readonly (Partial<ComboPartForm> | undefined)[] | undefined): number {
  return (parts ?? []).reduce((sum, part) => sum + shareBasisPoints(part?.sharePercent), 0);
}

/** What the server takes: none, or two or more parts whose shares add up to 10 000. */
export function comboValid(parts: readonly (Partial<ComboPartForm> | undefined)[] | undefined): boolean {
  const count = parts?.length ?? 0;
  return count === 0 || (count >= 2 && comboTotal(parts) === 10_000);
}

export function comboBody(parts: ProductForm['comboParts'] | undefined): ProductInput['comboParts'] {
  return (parts ?? []).map((part) => ({
    siteId: part.siteId ?? '',
    gateIds: part.gateIds ?? [],
    shareBasisPoints: shareBasisPoints(part.sharePercent),
  }));
}

/** Whether the parts differ from the saved ones, so an edit of other fields leaves them alone. */
export function comboChanged(parts: ProductInput['comboParts'], saved: ProductView['comboParts']): boolean {
  const key = (list: ProductView['comboParts']) =>
    JSON.stringify(list.map((part) => [part.siteId, [...part.gateIds].sort(), part.shareBasisPoints]));
  return key(parts) !== key(saved);
}

/** Every field of productInputSchema except the code and combo parts (kept as they are). */
export function productBody(form: ProductForm, timeZone: string): Omit<ProductInput, 'code' | 'comboParts'> {
  const validity: ProductInput['validity'] =
    form.validityKind === 'days'
      ? { kind: 'days', days: form.validityDays ?? 0 }
      : form.validityKind === 'range'
        ? { kind: 'range', from: form.validityFrom, to: form.validityTo }
        : { kind: form.validityKind };
  const entries: ProductInput['entries'] =
    form.entriesKind === 'multi'
      ? { kind: 'multi', count: form.entriesCount ?? 0 }
      : form.entriesKind === 'unlimited'
        ? { kind: 'unlimited', minIntervalMinutes: form.entriesInterval ?? 0 }
        : { kind: 'single' };
  return {
    nameZh: form.nameZh.trim(),
    nameEn: form.nameEn.trim(),
    descriptionZh: (form.descriptionZh ?? '').trim(),
    descriptionEn: (form.descriptionEn ?? '').trim(),
    category: form.category,
    eligibilityZh: (form.eligibilityZh ?? '').trim(),
    eligibilityEn: (form.eligibilityEn ?? '').trim(),
    requiredDocuments: (form.requiredDocuments ?? []).map((document) => document.trim()).filter(Boolean),
    listPrice: toFen(form.listPrice),
    validity,
    entries,
    realName: form.realName,
    minAge: form.minAge ?? null,
    maxAge: form.maxAge ?? null,
    channels: form.channels ?? [],
    saleStartsAt: instantAt(form.saleStartsAt ?? '', timeZone),
    saleEndsAt: instantAt(form.saleEndsAt ?? '', timeZone),
    releaseDaysAhead: form.releaseDaysAhead ?? null,
    releaseTime: form.releaseTime === '' || form.releaseTime === undefined ? null : form.releaseTime,
    minPerOrder: form.minPerOrder ?? 1,
    maxPerOrder: form.maxPerOrder ?? 20,
    refundPolicy: policyBody(form.refund),
    rebookPolicy: policyBody(form.rebook),
    countsTowardsDailyMax: form.countsTowardsDailyMax,
    autoRefundAtExpiry: form.autoRefundAtExpiry,
    sortOrder: form.sortOrder ?? 0,
  };
}
