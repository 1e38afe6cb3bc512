// Browser entry point. No inline scripts anywhere: CSP is `script-src 'self'`.
// First import, before anything defines a zod schema: switches off zod's `new Function` JIT.
import './api/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, createQueryClient } from './App';
import { readCspNonce, stampNonceOnInsertedStyles } from './csp';
import { createI18n, initialLocale } from './i18n/index';
import { routes } from './routes';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const cspNonce = readCspNonce();
if (cspNonce !== undefined) stampNonceOnInsertedStyles(cspNonce);

const i18n = createI18n(initialLocale());
const queryClient = createQueryClient();
const router = createBrowserRouter(routes);

createRoot(container).render(
  <StrictMode>
    <App i18n={i18n} queryClient={queryClient} router={router} cspNonce={cspNonce} />
  </StrictMode>,
);
