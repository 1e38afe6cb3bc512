// Channel partners and their API keys (admin, `channels.manage`), and the channel API partners call
// with their keys (`Authorization: Bearer admit_…`).
import { z } from 'zod';

const fen = z.number().int();
const isoTime = z.string();

export const apiKeyScopeSchema = z.enum([
  'availability.read',
  'orders.create',
  'orders.read',
  'orders.refund',
  'orders.rebook',
  'tickets.read',
]);

export const channelInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/, 'letters, digits, _ and -')
    .transform((c) => c.toUpperCase()),
  name: z.string().trim().min(1).max(100),
  contactName: z.string().trim().max(60).default(''),
  contactPhone: z.string().trim().max(30).default(''),
  active: z.boolean().default(true),
  siteIds: z.array(z.uuid()).max(200).default([]),
});
export const channelViewSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  active: z.boolean(),
  siteIds: z.array(z.uuid()),
  createdAt: isoTime,
});
export const channelParamsSchema = z.object({ channelId: z.uuid() });
export const channelKeyParamsSchema = z.object({ channelId: z.uuid(), keyId: z.uuid() });

export const channelPriceSchema = z.object({
  productId: z.uuid(),
  settlementPrice: fen.min(0),
  retailPrice: fen.min(0),
});
export const channelPricesSchema = z.object({ prices: z.array(channelPriceSchema).max(500) });

export const apiKeyInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  scopes: z.array(apiKeyScopeSchema).min(1).max(6),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).default(600),
});
export const apiKeyViewSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  rateLimitPerMinute: z.number().int(),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
});
/** The key itself is in this answer only: it is stored hashed and cannot be shown again. */
export const issuedApiKeySchema = z.object({ key: z.string(), apiKey: apiKeyViewSchema });

export const channelAvailabilityParamsSchema = z.object({ siteCode: z.string().trim().min(1).max(32) });
export const channelAvailabilityQuerySchema = z.object({ date: z.iso.date().optional() });
export const channelAvailabilitySchema = z.object({
  site: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), timeZone: z.string() }),
  date: z.iso.date(),
  products: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      category: z.string(),
      realName: z.boolean(),
      price: fen,
      /** What the channel pays us per ticket. */
      settlementPrice: fen,
      /** What the channel should sell it at. */
      retailPrice: fen,
      onSale: z.boolean(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      startsAt: isoTime,
      endsAt: isoTime,
      remaining: z.number().int(),
      products: z.array(z.object({ productId: z.uuid(), remaining: z.number().int() })),
    }),
  ),
});
