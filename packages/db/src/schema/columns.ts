// Column helpers shared by every table group. Times are timestamptz (stored UTC); a site's time zone
// is applied when business days are computed, never when storing.
import { timestamp, uuid } from 'drizzle-orm/pg-core';

export const idColumn = () => uuid('id').primaryKey();

export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => utc('created_at').notNull().defaultNow();
