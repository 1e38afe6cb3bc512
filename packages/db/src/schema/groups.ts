// Tour groups (团队): a group booked in advance by a travel agency for a date and session, its name list
// (imported from a template, one row per person, documents encrypted like tickets' holders), the one
// order holding its tickets, and the group code that admits it at a staffed lane with a head count.
// Agency portal users are linked to their agency here, so an agency login sees only its own groups.
import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { users } from './accounts';
import { products, sessions } from './catalog';
import { agencies, orders, tickets } from './sales';

const money = (name: string) => bigint(name, { mode: 'number' });

/** A user who books for a travel agency (旅行社门户): they act only for this agency. */
export const agencyUsers = pgTable(
  'agency_users',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('agency_users_agency_idx').on(t.agencyId)],
);

export const tourGroups = pgTable(
  'tour_groups',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
    /** What the lane types or scans: G + 8 digits, the last a Damm check digit. */
    code: text('code').notNull(),
    /** The agency's own name for the group (e.g. 上海夕阳红 3 月 12 日团). */
    name: text('name').notNull().default(''),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'restrict' }),
    /** The one order holding every ticket of the group (on the agency's account). */
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    /** The group ticket type the visitors travel on. */
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    visitors: integer('visitors').notNull(),
    guides: integer('guides').notNull(),
    drivers: integer('drivers').notNull(),
    /** booked → admitted (head count taken) → closed (no-shows settled); booked → closed when nobody came. */
    status: text('status', { enum: ['booked', 'admitted', 'closed', 'cancelled'] })
      .notNull()
      .default('booked'),
    admittedCount: integer('admitted_count'),
    admittedAt: utc('admitted_at'),
    admittedBy: uuid('admitted_by').references(() => users.id, { onDelete: 'set null' }),
    /** No-shows: places released, and what went back to the agency's account by the refund rule. */
    noShows: integer('no_shows').notNull().default(0),
    noShowRefund: money('no_show_refund').notNull().default(0),
    settledAt: utc('settled_at'),
    bookedBy: uuid('booked_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: utc('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tour_groups_code_uq').on(t.code),
    uniqueIndex('tour_groups_order_uq').on(t.orderId),
    index('tour_groups_site_day_idx').on(t.siteId, t.visitDate),
    index('tour_groups_agency_idx').on(t.agencyId, t.createdAt),
    index('tour_groups_open_idx')
      .on(t.visitDate)
      .where(sql`${t.status} in ('booked', 'admitted')`),
    check('tour_groups_status_ck', sql`${t.status} in ('booked', 'admitted', 'closed', 'cancelled')`),
    check(
      'tour_groups_counts_ck',
      sql`${t.visitors} >= 0 and ${t.guides} >= 0 and ${t.drivers} >= 0 and ${t.noShows} >= 0
          and (${t.admittedCount} is null or ${t.admittedCount} >= 0)`,
    ),
  ],
);

/** One person of a group's name list, with the ticket issued for them. */
export const tourGroupMembers = pgTable(
  'tour_group_members',
  {
    id: idColumn(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => tourGroups.id, { onDelete: 'cascade' }),
    /** The row's 序号 in the agency's list, so the lane and the agency speak of the same person. */
    rowNumber: integer('row_number').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['visitor', 'guide', 'driver'] }).notNull(),
    documentKind: text('document_kind').notNull(),
    documentEncrypted: text('document_encrypted').notNull(),
    documentLookup: text('document_lookup').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tour_group_members_row_uq').on(t.groupId, t.rowNumber),
    uniqueIndex('tour_group_members_ticket_uq').on(t.ticketId),
    index('tour_group_members_lookup_idx').on(t.documentLookup),
    check('tour_group_members_role_ck', sql`${t.role} in ('visitor', 'guide', 'driver')`),
  ],
);
