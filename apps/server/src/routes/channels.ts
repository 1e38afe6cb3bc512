// Channel partners: the admin routes (`channels.manage`: partners, their sites and prices, API keys —
// shown once, stored hashed, revocable) and the channel API the partners call with a key.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  allocationInputSchema,
  allocationListQuerySchema,
  allocationParamsSchema,
  allocationResultSchema,
  allocationViewSchema,
  channelOrderInputSchema,
  channelOrderParamsSchema,
  channelOrderQuerySchema,
  channelOrderSchema,
  channelRebookInputSchema,
  channelRebookSchema,
  channelRefundInputSchema,
  channelRefundSchema,
  channelTicketParamsSchema,
  channelTicketStatusSchema,
  apiKeyInputSchema,
  apiKeyViewSchema,
  channelAvailabilityParamsSchema,
  channelAvailabilityQuerySchema,
  channelAvailabilitySchema,
  channelInputSchema,
  channelKeyParamsSchema,
  channelParamsSchema,
  channelPricesSchema,
  channelViewSchema,
  issuedApiKeySchema,
} from '@admit/contracts';
import {
  allocateChannel,
  channelTicketStatus,
  createChannelOrder,
  findChannelOrder,
  getChannelOrder,
  kickWebhookDelivery,
  listAllocations,
  rebookChannelOrder,
  refundChannelOrder,
  releaseAllocation,
  type AllocationRecord,
  type ChannelOrder,
  channelAvailability,
  getChannel,
  issueApiKey,
  listApiKeys,
  listChannelPrices,
  listChannels,
  revokeApiKey,
  saveChannel,
  setChannelPrices,
  type ApiKeyView,
  type ChannelRecord,
} from '@admit/services';

const tags = ['channels'];
const api = ['channel api'];

const presentAllocation = (a: AllocationRecord) => ({
  ...a,
  sessionStartsAt: a.sessionStartsAt?.toISOString() ?? null,
  releaseAt: a.releaseAt.toISOString(),
  releasedAt: a.releasedAt?.toISOString() ?? null,
});

/** An order as its channel sees it: what it pays per ticket, the codes to hand to its customer. */
const presentOrder = (o: ChannelOrder) => ({
  id: o.id,
  number: o.number,
  externalReference: o.externalReference,
  site: o.siteCode,
  status: o.status,
  visitDate: o.visitDate,
  sessionId: o.sessionId,
  sessionStartsAt: o.sessionStartsAt?.toISOString() ?? null,
  total: o.total,
  createdAt: o.createdAt.toISOString(),
  tickets: o.tickets.map((t) => ({
    id: t.id,
    number: t.number,
    productId: t.productId,
    productCode: t.productCode,
    price: t.price,
    status: t.status,
    sessionId: t.sessionId,
    validFrom: t.validFrom.toISOString(),
    validUntil: t.validUntil.toISOString(),
    entriesAllowed: t.entriesAllowed,
    code: t.code,
    holderName: t.holderName,
    holderDocument: t.holderDocument,
  })),
});

