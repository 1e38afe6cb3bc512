// The shop's pages, imported together on demand by routes.ts: one chunk (shopPages-*.js) for the shop.
export { ShopBookingRoute } from './ShopBookingPage';
export { ShopLayout } from './ShopLayout';
export { ShopLookupPage } from './ShopLookupPage';
export { ShopOrderRoute } from './ShopOrderPage';
export { ShopSitesPage } from './ShopSitesPage';
