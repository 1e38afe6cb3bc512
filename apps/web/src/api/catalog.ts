// The catalog API: sites, gates, ticket types, prices, the price calendar, sessions and the price
// explainer. Money is integer fen throughout; the screens convert to and from yuan.
import {
  calendarInputSchema,
  gateViewSchema,
  groupRuleViewSchema,
  holidayImportResponseSchema,
  priceQuoteResponseSchema,
  priceVersionViewSchema,
  productViewSchema,
  schedulePreviewResponseSchema,
  sessionViewSchema,
  siteViewSchema,
  type closedDatesInputSchema,
  type gateInputSchema,
  type gateUpdateSchema,
  type groupRuleInputSchema,
  type priceQuoteRequestSchema,
  type priceVersionInputSchema,
  type productInputSchema,
  type productUpdateSchema,
  type scheduleInputSchema,
  type sessionUpdateSchema,
  type siteInputSchema,
  type siteUpdateSchema,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from './client';
import { withQuery } from './query-string';

export type SiteView = z.infer<typeof siteViewSchema>;
export type GateView = z.infer<typeof gateViewSchema>;
export type ProductView = z.infer<typeof productViewSchema>;
export type PriceVersionView = z.infer<typeof priceVersionViewSchema>;
export type PriceRuleView = PriceVersionView['rules'][number];
export type GroupRuleView = z.infer<typeof groupRuleViewSchema>;
export type SiteCalendar = z.infer<typeof calendarInputSchema>;
export type SchedulePreview = z.infer<typeof schedulePreviewResponseSchema>;
export type PlannedSession = SchedulePreview['sessions'][number];
export type SessionView = z.infer<typeof sessionViewSchema>;
export type PriceQuote = z.infer<typeof priceQuoteResponseSchema>;
export type PriceQuoteLine = PriceQuote['lines'][number];

export type SiteInput = z.input<typeof siteInputSchema>;
export type SiteUpdate = z.input<typeof siteUpdateSchema>;
export type ClosedDatesInput = z.input<typeof closedDatesInputSchema>;
export type GateInput = z.input<typeof gateInputSchema>;
export type GateUpdate = z.input<typeof gateUpdateSchema>;
export type ProductInput = z.output<typeof productInputSchema>;
export type ProductUpdate = z.input<typeof productUpdateSchema>;
export type PriceVersionInput = z.output<typeof priceVersionInputSchema>;
export type GroupRuleInput = z.output<typeof groupRuleInputSchema>;
export type ScheduleInput = z.output<typeof scheduleInputSchema>;
export type SessionUpdate = z.input<typeof sessionUpdateSchema>;
export type PriceQuoteRequest = z.output<typeof priceQuoteRequestSchema>;

export type SiteKind = SiteView['kind'];
export type GateDirection = GateView['direction'];
export type SalesChannel = ProductView['channels'][number];
export type ProductCategory = ProductView['category'];
export type DayType = PriceRuleView['dayType'];
export type Season = NonNullable<PriceRuleView['season']>;
export type SessionStatus = SessionView['status'];
export type SessionKind = SessionView['kind'];

export const siteKinds: readonly SiteKind[] = ['scenic_area', 'museum', 'venue', 'transport'];
export const gateDirections: readonly GateDirection[] = ['entry', 'exit', 'both'];
export const salesChannels: readonly SalesChannel[] = ['box_office', 'online', 'api'];
export const productCategories: readonly ProductCategory[] = [
  'adult',
  'child',
  'student',
  'senior',
  'group',
  'free',
  'complimentary',
  'addon',
  'other',
];
export const dayTypes: readonly DayType[] = ['weekday', 'weekend', 'holiday', 'peak'];
export const seasons: readonly Season[] = ['low', 'high'];
export const sessionKinds: readonly SessionKind[] = ['timeslot', 'performance', 'departure'];
/** The starter templates the server can fill a new site from. */
export const siteTemplates = ['scenic_area', 'museum', 'theatre', 'ferry'] as const;
export type SiteTemplate = (typeof siteTemplates)[number];

/**
 * Why a line of a quote costs what it costs (packages/domain/src/catalog/pricing.ts). The contract
 * leaves it open; the explainer reads the kinds it knows and says so for any other.
 */
const dayTypeSchema = z.enum(['weekday', 'weekend', 'holiday', 'peak']);
export const explanationSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('free_category'), category: z.string() }),
  z.object({ rule: z.literal('group'), groupRuleId: z.string(), minQuantity: z.number() }),
  z.object({ rule: z.literal('group_guide_free'), groupRuleId: z.string(), freeGuidePlaces: z.number() }),
  z.object({
    rule: z.literal('price_rule'),
    priceRuleId: z.string(),
    versionId: z.string(),
    dayType: dayTypeSchema,
    season: z.enum(['low', 'high']).nullable(),
    channel: z.enum(['box_office', 'online', 'api']).nullable(),
    dayTypesOfDate: z.array(dayTypeSchema),
  }),
  z.object({ rule: z.literal('list_price'), dayTypesOfDate: z.array(dayTypeSchema) }),
]);
export type Explanation = z.infer<typeof explanationSchema>;

export const catalogQueryKey = ['catalog'] as const;

export const catalogSitesQuery = queryOptions({
  queryKey: [...catalogQueryKey, 'sites'],
  queryFn: ({ signal }) =>
    apiGet('/api/v1/catalog/sites', z.object({ sites: z.array(siteViewSchema) }), { signal }).then(
      (r) => r.sites,
    ),
});

/** Everything cached for one site, to refresh after a change. */
export function siteQueryKey(siteId: string) {
  return [...catalogQueryKey, 'site', siteId] as const;
}

