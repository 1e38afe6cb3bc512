// User administration: the list, creating users, and the per-user actions.
import {
  createUserResponseSchema,
  resetPasswordResponseSchema,
  revealPhoneResponseSchema,
  userListResponseSchema,
  userSummarySchema,
  type GrantInput,
  type UserSummary,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiRequest } from './client';
import { withQuery } from './query-string';

export type { GrantInput, UserSummary };

export type UserFilters = { q?: string | undefined; status?: 'active' | 'disabled' | undefined };

export const usersQueryKey = ['users'] as const;

export function usersQuery(filters: UserFilters = {}) {
  return queryOptions({
    queryKey: [...usersQueryKey, 'list', filters],
    queryFn: ({ signal }) =>
      apiGet(withQuery('/api/v1/users', filters), userListResponseSchema, { signal }).then((r) => r.users),
  });
}

export type NewUser = {
  loginName: string;
  displayName: string;
  phone?: string | undefined;
  grants: GrantInput[];
};

export function createUser(body: NewUser) {
  return apiRequest('/api/v1/users', createUserResponseSchema, { method: 'POST', body });
}

export function updateUser(id: string, body: { displayName?: string; phone?: string | null }) {
  return apiRequest(userPath(id), userSummarySchema, { method: 'PATCH', body });
}

export function disableUser(id: string) {
  return apiRequest(`${userPath(id)}/disable`, userSummarySchema, { method: 'POST' });
}

export function enableUser(id: string) {
  return apiRequest(`${userPath(id)}/enable`, userSummarySchema, { method: 'POST' });
}

export function unlockUser(id: string) {
  return apiRequest(`${userPath(id)}/unlock`, userSummarySchema, { method: 'POST' });
}

export function resetPassword(id: string) {
  return apiRequest(`${userPath(id)}/reset-password`, resetPasswordResponseSchema, { method: 'POST' });
}

export function setUserGrants(id: string, grants: GrantInput[]) {
  return apiRequest(`${userPath(id)}/roles`, userSummarySchema, { method: 'PUT', body: { grants } });
}

/** The full number; the server audits every call. */
export function revealPhone(id: string) {
  return apiGet(`${userPath(id)}/phone`, revealPhoneResponseSchema).then((r) => r.phone);
}

function userPath(id: string): string {
  return `/api/v1/users/${encodeURIComponent(id)}`;
}
