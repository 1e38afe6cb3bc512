// The gate screen as an installable web app that starts with the server down: the web app manifest
// (linked from here, so only the gate screen offers to be installed) and the service worker
// (public/sw.js), which keeps the page and its built files. Registered from production builds only:
// the Vite dev server has no build manifest for it to cache.
import { useEffect, useState } from 'react';

const MANIFEST_HREF = '/manifest.webmanifest';
/** The page the service worker keeps (public/sw.js). */
export const SHELL_PATH = '/gate';

function linkManifest(): void {
  if (document.querySelector(`link[rel="manifest"]`) !== null) return;
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = MANIFEST_HREF;
  document.head.append(link);
  const theme = document.createElement('meta');
  theme.name = 'theme-color';
  theme.content = '#1f1f1f';
  document.head.append(theme);
}

/**
 * Makes the page installable and registers the service worker; true once the page and its files are
 * cached, so a reload works offline.
 */
export function useInstallableGate(): boolean {
  const [cached, setCached] = useState(false);
  useEffect(() => {
    linkManifest();
    if (!import.meta.env.PROD || !('serviceWorker' in navigator) || typeof caches === 'undefined') return;
    let cancelled = false;
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then(() => navigator.serviceWorker.ready)
      .then(() => caches.match(SHELL_PATH))
      .then((page) => {
        if (!cancelled) setCached(page !== undefined);
      })
      .catch(() => undefined); // No service worker (a private window, say): it works while online.
    return () => {
      cancelled = true;
    };
  }, []);
  return cached;
}
