// The catalog API (admin screens, and the read side for every channel).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  availabilityQuerySchema,
  availabilityResponseSchema,
  calendarInputSchema,
  closedDatesInputSchema,
  gateInputSchema,
  gateUpdateSchema,
  gateViewSchema,
  groupRuleInputSchema,
  groupRuleViewSchema,
  holidayImportResponseSchema,
  priceQuoteRequestSchema,
  priceQuoteResponseSchema,
  priceVersionInputSchema,
  priceVersionViewSchema,
  productInputSchema,
  productUpdateSchema,
  productViewSchema,
  scheduleInputSchema,
  schedulePreviewResponseSchema,
  sessionListQuerySchema,
  sessionUpdateSchema,
  sessionViewSchema,
  siteChildParamsSchema,
  siteIdParamsSchema,
  siteInputSchema,
  siteUpdateSchema,
  siteViewSchema,
} from '@admit/contracts';
import { AppError } from '@admit/domain';
import {
  applySiteTemplate,
  createGate,
  createPriceVersion,
  createProduct,
  createSite,
  generateSessions,
  getAvailability,
  getProduct,
  getSite,
  getSiteCalendar,
  importHolidayCalendar,
  listCatalogSites,
  listGates,
  listGroupRules,
  listPriceVersions,
  listProducts,
  listSessions,
  previewSessions,
  quotePrice,
  requirePermission,
  setClosedDates,
  setGroupRule,
  setSiteCalendar,
  siteTemplates,
  updateGate,
  updatePriceVersion,
  updateProduct,
  updateSession,
  updateSite,
  type GenerateSessionsInput,
} from '@admit/services';
import { presentProduct, presentSession, presentSite } from '../presenters';

const tags = ['catalog'];
const base = '/api/v1/catalog/sites/:siteId';

function productInput(body: z.output<typeof productInputSchema>) {
  return {
    ...body,
    saleStartsAt: body.saleStartsAt ? new Date(body.saleStartsAt) : null,
    saleEndsAt: body.saleEndsAt ? new Date(body.saleEndsAt) : null,
  };
}

function scheduleInput(body: z.output<typeof scheduleInputSchema>): GenerateSessionsInput {
  return { ...body };
}

