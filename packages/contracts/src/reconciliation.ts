// Reconciliation (对账) with payment providers: importing a statement (Alipay's or WeChat Pay's bill,
// or any CSV through a column mapping), the runs and their items, resolving a discrepancy, saved column
// mappings, and the simulator's statement. Money is integer fen; dates are civil dates in the site's
// zone; times are ISO instants. docs/reconciliation.md explains each outcome and resolution.
import { z } from 'zod';

const civilDate = z.iso.date();
const fen = z.number().int();
const isoTime = z.iso.datetime();

export const reconciliationOutcomeSchema = z.enum([
  'matched',
  'amount_mismatch',
  'status_mismatch',
  'missing_ours',
  'missing_provider',
  'duplicate',
]);
export type ReconciliationOutcomeView = z.infer<typeof reconciliationOutcomeSchema>;

export const reconciliationResolutionSchema = z.enum([
  'explained',
  'corrected_at_provider',
  'corrected_in_system',
  'adjusted',
]);
export type ReconciliationResolutionView = z.infer<typeof reconciliationResolutionSchema>;

/** auto: Alipay or WeChat Pay told from the file; mapped: a CSV through a column mapping. */
export const reconciliationFormatSchema = z.enum(['auto', 'alipay', 'wechat', 'mapped']);
export type ReconciliationFormat = z.infer<typeof reconciliationFormatSchema>;

const statementStatusSchema = z.enum(['success', 'pending', 'failed', 'closed', 'refunded']);
const columnTitle = z.string().trim().min(1).max(100);
const word = z.string().trim().min(1).max(50);
const words = z.array(word).max(20);

/**
 * Which column of a CSV statement holds what (titles as in its header row; compared without spaces,
 * bracket width or case). `timeZone` left out: the site's.
 */
export const statementColumnMappingSchema = z.object({
  providerReference: columnTitle.nullable().default(null),
  ourReference: columnTitle.nullable().default(null),
  paymentReference: columnTitle.nullable().default(null),
  amount: columnTitle,
  amountUnit: z.enum(['yuan', 'fen']).default('yuan'),
  /** null: a line is a payment unless its amount is negative. */
  kind: z.object({ column: columnTitle, payment: words, refund: words }).nullable().default(null),
  /** null: every line succeeded. The words for each state add to the usual ones. */
  status: z
    .object({
      column: columnTitle,
      values: z.partialRecord(statementStatusSchema, words).default({}),
    })
    .nullable()
    .default(null),
  time: columnTitle.nullable().default(null),
  timeZone: z.string().trim().min(1).max(64).optional(),
  /** The header's line number when title lines come before it. */
  headerLine: z.number().int().min(1).max(1000).optional(),
  delimiter: z.enum([',', ';', '\t']).default(','),
});
export type StatementColumnMappingInput = z.input<typeof statementColumnMappingSchema>;
export type StatementColumnMappingView = z.infer<typeof statementColumnMappingSchema>;

/** A payment provider's name as payments record it: alipay, wechat, simulator… */
const providerName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,31}$/);

export const reconciliationImportRequestSchema = z.object({
  siteId: z.uuid(),
  format: reconciliationFormatSchema.default('auto'),
  /** Whose payments the statement covers; by default the format's (alipay, wechat). */
  provider: providerName.nullable().default(null),
  /** mapped: a saved mapping, or one given here. */
  mappingId: z.uuid().nullable().default(null),
  mapping: statementColumnMappingSchema.nullable().default(null),
  /** The statement's first and last day; by default what the file says, else its lines' days. */
  periodFrom: civilDate.nullable().default(null),
  periodTo: civilDate.nullable().default(null),
  fileName: z.string().trim().min(1).max(200),
  /** The file as downloaded (CSV in UTF-8 or GBK, or a zip), base64: at most 8 MiB before encoding. */
  contentBase64: z.string().min(1).max(11_200_000),
  /** Import a file this site already imported (reconciliation_already_imported otherwise). */
  force: z.boolean().default(false),
});
export type ReconciliationImportRequest = z.input<typeof reconciliationImportRequestSchema>;

const userRef = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const reconciliationParseErrorSchema = z.object({
  /** The file inside a zip the line is in; null for a plain file. */
  file: z.string().nullable(),
  lineNumber: z.number().int(),
  code: z.string(),
  column: z.string().nullable(),
  value: z.string().nullable(),
});
export type ReconciliationParseErrorView = z.infer<typeof reconciliationParseErrorSchema>;

