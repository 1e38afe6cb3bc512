// The vouchers API (apps/server/src/routes/finance.ts): the vouchers of a date range with the names
// their lines use, generating them for settled days, and exporting them as a file (which marks them
// exported on the server; a re-export must say so).
import {
  voucherGenerateResponseSchema,
  voucherListSchema,
  type VoucherExportRequest,
  type VoucherGenerateResponse,
  type VoucherList,
  type VoucherView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiBlob, apiGet, apiRequest } from '../../../api/client';
import { withQuery } from '../../../api/query-string';
import { financePath, financeQueryKey } from '../settlement/api';

export type { VoucherExportRequest, VoucherGenerateResponse, VoucherList, VoucherView };
export type VoucherRange = { from: string; to: string };

export function vouchersQueryKey(siteId: string) {
  return [...financeQueryKey, siteId, 'vouchers'] as const;
}

export function vouchersQuery(siteId: string, range: VoucherRange) {
  return queryOptions({
    queryKey: [...vouchersQueryKey(siteId), range.from, range.to],
    queryFn: ({ signal }) =>
      apiGet(withQuery(financePath(siteId, '/vouchers'), range), voucherListSchema, { signal }),
  });
}

export function generateVouchers(siteId: string, range: VoucherRange) {
  return apiRequest(financePath(siteId, '/vouchers/generate'), voucherGenerateResponseSchema, {
    method: 'POST',
    body: range,
  });
}

/** The export as a file to save. */
export function exportVouchers(siteId: string, body: VoucherExportRequest): Promise<Blob> {
  return apiBlob(financePath(siteId, '/vouchers/export'), { method: 'POST', body });
}
