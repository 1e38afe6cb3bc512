// Sites (场馆/景区/线路): the places that sell and admit. The catalog issue adds the rest of a site
// (kind, address, opening hours, capacities) and its gates.
import { boolean, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, idColumn, utc } from './columns';

export const sites = pgTable('sites', {
  id: idColumn(),
  /** Short code used in order numbers (SITE-YYMMDD-TT-NNNN): upper-case letters and digits. */
  code: text('code').notNull().unique('sites_code_uq'),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** IANA time zone: business days, sessions and settlements are computed in it. */
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  kind: text('kind', { enum: ['scenic_area', 'museum', 'venue', 'transport'] })
    .notNull()
    .default('scenic_area'),
  addressZh: text('address_zh').notNull().default(''),
  addressEn: text('address_en').notNull().default(''),
  contactPhone: text('contact_phone').notNull().default(''),
  /** Opening hours per weekday (0 = Sunday): [{ weekday, opens: 'HH:MM', closes: 'HH:MM' }]. */
  openingHours: jsonb('opening_hours')
    .$type<{ weekday: number; opens: string; closes: string }[]>()
    .notNull()
    .default([]),
  /** 最大承载量: visitors a day; null: no daily maximum. */
  dailyMaxCapacity: integer('daily_max_capacity'),
  /** 瞬时承载量: visitors inside at once, enforced by the gates. */
  instantMaxCapacity: integer('instant_max_capacity'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: utc('updated_at')
    .notNull()
    .default(sql`now()`),
});
