// The selling API: what the box office needs to sell (ticket types with today's prices, sessions with
// places left, agencies), the sale itself, the order, payment-code follow-up, printing and agencies.
import { z } from 'zod';
import { productCategorySchema, salesChannelSchema } from './catalog';

const civilDate = z.iso.date();
const fen = z.number().int();
const isoTime = z.string();

export const discountDocumentSchema = z.enum([
  'id_card',
  'student_card',
  'senior_card',
  'soldier_card',
  'disability_card',
  'veteran_disability_card',
  'fire_rescue_card',
  'guide_card',
  'height_check',
  'other',
]);
export const identityDocumentKindSchema = z.enum([
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'foreigner_permanent_residence',
]);
export const paymentMethodSchema = z.enum(['cash', 'card', 'payment_code', 'on_account', 'online']);
export const terminalSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{2}$/, 'two letters or digits')
  .transform((t) => t.toUpperCase());

/** A visitor named on a real-name ticket (实名制): the document is checked (GB 11643 for ID cards). */
export const ticketHolderSchema = z.object({
  documentKind: identityDocumentKindSchema.default('resident_id'),
  documentNumber: z.string().trim().min(1).max(40),
  name: z.string().trim().max(60).default(''),
});

export const saleLineSchema = z.object({
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(1000),
  /** One per ticket when the ticket type is real-name; in ticket order. */
  holders: z.array(ticketHolderSchema).max(1000).default([]),
  /** The document shown for a discounted or free ticket; must be one the ticket type accepts. */
  discountDocument: z.string().trim().min(1).max(40).nullable().default(null),
  discountReason: z.string().trim().max(200).default(''),
});

export const salePaymentSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('cash'),
    amount: fen.min(0),
    /** What the customer handed over; the change is tendered − amount. */
    tendered: fen.min(0),
  }),
  z.object({ method: z.literal('card'), amount: fen.min(1), reference: z.string().trim().min(1).max(64) }),
  z.object({
    method: z.literal('payment_code'),
    amount: fen.min(1),
    /** The customer's WeChat Pay or Alipay payment code (付款码), as scanned. */
    authCode: z
      .string()
      .trim()
      .regex(/^\d{16,24}$/, 'payment code: 16–24 digits'),
  }),
  z.object({ method: z.literal('on_account'), amount: fen.min(1), agencyId: z.uuid() }),
]);

export const saleRequestSchema = z.object({
  /** The day of the visit (the session's business day), in the site's time zone. */
  visitDate: civilDate,
  /** The session sold; null only when every ticket type sold is not sold by session (add-ons). */
  sessionId: z.uuid().nullable(),
  terminal: terminalSchema.default('01'),
  lines: z.array(saleLineSchema).min(1).max(50),
  payments: z.array(salePaymentSchema).min(1).max(5),
  /** Group sales on account record the guide (导游) leading the group. */
  guide: z
    .object({ name: z.string().trim().min(1).max(60), licence: z.string().trim().min(1).max(40) })
    .nullable()
    .default(null),
  /** A supervisor approving complimentary tickets at this counter (their login and password). */
  approval: z
    .object({ loginName: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
    .nullable()
    .default(null),
  contactPhone: z.string().trim().max(20).default(''),
});
export type SaleRequest = z.infer<typeof saleRequestSchema>;

export const orderStatusSchema = z.enum([
  'pending',
  'paid',
  'cancelled',
  'expired',
  'partially_refunded',
  'refunded',
]);
export const ticketStatusSchema = z.enum(['pending', 'valid', 'cancelled', 'refunded', 'revoked']);
export const paymentStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'cancelled']);

