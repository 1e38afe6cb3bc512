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
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { products } from './catalog';
import { users } from './accounts';

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