export function gatesQuery(siteId: string) {
  return queryOptions({
    queryKey: [...siteQueryKey(siteId), 'gates'],
    queryFn: ({ signal }) =>
      apiGet(sitePath(siteId, '/gates'), z.object({ gates: z.array(gateViewSchema) }), { signal }).then(
        (r) => r.gates,
      ),
  });
}

export function productsQuery(siteId: string) {
  return queryOptions({
    queryKey: [...siteQueryKey(siteId), 'products'],
    queryFn: ({ signal }) =>
      apiGet(sitePath(siteId, '/products'), z.object({ products: z.array(productViewSchema) }), {
        signal,
      }).then((r) => [...r.products].sort(bySortOrder)),
  });
}

export function priceVersionsQuery(siteId: string) {
  return queryOptions({
    queryKey: [...siteQueryKey(siteId), 'price-versions'],
    queryFn: ({ signal }) =>
      apiGet(sitePath(siteId, '/price-versions'), z.object({ versions: z.array(priceVersionViewSchema) }), {
        signal,
      }).then((r) => [...r.versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))),
  });
}

export function groupRulesQuery(siteId: string) {
  return queryOptions({
    queryKey: [...siteQueryKey(siteId), 'group-rules'],
    queryFn: ({ signal }) =>
      apiGet(sitePath(siteId, '/group-rules'), z.object({ groupRules: z.array(groupRuleViewSchema) }), {
        signal,
      }).then((r) => r.groupRules),
  });
}

export function siteCalendarQuery(siteId: string) {
  return queryOptions({
    queryKey: [...siteQueryKey(siteId), 'calendar'],
    queryFn: ({ signal }) => apiGet(sitePath(siteId, '/calendar'), calendarInputSchema, { signal }),
  });
}

export function sessionsQueryKey(siteId: string) {
  return [...siteQueryKey(siteId), 'sessions'] as const;
}

export function sessionsQuery(siteId: string, range: { from: string; to: string }) {
  return queryOptions({
    queryKey: [...sessionsQueryKey(siteId), range.from, range.to],
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(sitePath(siteId, '/sessions'), range),
        z.object({ sessions: z.array(sessionViewSchema) }),
        { signal },
      ).then((r) => r.sessions),
  });
}

export function createSite(body: SiteInput & { template: SiteTemplate | null }) {
  return apiRequest('/api/v1/catalog/sites', siteViewSchema, { method: 'POST', body });
}

export function updateSite(siteId: string, body: SiteUpdate) {
  return apiRequest(sitePath(siteId), siteViewSchema, { method: 'PATCH', body });
}

export function setClosedDates(siteId: string, body: ClosedDatesInput) {
  return apiRequest(sitePath(siteId, '/closed-dates'), siteViewSchema, { method: 'PUT', body });
}

export function createGate(siteId: string, body: GateInput) {
  return apiRequest(sitePath(siteId, '/gates'), gateViewSchema, { method: 'POST', body });
}

export function updateGate(siteId: string, gateId: string, body: GateUpdate) {
  return apiRequest(sitePath(siteId, `/gates/${encodeURIComponent(gateId)}`), gateViewSchema, {
    method: 'PATCH',
    body,
  });
}

export function createProduct(siteId: string, body: ProductInput) {
  return apiRequest(sitePath(siteId, '/products'), productViewSchema, { method: 'POST', body });
}

export function updateProduct(siteId: string, productId: string, body: ProductUpdate) {
  return apiRequest(sitePath(siteId, `/products/${encodeURIComponent(productId)}`), productViewSchema, {
    method: 'PATCH',
    body,
  });
}

export function createPriceVersion(siteId: string, body: PriceVersionInput) {
  return apiRequest(sitePath(siteId, '/price-versions'), priceVersionViewSchema, { method: 'POST', body });
}

export function updatePriceVersion(siteId: string, versionId: string, body: PriceVersionInput) {
  return apiRequest(
    sitePath(siteId, `/price-versions/${encodeURIComponent(versionId)}`),
    priceVersionViewSchema,
    { method: 'PUT', body },
  );
}

export function setGroupRule(siteId: string, body: GroupRuleInput) {
  return apiRequest(sitePath(siteId, '/group-rules'), groupRuleViewSchema, { method: 'PUT', body });
}

export function setSiteCalendar(siteId: string, body: SiteCalendar) {
  return apiRequest(sitePath(siteId, '/calendar'), calendarInputSchema, { method: 'PUT', body });
}

/** The national holiday calendar (shared by every site): CSV `date,kind,name`. */
export function importHolidays(csv: string) {
  return apiRequest('/api/v1/catalog/holidays', holidayImportResponseSchema, {
    method: 'POST',
    body: { csv },
  });
}

export function previewSessions(siteId: string, body: ScheduleInput) {
  return apiRequest(sitePath(siteId, '/sessions/preview'), schedulePreviewResponseSchema, {
    method: 'POST',
    body,
  });
}

export function generateSessions(siteId: string, body: ScheduleInput) {
  return apiRequest(sitePath(siteId, '/sessions/generate'), z.object({ created: z.number().int() }), {
    method: 'POST',
    body,
  });
}

export function updateSession(siteId: string, sessionId: string, body: SessionUpdate) {
  return apiRequest(sitePath(siteId, `/sessions/${encodeURIComponent(sessionId)}`), sessionViewSchema, {
    method: 'PATCH',
    body,
  });
}

export function quotePrice(siteId: string, body: PriceQuoteRequest) {
  return apiRequest(sitePath(siteId, '/price-quote'), priceQuoteResponseSchema, { method: 'POST', body });
}

function sitePath(siteId: string, rest = ''): string {
  return `/api/v1/catalog/sites/${encodeURIComponent(siteId)}${rest}`;
}

function bySortOrder(a: ProductView, b: ProductView): number {
  return a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
}
