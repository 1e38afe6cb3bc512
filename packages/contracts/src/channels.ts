// Channel partners and their API keys (admin, `channels.manage`), and the channel API partners call
// with their keys (`Authorization: Bearer admit_…`).
import { z } from 'zod';
import { identityDocumentKindSchema } from './sales';

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
  /** Per site: the agency account its API orders draw on (null: none; a site left out keeps its own). */
  accounts: z.record(z.uuid(), z.uuid().nullable()).optional(),
});
export const channelViewSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  active: z.boolean(),
  siteIds: z.array(z.uuid()),
  accounts: z.record(z.string(), z.uuid().nullable()),
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

// Allocations: places of a session (or a day) reserved for a channel, released back at a set time.
export const allocationInputSchema = z
  .object({
    siteId: z.uuid(),
    from: z.iso.date(),
    to: z.iso.date(),
    /** Every open session in the dates, or each day's daily maximum. */
    scope: z.enum(['session', 'day']),
    quantity: z.number().int().min(1).max(100_000),
    releaseMinutesBefore: z
      .number()
      .int()
      .min(0)
      .max(14 * 24 * 60),
  })
  .refine((a) => a.from <= a.to, { message: 'from must not be after to', path: ['to'] });
export const allocationViewSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  siteId: z.uuid(),
  kind: z.enum(['session', 'daily']),
  businessDate: z.iso.date(),
  sessionId: z.uuid().nullable(),
  sessionStartsAt: isoTime.nullable(),
  quantity: z.number().int(),
  capacity: z.number().int(),
  sold: z.number().int(),
  held: z.number().int(),
  releaseAt: isoTime,
  releasedAt: isoTime.nullable(),
});
export const allocationResultSchema = z.object({
  created: z.array(allocationViewSchema),
  skipped: z.array(
    z.object({
      businessDate: z.iso.date(),
      sessionId: z.uuid().nullable(),
      reason: z.enum(['allocation_exists', 'allocation_room_short', 'release_time_passed']),
    }),
  ),
});
export const allocationListQuerySchema = z.object({
  siteId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export const allocationParamsSchema = z.object({ channelId: z.uuid(), allocationId: z.uuid() });

// Orders through the channel API (`Idempotency-Key` required on every write).
const holderSchema = z.object({
  documentKind: identityDocumentKindSchema.default('resident_id'),
  documentNumber: z.string().trim().min(1).max(40),
  name: z.string().trim().max(60).default(''),
});
export const channelOrderInputSchema = z.object({
  site: z.string().trim().min(1).max(32),
  visitDate: z.iso.date(),
  sessionId: z.uuid().nullable().default(null),
  /** The partner's own order number: unique per partner, and a way to look the order up. */
  externalReference: z.string().trim().min(1).max(64).nullable().default(null),
  lines: z
    .array(
      z.object({
        productId: z.uuid(),
        quantity: z.number().int().min(1).max(500),
        /** One per ticket for real-name ticket types. */
        holders: z.array(holderSchema).max(500).default([]),
      }),
    )
    .min(1)
    .max(20),
  contactPhone: z.string().trim().max(20).default(''),
  guide: z
    .object({ name: z.string().trim().min(1).max(60), licence: z.string().trim().max(40) })
    .nullable()
    .default(null),
});
export const channelTicketSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  productId: z.uuid(),
  productCode: z.string(),
  /** What the channel pays us for it (its settlement price). */
  price: fen,
  status: z.enum(['pending', 'valid', 'cancelled', 'refunded', 'revoked']),
  sessionId: z.uuid().nullable(),
  validFrom: isoTime,
  validUntil: isoTime,
  entriesAllowed: z.number().int(),
  /** The QR code's content, for valid tickets: any gate verifies it, online or offline. */
  code: z.string().nullable(),
  holderName: z.string().nullable(),
  holderDocument: z.string().nullable(),
});
export const channelOrderSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  externalReference: z.string().nullable(),
  site: z.string(),
  status: z.enum(['pending', 'paid', 'cancelled', 'expired', 'partially_refunded', 'refunded']),
  visitDate: z.iso.date(),
  sessionId: z.uuid().nullable(),
  sessionStartsAt: isoTime.nullable(),
  /** The settlement total drawn on the channel's account. */
  total: fen,
  createdAt: isoTime,
  tickets: z.array(channelTicketSchema),
});
export const channelOrderParamsSchema = z.object({ orderId: z.uuid() });
export const channelOrderQuerySchema = z.object({ externalReference: z.string().trim().min(1).max(64) });
export const channelRefundInputSchema = z.object({
  /** The tickets to refund; all valid ones when left out. */
  ticketIds: z.array(z.uuid()).min(1).max(500).optional(),
  reason: z.string().trim().max(200).default(''),
});
export const channelRefundSchema = z.object({ order: channelOrderSchema, refunded: fen, fee: fen });
export const channelRebookInputSchema = z.object({
  ticketIds: z.array(z.uuid()).min(1).max(500),
  toSessionId: z.uuid(),
});
export const channelRebookSchema = z.object({
  order: channelOrderSchema,
  /** Fees drawn on the account (a rebooking keeps the settlement price). */
  difference: fen,
  newTicketIds: z.array(z.uuid()),
});
export const channelTicketParamsSchema = z.object({
  number: z
    .string()
    .trim()
    .regex(/^\d{6,20}$/),
});
export const channelTicketStatusSchema = z.object({
  number: z.string(),
  orderId: z.uuid(),
  orderNumber: z.string(),
  externalReference: z.string().nullable(),
  productCode: z.string(),
  status: z.enum(['pending', 'valid', 'cancelled', 'refunded', 'revoked']),
  entriesAllowed: z.number().int(),
  entriesUsed: z.number().int(),
  validFrom: isoTime,
  validUntil: isoTime,
  lastEntryAt: isoTime.nullable(),
});
