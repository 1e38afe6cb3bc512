// The catalog every channel sells from: gates, ticket types (products), prices, sessions and their
// capacity pools. Money is int8 fen; dates are civil dates in the site's time zone; instants are UTC.
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
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';

const money = (name: string) => bigint(name, { mode: 'number' });
const updatedAt = () =>
  utc('updated_at')
    .notNull()
    .default(sql`now()`);

export const siteClosedDates = pgTable(
  'site_closed_dates',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull().default(''),
  },
  (t) => [primaryKey({ name: 'site_closed_dates_pk', columns: [t.siteId, t.date] })],
);

export const gates = pgTable(
  'gates',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    direction: text('direction', { enum: ['entry', 'exit', 'both'] }).notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('gates_site_code_uq').on(t.siteId, t.code),
    check('gates_direction_ck', sql`${t.direction} in ('entry', 'exit', 'both')`),
  ],
);

/** A ticket type (票种). Its rules are jsonb documents validated by the domain before they are stored. */
export const products = pgTable(
  'products',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZh: text('description_zh').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    category: text('category').notNull(),
    /** Shown to sellers and gate staff: who may use this ticket. */
    eligibilityZh: text('eligibility_zh').notNull().default(''),
    eligibilityEn: text('eligibility_en').notNull().default(''),
    /** Documents a discount requires (id_card, student_card…); each sale records document and reason. */
    requiredDocuments: text('required_documents')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    listPrice: money('list_price').notNull(),
    validity: jsonb('validity').$type<Record<string, unknown>>().notNull(),
    entries: jsonb('entries').$type<Record<string, unknown>>().notNull(),
    realName: boolean('real_name').notNull().default(false),
    /** Ages the ticket type is for (inclusive); the seller is warned when an ID does not fit. */
    minAge: integer('min_age'),
    maxAge: integer('max_age'),
    channels: text('channels').array().notNull(),
    saleStartsAt: utc('sale_starts_at'),
    saleEndsAt: utc('sale_ends_at'),
    /** Release (放票): sessions go on sale this many days ahead, at releaseTime at the site. */
    releaseDaysAhead: integer('release_days_ahead'),
    releaseTime: text('release_time'),
    minPerOrder: integer('min_per_order').notNull().default(1),
    maxPerOrder: integer('max_per_order').notNull().default(20),
    refundPolicy: jsonb('refund_policy').$type<Record<string, unknown>>().notNull(),
    rebookPolicy: jsonb('rebook_policy').$type<Record<string, unknown>>().notNull(),
    /** Visitors on this ticket count towards the site's daily maximum (add-ons do not). */
    countsTowardsDailyMax: boolean('counts_towards_daily_max').notNull().default(true),
    /** Unused tickets of this type sold online or through channels are refunded when they expire (a job). */
    autoRefundAtExpiry: boolean('auto_refund_at_expiry').notNull().default(false),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_site_code_uq').on(t.siteId, t.code),
    check('products_list_price_ck', sql`${t.listPrice} >= 0`),
    check('products_per_order_ck', sql`${t.minPerOrder} >= 1 and ${t.maxPerOrder} >= ${t.minPerOrder}`),
  ],
);

/** Parts of a combo ticket (联票): where it is valid and the share of revenue each part gets. */
export const productComboParts = pgTable(
  'product_combo_parts',
  {
    id: idColumn(),
    comboProductId: uuid('combo_product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    /** Gates where this part is valid; empty: every entry gate of the site. */
    gateIds: uuid('gate_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Share of the combo's revenue, in basis points; the parts of a combo add up to 10 000. */
    shareBasisPoints: integer('share_basis_points').notNull(),
  },
  (t) => [
    index('product_combo_parts_combo_idx').on(t.comboProductId),
    check('product_combo_parts_share_ck', sql`${t.shareBasisPoints} between 0 and 10000`),
  ],
);

/** A price version with effective dates; versions of a site never overlap (checked when saved). */
export const priceVersions = pgTable(
  'price_versions',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [index('price_versions_site_idx').on(t.siteId, t.effectiveFrom)],
);

export const priceRules = pgTable(
  'price_rules',
  {
    id: idColumn(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => priceVersions.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    dayType: text('day_type', { enum: ['weekday', 'weekend', 'holiday', 'peak'] }).notNull(),
    season: text('season', { enum: ['low', 'high'] }),
    channel: text('channel', { enum: ['box_office', 'online', 'api'] }),
    price: money('price').notNull(),
  },
  (t) => [
    unique('price_rules_uq').on(t.versionId, t.productId, t.dayType, t.season, t.channel).nullsNotDistinct(),
    check('price_rules_price_ck', sql`${t.price} >= 0`),
  ],
);

export const groupRules = pgTable(
  'group_rules',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    minQuantity: integer('min_quantity').notNull(),
    price: money('price').notNull(),
    guideProductId: uuid('guide_product_id').references(() => products.id, { onDelete: 'set null' }),
    freeGuidePlaces: integer('free_guide_places').notNull().default(0),
  },
  (t) => [
    uniqueIndex('group_rules_product_uq').on(t.productId),
    check('group_rules_ck', sql`${t.minQuantity} >= 2 and ${t.price} >= 0 and ${t.freeGuidePlaces} >= 0`),
  ],
);

/** The national holiday calendar with make-up working days (调休), imported from CSV each year. */
export const holidayCalendar = pgTable(
  'holiday_calendar',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
    name: text('name').notNull().default(''),
  },
  (t) => [check('holiday_calendar_kind_ck', sql`${t.kind} in ('holiday', 'workday')`)],
);

export const sitePeakDates = pgTable(
  'site_peak_dates',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    name: text('name').notNull().default(''),
  },
  (t) => [primaryKey({ name: 'site_peak_dates_pk', columns: [t.siteId, t.date] })],
);

