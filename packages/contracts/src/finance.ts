// The finance API (apps/server/src/routes/finance.ts, under /api/v1/finance/sites/:siteId): daily
// settlement (日结) with its readiness and confirmation, adjustments of settled days, the chart of
// accounts (会计科目), accounting vouchers (凭证) and their export. Money is integer fen throughout;
// dates are business dates (YYYY-MM-DD) in the site's zone.
import { z } from 'zod';

const civilDate = z.iso.date();
const fen = z.number().int();
const isoTime = z.string();

export const financePaymentMethodSchema = z.enum(['cash', 'card', 'payment_code', 'online', 'on_account']);
export const financeChannelSchema = z.enum(['box_office', 'online', 'api']);

export const financeSiteParamsSchema = z.object({ siteId: z.uuid() });
export const settlementDateParamsSchema = z.object({ siteId: z.uuid(), date: civilDate });
export const financeRangeQuerySchema = z.object({ from: civilDate, to: civilDate });
export type FinanceRange = z.infer<typeof financeRangeQuerySchema>;

export const moneyFiguresSchema = z.object({
  sales: fen,
  refunds: fen,
  rebookings: fen,
  adjustments: fen,
  net: fen,
});
export const settlementFiguresSchema = moneyFiguresSchema.extend({
  feesKept: fen,
  ticketsSold: z.number().int(),
  ticketsRefunded: z.number().int(),
  ticketsRebooked: z.number().int(),
});
const freeTicketFiguresSchema = z.object({
  issued: z.number().int(),
  returned: z.number().int(),
  byReason: z.array(z.object({ reason: z.string(), issued: z.number().int(), returned: z.number().int() })),
});
/** The domain's DailySettlement. */
export const dailySettlementSchema = z.object({
  date: civilDate,
  totals: settlementFiguresSchema,
  byPaymentMethod: z.array(moneyFiguresSchema.extend({ method: financePaymentMethodSchema })),
  byTicketType: z.array(settlementFiguresSchema.extend({ productCode: z.string() })),
  byChannel: z.array(settlementFiguresSchema.extend({ channel: financeChannelSchema })),
  bySeller: z.array(settlementFiguresSchema.extend({ sellerId: z.string().nullable() })),
  free: freeTicketFiguresSchema,
  complimentary: freeTicketFiguresSchema,
  overShort: z.object({ over: fen, short: fen, net: fen }),
});
export type DailySettlementView = z.infer<typeof dailySettlementSchema>;

export const adjustmentViewSchema = z.object({
  id: z.uuid(),
  businessDate: civilDate,
  correctsDate: civilDate,
  method: financePaymentMethodSchema,
  agencyId: z.uuid().nullable(),
  agencyName: z.string().nullable(),
  amount: fen,
  reason: z.string(),
  reconciliationItemId: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoTime,
});
export type AdjustmentView = z.infer<typeof adjustmentViewSchema>;

/** A correction of a settled day, dated today at the site (Idempotency-Key required). */
export const adjustmentInputSchema = z
  .object({
    correctsDate: civilDate,
    method: financePaymentMethodSchema,
    agencyId: z.uuid().nullable().default(null),
    /** Signed fen: positive, more money than was recorded; negative, less. */
    amount: fen.refine((a) => a !== 0, 'not 0'),
    reason: z.string().trim().min(1).max(200),
    /** The reconciliation discrepancy (对账差异) this corrects, when it came from one. */
    reconciliationItemId: z.uuid().nullable().default(null),
  })
  .strict();
export type AdjustmentInput = z.input<typeof adjustmentInputSchema>;

export const settlementViewSchema = z.object({
  site: z.object({ id: z.uuid(), code: z.string(), timeZone: z.string() }),
  date: civilDate,
  figures: dailySettlementSchema,
  adjustments: z.array(adjustmentViewSchema),
  names: z.object({
    products: z.record(z.string(), z.object({ nameZh: z.string(), nameEn: z.string() })),
    users: z.record(z.string(), z.string()),
    agencies: z.record(z.string(), z.object({ code: z.string(), name: z.string() })),
  }),
  readiness: z.object({
    dayOver: z.boolean(),
    unconfirmedShifts: z.array(
      z.object({
        id: z.uuid(),
        userName: z.string(),
        terminal: z.string(),
        status: z.enum(['open', 'closed']),
      }),
    ),
    ready: z.boolean(),
    pending: z.object({ count: z.number().int(), amount: fen }),
  }),
  confirmed: z
    .object({
      id: z.uuid(),
      confirmedAt: isoTime,
      confirmedByName: z.string().nullable(),
      note: z.string(),
    })
    .nullable(),
});
export type SettlementView = z.infer<typeof settlementViewSchema>;