export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/catalog/sites',
    {
      schema: {
        tags,
        summary: 'Sites whose catalog the caller may read',
        response: { 200: z.object({ sites: z.array(siteViewSchema) }) },
      },
    },
    async (request) => ({ sites: (await listCatalogSites(request.serviceContext())).map(presentSite) }),
  );

  app.post(
    '/api/v1/catalog/sites',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags,
        summary: 'Create a site, optionally from a starter template',
        body: siteInputSchema.extend({ template: z.enum(siteTemplates).nullable().default(null) }),
        response: { 201: siteViewSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const { template, ...input } = request.body;
      const site = await createSite(ctx, input);
      if (template) await applySiteTemplate(ctx, site.id, site.timeZone, template);
      return reply.code(201).send(presentSite(site));
    },
  );

  app.get(
    base,
    { schema: { tags, params: siteIdParamsSchema, response: { 200: siteViewSchema } } },
    async (request) => presentSite(await getSite(request.serviceContext(), request.params.siteId)),
  );

  app.patch(
    base,
    {
      schema: { tags, params: siteIdParamsSchema, body: siteUpdateSchema, response: { 200: siteViewSchema } },
    },
    async (request) =>
      presentSite(await updateSite(request.serviceContext(), request.params.siteId, request.body)),
  );

  app.put(
    `${base}/closed-dates`,
    {
      schema: {
        tags,
        summary: 'Replace the closed dates',
        params: siteIdParamsSchema,
        body: closedDatesInputSchema,
        response: { 200: siteViewSchema },
      },
    },
    async (request) =>
      presentSite(await setClosedDates(request.serviceContext(), request.params.siteId, request.body.dates)),
  );

  app.get(
    `${base}/gates`,
    {
      schema: {
        tags,
        params: siteIdParamsSchema,
        response: { 200: z.object({ gates: z.array(gateViewSchema) }) },
      },
    },
    async (request) => ({ gates: await listGates(request.serviceContext(), request.params.siteId) }),
  );
  app.post(
    `${base}/gates`,
    {
      schema: { tags, params: siteIdParamsSchema, body: gateInputSchema, response: { 201: gateViewSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await createGate(request.serviceContext(), request.params.siteId, request.body)),
  );
  app.patch(
    `${base}/gates/:id`,
    {
      schema: {
        tags,
        params: siteChildParamsSchema,
        body: gateUpdateSchema,
        response: { 200: gateViewSchema },
      },
    },
    async (request) =>
      updateGate(request.serviceContext(), request.params.siteId, request.params.id, request.body),
  );

  app.get(
    `${base}/products`,
    {
      schema: {
        tags,
        summary: 'Ticket types',
        params: siteIdParamsSchema,
        response: { 200: z.object({ products: z.array(productViewSchema) }) },
      },
    },
    async (request) => ({
      products: (await listProducts(request.serviceContext(), request.params.siteId)).map(presentProduct),
    }),
  );
  app.post(
    `${base}/products`,
    {
      schema: {
        tags,
        summary: 'Create a ticket type',
        params: siteIdParamsSchema,
        body: productInputSchema,
        response: { 201: productViewSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentProduct(
            await createProduct(request.serviceContext(), request.params.siteId, productInput(request.body)),
          ),
        ),
  );
  app.get(
    `${base}/products/:id`,
    { schema: { tags, params: siteChildParamsSchema, response: { 200: productViewSchema } } },
    async (request) =>
      presentProduct(await getProduct(request.serviceContext(), request.params.siteId, request.params.id)),
  );
  app.patch(
    `${base}/products/:id`,
    {
      schema: {
        tags,
        params: siteChildParamsSchema,
        body: productUpdateSchema,
        response: { 200: productViewSchema },
      },
    },
    async (request) => {
      const { saleStartsAt, saleEndsAt, ...rest } = request.body;
      return presentProduct(
        await updateProduct(request.serviceContext(), request.params.siteId, request.params.id, {
          ...rest,
          ...(saleStartsAt !== undefined
            ? { saleStartsAt: saleStartsAt ? new Date(saleStartsAt) : null }
            : {}),
          ...(saleEndsAt !== undefined ? { saleEndsAt: saleEndsAt ? new Date(saleEndsAt) : null } : {}),
        }),
      );
    },
  );

  app.get(
    `${base}/price-versions`,
    {
      schema: {
        tags,
        params: siteIdParamsSchema,
        response: { 200: z.object({ versions: z.array(priceVersionViewSchema) }) },
      },
    },
    async (request) => ({
      versions: await listPriceVersions(request.serviceContext(), request.params.siteId),
    }),
  );
  app.post(
    `${base}/price-versions`,
    {
      schema: {
        tags,
        summary: 'Create a price version',
        params: siteIdParamsSchema,
        body: priceVersionInputSchema,
        response: { 201: priceVersionViewSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createPriceVersion(request.serviceContext(), request.params.siteId, request.body)),
  );
  app.put(
    `${base}/price-versions/:id`,
    {
      schema: {
        tags,
        params: siteChildParamsSchema,
        body: priceVersionInputSchema,
        response: { 200: priceVersionViewSchema },
      },
    },
    async (request) =>
      updatePriceVersion(request.serviceContext(), request.params.siteId, request.params.id, request.body),
  );

  app.get(
    `${base}/group-rules`,
    {
      schema: {
        tags,
        params: siteIdParamsSchema,
        response: { 200: z.object({ groupRules: z.array(groupRuleViewSchema) }) },
      },
    },
    async (request) => ({
      groupRules: await listGroupRules(request.serviceContext(), request.params.siteId),
    }),
  );
  app.put(
    `${base}/group-rules`,
    {
      schema: {
        tags,
        summary: 'Set the group rule of a ticket type',
        params: siteIdParamsSchema,
        body: groupRuleInputSchema,
        response: { 200: groupRuleViewSchema },
      },
    },
    async (request) => setGroupRule(request.serviceContext(), request.params.siteId, request.body),
  );

  app.get(
    `${base}/calendar`,
    {
      schema: {
        tags,
        summary: 'Peak dates and seasons',
        params: siteIdParamsSchema,
        response: { 200: calendarInputSchema },
      },
    },
    async (request) => {
      await requirePermission(request.serviceContext(), 'catalog.read', request.params.siteId);
      return getSiteCalendar(request.serviceContext().db, request.params.siteId);
    },
  );
  app.put(
    `${base}/calendar`,
    {
      schema: {
        tags,
        params: siteIdParamsSchema,
        body: calendarInputSchema,
        response: { 200: calendarInputSchema },
      },
    },
    async (request) => setSiteCalendar(request.serviceContext(), request.params.siteId, request.body),
  );

  app.post(
    '/api/v1/catalog/holidays',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags,
        summary: 'Import the national holiday calendar (CSV: date,kind,name; kind holiday or workday)',
        body: z.object({ csv: z.string().min(1).max(200_000) }),
        response: { 200: holidayImportResponseSchema },
      },
    },
    async (request) => {
      const result = await importHolidayCalendar(request.serviceContext(), request.body.csv);
      return { imported: result.imported, year: result.years.length === 1 ? result.years[0]! : null };
    },
  );

  app.post(
    `${base}/sessions/preview`,
    {
      schema: {
        tags,
        summary: 'Preview a session generation',
        params: siteIdParamsSchema,
        body: scheduleInputSchema,
        response: { 200: schedulePreviewResponseSchema },
      },
    },
    async (request) => {
      const preview = await previewSessions(
        request.serviceContext(),
        request.params.siteId,
        scheduleInput(request.body),
      );
      const present = (p: (typeof preview.sessions)[number]) => ({
        ...p,
        startsAt: p.startsAt.toISOString(),
        endsAt: p.endsAt.toISOString(),
      });
      return {
        sessions: preview.sessions.map(present),
        skippedClosedDates: preview.skippedClosedDates,
        duplicates: preview.duplicates.map(present),
      };
    },
  );
  app.post(
    `${base}/sessions/generate`,
    {
      schema: {
        tags,
        summary: 'Generate sessions from a schedule',
        params: siteIdParamsSchema,
        body: scheduleInputSchema,
        response: { 201: z.object({ created: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { created } = await generateSessions(
        request.serviceContext(),
        request.params.siteId,
        scheduleInput(request.body),
      );
      return reply.code(201).send({ created });
    },
  );
  app.get(
    `${base}/sessions`,
    {
      schema: {
        tags,
        params: siteIdParamsSchema,
        querystring: sessionListQuerySchema,
        response: { 200: z.object({ sessions: z.array(sessionViewSchema) }) },
      },
    },
    async (request) => {
      if (request.query.to < request.query.from)
        throw new AppError('validation_failed', { details: { field: 'to' } });
      return {
        sessions: (await listSessions(request.serviceContext(), request.params.siteId, request.query)).map(
          presentSession,
        ),
      };
    },
  );
  app.patch(
    `${base}/sessions/:id`,
    {
      schema: {
        tags,
        summary: 'Change capacity or status',
        params: siteChildParamsSchema,
        body: sessionUpdateSchema,
        response: { 200: sessionViewSchema },
      },
    },
    async (request) =>
      presentSession(
        await updateSession(request.serviceContext(), request.params.siteId, request.params.id, request.body),
      ),
  );

  app.get(
    `${base}/availability`,
    {
      schema: {
        tags,
        summary: 'Remaining places per session and ticket type for a day',
        params: siteIdParamsSchema,
        querystring: availabilityQuerySchema,
        response: { 200: availabilityResponseSchema },
      },
    },
    async (request) => {
      const ctx = request.serviceContext();
      await requirePermission(ctx, 'catalog.read', request.params.siteId);
      const result = await getAvailability(
        ctx.db,
        request.params.siteId,
        request.query.date,
        request.query.channel,
      );
      return {
        ...result,
        sessions: result.sessions.map((s) => ({
          ...s,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    `${base}/price-quote`,
    {
      schema: {
        tags,
        summary: 'Price an order and explain each line',
        params: siteIdParamsSchema,
        body: priceQuoteRequestSchema,
        response: { 200: priceQuoteResponseSchema },
      },
    },
    async (request) => {
      const quote = await quotePrice(request.serviceContext(), request.params.siteId, request.body);
      return { ...quote, lines: quote.lines.map((l) => ({ ...l, explanation: { ...l.explanation } })) };
    },
  );
};
