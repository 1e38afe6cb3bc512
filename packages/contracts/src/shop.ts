// The public shop API (/api/v1/shop): what a visitor's phone needs to book timed and real-name
// tickets, pay, show e-tickets (with a rotating code where the site wants it), look an order up by
// phone with a one-time code, cancel, refund and rebook. No login: an order is reached through its
// access token (in the e-ticket link and given after a look-up), never by its id.
import { z } from 'zod';
import { productCategorySchema } from './catalog';
import { identityDocumentKindSchema } from './sales';

const civilDate = z.iso.date();
const fen = z.number().int();
const isoTime = z.string();

export const shopSiteParamsSchema = z.object({ siteCode: z.string().trim().min(1).max(32) });
export const shopOrderParamsSchema = z.object({ token: z.string().trim().min(20).max(200) });

/** The settings an administrator sets per site (PUT /sites/:siteId/shop-settings). */
export const shopSettingsSchema = z.object({
  enabled: z.boolean(),
  rotatingCodes: z.boolean(),
  rotationStepSeconds: z.number().int().min(10).max(300),
  rotationToleranceSteps: z.number().int().min(0).max(10),
  perIdDailyLimit: z.number().int().min(1).max(100).nullable(),
  perPhoneDailyLimit: z.number().int().min(1).max(100).nullable(),
  freeCancelMinutesBefore: z.number().int().min(0).max(10_080),
  noShowLimit: z.number().int().min(1).max(100).nullable(),
  noShowWindowDays: z.number().int().min(1).max(3660),
  noShowBlockDays: z.number().int().min(1).max(3660),
  noticeZh: z.string().trim().max(2000),
  noticeEn: z.string().trim().max(2000),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

/** A proof-of-work answer to a `rate_limited` error's challenge (details.challenge). */
export const challengeAnswerSchema = z.object({
  token: z.string().min(10).max(1000),
  nonce: z.string().min(1).max(64),
});

export const shopSiteSummarySchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.string(),
  addressZh: z.string(),
  addressEn: z.string(),
});
export const shopSitesResponseSchema = z.object({ sites: z.array(shopSiteSummarySchema) });

export const shopSiteQuerySchema = z.object({ date: civilDate.optional() });

export const shopProductSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  category: productCategorySchema,
  /** The online price on the chosen date. */
  price: fen,
  realName: z.boolean(),
  /** Documents to bring (a discount's proof): id_card, student_card… */
  requiredDocuments: z.array(z.string()),
  eligibilityZh: z.string(),
  eligibilityEn: z.string(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  minPerOrder: z.number().int(),
  maxPerOrder: z.number().int(),
  /** Sold by session (timed entry); false: valid for the day (add-ons). */
  bySession: z.boolean(),
  addon: z.boolean(),
  refundable: z.boolean(),
  /** Refunds until this many minutes before the visit (null: until it starts). */
  refundUntilMinutesBeforeStart: z.number().int().nullable(),
  rebookable: z.boolean(),
  autoRefundAtExpiry: z.boolean(),
});

export const shopSessionSchema = z.object({
  id: z.uuid(),
  nameZh: z.string(),
  nameEn: z.string(),
  startsAt: isoTime,
  endsAt: isoTime,
  remaining: z.number().int(),
  soldOut: z.boolean(),
  /** Ticket types sold in this session with places left for each. */
  products: z.array(z.object({ productId: z.uuid(), remaining: z.number().int() })),
});

export const shopSiteResponseSchema = z.object({
  site: shopSiteSummarySchema.extend({
    timeZone: z.string(),
    noticeZh: z.string(),
    noticeEn: z.string(),
    contactPhone: z.string(),
  }),
  rules: z.object({
    holdMinutes: z.number().int(),
    perIdDailyLimit: z.number().int().nullable(),
    perPhoneDailyLimit: z.number().int().nullable(),
    freeCancelMinutesBefore: z.number().int(),
    rotatingCodes: z.boolean(),
  }),
  today: civilDate,
  date: civilDate,
  /** Why nothing sells on this date, if so. */
  closed: z.enum(['closed', 'not_released', 'past']).nullable(),
  dailyRemaining: z.number().int().nullable(),
  sessions: z.array(shopSessionSchema),
  products: z.array(shopProductSchema),
});
export type ShopSiteResponse = z.infer<typeof shopSiteResponseSchema>;

export const shopCalendarQuerySchema = z.object({
  from: civilDate.optional(),
  days: z.coerce.number().int().min(1).max(62).default(31),
});
export const shopCalendarResponseSchema = z.object({
  today: civilDate,
  days: z.array(
    z.object({
      date: civilDate,
      status: z.enum(['available', 'few', 'sold_out', 'closed', 'not_released']),
      /** Places left over the day's sessions (or the daily maximum), null when not limited. */
      remaining: z.number().int().nullable(),
    }),
  ),
});
export type ShopCalendarResponse = z.infer<typeof shopCalendarResponseSchema>;

export const shopHolderSchema = z.object({
  documentKind: identityDocumentKindSchema.default('resident_id'),
  documentNumber: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(60),
});

