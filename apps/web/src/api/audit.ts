// The audit log, newest first, a page at a time (cursor = the last entry's id).
import { auditListResponseSchema, type AuditEntry } from '@admit/contracts';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { apiGet } from './client';
import { withQuery } from './query-string';

export type { AuditEntry };

export type AuditFilters = {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  outcome?: AuditEntry['outcome'] | undefined;
};

export const AUDIT_PAGE_SIZE = 50;

export function auditQuery(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: ['audit', filters],
    queryFn: ({ signal, pageParam }) =>
      apiGet(
        withQuery('/api/v1/audit', { ...filters, before: pageParam, limit: AUDIT_PAGE_SIZE }),
        auditListResponseSchema,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
