// The tour-group API the portal and the lane use (packages/contracts/src/groups.ts): booking options
// for a date, the list check (preview) and the booking (with an Idempotency-Key, so a double submit
// books once), the agency's groups, and the lane's look-up and admission.
import {
  groupOptionsSchema,
  groupPreviewSchema,
  groupSummarySchema,
  groupViewSchema,
  type GroupBookingRequest,
  type GroupOptionsView,
  type GroupPreviewView,
  type GroupSummaryView,
  type GroupView,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiBlob, apiGet, apiRequest } from '../../api/client';
import { withQuery } from '../../api/query-string';

export type { GroupBookingRequest, GroupOptionsView, GroupPreviewView, GroupSummaryView, GroupView };

const sitePath = (siteId: string, rest: string) => `/api/v1/sites/${encodeURIComponent(siteId)}${rest}`;

export const groupsQueryKey = ['groups'] as const;

export function groupOptionsQuery(siteId: string, date: string | null) {
  return queryOptions({
    queryKey: [...groupsQueryKey, siteId, 'options', date],
    queryFn: ({ signal }) =>
      apiGet(withQuery(sitePath(siteId, '/groups/options'), date ? { date } : {}), groupOptionsSchema, {
        signal,
      }),
  });
}

export function groupsQuery(siteId: string) {
  return queryOptions({
    queryKey: [...groupsQueryKey, siteId, 'list'],
    queryFn: ({ signal }) => apiGet(sitePath(siteId, '/groups'), z.array(groupSummarySchema), { signal }),
  });
}

export function previewGroup(siteId: string, body: GroupBookingRequest) {
  return apiRequest(sitePath(siteId, '/groups/preview'), groupPreviewSchema, { method: 'POST', body });
}

export function bookGroup(siteId: string, body: GroupBookingRequest, idempotencyKey: string) {
  return apiRequest(sitePath(siteId, '/groups'), groupViewSchema, {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function groupTemplate(siteId: string, format: 'xlsx' | 'csv'): Promise<Blob> {
  return apiBlob(withQuery(sitePath(siteId, '/groups/template'), { format }));
}

export function laneGroup(siteId: string, code: string) {
  return apiGet(sitePath(siteId, `/group-lane/${encodeURIComponent(code)}`), groupViewSchema);
}

export function admitGroup(siteId: string, code: string, headCount: number) {
  return apiRequest(sitePath(siteId, `/group-lane/${encodeURIComponent(code)}/admit`), groupViewSchema, {
    method: 'POST',
    body: { headCount },
  });
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
