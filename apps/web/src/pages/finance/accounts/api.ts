// The chart of accounts API (apps/server/src/routes/finance.ts): the site's chart (or null), the
// standard template to start from, and saving it (checked complete by the server, which names the
// field at fault).
import {
  chartResponseSchema,
  chartTemplateSchema,
  chartViewSchema,
  type ChartOfAccountsInput,
  type ChartOfAccountsView,
  type ChartView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../../../api/client';
import { financePath, financeQueryKey } from '../settlement/api';

export type { ChartOfAccountsInput, ChartOfAccountsView, ChartView };

export function chartQueryKey(siteId: string) {
  return [...financeQueryKey, siteId, 'chart'] as const;
}

export function chartQuery(siteId: string) {
  return queryOptions({
    queryKey: chartQueryKey(siteId),
    queryFn: ({ signal }) =>
      apiGet(financePath(siteId, '/chart'), chartResponseSchema, { signal }).then((r) => r.chart),
  });
}

export function chartTemplateQuery(siteId: string) {
  return queryOptions({
    queryKey: [...chartQueryKey(siteId), 'template'],
    queryFn: ({ signal }) => apiGet(financePath(siteId, '/chart/template'), chartTemplateSchema, { signal }),
    staleTime: Infinity,
  });
}

export function saveChart(siteId: string, body: { chart: ChartOfAccountsInput; voucherWord: string }) {
  return apiRequest(financePath(siteId, '/chart'), chartViewSchema, { method: 'PUT', body });
}
