// Finance (财务): the chart of accounts per site, the confirmed daily settlements (日结) and the
// adjustments made after a day was locked, the accounting vouchers (凭证) generated per confirmed day
// with their numbers and export marks, and the reconciliation runs (对账) of a payment provider's
// statement against our payments and refunds, one item per line or record with its resolution.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { users } from './accounts';
import { agencies } from './sales';

const money = (name: string) => bigint(name, { mode: 'number' });

/** A site's mapping to its ledger's accounts (科目), set by finance; the domain's ChartOfAccounts without siteId. */
export const chartsOfAccounts = pgTable('charts_of_accounts', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  chart: jsonb('chart').$type<Record<string, unknown>>().notNull(),
  /** The voucher word (凭证字) the ledger numbers vouchers under: 记, 收, 付, 转… */
  voucherWord: text('voucher_word').notNull().default('记'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: utc('updated_at').notNull().defaultNow(),
});

/**
 * A confirmed business day of a site (日结): the figures as confirmed, never edited. A day is settled
 * once, after it has ended and all its shifts are confirmed; corrections afterwards are adjustments.
 */
export const dailySettlements = pgTable(
  'daily_settlements',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    /** The domain's DailySettlement as confirmed. */
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    /** Σ net of the day, in fen, for lists. */
    net: money('net').notNull(),
    note: text('note').notNull().default(''),
    confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: utc('confirmed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('daily_settlements_site_day_uq').on(t.siteId, t.businessDate)],
);

/**
 * A correction found after a day was confirmed: dated on the business day it is made (and counted in
 * that day's settlement and vouchers), naming the confirmed day it corrects. Positive: more money by
 * this method than was recorded; negative: less.
 */
export const settlementAdjustments = pgTable(
  'settlement_adjustments',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    /** The business day the adjustment is made on (site's zone). */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    /** The confirmed day it corrects. */
    correctsDate: date('corrects_date', { mode: 'string' }).notNull(),
    method: text('method', { enum: ['cash', 'card', 'payment_code', 'online', 'on_account'] }).notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    amount: money('amount').notNull(),
    reason: text('reason').notNull(),
    /** A reconciliation discrepancy this adjustment resolves, when it came from one. */
    reconciliationItemId: uuid('reconciliation_item_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('settlement_adjustments_site_day_idx').on(t.siteId, t.businessDate),
    check('settlement_adjustments_amount_ck', sql`${t.amount} <> 0`),
    check(
      'settlement_adjustments_agency_ck',
      sql`(${t.method} = 'on_account') = (${t.agencyId} is not null)`,
    ),
  ],
);

/**
 * An accounting voucher (记账凭证) of a confirmed day, numbered per site, period (month) and word.
 * Exporting marks it; exporting it again needs an explicit re-export, counted here and audited.
 */
export const vouchers = pgTable(
  'vouchers',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    /** The accounting period 'YYYY-MM' the number runs in. */
    period: text('period').notNull(),
    word: text('word').notNull(),
    number: integer('number').notNull(),
    summary: text('summary').notNull(),
    /** The domain's voucher lines: account, debit, credit, auxiliary. */
    lines: jsonb('lines').$type<Record<string, unknown>[]>().notNull(),
    debitTotal: money('debit_total').notNull(),
    creditTotal: money('credit_total').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    exportCount: integer('export_count').notNull().default(0),
    firstExportedAt: utc('first_exported_at'),
    lastExportedAt: utc('last_exported_at'),
    lastExportedBy: uuid('last_exported_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('vouchers_site_day_kind_uq').on(t.siteId, t.businessDate, t.kind),
    uniqueIndex('vouchers_number_uq').on(t.siteId, t.period, t.word, t.number),
    check('vouchers_balanced_ck', sql`${t.debitTotal} = ${t.creditTotal}`),
  ],
);

/** A CSV column mapping saved for re-use (another provider's, or a bank's statement). */
export const statementMappings = pgTable(
  'statement_mappings',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The domain's StatementColumnMapping. */
    mapping: jsonb('mapping').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('statement_mappings_site_name_uq').on(t.siteId, t.name)],
);

/** One import of a provider's statement, matched against our payments and refunds of its period. */
export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    /** alipay, wechat, or another provider's name through a mapping. */
    provider: text('provider').notNull(),
    /** The domain's StatementFormat. */
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    /** The statement's period (site's zone): our records of these days are matched. */
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    lineCount: integer('line_count').notNull(),
    /** Items per outcome. */
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    /** Lines the parser could not read, with their line number and problem. */
    parseErrors: jsonb('parse_errors').$type<Record<string, unknown>[]>().notNull().default([]),
    /** Discrepancies still open (no resolution yet). */
    openCount: integer('open_count').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('reconciliation_runs_site_idx').on(t.siteId, t.createdAt),
    index('reconciliation_runs_file_idx').on(t.siteId, t.fileSha256),
  ],
);

/** One outcome of a run: a statement line, a record of ours, or both; discrepancies wait for a resolution. */
export const reconciliationItems = pgTable(
  'reconciliation_items',
  {
    id: idColumn(),
    runId: uuid('run_id')
      .notNull()
      .references(() => reconciliationRuns.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    /** matched, missing_ours, missing_provider, amount_mismatch, status_mismatch, duplicate. */
    outcome: text('outcome').notNull(),
    /** payment or refund. */
    kind: text('kind').notNull(),
    /** The provider's transaction or refund reference, or ours when only ours is known. */
    reference: text('reference').notNull(),
    /** The statement line as parsed (null when missing at the provider). */
    statementLine: jsonb('statement_line').$type<Record<string, unknown>>(),
    statementAmount: money('statement_amount'),
    /** Our payment or refund (null when missing on our side). */
    ourType: text('our_type'),
    ourId: uuid('our_id'),
    ourAmount: money('our_amount'),
    /** Discrepancies only: false until finance resolves it with a note. */
    needsResolution: boolean('needs_resolution').notNull(),
    resolution: text('resolution'),
    resolutionNote: text('resolution_note'),
    adjustmentId: uuid('adjustment_id').references(() => settlementAdjustments.id, { onDelete: 'restrict' }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: utc('resolved_at'),
  },
  (t) => [
    index('reconciliation_items_run_idx').on(t.runId, t.outcome),
    index('reconciliation_items_open_idx')
      .on(t.siteId)
      .where(sql`${t.needsResolution} and ${t.resolvedAt} is null`),
    index('reconciliation_items_reference_idx').on(t.siteId, t.reference),
  ],
);
