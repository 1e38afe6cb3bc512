// The online shop: each site's shop settings (limits, rotating codes, free reservations and the
// no-show rule) and the one-time codes that let a visitor look up an order by phone.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { orders } from './sales';

export const siteShopSettings = pgTable(
  'site_shop_settings',
  {
    siteId: uuid('site_id')
      .primaryKey()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The site is listed and sells in the public shop. */
    enabled: boolean('enabled').notNull().default(false),
    /** E-tickets show a rotating code; gates refuse the bare signed code of those tickets. */
    rotatingCodes: boolean('rotating_codes').notNull().default(false),
    rotationStepSeconds: integer('rotation_step_seconds').notNull().default(30),
    /** Steps a rotating code stays accepted after it was shown (and ahead, for a fast phone clock). */
    rotationToleranceSteps: integer('rotation_tolerance_steps').notNull().default(2),
    /** Tickets one identity document may hold for one visit date (null: no limit). */
    perIdDailyLimit: integer('per_id_daily_limit'),
    /** Orders one contact phone may place for one visit date (null: no limit). */
    perPhoneDailyLimit: integer('per_phone_daily_limit'),
    /** Free reservations can be cancelled until this many minutes before the visit. */
    freeCancelMinutesBefore: integer('free_cancel_minutes_before').notNull().default(120),
    /** The no-show rule: this many unused free reservations within the window → no bookings. */
    noShowLimit: integer('no_show_limit'),
    noShowWindowDays: integer('no_show_window_days').notNull().default(90),
    noShowBlockDays: integer('no_show_block_days').notNull().default(30),
    noticeZh: text('notice_zh').notNull().default(''),
    noticeEn: text('notice_en').notNull().default(''),
    updatedAt: utc('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    check(
      'site_shop_settings_ck',
      sql`${t.rotationStepSeconds} between 10 and 300 and ${t.rotationToleranceSteps} between 0 and 10
          and coalesce(${t.perIdDailyLimit}, 1) >= 1 and coalesce(${t.perPhoneDailyLimit}, 1) >= 1
          and ${t.freeCancelMinutesBefore} >= 0 and coalesce(${t.noShowLimit}, 1) >= 1
          and ${t.noShowWindowDays} between 1 and 3660 and ${t.noShowBlockDays} between 1 and 3660`,
    ),
  ],
);

/** A one-time code sent by SMS to look an order up; the code itself is stored only as a hash. */
export const shopOtps = pgTable(
  'shop_otps',
  {
    id: idColumn(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    phoneLookup: text('phone_lookup').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: utc('expires_at').notNull(),
    usedAt: utc('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('shop_otps_order_idx').on(t.orderId, t.createdAt)],
);