export const siteSeasons = pgTable(
  'site_seasons',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    dateFrom: date('date_from', { mode: 'string' }).notNull(),
    dateTo: date('date_to', { mode: 'string' }).notNull(),
    season: text('season', { enum: ['low', 'high'] }).notNull(),
  },
  (t) => [index('site_seasons_site_idx').on(t.siteId)],
);

/** A session (场次): a time slot, a performance or a departure. */
export const sessions = pgTable(
  'sessions',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['timeslot', 'performance', 'departure'] }).notNull(),
    nameZh: text('name_zh').notNull().default(''),
    nameEn: text('name_en').notNull().default(''),
    /** The business day at the site (civil date in its time zone). */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    startsAt: utc('starts_at').notNull(),
    endsAt: utc('ends_at').notNull(),
    routeFrom: text('route_from'),
    routeTo: text('route_to'),
    status: text('status', { enum: ['open', 'closed', 'cancelled'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sessions_site_start_uq').on(
      t.siteId,
      t.kind,
      t.startsAt,
      sql`coalesce(${t.routeFrom}, '')`,
      sql`coalesce(${t.routeTo}, '')`,
    ),
    index('sessions_site_date_idx').on(t.siteId, t.businessDate),
    check('sessions_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Which ticket types sell in a session. */
export const sessionProducts = pgTable(
  'session_products',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ name: 'session_products_pk', columns: [t.sessionId, t.productId] }),
    index('session_products_product_idx').on(t.productId),
  ],
);

/**
 * A capacity pool: a session's places, or a site's daily maximum for one business day. The places
 * live in its stripes; a sale takes them with one conditional update per stripe.
 */
export const capacityPools = pgTable(
  'capacity_pools',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['session', 'daily'] }).notNull(),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('capacity_pools_session_uq')
      .on(t.sessionId)
      .where(sql`${t.kind} = 'session'`),
    uniqueIndex('capacity_pools_daily_uq')
      .on(t.siteId, t.businessDate)
      .where(sql`${t.kind} = 'daily'`),
    check('capacity_pools_kind_ck', sql`(${t.kind} = 'session') = (${t.sessionId} is not null)`),
  ],
);

export const capacityPoolStripes = pgTable(
  'capacity_pool_stripes',
  {
    poolId: uuid('pool_id')
      .notNull()
      .references(() => capacityPools.id, { onDelete: 'cascade' }),
    stripe: integer('stripe').notNull(),
    capacity: integer('capacity').notNull(),
    sold: integer('sold').notNull().default(0),
    held: integer('held').notNull().default(0),
    /**
     * A channel's allocation (channel_allocations): only that channel takes these places. General
     * stripes (null) are numbered 0..n-1; sales and availability for everyone else read only those.
     */
    channelId: uuid('channel_id'),
  },
  (t) => [
    primaryKey({ name: 'capacity_pool_stripes_pk', columns: [t.poolId, t.stripe] }),
    // The last line of defence against overselling: the conditional update is the first.
    check(
      'capacity_pool_stripes_ck',
      sql`${t.sold} >= 0 and ${t.held} >= 0 and ${t.sold} + ${t.held} <= ${t.capacity}`,
    ),
  ],
);
