// Webhooks of channel partners (admin, `channels.manage`): endpoints with their signing secret (shown in
// the answer that creates or rotates it only), the delivery log newest first, and resend — which also
// starts the delivery job at once. Deliveries themselves are sent by the job (services/webhooks).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  channelParamsSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryParamsSchema,
  webhookDeliveryViewSchema,
  webhookEndpointInputSchema,
  webhookEndpointParamsSchema,
  webhookEndpointUpdateSchema,
  webhookEndpointViewSchema,
  webhookEndpointWithSecretSchema,
} from '@admit/contracts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  kickWebhookDelivery,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from '@admit/services';

const tags = ['channels'];

const presentEndpoint = (e: WebhookEndpointView) => ({
  id: e.id,
  channelId: e.channelId,
  url: e.url,
  events: e.events,
  active: e.active,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

const presentDelivery = (d: WebhookDeliveryView) => ({
  id: d.id,
  endpointId: d.endpointId,
  url: d.url,
  event: d.event,
  eventKey: d.eventKey,
  payload: d.payload,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/channels/:channelId/webhooks',
    {
      schema: {
        tags,
        summary: "A channel's webhook endpoints",
        params: channelParamsSchema,
        response: { 200: z.array(webhookEndpointViewSchema) },
      },
    },
    async (request) =>
      (await listWebhookEndpoints(request.serviceContext(), request.params.channelId)).map(presentEndpoint),
  );

  app.post(
    '/api/v1/channels/:channelId/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint (its signing secret is in this answer only)',
        params: channelParamsSchema,
        body: webhookEndpointInputSchema,
        response: { 201: webhookEndpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const created = await createWebhookEndpoint(
        request.serviceContext(),
        request.params.channelId,
        request.body,
      );
      reply.code(201).header('cache-control', 'no-store');
      return { secret: created.secret, endpoint: presentEndpoint(created.endpoint) };
    },
  );

  app.patch(
    '/api/v1/channels/:channelId/webhooks/:endpointId',
    {
      schema: {
        tags,
        summary: 'Change a webhook endpoint: URL, events, on or off',
        params: webhookEndpointParamsSchema,
        body: webhookEndpointUpdateSchema,
        response: { 200: webhookEndpointViewSchema },
      },
    },
    async (request) => {
      const { url, events, active } = request.body;
      const updated = await updateWebhookEndpoint(
        request.serviceContext(),
        request.params.channelId,
        request.params.endpointId,
        {
          ...(url === undefined ? {} : { url }),
          ...(events === undefined ? {} : { events }),
          ...(active === undefined ? {} : { active }),
        },
      );
      // Turned on again: what waited while it was off goes out now.
      if (active) kickWebhookDelivery(app.deps.jobs);
      return presentEndpoint(updated);
    },
  );

  app.delete(
    '/api/v1/channels/:channelId/webhooks/:endpointId',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: webhookEndpointParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint(
        request.serviceContext(),
        request.params.channelId,
        request.params.endpointId,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/channels/:channelId/webhooks/:endpointId/rotate-secret',
    {
      schema: {
        tags,
        summary: "Replace a webhook endpoint's signing secret (the new one is in this answer only)",
        params: webhookEndpointParamsSchema,
        response: { 200: webhookEndpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const rotated = await rotateWebhookSecret(
        request.serviceContext(),
        request.params.channelId,
        request.params.endpointId,
      );
      reply.header('cache-control', 'no-store');
      return { secret: rotated.secret, endpoint: presentEndpoint(rotated.endpoint) };
    },
  );

  app.get(
    '/api/v1/channels/:channelId/webhook-deliveries',
    {
      schema: {
        tags,
        summary: "A channel's webhook delivery log, newest first",
        params: channelParamsSchema,
        querystring: webhookDeliveriesQuerySchema,
        response: { 200: z.array(webhookDeliveryViewSchema) },
      },
    },
    async (request) => {
      const { endpointId, status, limit } = request.query;
      return (
        await listWebhookDeliveries(request.serviceContext(), request.params.channelId, {
          ...(endpointId ? { endpointId } : {}),
          ...(status ? { status } : {}),
          limit,
        })
      ).map(presentDelivery);
    },
  );

  app.post(
    '/api/v1/channels/:channelId/webhook-deliveries/:deliveryId/resend',
    {
      schema: {
        tags,
        summary: 'Send a delivered or failed webhook delivery again, now',
        params: webhookDeliveryParamsSchema,
        response: { 200: webhookDeliveryViewSchema },
      },
    },
    async (request) => {
      const delivery = await resendDelivery(
        request.serviceContext(),
        request.params.deliveryId,
        request.params.channelId,
      );
      kickWebhookDelivery(app.deps.jobs);
      return presentDelivery(delivery);
    },
  );
};
