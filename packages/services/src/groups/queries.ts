// Reading tour groups: the agency's list of its groups, and one group as the agency and the group lane
// see it — agency, date and session, the order, counts, status, admission and no-shows, and the name
// list with each member's ticket (documents masked; names shown, the lane greets the guide by name).
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError, maskDocument, type MemberRole } from '@admit/domain';
import type { ServiceContext } from '../context';
import { decryptPii } from '../pii';
import type { SalesRuntime } from '../sales/runtime';
import { visibleAgency } from './access';

export type GroupStatus = 'booked' | 'admitted' | 'closed' | 'cancelled';

export type GroupSummary = {
  id: string;
  code: string;
  name: string;
  siteId: string;
  /** The site's zone, for showing the session's times. */
  timeZone: string;
  agencyId: string;
  agencyName: string;
  visitDate: string;
  sessionId: string | null;
  sessionStartsAt: Date | null;
  sessionEndsAt: Date | null;
  orderId: string;
  orderNumber: string;
  total: number;
  status: GroupStatus;
  visitors: number;
  guides: number;
  drivers: number;
  admittedCount: number | null;
  admittedAt: Date | null;
  noShows: number;
  noShowRefund: number;
  settledAt: Date | null;
  createdAt: Date;
};

export type GroupMemberView = {
  row: number;
  name: string;
  role: MemberRole;
  documentKind: string;
  document: string;
  ticketId: string;
  ticketNumber: string;
  ticketStatus: string;
  admitted: boolean;
  price: number;
};

export type GroupView = GroupSummary & {
  /** Tickets still valid and unused: what a head count may admit. */
  admissible: number;
  members: GroupMemberView[];
};

type SummaryRow = {
  id: string;
  code: string;
  name: string;
  site_id: string;
  time_zone: string;
  agency_id: string;
  agency_name: string;
  visit_date: string;
  session_id: string | null;
  starts_at: Date | string | null;
  ends_at: Date | string | null;
  order_id: string;
  order_number: string;
  total: number;
  status: GroupStatus;
  visitors: number;
  guides: number;
  drivers: number;
  admitted_count: number | null;
  admitted_at: Date | string | null;
  no_shows: number;
  no_show_refund: number;
  settled_at: Date | string | null;
  created_at: Date | string;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

const present = (r: SummaryRow): GroupSummary => ({
  id: r.id,
  code: r.code,
  name: r.name,
  siteId: r.site_id,
  timeZone: r.time_zone,
  agencyId: r.agency_id,
  agencyName: r.agency_name,
  visitDate: r.visit_date,
  sessionId: r.session_id,
  sessionStartsAt: date(r.starts_at),
  sessionEndsAt: date(r.ends_at),
  orderId: r.order_id,
  orderNumber: r.order_number,
  total: Number(r.total),
  status: r.status,
  visitors: r.visitors,
  guides: r.guides,
  drivers: r.drivers,
  admittedCount: r.admitted_count,
  admittedAt: date(r.admitted_at),
  noShows: r.no_shows,
  noShowRefund: Number(r.no_show_refund),
  settledAt: date(r.settled_at),
  createdAt: new Date(r.created_at),
});

const summarySql = sql`select g.id, g.code, g.name, g.site_id, st.time_zone, g.agency_id, a.name as agency_name,
         g.visit_date::text as visit_date, g.session_id, s.starts_at, s.ends_at, g.order_id, o.number as order_number,
         o.total, g.status, g.visitors, g.guides, g.drivers, g.admitted_count, g.admitted_at, g.no_shows,
         g.no_show_refund, g.settled_at, g.created_at
  from tour_groups g
  join sites st on st.id = g.site_id
  join agencies a on a.id = g.agency_id
  join orders o on o.id = g.order_id
  left join sessions s on s.id = g.session_id`;

/** The site's groups (a portal user: their agency's), newest visit date first. */
export async function listGroups(
  ctx: ServiceContext,
  siteId: string,
  filter: { from?: string; to?: string } = {},
): Promise<GroupSummary[]> {
  const agencyId = await visibleAgency(ctx, siteId);
  const found = await rows<SummaryRow>(
    ctx.db,
    sql`${summarySql}
        where g.site_id = ${siteId}
          ${agencyId ? sql`and g.agency_id = ${agencyId}` : sql``}
          ${filter.from ? sql`and g.visit_date >= ${filter.from}` : sql``}
          ${filter.to ? sql`and g.visit_date <= ${filter.to}` : sql``}
        order by g.visit_date desc, g.created_at desc
        limit 500`,
  );
  return found.map(present);
}

export async function groupIdByCode(db: Queryable, siteId: string, code: string): Promise<string | null> {
  const [row] = await rows<{ id: string }>(
    db,
    sql`select id from tour_groups where code = ${code} and site_id = ${siteId}`,
  );
  return row?.id ?? null;
}

/** One group with its members. A portal user asking for another agency's group finds nothing. */
export async function loadGroup(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  groupId: string,
  options: { skipAccessCheck?: boolean } = {},
): Promise<GroupView> {
  const agencyId = options.skipAccessCheck ? null : await visibleAgency(ctx, siteId);
  const [row] = await rows<SummaryRow>(
    ctx.db,
    sql`${summarySql} where g.id = ${groupId} and g.site_id = ${siteId}
        ${agencyId ? sql`and g.agency_id = ${agencyId}` : sql``}`,
  );
  if (!row) throw new AppError('group_not_found');
  const ring = runtime.ring().encryption;
  const members = await rows<{
    row_number: number;
    name: string;
    role: MemberRole;
    document_kind: string;
    document_encrypted: string;
    ticket_id: string;
    number: string;
    status: string;
    entries_used: number;
    price: number;
  }>(
    ctx.db,
    sql`select m.row_number, m.name, m.role, m.document_kind, m.document_encrypted, m.ticket_id,
               t.number, t.status, t.entries_used, t.price
        from tour_group_members m join tickets t on t.id = m.ticket_id
        where m.group_id = ${groupId} order by m.row_number`,
  );
  const view = members.map((m): GroupMemberView => ({
    row: m.row_number,
    name: m.name,
    role: m.role,
    documentKind: m.document_kind,
    document: maskDocument(decryptPii(ring, m.document_encrypted)),
    ticketId: m.ticket_id,
    ticketNumber: m.number,
    ticketStatus: m.status,
    admitted: m.entries_used > 0,
    price: Number(m.price),
  }));
  return {
    ...present(row),
    admissible: view.filter((m) => m.ticketStatus === 'valid' && !m.admitted).length,
    members: view,
  };
}