export const shopOrderRequestSchema = z.object({
  visitDate: civilDate,
  sessionId: z.uuid().nullable(),
  lines: z
    .array(
      z.object({
        productId: z.uuid(),
        quantity: z.number().int().min(1).max(50),
        /** One per ticket when the ticket type is real-name, in ticket order. */
        holders: z.array(shopHolderSchema).max(50).default([]),
      }),
    )
    .min(1)
    .max(20),
  contactPhone: z.string().trim().min(1).max(20),
  contactEmail: z.email().max(200).nullable().default(null),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  challenge: challengeAnswerSchema.optional(),
});
export type ShopOrderRequest = z.infer<typeof shopOrderRequestSchema>;

export const shopRotationSchema = z.object({
  stepSeconds: z.number().int(),
  /** Per day of validity: the secret the page computes the time part with (rotating-code.ts). */
  secrets: z.array(z.object({ from: isoTime, until: isoTime, secret: z.string() })),
});

export const shopTicketSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  productNameZh: z.string(),
  productNameEn: z.string(),
  category: productCategorySchema,
  price: fen,
  status: z.enum(['pending', 'valid', 'cancelled', 'refunded', 'revoked']),
  holderName: z.string().nullable(),
  /** Masked: 110***********1234. */
  holderDocument: z.string().nullable(),
  validFrom: isoTime,
  validUntil: isoTime,
  entriesAllowed: z.number().int(),
  entriesUsed: z.number().int(),
  /** The signed code; null until paid. With `rotation`, the page shows it with a time part. */
  code: z.string().nullable(),
  rotation: shopRotationSchema.nullable(),
  refundable: z.boolean(),
  rebookable: z.boolean(),
});

export const shopOrderViewSchema = z.object({
  number: z.string(),
  status: z.enum(['pending', 'paid', 'cancelled', 'expired', 'partially_refunded', 'refunded']),
  siteCode: z.string(),
  siteNameZh: z.string(),
  siteNameEn: z.string(),
  timeZone: z.string(),
  visitDate: civilDate,
  session: z
    .object({ id: z.uuid(), nameZh: z.string(), nameEn: z.string(), startsAt: isoTime, endsAt: isoTime })
    .nullable(),
  total: fen,
  refunded: fen,
  /** A free reservation (¥0): nothing to pay, cancellable until `cancellableUntil`. */
  free: z.boolean(),
  /** Pending: pay before this or the places are released. */
  holdExpiresAt: isoTime.nullable(),
  cancellableUntil: isoTime.nullable(),
  contactPhone: z.string(),
  createdAt: isoTime,
  payment: z.object({ status: z.string(), provider: z.string().nullable() }).nullable(),
  /** Inside WeChat, pay with its in-app sheet (JSAPI) after /shop/wechat/authorize gives the openid. */
  wechatJsapi: z.boolean(),
  tickets: z.array(shopTicketSchema),
});
export type ShopOrderView = z.infer<typeof shopOrderViewSchema>;

export const shopOrderResponseSchema = z.object({ token: z.string(), order: shopOrderViewSchema });
export type ShopOrderResponse = z.infer<typeof shopOrderResponseSchema>;

export const shopPayRequestSchema = z.object({
  /** h5 elsewhere, jsapi inside WeChat (needs payerId), page on a computer; simulator in development. */
  kind: z.enum(['h5', 'jsapi', 'page', 'native']).default('h5'),
  provider: z.enum(['alipay', 'wechat', 'simulator']).optional(),
  payerId: z.string().trim().min(1).max(128).nullable().default(null),
  challenge: challengeAnswerSchema.optional(),
});
export const shopPayResponseSchema = z.object({
  expiresAt: isoTime,
  created: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('redirect'), url: z.string() }),
    z.object({ kind: z.literal('qr'), codeUrl: z.string() }),
    z.object({ kind: z.literal('jsapi'), params: z.record(z.string(), z.string()) }),
  ]),
});

export const shopTicketsRequestSchema = z.object({
  ticketIds: z.array(z.uuid()).min(1).max(50),
});
export const shopRebookRequestSchema = shopTicketsRequestSchema.extend({
  visitDate: civilDate,
  sessionId: z.uuid().nullable(),
});

export const shopLookupCodeRequestSchema = z.object({
  phone: z.string().trim().min(1).max(20),
  orderNumber: z.string().trim().min(1).max(40),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  challenge: challengeAnswerSchema.optional(),
});
export const shopLookupCodeResponseSchema = z.object({
  /** Always true: whether the order exists is not told to someone who does not own the phone. */
  sent: z.boolean(),
  expiresAt: isoTime,
});
export const shopLookupVerifyRequestSchema = z.object({
  phone: z.string().trim().min(1).max(20),
  orderNumber: z.string().trim().min(1).max(40),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits'),
  challenge: challengeAnswerSchema.optional(),
});
export const shopLookupVerifyResponseSchema = z.object({ token: z.string() });

/** GET /shop/wechat/authorize: off to WeChat's web authorisation, back to a shop page with the openid. */
export const shopWechatAuthorizeQuerySchema = z.object({
  siteCode: z.string().trim().min(1).max(32),
  return: z.string().trim().min(1).max(220),
});
export const shopWechatCallbackQuerySchema = z.object({
  code: z.string().trim().min(1).max(200),
  state: z.string().trim().min(1).max(1000),
});