export const reconciliationRunSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  provider: z.string(),
  /** alipay_trade, alipay_account, wechat_trade or mapped_csv. */
  format: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  periodFrom: civilDate,
  periodTo: civilDate,
  /** Payment and refund lines read from the statement. */
  lineCount: z.number().int(),
  counts: z.record(reconciliationOutcomeSchema, z.number().int()),
  /** Discrepancies without a resolution. */
  openCount: z.number().int(),
  /** Lines that could not be read (the first 1 000). */
  parseErrors: z.array(reconciliationParseErrorSchema),
  createdBy: userRef,
  createdAt: isoTime,
});
export type ReconciliationRunView = z.infer<typeof reconciliationRunSchema>;

export const reconciliationImportResultSchema = z.object({
  run: reconciliationRunSchema,
  /** When the same file had been imported before (and `force` was given): that run. */
  duplicateOf: z.uuid().nullable(),
});
export type ReconciliationImportResult = z.infer<typeof reconciliationImportResultSchema>;

export const reconciliationRunListQuerySchema = z.object({
  siteId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const reconciliationRunParamsSchema = z.object({ runId: z.uuid() });
export const reconciliationSiteQuerySchema = z.object({ siteId: z.uuid() });

export const reconciliationItemListQuerySchema = z.object({
  siteId: z.uuid(),
  outcome: reconciliationOutcomeSchema.optional(),
  /** true: discrepancies still waiting for a resolution; false: the others. */
  open: z.enum(['true', 'false']).optional(),
  /** Items after this one (ids increase in the run's order). */
  after: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ReconciliationItemListQuery = z.input<typeof reconciliationItemListQuerySchema>;

export const reconciliationItemSchema = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  outcome: reconciliationOutcomeSchema,
  kind: z.enum(['payment', 'refund']),
  reference: z.string(),
  statementLine: z
    .object({
      file: z.string().nullable(),
      lineNumber: z.number().int(),
      providerReference: z.string().nullable(),
      ourReference: z.string().nullable(),
      paymentReference: z.string().nullable(),
      amount: fen,
      status: statementStatusSchema,
      time: z.string().nullable(),
      matchedBy: z.enum(['our_reference', 'provider_reference']).nullable(),
      /** duplicate: the line that counts. */
      duplicateOf: z.number().int().nullable(),
    })
    .nullable(),
  statementAmount: fen.nullable(),
  ourType: z.enum(['payment', 'refund']).nullable(),
  ourId: z.uuid().nullable(),
  ourAmount: fen.nullable(),
  /** Our record as it is now (it may have changed since the import). */
  ourStatus: z.string().nullable(),
  ourReference: z.string().nullable(),
  ourProviderReference: z.string().nullable(),
  ourAt: isoTime.nullable(),
  orderId: z.uuid().nullable(),
  orderNumber: z.string().nullable(),
  /** The statement's amount less ours, for a pair. */
  amountDifference: fen.nullable(),
  needsResolution: z.boolean(),
  resolution: reconciliationResolutionSchema.nullable(),
  resolutionNote: z.string().nullable(),
  adjustmentId: z.uuid().nullable(),
  resolvedBy: userRef,
  resolvedAt: isoTime.nullable(),
});
export type ReconciliationItemView = z.infer<typeof reconciliationItemSchema>;

export const reconciliationItemPageSchema = z.object({
  items: z.array(reconciliationItemSchema),
  /** Pass as `after` for the next page; null on the last. */
  next: z.uuid().nullable(),
});
export type ReconciliationItemPage = z.infer<typeof reconciliationItemPageSchema>;

export const reconciliationItemParamsSchema = z.object({ itemId: z.uuid() });

export const reconciliationResolveRequestSchema = z.object({
  siteId: z.uuid(),
  resolution: reconciliationResolutionSchema,
  note: z.string().trim().max(500),
  adjustmentId: z.uuid().nullable().default(null),
});
export type ReconciliationResolveRequest = z.input<typeof reconciliationResolveRequestSchema>;

export const statementMappingSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  name: z.string(),
  mapping: statementColumnMappingSchema,
  createdAt: isoTime,
});
export type StatementMappingView = z.infer<typeof statementMappingSchema>;

export const statementMappingRequestSchema = z.object({
  siteId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  mapping: statementColumnMappingSchema,
});
export type StatementMappingRequest = z.input<typeof statementMappingRequestSchema>;

export const statementMappingParamsSchema = z.object({ mappingId: z.uuid() });

export const simulatorStatementQuerySchema = z.object({
  siteId: z.uuid(),
  from: civilDate,
  to: civilDate,
  /** csv: the detail file (GBK, as Alipay's); zip: with its summary, as Alipay's download. */
  format: z.enum(['csv', 'zip']).default('csv'),
});
export type SimulatorStatementQuery = z.input<typeof simulatorStatementQuerySchema>;
