// A site's online-shop settings (GET and PUT /api/v1/sites/:siteId/shop-settings): the whole set is
// read and saved at once, and the server answers the saved settings.
import { shopSettingsSchema, type ShopSettings } from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { siteQueryKey } from '../../../api/catalog';
import { apiGet, apiRequest } from '../../../api/client';

export type { ShopSettings };

export function shopSettingsQueryKey(siteId: string) {
  return [...siteQueryKey(siteId), 'shop-settings'] as const;
}

export function shopSettingsQuery(siteId: string) {
  return queryOptions({
    queryKey: shopSettingsQueryKey(siteId),
    queryFn: ({ signal }) => apiGet(shopSettingsPath(siteId), shopSettingsSchema, { signal }),
  });
}

export function saveShopSettings(siteId: string, settings: ShopSettings): Promise<ShopSettings> {
  return apiRequest(shopSettingsPath(siteId), shopSettingsSchema, { method: 'PUT', body: settings });
}

function shopSettingsPath(siteId: string): string {
  return `/api/v1/sites/${siteId}/shop-settings`;
}