export const ticketViewSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  productId: z.uuid(),
  productCode: z.string(),
  productNameZh: z.string(),
  productNameEn: z.string(),
  category: productCategorySchema,
  price: fen,
  status: ticketStatusSchema,
  sessionId: z.uuid().nullable(),
  validFrom: isoTime,
  validUntil: isoTime,
  entriesAllowed: z.number().int(),
  /** The signed code for the QR; present once the ticket is valid. */
  code: z.string().nullable(),
  printCount: z.number().int(),
  holderName: z.string().nullable(),
  /** Masked unless the user may read personal data. */
  holderDocument: z.string().nullable(),
  discountDocument: z.string().nullable(),
  discountReason: z.string(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;

export const paymentViewSchema = z.object({
  id: z.uuid(),
  method: paymentMethodSchema,
  provider: z.string().nullable(),
  amount: fen,
  status: paymentStatusSchema,
  tendered: fen.nullable(),
  change: fen.nullable(),
  reference: z.string().nullable(),
  agencyId: z.uuid().nullable(),
  failureCode: z.string().nullable(),
  /** For a pending payment code: the customer is entering the password on the phone. */
  waitingForCustomer: z.boolean(),
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

export const orderViewSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  siteId: z.uuid(),
  siteCode: z.string(),
  siteNameZh: z.string(),
  siteNameEn: z.string(),
  channel: salesChannelSchema,
  status: orderStatusSchema,
  visitDate: civilDate,
  sessionId: z.uuid().nullable(),
  sessionStartsAt: isoTime.nullable(),
  sessionEndsAt: isoTime.nullable(),
  sessionNameZh: z.string(),
  sessionNameEn: z.string(),
  total: fen,
  paid: fen,
  sellerName: z.string().nullable(),
  agencyId: z.uuid().nullable(),
  guideName: z.string().nullable(),
  createdAt: isoTime,
  tickets: z.array(ticketViewSchema),
  payments: z.array(paymentViewSchema),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const saleResponseSchema = z.object({
  order: orderViewSchema,
  /** Cash change to hand back (sum over cash payments), in fen. */
  change: fen,
  /** Warnings the seller should see (an ID whose age does not fit the ticket type, …). */
  warnings: z.array(z.object({ code: z.string(), ticketIndex: z.number().int().nullable() })),
});
export type SaleResponse = z.infer<typeof saleResponseSchema>;

export const orderParamsSchema = z.object({ siteId: z.uuid(), orderId: z.uuid() });
export const ticketParamsSchema = z.object({ siteId: z.uuid(), ticketId: z.uuid() });

export const boxOfficeQuerySchema = z.object({ date: civilDate.optional() });
export const boxOfficeResponseSchema = z.object({
  site: z.object({
    id: z.uuid(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    timeZone: z.string(),
  }),
  today: civilDate,
  date: civilDate,
  /** The session to preselect: the next one today that has not ended and has places. */
  suggestedSessionId: z.uuid().nullable(),
  dailyRemaining: z.number().int().nullable(),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      startsAt: isoTime,
      endsAt: isoTime,
      status: z.string(),
      remaining: z.number().int(),
      products: z.array(z.object({ productId: z.uuid(), remaining: z.number().int() })),
    }),
  ),
  products: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      category: productCategorySchema,
      /** The box-office price on this date, with the rule that decided it. */
      price: fen,
      explanation: z.record(z.string(), z.unknown()),
      realName: z.boolean(),
      requiredDocuments: z.array(z.string()),
      minAge: z.number().int().nullable(),
      maxAge: z.number().int().nullable(),
      minPerOrder: z.number().int(),
      maxPerOrder: z.number().int(),
      eligibilityZh: z.string(),
      eligibilityEn: z.string(),
      /** Sold by session (false: add-ons valid for the day). */
      bySession: z.boolean(),
    }),
  ),
  agencies: z.array(
    z.object({ id: z.uuid(), code: z.string(), name: z.string(), available: fen, active: z.boolean() }),
  ),
  /** Whether the user may approve complimentary tickets without a supervisor. */
  canApprove: z.boolean(),
});
export type BoxOfficeResponse = z.infer<typeof boxOfficeResponseSchema>;

export const printRequestSchema = z.object({
  layout: z.enum(['80mm', '58mm']).default('80mm'),
  format: z.enum(['pdf', 'json']).default('pdf'),
  /** Which tickets (default: all valid tickets of the order). Printing one already printed is a reprint. */
  ticketIds: z.array(z.uuid()).max(1000).optional(),
});
export const printResponseSchema = z.object({ order: orderViewSchema, reprint: z.boolean() });

export const agencyInputSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .transform((c) => c.toUpperCase()),
  name: z.string().trim().min(1).max(100),
  contactName: z.string().trim().max(60).default(''),
  contactPhone: z.string().trim().max(20).default(''),
  creditLimit: fen.min(0).default(0),
});
export const agencyUpdateSchema = agencyInputSchema.omit({ code: true }).partial().extend({
  active: z.boolean().optional(),
});
export const agencyViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  code: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  /** Prepaid money left (negative: owed). */
  balance: fen,
  creditLimit: fen,
  /** What the agency can still buy on account: balance + credit limit. */
  available: fen,
  active: z.boolean(),
});
export type AgencyView = z.infer<typeof agencyViewSchema>;
export const agencyDepositSchema = z.object({
  amount: fen.min(1),
  reference: z.string().trim().max(64).default(''),
  note: z.string().trim().max(200).default(''),
});
export const agencyParamsSchema = z.object({ siteId: z.uuid(), agencyId: z.uuid() });
/** Money an agency paid to settle what it owed (还款), recorded by finance; a deposit is paid in advance. */
export const agencyPaymentSchema = z.object({
  amount: fen.min(1),
  reference: z.string().trim().max(64).default(''),
  note: z.string().trim().max(200).default(''),
  /** The business day the money arrived (default today at the site); never in the future. */
  receivedOn: civilDate.optional(),
});
export const agencyLedgerKindSchema = z.enum(['deposit', 'sale', 'sale_reversed', 'refund', 'payment']);
export const agencyStatementQuerySchema = z
  .object({
    /** First and last business day of the period at the site (default: the previous calendar month). */
    from: civilDate.optional(),
    to: civilDate.optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'from and to go together',
    path: ['to'],
  });
