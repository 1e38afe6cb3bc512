// The channel partners API (apps/server/src/routes/channels.ts): channels and their sites, their prices
// per ticket type (fen), and their API keys (the key itself comes back only when it is issued).
import {
  apiKeyScopeSchema,
  apiKeyViewSchema,
  channelPricesSchema,
  channelViewSchema,
  issuedApiKeySchema,
  type apiKeyInputSchema,
  type channelInputSchema,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from '../../api/client';

export type ChannelView = z.infer<typeof channelViewSchema>;
export type ChannelInput = z.input<typeof channelInputSchema>;
export type ChannelPrice = z.infer<typeof channelPricesSchema>['prices'][number];
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;
export type ApiKeyInput = z.output<typeof apiKeyInputSchema>;
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;
export type IssuedApiKey = z.infer<typeof issuedApiKeySchema>;

export const apiKeyScopes: readonly ApiKeyScope[] = apiKeyScopeSchema.options;

/** The message key of each scope's explanation (i18next keys cannot hold dots). */
export const scopeMessageKey = {
  'availability.read': 'availabilityRead',
  'orders.create': 'ordersCreate',
  'orders.read': 'ordersRead',
  'orders.refund': 'ordersRefund',
  'orders.rebook': 'ordersRebook',
  'tickets.read': 'ticketsRead',
} as const satisfies Record<ApiKeyScope, string>;

export const channelsQueryKey = ['channels'] as const;

export const channelsQuery = queryOptions({
  queryKey: [...channelsQueryKey, 'list'],
  queryFn: ({ signal }) => apiGet('/api/v1/channels', z.array(channelViewSchema), { signal }),
});

export function channelPricesQuery(channelId: string) {
  return queryOptions({
    queryKey: [...channelsQueryKey, channelId, 'prices'],
    queryFn: ({ signal }) =>
      apiGet(`/api/v1/channels/${channelId}/prices`, channelPricesSchema, { signal }).then((r) => r.prices),
  });
}

export function apiKeysQueryKey(channelId: string) {
  return [...channelsQueryKey, channelId, 'api-keys'] as const;
}

export function apiKeysQuery(channelId: string) {
  return queryOptions({
    queryKey: apiKeysQueryKey(channelId),
    queryFn: ({ signal }) =>
      apiGet(`/api/v1/channels/${channelId}/api-keys`, z.array(apiKeyViewSchema), { signal }),
  });
}

export function createChannel(body: ChannelInput) {
  return apiRequest('/api/v1/channels', channelViewSchema, { method: 'POST', body });
}

export function updateChannel(channelId: string, body: ChannelInput) {
  return apiRequest(`/api/v1/channels/${channelId}`, channelViewSchema, { method: 'PUT', body });
}

export function saveChannelPrices(channelId: string, prices: ChannelPrice[]) {
  return apiRequest(`/api/v1/channels/${channelId}/prices`, channelPricesSchema, {
    method: 'PUT',
    body: { prices },
  }).then((r) => r.prices);
}

export function issueApiKey(channelId: string, body: ApiKeyInput) {
  return apiRequest(`/api/v1/channels/${channelId}/api-keys`, issuedApiKeySchema, { method: 'POST', body });
}

export function revokeApiKey(channelId: string, keyId: string) {
  return apiRequest(`/api/v1/channels/${channelId}/api-keys/${keyId}/revoke`, apiKeyViewSchema, {
    method: 'POST',
  });
}
