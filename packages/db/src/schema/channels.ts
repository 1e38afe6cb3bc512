// Channel partners (渠道: OTAs, partner platforms) selling through the API: the sites each may sell,
// its settlement and suggested retail price per ticket type, and its API keys — stored as a SHA-256 of
// a high-entropy secret, found by a public prefix, each with its scopes and its own rate limit.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { capacityPools, products } from './catalog';
import { users } from './accounts';
import { agencies } from './sales';

const money = (name: string) => bigint(name, { mode: 'number' });

export const channels = pgTable(
  'channels',
  {
    id: idColumn(),
    /** Short code shown in order numbers' terminal and reports, e.g. CTRIP. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: utc('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex('channels_code_uq').on(t.code)],
);

/** The sites a channel may sell. */
export const channelSites = pgTable(
  'channel_sites',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /**
     * The account (an agency of the site) the channel's API orders at this site draw on, at the
     * settlement price: the partner owes us what it sold, like a travel agency on account. Without one
     * the channel can read availability but not create orders there.
     */
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ name: 'channel_sites_pk', columns: [t.channelId, t.siteId] })],
);

/** What the channel pays us (settlement) and what it should sell at (suggested retail), per ticket type. */
export const channelPrices = pgTable(
  'channel_prices',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    settlementPrice: money('settlement_price').notNull(),
    retailPrice: money('retail_price').notNull(),
  },
  (t) => [
    primaryKey({ name: 'channel_prices_pk', columns: [t.channelId, t.productId] }),
    check('channel_prices_ck', sql`${t.settlementPrice} >= 0 and ${t.retailPrice} >= 0`),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: idColumn(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The public part of the key (`admit_<prefix>_…`): finds the row; the rest is only hashed. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    revokedAt: utc('revoked_at'),
    lastUsedAt: utc('last_used_at'),
  },
  (t) => [
    uniqueIndex('api_keys_prefix_uq').on(t.prefix),
    index('api_keys_channel_idx').on(t.channelId),
    check('api_keys_rate_ck', sql`${t.rateLimitPerMinute} between 1 and 100000`),
  ],
);

/**
 * Places of one capacity pool (a session, or a site's day) reserved for a channel (e.g. 200 a day for
 * one OTA). They live in a stripe of the pool of their own (`capacity_pool_stripes.channel_id`), carved
 * out of the general stripes: general sale cannot take them, the channel takes only them while the
 * allocation stands, and at `release_at` a job moves what is left back into the general stripes.
 */
export const channelAllocations = pgTable(
  'channel_allocations',
  {
    id: idColumn(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'restrict' }),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => capacityPools.id, { onDelete: 'cascade' }),
    /** The pool's stripe that holds the places (numbered from 1000; general stripes are 0..n-1). */
    stripe: integer('stripe').notNull(),
    quantity: integer('quantity').notNull(),
    releaseAt: utc('release_at').notNull(),
    releasedAt: utc('released_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('channel_allocations_channel_pool_uq').on(t.channelId, t.poolId),
    uniqueIndex('channel_allocations_pool_stripe_uq').on(t.poolId, t.stripe),
    index('channel_allocations_release_idx').on(t.releaseAt),
    check('channel_allocations_ck', sql`${t.quantity} > 0 and ${t.stripe} >= 1000`),
  ],
);

/** Where a channel wants its events (order.paid, order.refunded, ticket.redeemed), signed with its secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: idColumn(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The signing secret, encrypted with the data-encryption key ring. */
    secretEncrypted: text('secret_encrypted').notNull(),
    events: text('events').array().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: utc('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index('webhook_endpoints_channel_idx').on(t.channelId)],
);

/**
 * One event for one endpoint, written in the transaction that caused it (or by the redemption feed),
 * delivered by a job with retries and backoff; the delivery log the admin screens show and resend.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: idColumn(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    /** One delivery per event per endpoint: e.g. `order.paid:<order id>`. */
    eventKey: text('event_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: utc('next_attempt_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: utc('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_uq').on(t.endpointId, t.eventKey),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_channel_idx').on(t.channelId, t.createdAt),
  ],
);

/** How far a feed read by a job has got (the redemption feed reads gate check-ins after it). */
export const feedCursors = pgTable('feed_cursors', {
  name: text('name').primaryKey(),
  position: utc('position').notNull(),
});
