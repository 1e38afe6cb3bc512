// The public shop API (/api/v1/shop, packages/contracts/src/shop.ts): sites, a day's sessions and ticket
// types, the availability calendar, orders reached by their access token, payment, after-sale and the
// look-up by phone. No login: the client sends no session, only the language for error messages.
import {
  shopCalendarResponseSchema,
  shopLookupCodeResponseSchema,
  shopOrderResponseSchema,
  shopOrderViewSchema,
  shopPayResponseSchema,
  shopSiteResponseSchema,
  shopSitesResponseSchema,
  type shopLookupCodeRequestSchema,
  type shopLookupVerifyRequestSchema,
  type shopOrderRequestSchema,
  type shopPayRequestSchema,
  type shopRebookRequestSchema,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from '../../api/client';
import { withQuery } from '../../api/query-string';

export type ShopSites = z.infer<typeof shopSitesResponseSchema>;
export type ShopSite = z.infer<typeof shopSiteResponseSchema>;
export type ShopProduct = ShopSite['products'][number];
export type ShopSession = ShopSite['sessions'][number];
export type ShopCalendar = z.infer<typeof shopCalendarResponseSchema>;
export type ShopCalendarDay = ShopCalendar['days'][number];
export type ShopDayStatus = ShopCalendarDay['status'];
export type ShopOrder = z.infer<typeof shopOrderViewSchema>;
export type ShopTicket = ShopOrder['tickets'][number];
export type ShopRotation = NonNullable<ShopTicket['rotation']>;
export type ShopOrderRequest = z.input<typeof shopOrderRequestSchema>;
export type ShopPayRequest = z.input<typeof shopPayRequestSchema>;
export type ShopPayResponse = z.infer<typeof shopPayResponseSchema>;
export type ShopRebookRequest = z.input<typeof shopRebookRequestSchema>;
export type ShopLookupCodeRequest = z.input<typeof shopLookupCodeRequestSchema>;
/** The contract has no `challenge` on verify; it is sent anyway when the server asks for one. */
export type ShopLookupVerifyRequest = z.input<typeof shopLookupVerifyRequestSchema> & {
  challenge?: { token: string; nonce: string };
};

/** The contract declares no schema for the verify answer; the route description gives `{ token }`. */
const lookupVerifyResponseSchema = z.object({ token: z.string().min(1) });

const base = '/api/v1/shop';
const site = (siteCode: string) => `${base}/sites/${encodeURIComponent(siteCode)}`;
const order = (token: string) => `${base}/orders/${encodeURIComponent(token)}`;

export const shopSitesQuery = queryOptions({
  queryKey: ['shop', 'sites'] as const,
  queryFn: ({ signal }) => apiGet(`${base}/sites`, shopSitesResponseSchema, { signal }),
});

/** A site on a date; without a date the server picks (today, or the first day on sale). */
export function shopSiteQuery(siteCode: string, date: string | null) {
  return queryOptions({
    queryKey: ['shop', 'site', siteCode, date] as const,
    queryFn: ({ signal }) => apiGet(withQuery(site(siteCode), { date }), shopSiteResponseSchema, { signal }),
  });
}

/** Days the calendar covers: the date strip shows the first 14, the month view all of them. */
export const CALENDAR_DAYS = 62;

export function shopCalendarQuery(siteCode: string) {
  return queryOptions({
    queryKey: ['shop', 'calendar', siteCode] as const,
    queryFn: ({ signal }) =>
      apiGet(withQuery(`${site(siteCode)}/calendar`, { days: CALENDAR_DAYS }), shopCalendarResponseSchema, {
        signal,
      }),
  });
}

export const shopOrderQueryKey = (token: string) => ['shop', 'order', token] as const;

export function shopOrderQuery(token: string) {
  return queryOptions({
    queryKey: shopOrderQueryKey(token),
    queryFn: ({ signal }) => apiGet(order(token), shopOrderViewSchema, { signal }),
  });
}

export function placeShopOrder(siteCode: string, body: ShopOrderRequest) {
  return apiRequest(`${site(siteCode)}/orders`, shopOrderResponseSchema, { method: 'POST', body });
}

export function payShopOrder(token: string, body: ShopPayRequest) {
  return apiRequest(`${order(token)}/pay`, shopPayResponseSchema, { method: 'POST', body });
}

export function cancelShopOrder(token: string) {
  return apiRequest(`${order(token)}/cancel`, shopOrderViewSchema, { method: 'POST', body: {} });
}

export function refundShopTickets(token: string, ticketIds: string[]) {
  return apiRequest(`${order(token)}/refund`, shopOrderViewSchema, { method: 'POST', body: { ticketIds } });
}

export function rebookShopTickets(token: string, body: ShopRebookRequest) {
  return apiRequest(`${order(token)}/rebook`, shopOrderViewSchema, { method: 'POST', body });
}

/** The order's visit as an iCalendar file ("add to calendar"): a plain link. */
export function shopOrderCalendarUrl(token: string): string {
  return `${order(token)}/calendar.ics`;
}

export function sendLookupCode(body: ShopLookupCodeRequest) {
  return apiRequest(`${base}/lookup/code`, shopLookupCodeResponseSchema, { method: 'POST', body });
}

export function verifyLookupCode(body: ShopLookupVerifyRequest) {
  return apiRequest(`${base}/lookup/verify`, lookupVerifyResponseSchema, { method: 'POST', body });
}
