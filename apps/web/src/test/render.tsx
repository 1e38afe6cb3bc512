// Renders the whole app (providers, router, i18n) against a fake server for component tests.
import type { MeResponse, MetaResponse, ReadinessResponse } from '@admit/contracts';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter } from 'react-router';
import { meQueryKey } from '../api/auth';
import { vi, type Mock } from 'vitest';
import { App, createQueryClient } from '../App';
import { createI18n, initialLocale, type I18n } from '../i18n/index';
import { routes } from '../routes';

export const sampleMeta: MetaResponse = {
  product: 'Admit',
  version: '0.1.0',
  defaultLocale: 'zh-CN',
  databaseEngine: 'embedded',
};

export const sampleReadiness: ReadinessResponse = {
  status: 'ready',
  checks: { database: 'ok', migrations: 'current' },
  pendingMigrations: [],
};

export type Reply = { status: number; body?: unknown } | 'network-error';

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
};

/** A fixed reply, or a function of the request (for stateful fakes). */
export type Handler = Reply | ((request: FakeRequest) => Reply);

export interface FakeServer {
  meta?: Reply;
  readiness?: Reply;
  /** Who GET /api/v1/auth/me says is logged in; nobody (401) by default. */
  me?: MeResponse | null;
  /** Further endpoints, keyed `METHOD /path` (query string not part of the key). */
  routes?: Record<string, Handler>;
}

export function errorReply(status: number, code: string, message: string, details?: unknown): Reply {
  return { status, body: { error: { code, message, details, requestId: 'test-request' } } };
}

export function stubFetch(server: FakeServer = {}): Mock<typeof fetch> {
  const handlers: Record<string, Handler> = {
    'GET /api/v1/meta': server.meta ?? { status: 200, body: sampleMeta },
    'GET /readyz': server.readiness ?? { status: 200, body: sampleReadiness },
    'GET /api/v1/auth/me':
      server.me === undefined || server.me === null
        ? errorReply(401, 'authentication_required', '请先登录。')
        : { status: 200, body: server.me },
    ...server.routes,
  };
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://admit.test');
    const method = (init?.method ?? 'GET').toUpperCase();
    const request: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    const handler = handlers[`${method} ${url.pathname}`] ?? errorReply(404, 'not_found', 'Not found');
    const reply = typeof handler === 'function' ? handler(request) : handler;
    if (reply === 'network-error') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(
      reply.body === undefined
        ? new Response(null, { status: reply.status })
        : new Response(JSON.stringify(reply.body), {
            status: reply.status,
            headers: { 'Content-Type': 'application/json' },
          }),
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export type RenderedApp = RenderResult & {
  i18n: I18n;
  fetchMock: Mock<typeof fetch>;
  router: ReturnType<typeof createMemoryRouter>;
  /** The requests made so far to `METHOD /path`. */
  requests: (key: string) => FakeRequest[];
};

/** The value of the readable CSRF cookie in tests that have a session. */
export const TEST_CSRF_COOKIE = 'csrf-cookie';

export function setSessionCookie(present: boolean): void {
  document.cookie = present
    ? `admit_csrf=${TEST_CSRF_COOKIE}; path=/`
    : 'admit_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
}

/** The requests a fake fetch received so far to `METHOD /path`. */
function requestsOf(fetchMock: Mock<typeof fetch>): (key: string) => FakeRequest[] {
  return (key) =>
    fetchMock.mock.calls
      .map(([input, init]) => {
        const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const url = new URL(raw, 'http://admit.test');
        return {
          method: (init?.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
          headers: (init?.headers ?? {}) as Record<string, string>,
        };
      })
      .filter((request) => `${request.method} ${request.path}` === key);
}

export function renderApp(
  options: {
    path?: string;
    server?: FakeServer;
    cspNonce?: string;
    /** Whether the browser holds session cookies; by default when the fake server knows a user. */
    sessionCookie?: boolean;
  } = {},
): RenderedApp {
  const fetchMock = stubFetch(options.server);
  const server = options.server ?? {};
  setSessionCookie(
    options.sessionCookie ??
      ((server.me !== undefined && server.me !== null) ||
        server.routes?.['GET /api/v1/auth/me'] !== undefined),
  );
  const i18n = createI18n(initialLocale());
  const queryClient = createQueryClient({ retry: 0 });
  const router = createMemoryRouter(routes, { initialEntries: [options.path ?? '/'] });
  const result = render(
    <App i18n={i18n} queryClient={queryClient} router={router} cspNonce={options.cspNonce} />,
  );
  const requests = requestsOf(fetchMock);
  return { ...result, i18n, fetchMock, router, requests };
}

/**
 * Renders one page (or tab) with the app's providers but without the shell, the session gate or the
 * other routes: the user is known from the start (`server.me` seeds the session). Much cheaper than
 * `renderApp` for a screen's own tests; `path` is where the page sits (for links and search params).
 */
export function renderPage(
  element: ReactElement,
  options: { path?: string; server?: FakeServer & { me: MeResponse } },
): RenderedApp {
  const fetchMock = stubFetch(options.server);
  setSessionCookie(true);
  const i18n = createI18n(initialLocale());
  const queryClient = createQueryClient({ retry: 0 });
  if (options.server) queryClient.setQueryData(meQueryKey, options.server.me);
  const path = options.path ?? '/';
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [path] });
  const result = render(<App i18n={i18n} queryClient={queryClient} router={router} />);
  const requests = requestsOf(fetchMock);
  return { ...result, i18n, fetchMock, router, requests };
}