const presentChannel = (c: ChannelRecord) => ({ ...c, createdAt: c.createdAt.toISOString() });
const presentKey = (k: ApiKeyView) => ({
  ...k,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/channels',
    { schema: { tags, summary: 'Channel partners', response: { 200: z.array(channelViewSchema) } } },
    async (request) => (await listChannels(request.serviceContext())).map(presentChannel),
  );

  app.post(
    '/api/v1/channels',
    {
      schema: {
        tags,
        summary: 'Add a channel partner and the sites it may sell',
        body: channelInputSchema,
        response: { 201: channelViewSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return presentChannel(await saveChannel(request.serviceContext(), null, request.body));
    },
  );

  app.get(
    '/api/v1/channels/:channelId',
    { schema: { tags, params: channelParamsSchema, response: { 200: channelViewSchema } } },
    async (request) => presentChannel(await getChannel(request.serviceContext(), request.params.channelId)),
  );

  app.put(
    '/api/v1/channels/:channelId',
    {
      schema: {
        tags,
        params: channelParamsSchema,
        body: channelInputSchema,
        response: { 200: channelViewSchema },
      },
    },
    async (request) =>
      presentChannel(await saveChannel(request.serviceContext(), request.params.channelId, request.body)),
  );

  app.get(
    '/api/v1/channels/:channelId/prices',
    { schema: { tags, params: channelParamsSchema, response: { 200: channelPricesSchema } } },
    async (request) => ({
      prices: await listChannelPrices(request.serviceContext(), request.params.channelId),
    }),
  );

  app.put(
    '/api/v1/channels/:channelId/prices',
    {
      schema: {
        tags,
        summary: 'Settlement and suggested retail price per ticket type',
        params: channelParamsSchema,
        body: channelPricesSchema,
        response: { 200: channelPricesSchema },
      },
    },
    async (request) => ({
      prices: await setChannelPrices(request.serviceContext(), request.params.channelId, request.body.prices),
    }),
  );

  app.get(
    '/api/v1/channels/:channelId/api-keys',
    { schema: { tags, params: channelParamsSchema, response: { 200: z.array(apiKeyViewSchema) } } },
    async (request) =>
      (await listApiKeys(request.serviceContext(), request.params.channelId)).map(presentKey),
  );

  app.post(
    '/api/v1/channels/:channelId/api-keys',
    {
      schema: {
        tags,
        summary: 'Issue an API key (shown in this answer only)',
        params: channelParamsSchema,
        body: apiKeyInputSchema,
        response: { 201: issuedApiKeySchema },
      },
    },
    async (request, reply) => {
      const issued = await issueApiKey(request.serviceContext(), request.params.channelId, request.body);
      reply.code(201).header('cache-control', 'no-store');
      return { key: issued.key, apiKey: presentKey(issued.view) };
    },
  );

  app.post(
    '/api/v1/channels/:channelId/api-keys/:keyId/revoke',
    { schema: { tags, params: channelKeyParamsSchema, response: { 200: apiKeyViewSchema } } },
    async (request) =>
      presentKey(
        await revokeApiKey(request.serviceContext(), request.params.channelId, request.params.keyId),
      ),
  );

  app.get(
    '/api/v1/channel/sites/:siteCode/availability',
    {
      config: { channel: true },
      schema: {
        tags: ['channel api'],
        summary:
          "A site's sessions on a day with places left, and the channel's prices (scope availability.read)",
        params: channelAvailabilityParamsSchema,
        querystring: channelAvailabilityQuerySchema,
        response: { 200: channelAvailabilitySchema },
      },
    },
    async (request) => {
      const found = await channelAvailability(
        request.serviceContext(),
        app.sales,
        request.params.siteCode,
        request.query.date,
      );
      return {
        ...found,
        sessions: found.sessions.map((s) => ({
          ...s,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
      };
    },
  );
  app.get(
    '/api/v1/channels/:channelId/allocations',
    {
      schema: {
        tags,
        summary: "A channel's allocations: reserved places per session or day, sold and released",
        params: channelParamsSchema,
        querystring: allocationListQuerySchema,
        response: { 200: z.array(allocationViewSchema) },
      },
    },
    async (request) =>
      (await listAllocations(request.serviceContext(), request.params.channelId, request.query)).map(
        presentAllocation,
      ),
  );

  app.post(
    '/api/v1/channels/:channelId/allocations',
    {
      schema: {
        tags,
        summary: 'Reserve places for a channel in every open session (or each day) of a date range',
        params: channelParamsSchema,
        body: allocationInputSchema,
        response: { 201: allocationResultSchema },
      },
    },
    async (request, reply) => {
      const result = await allocateChannel(request.serviceContext(), request.params.channelId, request.body);
      reply.code(201);
      return { created: result.created.map(presentAllocation), skipped: result.skipped };
    },
  );

  app.post(
    '/api/v1/channels/:channelId/allocations/:allocationId/release',
    {
      schema: {
        tags,
        summary: 'Give an allocation back to general sale now',
        params: allocationParamsSchema,
        response: { 200: allocationViewSchema },
      },
    },
    async (request) =>
      presentAllocation(
        await releaseAllocation(
          request.serviceContext(),
          request.params.channelId,
          request.params.allocationId,
        ),
      ),
  );

  app.post(
    '/api/v1/channel/orders',
    {
      config: { channel: true, idempotent: true },
      schema: {
        tags: api,
        summary:
          'Create an order at the channel’s settlement prices, drawn on its account (scope orders.create; Idempotency-Key required)',
        body: channelOrderInputSchema,
        response: { 201: channelOrderSchema },
      },
    },
    async (request, reply) => {
      const order = await createChannelOrder(request.serviceContext(), app.sales, request.body);
      kickWebhookDelivery(app.deps.jobs);
      reply.code(201);
      return presentOrder(order);
    },
  );

  app.get(
    '/api/v1/channel/orders',
    {
      config: { channel: true },
      schema: {
        tags: api,
        summary: 'Find an order by the channel’s own reference (scope orders.read)',
        querystring: channelOrderQuerySchema,
        response: { 200: channelOrderSchema },
      },
    },
    async (request) =>
      presentOrder(
        await findChannelOrder(request.serviceContext(), app.sales, request.query.externalReference),
      ),
  );

  app.get(
    '/api/v1/channel/orders/:orderId',
    {
      config: { channel: true },
      schema: {
        tags: api,
        summary: 'An order of the channel with its tickets and their codes (scope orders.read)',
        params: channelOrderParamsSchema,
        response: { 200: channelOrderSchema },
      },
    },
    async (request) =>
      presentOrder(await getChannelOrder(request.serviceContext(), app.sales, request.params.orderId)),
  );

  app.post(
    '/api/v1/channel/orders/:orderId/refund',
    {
      config: { channel: true, idempotent: true },
      schema: {
        tags: api,
        summary:
          'Refund tickets (all valid ones when none are named) by the ticket types’ policy, back to the account (scope orders.refund)',
        params: channelOrderParamsSchema,
        body: channelRefundInputSchema,
        response: { 200: channelRefundSchema },
      },
    },
    async (request) => {
      const result = await refundChannelOrder(
        request.serviceContext(),
        app.sales,
        request.params.orderId,
        request.body,
      );
      kickWebhookDelivery(app.deps.jobs);
      return { order: presentOrder(result.order), refunded: result.refunded, fee: result.fee };
    },
  );

  app.post(
    '/api/v1/channel/orders/:orderId/rebook',
    {
      config: { channel: true, idempotent: true },
      schema: {
        tags: api,
        summary: 'Move tickets to another session at the same price (scope orders.rebook)',
        params: channelOrderParamsSchema,
        body: channelRebookInputSchema,
        response: { 200: channelRebookSchema },
      },
    },
    async (request) => {
      const result = await rebookChannelOrder(
        request.serviceContext(),
        app.sales,
        request.params.orderId,
        request.body,
      );
      return {
        order: presentOrder(result.order),
        difference: result.difference,
        newTicketIds: result.newTicketIds,
      };
    },
  );

  app.get(
    '/api/v1/channel/tickets/:number',
    {
      config: { channel: true },
      schema: {
        tags: api,
        summary: 'A ticket of the channel’s orders: status, entries used, last entry (scope tickets.read)',
        params: channelTicketParamsSchema,
        response: { 200: channelTicketStatusSchema },
      },
    },
    async (request) => {
      const t = await channelTicketStatus(request.serviceContext(), request.params.number);
      return {
        ...t,
        validFrom: t.validFrom.toISOString(),
        validUntil: t.validUntil.toISOString(),
        lastEntryAt: t.lastEntryAt?.toISOString() ?? null,
      };
    },
  );
};
