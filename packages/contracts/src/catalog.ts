// The catalog API: sites, gates, ticket types, prices, sessions, availability and the price explainer.
import { z } from 'zod';

const civilDate = z.iso.date();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const fen = z.number().int();
const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const siteKindSchema = z.enum(['scenic_area', 'museum', 'venue', 'transport']);
export const gateDirectionSchema = z.enum(['entry', 'exit', 'both']);
export const salesChannelSchema = z.enum(['box_office', 'online', 'api']);
export const productCategorySchema = z.enum([
  'adult',
  'child',
  'student',
  'senior',
  'group',
  'free',
  'complimentary',
  'addon',
  'other',
]);
export const dayTypeSchema = z.enum(['weekday', 'weekend', 'holiday', 'peak']);
export const seasonSchema = z.enum(['low', 'high']);

export const openingHoursSchema = z
  .array(z.object({ weekday: z.number().int().min(0).max(6), opens: hhmm, closes: hhmm }))
  .max(21);

export const siteInputSchema = z.object({
  code: code.transform((c) => c.toUpperCase()),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
  kind: siteKindSchema,
  timeZone: z.string().trim().min(1).max(64),
  addressZh: z.string().trim().max(200).default(''),
  addressEn: z.string().trim().max(200).default(''),
  contactPhone: z.string().trim().max(40).default(''),
  openingHours: openingHoursSchema.default([]),
  dailyMaxCapacity: z.number().int().min(1).nullable().default(null),
  instantMaxCapacity: z.number().int().min(1).nullable().default(null),
});
export const siteUpdateSchema = siteInputSchema
  .omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export const siteViewSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: siteKindSchema,
  timeZone: z.string(),
  addressZh: z.string(),
  addressEn: z.string(),
  contactPhone: z.string(),
  openingHours: openingHoursSchema,
  dailyMaxCapacity: z.number().int().nullable(),
  instantMaxCapacity: z.number().int().nullable(),
  active: z.boolean(),
  closedDates: z.array(z.object({ date: civilDate, reason: z.string() })),
});
export type SiteView = z.infer<typeof siteViewSchema>;

export const closedDatesInputSchema = z.object({
  dates: z.array(z.object({ date: civilDate, reason: z.string().trim().max(100).default('') })).max(400),
});

export const gateInputSchema = z.object({
  code,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
  direction: gateDirectionSchema,
});
export const gateUpdateSchema = gateInputSchema
  .omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export const gateViewSchema = gateInputSchema.extend({ id: z.uuid(), siteId: z.uuid(), active: z.boolean() });

const feeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int() }),
  z.object({ kind: z.literal('fixed'), amount: fen }),
]);
export const afterSalePolicySchema = z.object({
  allowed: z.boolean(),
  untilMinutesBeforeStart: z.number().int().min(0).nullable(),
  fee: feeSchema,
});
export const validitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session') }),
  z.object({ kind: z.literal('day') }),
  z.object({ kind: z.literal('days'), days: z.number().int() }),
  z.object({ kind: z.literal('range'), from: civilDate, to: civilDate }),
]);
export const entriesSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single') }),
  z.object({ kind: z.literal('multi'), count: z.number().int() }),
  z.object({ kind: z.literal('unlimited'), minIntervalMinutes: z.number().int() }),
]);

const noRefund = { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' as const } };

export const productInputSchema = z.object({
  code,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
  descriptionZh: z.string().trim().max(1000).default(''),
  descriptionEn: z.string().trim().max(1000).default(''),
  category: productCategorySchema,
  eligibilityZh: z.string().trim().max(500).default(''),
  eligibilityEn: z.string().trim().max(500).default(''),
  requiredDocuments: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
  /** fen; negative values reach the domain check and get price_negative. */
  listPrice: fen,
  validity: validitySchema.default({ kind: 'session' }),
  entries: entriesSchema.default({ kind: 'single' }),
  realName: z.boolean().default(false),
  /** Ages (inclusive) the ticket type is for; the seller is warned when an ID number does not fit. */
  minAge: z.number().int().min(0).max(150).nullable().default(null),
  maxAge: z.number().int().min(0).max(150).nullable().default(null),
  channels: z.array(salesChannelSchema).max(3).default(['box_office', 'online', 'api']),
  saleStartsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  saleEndsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  releaseDaysAhead: z.number().int().nullable().default(null),
  releaseTime: z.string().nullable().default(null),
  minPerOrder: z.number().int().default(1),
  maxPerOrder: z.number().int().default(20),
  refundPolicy: afterSalePolicySchema.default(noRefund),
  rebookPolicy: afterSalePolicySchema.default(noRefund),
  countsTowardsDailyMax: z.boolean().default(true),
  /** Unused tickets sold online or through channels are refunded automatically when they expire. */
  autoRefundAtExpiry: z.boolean().default(false),
  sortOrder: z.number().int().default(0),
  comboParts: z
    .array(
      z.object({
        siteId: z.uuid(),
        gateIds: z.array(z.uuid()).default([]),
        shareBasisPoints: z.number().int(),
      }),
    )
    .max(10)
    .default([]),
});
export const productUpdateSchema = productInputSchema
  .omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export const productViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  category: productCategorySchema,
  eligibilityZh: z.string(),
  eligibilityEn: z.string(),
  requiredDocuments: z.array(z.string()),
  listPrice: fen,
  validity: validitySchema,
  entries: entriesSchema,
  realName: z.boolean(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  channels: z.array(salesChannelSchema),
  saleStartsAt: z.iso.datetime().nullable(),
  saleEndsAt: z.iso.datetime().nullable(),
  releaseDaysAhead: z.number().int().nullable(),
  releaseTime: z.string().nullable(),
  minPerOrder: z.number().int(),
  maxPerOrder: z.number().int(),
  refundPolicy: afterSalePolicySchema,
  rebookPolicy: afterSalePolicySchema,
  countsTowardsDailyMax: z.boolean(),
  autoRefundAtExpiry: z.boolean(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  comboParts: z.array(
    z.object({ siteId: z.uuid(), gateIds: z.array(z.uuid()), shareBasisPoints: z.number().int() }),
  ),
});
export type ProductView = z.infer<typeof productViewSchema>;

export const priceRuleInputSchema = z.object({
  productId: z.uuid(),
  dayType: dayTypeSchema,
  season: seasonSchema.nullable().default(null),
  channel: salesChannelSchema.nullable().default(null),
  price: fen,
});
export const priceVersionInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  effectiveFrom: civilDate,
  effectiveTo: civilDate.nullable().default(null),
  rules: z.array(priceRuleInputSchema).max(2000),
});
export const priceVersionViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  name: z.string(),
  effectiveFrom: civilDate,
  effectiveTo: civilDate.nullable(),
  rules: z.array(priceRuleInputSchema.extend({ id: z.uuid() })),
});

