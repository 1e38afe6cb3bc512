// Providers shared by every page: data fetching, translations, Ant Design (locale, theme, CSP nonce).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { DataRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { useLocale, useLocaleShortcut, useServerDefaultLocale } from './i18n/hooks';
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

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: false },
    },
  });
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
