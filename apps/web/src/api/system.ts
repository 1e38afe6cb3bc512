// Server self-description and readiness, as shown on the start page.
import {
  metaResponseSchema,
  readinessResponseSchema,
  type MetaResponse,
  type ReadinessResponse,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiGet } from './client';

export type { MetaResponse, ReadinessResponse };

export function fetchMeta(signal?: AbortSignal): Promise<MetaResponse> {
  return apiGet('/api/v1/meta', metaResponseSchema, { signal });
}

/** /readyz answers 503 with the same body while not ready; that is a result, not an error. */
export function fetchReadiness(signal?: AbortSignal): Promise<ReadinessResponse> {
  return apiGet('/readyz', readinessResponseSchema, { signal, acceptStatuses: [503] });
}

export const metaQuery = queryOptions({
  queryKey: ['system', 'meta'],
  queryFn: ({ signal }) => fetchMeta(signal),
  staleTime: 5 * 60_000,
});

export const readinessQuery = queryOptions({
  queryKey: ['system', 'readiness'],
  queryFn: ({ signal }) => fetchReadiness(signal),
  refetchInterval: 30_000,
});
