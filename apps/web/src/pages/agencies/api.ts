// The agency account API the agencies page needs beyond the list (packages/contracts/src/sales.ts):
// an agency's statement for a period, its CSV and Excel downloads, payments received (with an
// Idempotency-Key, so a double submit records the money once), and its portal users (the logins that
// book its tour groups; packages/contracts/src/groups.ts). Money is integer fen throughout.
import {
  agencyPortalUserSchema,
  agencyStatementSchema,
  agencyViewSchema,
  type agencyPaymentSchema,
  type AgencyPortalUserView,
  type AgencyStatementView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiBlob, apiGet, apiRequest, noContent } from '../../api/client';
import { withQuery } from '../../api/query-string';
import { salesQueryKey } from '../../api/sales';

export type AgencyPayment = z.input<typeof agencyPaymentSchema>;
export type { AgencyPortalUserView, AgencyStatementView };
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

export function portalUsersQuery(siteId: string, agencyId: string) {
  return queryOptions({
    queryKey: [...agencyAccountQueryKey(siteId, agencyId), 'portal-users'],
    queryFn: ({ signal }) =>
      apiGet(agencyPath(siteId, agencyId, '/portal-users'), z.array(agencyPortalUserSchema), { signal }),
  });
}

/** Links a login to the agency (a login linked to another agency moves here). */
export function linkPortalUser(siteId: string, agencyId: string, userId: string) {
  return apiRequest(agencyPath(siteId, agencyId, '/portal-users'), noContent, {
    method: 'POST',
    body: { userId },
  });
}

export function unlinkPortalUser(siteId: string, agencyId: string, userId: string) {
  return apiRequest(agencyPath(siteId, agencyId, `/portal-users/${encodeURIComponent(userId)}`), noContent, {
    method: 'DELETE',
  });
}
