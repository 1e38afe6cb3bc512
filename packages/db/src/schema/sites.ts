// Sites (场馆/景区/线路): the places that sell and admit. The catalog issue adds the rest of a site
// (kind, address, opening hours, capacities) and its gates.
import { pgTable, text } from 'drizzle-orm/pg-core';
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
  createdAt: createdAt(),
  updatedAt: utc('updated_at')
    .notNull()
    .default(sql`now()`),
});
