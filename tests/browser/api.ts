// The API as the logged-in browser calls it, for a test's setup and checks: the page's cookies, and
// the CSRF header on every request that changes something.
import { authCookies, csrfHeader } from '@admit/contracts';
import type { APIResponse, Page } from 'playwright-core';

export type Api = {
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) => Promise<T>;
  patch: <T>(path: string, body: unknown) => Promise<T>;
  put: <T>(path: string, body: unknown) => Promise<T>;
};

export async function apiFor(page: Page, baseUrl: string): Promise<Api> {
  const cookies = await page.context().cookies(baseUrl);
  const csrf = cookies.find((cookie) => cookie.name === authCookies.csrf)?.value ?? '';
  const url = (path: string) => new URL(path, baseUrl).href;
  const read = async <T>(response: APIResponse, path: string): Promise<T> => {
    if (!response.ok()) throw new Error(`${path}: HTTP ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const headers = { [csrfHeader]: csrf };
  return {
    get: async <T>(path: string) => read<T>(await page.request.get(url(path)), path),
    post: async <T>(path: string, body: unknown, extra: Record<string, string> = {}) =>
      read<T>(await page.request.post(url(path), { data: body, headers: { ...headers, ...extra } }), path),
    patch: async <T>(path: string, body: unknown) =>
      read<T>(await page.request.patch(url(path), { data: body, headers }), path),
    put: async <T>(path: string, body: unknown) =>
      read<T>(await page.request.put(url(path), { data: body, headers }), path),
  };
}
