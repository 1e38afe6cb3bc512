// Channel partners: the admin routes (`channels.manage`: partners, their sites and prices, API keys —
// shown once, stored hashed, revocable) and the channel API the partners call with a key.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
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
};