export const settlementConfirmSchema = z.object({ note: z.string().trim().max(200).default('') }).strict();

export const settlementMonthQuerySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
});
export const settlementDaySchema = z.object({
  date: civilDate,
  state: z.enum(['settled', 'ready', 'open', 'future']),
  net: fen.nullable(),
  shifts: z.number().int(),
  unconfirmedShifts: z.number().int(),
});
export type SettlementDayView = z.infer<typeof settlementDaySchema>;

const accountCode = z.string().trim().max(40);
/** The domain's ChartOfAccounts without its site; completeness is checked by the domain (422 with the field). */
export const chartOfAccountsSchema = z.object({
  revenue: z.object({
    default: accountCode,
    byProduct: z.record(z.string().max(40), accountCode).default({}),
  }),
  outputVat: z.object({ account: accountCode, rateBasisPoints: z.number().int().min(0).max(10_000) }),
  clearing: z.object({
    cash: accountCode,
    card: accountCode,
    payment_code: accountCode,
    online: accountCode,
  }),
  receivable: z.object({ default: accountCode, byAgency: z.record(z.uuid(), accountCode).default({}) }),
  deferredRevenue: accountCode,
  commission: z.object({ account: accountCode, bookedGross: z.boolean() }),
  overShort: accountCode,
  accountNames: z.record(z.string().max(40), z.string().trim().max(80)).default({}),
});
export type ChartOfAccountsInput = z.input<typeof chartOfAccountsSchema>;
export type ChartOfAccountsView = z.infer<typeof chartOfAccountsSchema>;

export const chartInputSchema = z
  .object({ chart: chartOfAccountsSchema, voucherWord: z.string().trim().min(1).max(4) })
  .strict();
export const chartViewSchema = z.object({
  chart: chartOfAccountsSchema,
  voucherWord: z.string(),
  updatedAt: isoTime,
  updatedByName: z.string().nullable(),
});
export type ChartView = z.infer<typeof chartViewSchema>;
export const chartResponseSchema = z.object({ chart: chartViewSchema.nullable() });
export const chartTemplateSchema = z.object({ chart: chartOfAccountsSchema, voucherWord: z.string() });

export const voucherKindSchema = z.enum([
  'sales',
  'recognition',
  'refunds',
  'rebookings',
  'over_short',
  'adjustments',
]);
export const voucherLineSchema = z.object({
  account: z.string(),
  debit: fen,
  credit: fen,
  auxiliary: z.object({
    productCode: z.string().optional(),
    agencyId: z.string().optional(),
    sellerId: z.string().optional(),
  }),
});
export const voucherViewSchema = z.object({
  id: z.uuid(),
  businessDate: civilDate,
  kind: voucherKindSchema,
  period: z.string(),
  word: z.string(),
  number: z.number().int(),
  summary: z.string(),
  lines: z.array(voucherLineSchema),
  debitTotal: fen,
  creditTotal: fen,
  exportCount: z.number().int(),
  firstExportedAt: isoTime.nullable(),
  lastExportedAt: isoTime.nullable(),
  lastExportedByName: z.string().nullable(),
});
export type VoucherView = z.infer<typeof voucherViewSchema>;
export const voucherListSchema = z.object({
  vouchers: z.array(voucherViewSchema),
  /** Names for the lines' accounts and auxiliaries. */
  names: z.object({
    accounts: z.record(z.string(), z.string()),
    products: z.record(z.string(), z.object({ nameZh: z.string(), nameEn: z.string() })),
    agencies: z.record(z.string(), z.object({ code: z.string(), name: z.string() })),
    users: z.record(z.string(), z.string()),
  }),
});
export type VoucherList = z.infer<typeof voucherListSchema>;

export const voucherGenerateSchema = financeRangeQuerySchema.strict();
export const voucherGenerateResponseSchema = z.object({
  days: z.array(
    z.object({
      date: civilDate,
      outcome: z.enum(['generated', 'existing', 'not_settled', 'nothing']),
      numbers: z.array(z.number().int()),
    }),
  ),
});
export type VoucherGenerateResponse = z.infer<typeof voucherGenerateResponseSchema>;

export const voucherLayoutSchema = z.enum(['kingdee', 'yonyou']);
export const voucherExportSchema = z
  .object({
    from: civilDate,
    to: civilDate,
    layout: voucherLayoutSchema,
    format: z.enum(['xlsx', 'csv']),
    /** Export vouchers that were exported before; audited as a re-export. */
    reexport: z.boolean().default(false),
  })
  .strict();
export type VoucherExportRequest = z.input<typeof voucherExportSchema>;
