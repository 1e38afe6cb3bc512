// Where to go after logging in: back to the page the user was on, never to another site.
const AUTH_PAGES = ['/login', '/change-password'];

export const NEXT_PARAM = 'next';

/** A same-origin path to return to, or '/' for anything else (absolute URLs, //host, the auth pages). */
export function safeNextPath(value: string | null | undefined): string {
  if (value === null || value === undefined || !value.startsWith('/') || value.startsWith('//')) return '/';
  if (value.includes('\\')) return '/';
  const pathname = value.split(/[?#]/)[0] ?? '/';
  if (AUTH_PAGES.includes(pathname)) return '/';
  return value;
}

export function pathWithNext(page: string, next: string): string {
  const target = safeNextPath(next);
  return target === '/' ? page : `${page}?${NEXT_PARAM}=${encodeURIComponent(target)}`;
}
