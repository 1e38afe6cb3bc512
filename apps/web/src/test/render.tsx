// Renders the whole app (providers, router, i18n) against a fake server for component tests.
import type { MetaResponse, ReadinessResponse } from '@admit/contracts';
import { QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { vi, type Mock } from 'vitest';
import { App } from '../App';
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

type Reply = { status: number; body: unknown } | 'network-error';

export interface FakeServer {
  meta?: Reply;
  readiness?: Reply;
}

export function stubFetch(server: FakeServer = {}): Mock<typeof fetch> {
  const replies: Record<string, Reply> = {
    '/api/v1/meta': server.meta ?? { status: 200, body: sampleMeta },
    '/readyz': server.readiness ?? { status: 200, body: sampleReadiness },
  };
  const fetchMock = vi.fn<typeof fetch>((input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const reply = replies[url] ?? {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'Not found' } },
    };
    if (reply === 'network-error') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export function renderApp(
  options: { path?: string; server?: FakeServer; cspNonce?: string } = {},
): RenderResult & { i18n: I18n; fetchMock: Mock<typeof fetch> } {
  const fetchMock = stubFetch(options.server);
  const i18n = createI18n(initialLocale());
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [options.path ?? '/'] });
  const result = render(
    <App i18n={i18n} queryClient={queryClient} router={router} cspNonce={options.cspNonce} />,
  );
  return { ...result, i18n, fetchMock };
}
