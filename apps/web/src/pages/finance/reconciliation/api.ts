// The reconciliation API the tab uses (packages/contracts/src/reconciliation.ts): importing a statement
// (the file as base64 in JSON), a site's runs, a run's items a page at a time, resolving an item, saved
// column mappings, and the simulator's statement as a file to save. Money is integer fen throughout.
import {
  reconciliationImportResultSchema,
  reconciliationItemPageSchema,
  reconciliationItemSchema,
  reconciliationRunSchema,
  statementMappingSchema,
  type ReconciliationImportRequest,
  type ReconciliationItemView,
  type ReconciliationOutcomeView,
  type ReconciliationResolveRequest,
  type ReconciliationRunView,
  type StatementColumnMappingInput,
  type StatementMappingView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiBlob, apiGet, apiRequest, noContent } from '../../../api/client';
import { withQuery } from '../../../api/query-string';

export type {
  ReconciliationImportRequest,
  ReconciliationItemView,
  ReconciliationOutcomeView,
  ReconciliationRunView,
  StatementColumnMappingInput,
  StatementMappingView,
};

const base = '/api/v1/finance/reconciliation';

/** Everything cached about a site's reconciliation, to refresh after an import or a resolution. */
export function reconciliationQueryKey(siteId: string) {
  return ['reconciliation', siteId] as const;
}

export function runsQuery(siteId: string) {
  return queryOptions({
    queryKey: [...reconciliationQueryKey(siteId), 'runs'],
    queryFn: ({ signal }) =>
      apiGet(withQuery(`${base}/runs`, { siteId }), z.array(reconciliationRunSchema), { signal }),
  });
}

export function runQuery(siteId: string, runId: string) {
  return queryOptions({
    queryKey: [...reconciliationQueryKey(siteId), 'run', runId],
    queryFn: ({ signal }) =>
      apiGet(withQuery(`${base}/runs/${encodeURIComponent(runId)}`, { siteId }), reconciliationRunSchema, {
        signal,
      }),
  });
}

export type ItemFilter = { outcome: ReconciliationOutcomeView | null; open: boolean };

export const itemPageSize = 100;

export function itemsPage(siteId: string, runId: string, filter: ItemFilter, after: string | null) {
  return apiGet(
    withQuery(`${base}/runs/${encodeURIComponent(runId)}/items`, {
      siteId,
      outcome: filter.outcome,
      open: filter.open ? 'true' : null,
      after,
      limit: itemPageSize,
    }),
    reconciliationItemPageSchema,
  );
}

export function itemsQueryKey(siteId: string, runId: string, filter: ItemFilter) {
  return [...reconciliationQueryKey(siteId), 'items', runId, filter.outcome ?? 'all', filter.open] as const;
}

export function importStatement(body: ReconciliationImportRequest) {
  return apiRequest(`${base}/runs`, reconciliationImportResultSchema, { method: 'POST', body });
}

export function resolveItem(itemId: string, body: ReconciliationResolveRequest) {
  return apiRequest(`${base}/items/${encodeURIComponent(itemId)}/resolve`, reconciliationItemSchema, {
    method: 'POST',
    body,
  });
}

export function mappingsQuery(siteId: string) {
  return queryOptions({
    queryKey: [...reconciliationQueryKey(siteId), 'mappings'],
    queryFn: ({ signal }) =>
      apiGet(withQuery(`${base}/mappings`, { siteId }), z.array(statementMappingSchema), { signal }),
  });
}

export function saveMapping(siteId: string, name: string, mapping: StatementColumnMappingInput) {
  return apiRequest(`${base}/mappings`, statementMappingSchema, {
    method: 'POST',
    body: { siteId, name, mapping },
  });
}

export function deleteMapping(siteId: string, mappingId: string) {
  return apiRequest(withQuery(`${base}/mappings/${encodeURIComponent(mappingId)}`, { siteId }), noContent, {
    method: 'DELETE',
  });
}

/** The simulator's statement for the days, in Alipay's format (GBK CSV). */
export function simulatorStatement(siteId: string, from: string, to: string): Promise<Blob> {
  return apiBlob(withQuery(`${base}/simulator-statement`, { siteId, from, to, format: 'csv' }));
}

/** The file as base64 for the JSON body (FileReader: no large string concatenation). */
export function fileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Hands a downloaded file to the browser to save under `name`. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
