// Reports (报表): summary tables per site and business date, fed by the summary job
// (services/reports/summaries.ts) from committed rows and never written inside a sale, refund or
// scan; the job's watermark, the rows it watches and the orders whose money moved far from their own
// business date; and the daily summary e-mail's settings, recipients and once-a-day send marks.
// Every summary row belongs to one partition (site, business date), which the job replaces whole.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { users } from './accounts';

const money = (name: string) => bigint(name, { mode: 'number' });
const counter = (name: string) => integer(name).notNull().default(0);
const siteRef = () =>
  uuid('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' });

/**
 * Tickets by the day their money moved (the settlement's dating rule), per ticket type, channel,
 * partner and seller: sold (by a sale) at their prices, plus rebookings' price differences (the new
 * price on the new ticket's type, less the old on the old one's, no ticket counted), and refunded
 * with the money given back and the fee kept. The seller of a refund is whoever refunded it.
 */
export const reportSalesDaily = pgTable(
  'report_sales_daily',
  {
    siteId: siteRef(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    productId: uuid('product_id').notNull(),
    channel: text('channel').notNull(),
    channelId: uuid('channel_id'),
    sellerId: uuid('seller_id'),
    /** Paid tickets (free and complimentary ones are counted below, never here). */
    ticketsSold: counter('tickets_sold'),
    sales: money('sales').notNull().default(0),
    ticketsRefunded: counter('tickets_refunded'),
    /** Money given back (price − fee). */
    refunds: money('refunds').notNull().default(0),
    refundFees: money('refund_fees').notNull().default(0),
    freeIssued: counter('free_issued'),
    freeReturned: counter('free_returned'),
    complimentaryIssued: counter('complimentary_issued'),
    complimentaryReturned: counter('complimentary_returned'),
  },
  (t) => [index('report_sales_daily_site_day_idx').on(t.siteId, t.businessDate)],
);

/** The money view: payments received and refunds paid per method, rebooking differences included. */
export const reportPaymentsDaily = pgTable(
  'report_payments_daily',
  {
    siteId: siteRef(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    method: text('method').notNull(),
    payments: counter('payments'),
    received: money('received').notNull().default(0),
    refunds: counter('refunds'),
    refunded: money('refunded').notNull().default(0),
  },
  (t) => [index('report_payments_daily_site_day_idx').on(t.siteId, t.businessDate)],
);

/**
 * Free (by policy) and complimentary (approved) tickets by reason, as the daily settlement counts them:
 * issued by sales, returned by refunds.
 */
export const reportFreeDaily = pgTable(
  'report_free_daily',
  {
    siteId: siteRef(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['free', 'complimentary'] }).notNull(),
    /** The reason entered at the sale, else 'guide' (a group's free guide place), else the ticket type's code. */
    reason: text('reason').notNull(),
    issued: counter('issued'),
    returned: counter('returned'),
  },
  (t) => [index('report_free_daily_site_day_idx').on(t.siteId, t.businessDate)],
);

/** Successful gate passages per hour of the site's day and gate: entries, and exits apart. */
export const reportEntriesHourly = pgTable(
  'report_entries_hourly',
  {
    siteId: siteRef(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    hour: smallint('hour').notNull(),
    gateId: uuid('gate_id'),
    entries: counter('entries'),
    exits: counter('exits'),
  },
  (t) => [
    index('report_entries_hourly_site_day_idx').on(t.siteId, t.businessDate),
    check('report_entries_hourly_hour_ck', sql`${t.hour} between 0 and 23`),
  ],
);

/** Entries per session by the day they were scanned, with the tickets that entered (each once a day). */
export const reportSessionDaily = pgTable(
  'report_session_daily',
  {
    siteId: siteRef(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    sessionId: uuid('session_id').notNull(),
    entries: counter('entries'),
    exits: counter('exits'),
    ticketsEntered: counter('tickets_entered'),
  },
  (t) => [
    index('report_session_daily_site_day_idx').on(t.siteId, t.businessDate),
    index('report_session_daily_session_idx').on(t.sessionId),
  ],
);

/** The summary job's progress: rows stamped after watermark − the safety window are looked at again. */
export const reportSummaryState = pgTable('report_summary_state', {
  name: text('name').primaryKey(),
  /** The clock at the start of the last completed run; null: rebuild everything on the next run. */
  watermark: utc('watermark'),
  ranAt: utc('ran_at'),
  /** Partitions recomputed by the last run, and how long it took. */
  partitions: integer('partitions').notNull().default(0),
  durationMs: integer('duration_ms').notNull().default(0),
});

/** Partitions to recompute in the current run (the job's scratch list; empty between runs). */
export const reportDirtyPartitions = pgTable(
  'report_dirty_partitions',
  {
    siteId: uuid('site_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ name: 'report_dirty_partitions_pk', columns: [t.siteId, t.businessDate] })],
);

/**
 * Orders with money on a partition other than their own business date (a refund days after the sale,
 * a sale after midnight in a shift opened the day before): a partition is recomputed from the orders
 * of its day (the orders' (site, business date) index) plus these.
 */
export const reportPartitionOrders = pgTable(
  'report_partition_orders',
  {
    siteId: uuid('site_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    orderId: uuid('order_id').notNull(),
  },
  (t) => [primaryKey({ name: 'report_partition_orders_pk', columns: [t.siteId, t.businessDate, t.orderId] })],
);

/**
 * Payments and refunds the job saw unfinished (pending, or a refund to try again): when one finishes,
 * its order is looked at again however old it is.
 */
export const reportWatchedRows = pgTable(
  'report_watched_rows',
  {
    kind: text('kind', { enum: ['payment', 'refund'] }).notNull(),
    id: uuid('id').notNull(),
    orderId: uuid('order_id').notNull(),
  },
  (t) => [primaryKey({ name: 'report_watched_rows_pk', columns: [t.kind, t.id] })],
);

/** A site's daily summary e-mail (日报): whether it goes out, and at which hour of the site's day. */
export const dailySummarySettings = pgTable(
  'daily_summary_settings',
  {
    siteId: uuid('site_id')
      .primaryKey()
      .references(() => sites.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(false),
    sendHour: smallint('send_hour').notNull().default(8),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: utc('updated_at').notNull().defaultNow(),
  },
  (t) => [check('daily_summary_settings_hour_ck', sql`${t.sendHour} between 0 and 23`)],
);

/** Who receives a site's daily summary, each in their language. */
export const dailySummaryRecipients = pgTable(
  'daily_summary_recipients',
  {
    id: idColumn(),
    siteId: siteRef(),
    email: text('email').notNull(),
    locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('daily_summary_recipients_uq').on(t.siteId, sql`lower(${t.email})`)],
);

/** A site's summary of one business date, queued: the primary key lets one app node send it, once. */
export const dailySummarySends = pgTable(
  'daily_summary_sends',
  {
    siteId: siteRef(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    recipients: integer('recipients').notNull(),
    queuedAt: utc('queued_at').notNull(),
  },
  (t) => [primaryKey({ name: 'daily_summary_sends_pk', columns: [t.siteId, t.businessDate] })],
);
