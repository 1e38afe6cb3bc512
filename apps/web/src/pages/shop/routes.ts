// The shop's routes (/shop/*): public, outside the session guard, each page loaded on demand so the shop
// is one chunk of its own and the admin bundle does not carry it. Only this small file is in the main
// bundle.
import type { RouteObject } from 'react-router';

const pages = () => import('./shopPages');

/** Shown for the instant the shop's chunk loads on the first page of a visit: nothing (no flash). */
function ShopStarting() {
  return null;
}

export const shopRoutes: RouteObject[] = [
  {
    path: '/shop',
    HydrateFallback: ShopStarting,
    lazy: async () => ({ Component: (await pages()).ShopLayout }),
    children: [
      { index: true, lazy: async () => ({ Component: (await pages()).ShopSitesPage }) },
      { path: 'lookup', lazy: async () => ({ Component: (await pages()).ShopLookupPage }) },
      { path: 'orders/:token', lazy: async () => ({ Component: (await pages()).ShopOrderRoute }) },
      { path: ':siteCode', lazy: async () => ({ Component: (await pages()).ShopBookingRoute }) },
    ],
  },
];
