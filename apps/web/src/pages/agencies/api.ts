// The agency account API the agencies page needs beyond the list (packages/contracts/src/sales.ts):
// an agency's statement for a period, its CSV and Excel downloads, and payments received (with an
// Idempotency-Key, so a double submit records the money once). Money is integer fen throughout.
import {
  agencyStatementSchema,
  agencyViewSchema,
  type agencyPaymentSchema,
  type AgencyStatementView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiBlob, apiGet, apiRequest } from '../../api/client';
import { withQuery } from '../../api/query-string';
import { salesQueryKey } from '../../api/sales';

export type AgencyPayment = z.input<typeof agencyPaymentSchema>;
export type { AgencyStatementView };
export type StatementLine = AgencyStatementView['lines'][number];
export type LedgerKind = StatementLine['kind'];
export type StatementPeriod = { from: string; to: string };

function agencyPath(siteId: string, agencyId: string, rest: string): string {
  return `/api/v1/sites/${encodeURIComponent(siteId)}/agencies/${encodeURIComponent(agencyId)}${rest}`;
}

/** Everything cached about one agency's account (its statements), to refresh after money moves. */
export function agencyAccountQueryKey(siteId: string, agencyId: string) {
  return [...salesQueryKey, siteId, 'agency', agencyId] as const;
}

export function agencyStatementQuery(siteId: string, agencyId: string, period: StatementPeriod) {
  return queryOptions({
    queryKey: [...agencyAccountQueryKey(siteId, agencyId), 'statement', period.from, period.to],
    queryFn: ({ signal }) =>
      apiGet(withQuery(agencyPath(siteId, agencyId, '/statement'), period), agencyStatementSchema, {
        signal,
      }),
  });
}

/** The statement as a file to save: CSV (UTF-8 with BOM) or an Excel workbook. */
export function agencyStatementFile(
  siteId: string,
  agencyId: string,
  period: StatementPeriod,
  format: 'csv' | 'xlsx',
): Promise<Blob> {
  return apiBlob(withQuery(agencyPath(siteId, agencyId, '/statement'), { ...period, format }));
}

/** Money moves: one Idempotency-Key per payment form, so a double submit records it once. */
export function recordPayment(siteId: string, agencyId: string, body: AgencyPayment, idempotencyKey: string) {
  return apiRequest(agencyPath(siteId, agencyId, '/payments'), agencyViewSchema, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}