const byLedgerKind = z.object({
  deposit: fen,
  sale: fen,
  sale_reversed: fen,
  refund: fen,
  payment: fen,
});
export const agencyStatementSchema = z.object({
  agency: z.object({ id: z.uuid(), code: z.string(), name: z.string(), creditLimit: fen }),
  site: z.object({
    id: z.uuid(),
    code: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    timeZone: z.string(),
  }),
  from: civilDate,
  to: civilDate,
  /** The balance before the period (negative: owed). */
  openingBalance: fen,
  lines: z.array(
    z.object({
      id: z.uuid(),
      /** When it was booked (UTC); the screen shows it in the site's zone. */
      at: isoTime,
      kind: agencyLedgerKindSchema,
      /** Signed change of the balance: sales negative. */
      amount: fen,
      /** The balance right after this line. */
      balance: fen,
      orderId: z.uuid().nullable(),
      orderNumber: z.string().nullable(),
      orderChannel: salesChannelSchema.nullable(),
      visitDate: civilDate.nullable(),
      /** Tickets sold by a sale line, refunded by a refund line, cancelled by a reversed sale. */
      ticketCount: z.number().int().nullable(),
      reference: z.string(),
      note: z.string(),
    }),
  ),
  /** Signed sums per kind, and how many lines of each. */
  totals: byLedgerKind,
  counts: byLedgerKind,
  closingBalance: fen,
  /** What the agency owes at the end of the period: max(0, −closing balance). */
  amountDue: fen,
  /** What it could still buy on account at the end of the period (closing balance + credit limit). */
  availableCredit: fen,
  generatedAt: isoTime,
});
export type AgencyStatementView = z.infer<typeof agencyStatementSchema>;

export const signingKeyViewSchema = z.object({
  keyId: z.number().int(),
  purpose: z.enum(['live', 'training']),
  /** Raw 32-byte Ed25519 public key, base64: what gates verify ticket codes with. */
  publicKey: z.string(),
  retired: z.boolean(),
});

export const shiftOpenSchema = z.object({
  terminal: terminalSchema.default('01'),
  floatAmount: fen.min(0),
  firstSerial: z.string().trim().max(40).nullable().default(null),
});
export const shiftCloseSchema = z.object({
  /** Pieces per denomination in fen, e.g. { "10000": 3, "500": 1 }. */
  counted: z.record(z.string().regex(/^\d+$/), z.number().int().min(0).max(100_000)),
  lastSerial: z.string().trim().max(40).nullable().default(null),
  differenceReason: z.string().trim().max(200).default(''),
  approval: z
    .object({ loginName: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
    .nullable()
    .default(null),
});
export const shiftViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  terminal: z.string(),
  status: z.enum(['open', 'closed', 'confirmed']),
  businessDate: civilDate,
  openedAt: isoTime,
  floatAmount: fen,
  firstSerial: z.string().nullable(),
  lastSerial: z.string().nullable(),
  closedAt: isoTime.nullable(),
  counted: z.record(z.string(), z.number()).nullable(),
  countedCash: fen.nullable(),
  expectedCash: fen.nullable(),
  difference: fen.nullable(),
  differenceReason: z.string().nullable(),
  confirmedAt: isoTime.nullable(),
});
export const shiftTotalsSchema = z.object({
  orders: z.number().int(),
  takenByMethod: z.record(z.string(), fen),
  refundedByMethod: z.record(z.string(), fen),
  ticketsByType: z.array(
    z.object({
      productId: z.uuid(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      count: z.number().int(),
      amount: fen,
    }),
  ),
  ticketsPrinted: z.number().int(),
  ticketsVoided: z.number().int(),
  cashIn: fen,
  cashOut: fen,
  expectedCash: fen,
});
export const shiftReportSchema = z.object({ shift: shiftViewSchema, totals: shiftTotalsSchema.nullable() });
export const shiftParamsSchema = z.object({ siteId: z.uuid(), shiftId: z.uuid() });

export const refundRequestSchema = z.object({
  ticketIds: z.array(z.uuid()).min(1).max(1000),
  reason: z.string().trim().max(200).default(''),
  void: z.boolean().default(false),
  approval: z
    .object({ loginName: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
    .nullable()
    .default(null),
});
export const refundResponseSchema = z.object({
  order: orderViewSchema,
  refunded: fen,
  fee: fen,
  cash: fen,
  refunds: z.array(
    z.object({
      id: z.uuid(),
      method: z.string(),
      amount: fen,
      status: z.enum(['pending', 'succeeded', 'failed']),
    }),
  ),
});
