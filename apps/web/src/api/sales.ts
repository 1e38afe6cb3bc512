// The selling API (packages/contracts/src/sales.ts): what the box office sells on a date, the sale
// itself (with an Idempotency-Key, so a repeated Enter never sells twice), payment-code follow-up, the
// order, printing, and the travel agencies that buy on account. Money is integer fen throughout.
import {
  agencyViewSchema,
  boxOfficeResponseSchema,
  orderViewSchema,
  printResponseSchema,
  saleResponseSchema,
  shiftViewSchema,
  type agencyDepositSchema,
  type agencyInputSchema,
  type agencyUpdateSchema,
  type saleRequestSchema,
  type shiftOpenSchema,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiBlob, apiGet, apiRequest } from './client';
import { withQuery } from './query-string';

export type BoxOffice = z.infer<typeof boxOfficeResponseSchema>;
export type BoxOfficeProduct = BoxOffice['products'][number];
export type BoxOfficeSession = BoxOffice['sessions'][number];
export type BoxOfficeAgency = BoxOffice['agencies'][number];
export type SaleRequest = z.input<typeof saleRequestSchema>;
export type SalePayment = SaleRequest['payments'][number];
export type PaymentMethod = SalePayment['method'];
export type TicketHolder = NonNullable<SaleRequest['lines'][number]['holders']>[number];
export type DocumentKind = NonNullable<TicketHolder['documentKind']>;
export type SaleResponse = z.infer<typeof saleResponseSchema>;
export type OrderView = z.infer<typeof orderViewSchema>;
export type TicketView = OrderView['tickets'][number];
export type PrintLayout = '80mm' | '58mm';
export type AgencyView = z.infer<typeof agencyViewSchema>;
export type AgencyInput = z.input<typeof agencyInputSchema>;
export type AgencyUpdate = z.input<typeof agencyUpdateSchema>;
export type AgencyDeposit = z.input<typeof agencyDepositSchema>;
export type ShiftView = z.infer<typeof shiftViewSchema>;
export type ShiftOpen = z.input<typeof shiftOpenSchema>;

export const paymentMethods: readonly PaymentMethod[] = ['cash', 'card', 'payment_code', 'on_account'];
export const documentKinds: readonly DocumentKind[] = [
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'foreigner_permanent_residence',
];

export const salesQueryKey = ['sales'] as const;

export function boxOfficeQuery(siteId: string, date: string | undefined) {
  return queryOptions({
    queryKey: [...salesQueryKey, siteId, 'box-office', date ?? 'today'],
    queryFn: ({ signal }) =>
      apiGet(withQuery(sitePath(siteId, '/box-office'), { date }), boxOfficeResponseSchema, { signal }),
  });
}

/** The seller's open shift (班次) at the site, or null: a box-office sale needs one. */
export function currentShiftQuery(siteId: string) {
  return queryOptions({
    queryKey: [...salesQueryKey, siteId, 'shift'],
    queryFn: ({ signal }) =>
      apiGet(sitePath(siteId, '/shifts/current'), z.object({ shift: shiftViewSchema.nullable() }), {
        signal,
      }).then((r) => r.shift),
  });
}

export function openShift(siteId: string, body: ShiftOpen) {
  return apiRequest(sitePath(siteId, '/shifts'), shiftViewSchema, { method: 'POST', body });
}

/**
 * A random UUID (v4) from getRandomValues: crypto.randomUUID exists only in secure contexts, and a
 * box-office PC may reach the server over plain HTTP on the LAN.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 201 with the order paid, or 202 with the order pending while the customer enters a password. */
export function sell(siteId: string, body: SaleRequest, idempotencyKey: string) {
  return apiRequest(sitePath(siteId, '/orders'), saleResponseSchema, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function queryPayment(siteId: string, orderId: string) {
  return apiRequest(orderPath(siteId, orderId, '/payment-query'), saleResponseSchema, { method: 'POST' });
}

/** The answer is not needed: the screen goes back to the payment form either way. */
export function cancelPayment(siteId: string, orderId: string) {
  return apiRequest(orderPath(siteId, orderId, '/payment-cancel'), z.unknown(), { method: 'POST' });
}

export function getOrder(siteId: string, orderId: string) {
  return apiGet(orderPath(siteId, orderId), orderViewSchema);
}

/**
 * Records the print (a reprint for tickets printed before) and returns the codes to print: the order's
 * valid tickets, or only `ticketIds` (the new tickets of a rebooking, the ones chosen to reprint).
 */
export function printTickets(siteId: string, orderId: string, layout: PrintLayout, ticketIds?: string[]) {
  return apiRequest(orderPath(siteId, orderId, '/print'), printResponseSchema, {
    method: 'POST',
    body: { layout, format: 'json', ticketIds },
  });
}

export function printPdf(siteId: string, orderId: string, layout: PrintLayout, ticketIds?: string[]) {
  return apiBlob(orderPath(siteId, orderId, '/print'), {
    method: 'POST',
    body: { layout, format: 'pdf', ticketIds },
  });
}

export function printerTestUrl(siteId: string, layout: PrintLayout): string {
  return withQuery(sitePath(siteId, '/printer-test.pdf'), { layout });
}

// The list answer is `{ agencies: [...] }` like the catalog's lists; a bare array is read too.
const agencyListSchema = z
  .union([z.object({ agencies: z.array(agencyViewSchema) }), z.array(agencyViewSchema)])
  .transform((value) => (Array.isArray(value) ? value : value.agencies));

export function agenciesQueryKey(siteId: string) {
  return [...salesQueryKey, siteId, 'agencies'] as const;
}

export function agenciesQuery(siteId: string) {
  return queryOptions({
    queryKey: agenciesQueryKey(siteId),
    queryFn: ({ signal }) => apiGet(sitePath(siteId, '/agencies'), agencyListSchema, { signal }),
  });
}

export function createAgency(siteId: string, body: AgencyInput) {
  return apiRequest(sitePath(siteId, '/agencies'), agencyViewSchema, { method: 'POST', body });
}

export function updateAgency(siteId: string, agencyId: string, body: AgencyUpdate) {
  return apiRequest(sitePath(siteId, `/agencies/${encodeURIComponent(agencyId)}`), agencyViewSchema, {
    method: 'PATCH',
    body,
  });
}

/** Money moves: one Idempotency-Key per deposit form, so a double submit records it once. */
export function recordDeposit(siteId: string, agencyId: string, body: AgencyDeposit, idempotencyKey: string) {
  return apiRequest(
    sitePath(siteId, `/agencies/${encodeURIComponent(agencyId)}/deposits`),
    agencyViewSchema,
    {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    },
  );
}

function sitePath(siteId: string, rest = ''): string {
  return `/api/v1/sites/${encodeURIComponent(siteId)}${rest}`;
}

function orderPath(siteId: string, orderId: string, rest = ''): string {
  return sitePath(siteId, `/orders/${encodeURIComponent(orderId)}${rest}`);
}
