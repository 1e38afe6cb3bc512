// Providers shared by every page: data fetching, translations, Ant Design (locale, theme, CSP nonce).
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { DataRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { ApiError } from './api/client';
import { handleSessionErrors } from './auth/session';
import { useLocale, useLocaleShortcut, useServerDefaultLocale, useUserLocale } from './i18n/hooks';
import type { I18n } from './i18n/index';

/** A data router: createBrowserRouter in the browser, createMemoryRouter in tests. */
export type AppRouter = DataRouter;

export interface AppProps {
  i18n: I18n;
  queryClient: QueryClient;
  router: AppRouter;
  /** From the CSP meta tag; undefined in development. */
  cspNonce?: string | undefined;
}

const theme: ThemeConfig = {
  token: { colorPrimary: '#c0392b', borderRadius: 6 },
};

/**
 * One client per app. Any request that finds the session gone (401) or the password change still due
 * updates the session, and the route guards take the user where they need to go.
 */
export function createQueryClient(options: { retry?: number } = {}): QueryClient {
  const maxRetries = options.retry ?? 1;
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => handleSessionErrors(client, error) }),
    mutationCache: new MutationCache({ onError: (error) => handleSessionErrors(client, error) }),
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again; network trouble and 5xx might.
        retry: (failures, error) =>
          failures < maxRetries && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

export function App({ i18n, queryClient, router, cspNonce }: AppProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <LocalizedApp router={router} cspNonce={cspNonce} />
      </I18nextProvider>
    </QueryClientProvider>
  );
}

function LocalizedApp({ router, cspNonce }: Pick<AppProps, 'router' | 'cspNonce'>) {
  const { locale } = useLocale();
  useServerDefaultLocale();
  useUserLocale();
  useLocaleShortcut();
  const csp = useMemo(() => (cspNonce === undefined ? undefined : { nonce: cspNonce }), [cspNonce]);
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      csp={csp}
      theme={theme}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}
