// The logged-in user as the rest of the app sees it: who they are, what they may do, and the
// transitions between users (login, logout, a session that ended on the server).
import type { MeResponse } from '@admit/contracts';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { meQuery, meQueryKey } from '../api/auth';
import { ApiError, isSessionEnded, setCsrfToken } from '../api/client';

export type { MeResponse };

/** Why the last session ended, for the login page's notice. */
export type SessionEndReason = 'expired' | 'logged_out';
export const sessionEndKey = ['auth', 'ended'] as const;

/** undefined while loading, null when nobody is logged in. */
export function useMe(): MeResponse | null | undefined {
  return useQuery(meQuery).data;
}

export function hasPermission(me: MeResponse | null | undefined, permission: string): boolean {
  return me?.permissions.includes(permission) ?? false;
}

export function usePermission(permission: string): boolean {
  return hasPermission(useMe(), permission);
}

/**
 * A different user is now (or no longer) logged in: drop everything cached for the previous one so no
 * screen shows their data, and remember the new user.
 */
export function switchUser(client: QueryClient, me: MeResponse | null, reason?: SessionEndReason): void {
  client.removeQueries({
    predicate: (query) => query.queryKey[0] !== 'system' && query.queryKey[0] !== 'auth',
  });
  // The reason first: the guards read it when they see nobody logged in.
  client.setQueryData(sessionEndKey, me === null ? (reason ?? null) : null);
  replaceMe(client, me);
}

/** The same user with new details (password changed, language saved). */
export function replaceMe(client: QueryClient, me: MeResponse | null): void {
  setCsrfToken(me?.csrfToken);
  client.setQueryData(meQueryKey, me);
}

export function sessionEndReason(client: QueryClient): SessionEndReason | null {
  return client.getQueryData<SessionEndReason | null>(sessionEndKey) ?? null;
}

export function useSwitchUser(): (me: MeResponse | null, reason?: SessionEndReason) => void {
  const client = useQueryClient();
  return useCallback((me, reason) => switchUser(client, me, reason), [client]);
}

/**
 * Reacts to errors of any query or mutation: a 401 means the session ended (expired, revoked), so the
 * guards send the user to the login page and back afterwards; `password_change_required` means the
 * server wants the forced change first.
 */
export function handleSessionErrors(client: QueryClient, error: unknown): void {
  if (isSessionEnded(error)) {
    const me = client.getQueryData<MeResponse | null>(meQueryKey);
    if (me !== null && me !== undefined) {
      setCsrfToken(undefined);
      client.setQueryData(sessionEndKey, 'expired');
      client.setQueryData(meQueryKey, null);
    }
    return;
  }
  if (error instanceof ApiError && error.code === 'password_change_required') {
    const me = client.getQueryData<MeResponse | null>(meQueryKey);
    if (me !== null && me !== undefined && !me.mustChangePassword) {
      client.setQueryData(meQueryKey, { ...me, mustChangePassword: true });
    }
  }
}
