// Webhooks of channel partners (admin, `channels.manage`): endpoints (URL, events, on/off) with their
// signing secret — in the answer that creates or rotates it only — and the delivery log with resend.
// The events and their bodies are described in docs/webhooks.md.
import { z } from 'zod';

const isoTime = z.string();

export const webhookEventSchema = z.enum(['order.paid', 'order.refunded', 'ticket.redeemed']);
export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((url) => /^https?:\/\/[^\s/]+/i.test(url), 'an http:// or https:// address');

export const webhookEndpointInputSchema = z.object({
  url: webhookUrl,
  events: z.array(webhookEventSchema).min(1).max(3),
  active: z.boolean().default(true),
});
export const webhookEndpointUpdateSchema = z.object({
  url: webhookUrl.optional(),
  events: z.array(webhookEventSchema).min(1).max(3).optional(),
  active: z.boolean().optional(),
});
export const webhookEndpointViewSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  url: z.string(),
  events: z.array(webhookEventSchema),
  active: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
/** The secret is in this answer only: it cannot be shown again (rotate it to get a new one). */
export const webhookEndpointWithSecretSchema = z.object({
  secret: z.string(),
  endpoint: webhookEndpointViewSchema,
});
export const webhookEndpointParamsSchema = z.object({ channelId: z.uuid(), endpointId: z.uuid() });
export const webhookDeliveryParamsSchema = z.object({ channelId: z.uuid(), deliveryId: z.uuid() });

export const webhookDeliveriesQuerySchema = z.object({
  endpointId: z.uuid().optional(),
  status: webhookDeliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const webhookDeliveryViewSchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  url: z.string(),
  event: webhookEventSchema,
  eventKey: z.string(),
  /** The exact JSON body sent (the same on every attempt). */
  payload: z.record(z.string(), z.unknown()),
  status: webhookDeliveryStatusSchema,
  attempts: z.number().int(),
  nextAttemptAt: isoTime.nullable(),
  /** The HTTP status of the last attempt; null when there was no answer (timeout, refused). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: isoTime.nullable(),
  createdAt: isoTime,
});
