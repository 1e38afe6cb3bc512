// After the sale (apps/server/src/routes/after-sale.ts): closing a cashier shift blind and its report
// (交班单), finance's list of a day's shifts, refunds and voids, rebooking, looking orders up, an
// order's timeline and its full personal data, and the bulk refund of a cancelled session. The
// schemas the server declares inline are mirrored here; money is integer fen throughout. Requests that
// move money carry an Idempotency-Key (one per attempt, reused on a retry).
import {
  orderViewSchema,
  refundResponseSchema,
  shiftReportSchema,
  shiftViewSchema,
  type refundRequestSchema,
  type salePaymentSchema,
  type shiftTotalsSchema,
  type shiftCloseSchema,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from './client';
import { withQuery } from './query-string';
import { salesQueryKey } from './sales';

export type ShiftReport = z.infer<typeof shiftReportSchema>;
export type ShiftTotals = z.infer<typeof shiftTotalsSchema>;
export type ShiftClose = z.input<typeof shiftCloseSchema>;
export type RefundRequest = z.input<typeof refundRequestSchema>;
export type RefundResponse = z.infer<typeof refundResponseSchema>;
export type Approval = { loginName: string; password: string };

export const rebookResponseSchema = z.object({
  order: orderViewSchema,
  /** New price + fees − old price: positive was paid with the request's payments, negative refunded. */
  difference: z.number().int(),
  fee: z.number().int(),
  newTicketIds: z.array(z.uuid()),
  change: z.number().int(),
});
export type RebookResponse = z.infer<typeof rebookResponseSchema>;
export type RebookPayment = z.input<typeof salePaymentSchema>;
export type RebookRequest = { ticketIds: string[]; toSessionId: string; payments: RebookPayment[] };

export const orderSummarySchema = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  channel: z.string(),
  visitDate: z.string(),
  total: z.number().int(),
  tickets: z.number().int(),
  createdAt: z.string(),
  sellerName: z.string().nullable(),
});
export type OrderSummary = z.infer<typeof orderSummarySchema>;
export const orderSearchSchema = z.object({ matchedBy: z.string(), orders: z.array(orderSummarySchema) });
export type OrderSearch = z.infer<typeof orderSearchSchema>;
/** What was typed or scanned, or a range of business dates. */
export type OrderQuery = { q: string } | { from: string; to: string };

export const timelineEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
const orderDetailSchema = z.object({ order: orderViewSchema, timeline: z.array(timelineEntrySchema) });
export type OrderDetail = z.infer<typeof orderDetailSchema>;

export const personalDataSchema = z.object({
  contactPhone: z.string().nullable(),
  holders: z.array(z.object({ ticketId: z.uuid(), documentNumber: z.string() })),
});
export type PersonalData = z.infer<typeof personalDataSchema>;

export const sessionOrderSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  validTickets: z.number().int(),
  total: z.number().int(),
});
export type SessionOrder = z.infer<typeof sessionOrderSchema>;

export const bulkActionSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  report: z.array(
    z.object({ orderId: z.uuid(), number: z.string(), outcome: z.string(), code: z.string().optional() }),
  ),
});
export type BulkAction = z.infer<typeof bulkActionSchema>;

// ── Shifts ──────────────────────────────────────────────────────────────────────────────────────────

export function closeShift(siteId: string, shiftId: string, body: ShiftClose) {
  return apiRequest(shiftPath(siteId, shiftId, '/close'), shiftReportSchema, { method: 'POST', body });
}

export function shiftReportQuery(siteId: string, shiftId: string) {
  return queryOptions({
    queryKey: [...salesQueryKey, siteId, 'shift-report', shiftId],
    queryFn: ({ signal }) => apiGet(shiftPath(siteId, shiftId), shiftReportSchema, { signal }),
  });
}

export function shiftsOfDayKey(siteId: string) {
  return [...salesQueryKey, siteId, 'shifts-of-day'] as const;
}

