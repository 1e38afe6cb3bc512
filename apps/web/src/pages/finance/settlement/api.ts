// The finance API the settlement tab needs (apps/server/src/routes/finance.ts): a day's settlement
// with its readiness, confirming it, the month's days, and adjustments (recorded with an
// Idempotency-Key, so a double submit records the correction once). Money is integer fen.
import {
  adjustmentViewSchema,
  settlementDaySchema,
  settlementViewSchema,
  type AdjustmentInput,
  type AdjustmentView,
  type SettlementDayView,
  type SettlementView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from '../../../api/client';
import { withQuery } from '../../../api/query-string';

export type { AdjustmentInput, AdjustmentView, SettlementDayView, SettlementView };

export const financeQueryKey = ['finance'] as const;

export function financePath(siteId: string, rest: string): string {
  return `/api/v1/finance/sites/${encodeURIComponent(siteId)}${rest}`;
}

/** Everything cached about a site's settlements (a day, the month, adjustments), to refresh after a change. */
export function settlementsQueryKey(siteId: string) {
  return [...financeQueryKey, siteId, 'settlements'] as const;
}

export function settlementQuery(siteId: string, date: string) {
  return queryOptions({
    queryKey: [...settlementsQueryKey(siteId), 'day', date],
    queryFn: ({ signal }) =>
      apiGet(financePath(siteId, `/settlements/${encodeURIComponent(date)}`), settlementViewSchema, {
        signal,
      }),
  });
}

export function settlementMonthQuery(siteId: string, month: string) {
  return queryOptions({
    queryKey: [...settlementsQueryKey(siteId), 'month', month],
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(financePath(siteId, '/settlements'), { month }),
        z.object({ days: z.array(settlementDaySchema) }),
        { signal },
      ).then((r) => r.days),
  });
}

export function confirmSettlement(siteId: string, date: string, note: string) {
  return apiRequest(
    financePath(siteId, `/settlements/${encodeURIComponent(date)}/confirm`),
    settlementViewSchema,
    {
      method: 'POST',
      body: { note },
    },
  );
}

export function recordAdjustment(siteId: string, body: AdjustmentInput, idempotencyKey: string) {
  return apiRequest(financePath(siteId, '/adjustments'), adjustmentViewSchema, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}