export const groupRuleInputSchema = z.object({
  productId: z.uuid(),
  minQuantity: z.number().int().min(2).max(10_000),
  price: fen,
  guideProductId: z.uuid().nullable().default(null),
  freeGuidePlaces: z.number().int().min(0).max(100).default(0),
});
export const groupRuleViewSchema = groupRuleInputSchema.extend({ id: z.uuid() });

export const calendarInputSchema = z.object({
  peakDates: z.array(z.object({ date: civilDate, name: z.string().trim().max(60).default('') })).max(400),
  seasons: z.array(z.object({ dateFrom: civilDate, dateTo: civilDate, season: seasonSchema })).max(50),
});

export const holidayImportResponseSchema = z.object({
  imported: z.number().int(),
  year: z.number().int().nullable(),
});

export const scheduleInputSchema = z.object({
  kind: z.enum(['timeslot', 'performance', 'departure']).default('timeslot'),
  from: civilDate,
  to: civilDate,
  weekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  times: z.union([
    z.object({ list: z.array(z.string()).min(1).max(96) }),
    z.object({ first: z.string(), last: z.string(), everyMinutes: z.number().int() }),
  ]),
  durationMinutes: z.number().int(),
  capacity: z.number().int(),
  productIds: z.array(z.uuid()).min(1).max(100),
  nameZh: z.string().trim().max(60).default(''),
  nameEn: z.string().trim().max(100).default(''),
  routeFrom: z.string().trim().max(60).nullable().default(null),
  routeTo: z.string().trim().max(60).nullable().default(null),
});

export const plannedSessionSchema = z.object({
  date: civilDate,
  startTime: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  capacity: z.number().int(),
});
export const schedulePreviewResponseSchema = z.object({
  sessions: z.array(plannedSessionSchema),
  skippedClosedDates: z.array(civilDate),
  duplicates: z.array(plannedSessionSchema),
});

export const sessionViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  kind: z.enum(['timeslot', 'performance', 'departure']),
  nameZh: z.string(),
  nameEn: z.string(),
  businessDate: civilDate,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  routeFrom: z.string().nullable(),
  routeTo: z.string().nullable(),
  status: z.enum(['open', 'closed', 'cancelled']),
  capacity: z.number().int(),
  sold: z.number().int(),
  held: z.number().int(),
  remaining: z.number().int(),
  productIds: z.array(z.uuid()),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const sessionListQuerySchema = z.object({ from: civilDate, to: civilDate });
export const sessionUpdateSchema = z.object({
  capacity: z.number().int().optional(),
  status: z.enum(['open', 'closed', 'cancelled']).optional(),
});

export const availabilityQuerySchema = z.object({ date: civilDate, channel: salesChannelSchema.optional() });
export const availabilityResponseSchema = z.object({
  siteId: z.uuid(),
  date: civilDate,
  dailyRemaining: z.number().int().nullable(),
  sessions: z.array(
    z.object({
      sessionId: z.uuid(),
      kind: z.string(),
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
      status: z.string(),
      remaining: z.number().int(),
      products: z.array(z.object({ productId: z.uuid(), remaining: z.number().int() })),
    }),
  ),
});
export type AvailabilityResponse = z.infer<typeof availabilityResponseSchema>;

export const priceQuoteRequestSchema = z.object({
  date: civilDate,
  channel: salesChannelSchema.default('box_office'),
  quantities: z
    .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(0).max(10_000) }))
    .min(1)
    .max(100),
});
export const priceQuoteResponseSchema = z.object({
  date: civilDate,
  channel: salesChannelSchema,
  dayTypes: z.array(dayTypeSchema),
  season: seasonSchema.nullable(),
  priceVersion: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  lines: z.array(
    z.object({
      productId: z.uuid(),
      quantity: z.number().int(),
      unitPrice: fen,
      amount: fen,
      explanation: z.record(z.string(), z.unknown()),
    }),
  ),
  total: fen,
});

export const siteIdParamsSchema = z.object({ siteId: z.uuid() });
export const siteChildParamsSchema = z.object({ siteId: z.uuid(), id: z.uuid() });