export function shiftsOfDayQuery(siteId: string, date: string) {
  return queryOptions({
    queryKey: [...shiftsOfDayKey(siteId), date],
    queryFn: ({ signal }) =>
      apiGet(withQuery(sitePath(siteId, '/shifts'), { date }), z.array(shiftViewSchema), { signal }),
  });
}

export function confirmShift(siteId: string, shiftId: string) {
  return apiRequest(shiftPath(siteId, shiftId, '/confirm'), shiftViewSchema, { method: 'POST' });
}

// ── Refunds, voids, rebooking, printing ─────────────────────────────────────────────────────────────

export function refundTickets(siteId: string, orderId: string, body: RefundRequest, idempotencyKey: string) {
  return apiRequest(orderPath(siteId, orderId, '/refunds'), refundResponseSchema, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function rebookTickets(siteId: string, orderId: string, body: RebookRequest, idempotencyKey: string) {
  return apiRequest(orderPath(siteId, orderId, '/rebook'), rebookResponseSchema, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

// ── Look-up ─────────────────────────────────────────────────────────────────────────────────────────

export function searchOrders(siteId: string, query: OrderQuery) {
  const params = 'q' in query ? { q: query.q } : { from: query.from, to: query.to };
  return apiGet(withQuery(sitePath(siteId, '/orders'), params), orderSearchSchema);
}

export function orderDetailKey(siteId: string, orderId: string) {
  return [...salesQueryKey, siteId, 'order-detail', orderId] as const;
}

export function orderDetailQuery(siteId: string, orderId: string) {
  return queryOptions({
    queryKey: orderDetailKey(siteId, orderId),
    queryFn: ({ signal }) => apiGet(orderPath(siteId, orderId, '/timeline'), orderDetailSchema, { signal }),
  });
}

/** Full ID and phone numbers: pii.read only, and every call is in the audit log. */
export function revealPersonalData(siteId: string, orderId: string) {
  return apiRequest(orderPath(siteId, orderId, '/personal-data'), personalDataSchema, { method: 'POST' });
}

// ── A cancelled session ─────────────────────────────────────────────────────────────────────────────

export function sessionOrdersQuery(siteId: string, sessionId: string) {
  return queryOptions({
    queryKey: [...salesQueryKey, siteId, 'session-orders', sessionId],
    queryFn: ({ signal }) =>
      apiGet(
        sitePath(siteId, `/sessions/${encodeURIComponent(sessionId)}/orders`),
        z.array(sessionOrderSchema),
        { signal },
      ),
  });
}

export function startBulkRefund(siteId: string, sessionId: string) {
  return apiRequest(
    sitePath(siteId, `/sessions/${encodeURIComponent(sessionId)}/bulk-refund`),
    bulkActionSchema,
    { method: 'POST' },
  );
}

export function getBulkAction(siteId: string, bulkId: string, signal?: AbortSignal) {
  return apiGet(sitePath(siteId, `/bulk-actions/${encodeURIComponent(bulkId)}`), bulkActionSchema, {
    signal,
  });
}

function sitePath(siteId: string, rest = ''): string {
  return `/api/v1/sites/${encodeURIComponent(siteId)}${rest}`;
}

function orderPath(siteId: string, orderId: string, rest = ''): string {
  return sitePath(siteId, `/orders/${encodeURIComponent(orderId)}${rest}`);
}

function shiftPath(siteId: string, shiftId: string, rest = ''): string {
  return sitePath(siteId, `/shifts/${encodeURIComponent(shiftId)}${rest}`);
}

// ── Refunds not yet confirmed (finance) ─────────────────────────────────────────────────────────────

export const openRefundSchema = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  orderNumber: z.string(),
  method: z.string(),
  provider: z.string().nullable(),
  amount: z.number().int(),
  status: z.enum(['pending', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OpenRefund = z.infer<typeof openRefundSchema>;

export function openRefundsQuery(siteId: string) {
  return queryOptions({
    queryKey: [...salesQueryKey, siteId, 'open-refunds'],
    queryFn: ({ signal }) => apiGet(sitePath(siteId, '/refunds/open'), z.array(openRefundSchema), { signal }),
  });
}
