// Logging in and out, the current user (`me`), and changing one's own password and language.
import { authCookies, meResponseSchema, type Locale, type MeResponse } from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, apiGet, apiRequest, noContent, readCookie, setCsrfToken } from './client';

export type { MeResponse };

export const meQueryKey = ['auth', 'me'] as const;

/** The logged-in user, or null when nobody is (a 401 is an answer here, not a failure). */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse | null> {
  // The server sets and clears the CSRF cookie together with the session cookie: without it there is
  // no session to ask about (a first visit, after logout), and no pointless 401 in the console.
  if (readCookie(authCookies.csrf) === undefined) {
    setCsrfToken(undefined);
    return null;
  }
  try {
    const me = await apiGet('/api/v1/auth/me', meResponseSchema, { signal });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

/** Kept until a login, a logout or a 401 changes it; nothing refetches it behind the user's back. */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: ({ signal }) => fetchMe(signal),
  staleTime: Infinity,
  retry: false,
});

export function login(body: { loginName: string; password: string }): Promise<MeResponse> {
  return apiRequest('/api/v1/auth/login', meResponseSchema, { method: 'POST', body });
}

export function logout(): Promise<undefined> {
  return apiRequest('/api/v1/auth/logout', noContent, { method: 'POST' });
}

export function changePassword(body: { currentPassword: string; newPassword: string }): Promise<MeResponse> {
  return apiRequest('/api/v1/auth/change-password', meResponseSchema, { method: 'POST', body });
}

export function updateMyLocale(locale: Locale | null): Promise<MeResponse> {
  return apiRequest('/api/v1/auth/me', meResponseSchema, { method: 'PATCH', body: { locale } });
}
