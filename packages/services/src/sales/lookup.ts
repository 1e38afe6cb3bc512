// Looking up orders (查询): by order number, a scanned ticket code, a ticket number, a phone or ID
// number (through their keyed hashes — the numbers are never searched in plaintext), or a date range;
// an order's timeline from the audit log; and the full ID or phone number for a user who may read
// personal data, each reveal audited.
import { sql, type SQL } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  AppError,
  decodeTicketCode,
  splitScannedCode,
  isValidTicketNumber,
  normalizeDocumentNumber,
  normalizeMobile,
  parseOrderNumber,
} from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { decryptPii, piiLookupCandidates } from '../pii';
import { loadOrder, type OrderRecord } from './orders';
import type { SalesRuntime } from './runtime';

export type OrderSummary = {
  id: string;
  number: string;
  status: string;
  channel: string;
  visitDate: string;
  total: number;
  tickets: number;
  createdAt: Date;
  sellerName: string | null;
};

export type OrderQuery = {
  /** Anything a seller types or scans: an order number, a ticket code, a ticket number, a phone or ID number. */
  q?: string;
  from?: string;
  to?: string;
  limit?: number;
};

async function readOrders(
  ctx: ServiceContext,
  siteId: string,
  where: SQL,
  limit: number,
): Promise<OrderSummary[]> {
  const found = await rows<{
    id: string;
    number: string;
    status: string;
    channel: string;
    visit_date: string;
    total: number;
    tickets: number;
    created_at: Date;
    seller_name: string | null;
  }>(
    ctx.db,
    sql`select o.id, o.number, o.status, o.channel, o.visit_date::text as visit_date, o.total,
               (select count(*)::int8 from tickets t where t.order_id = o.id) as tickets, o.created_at,
               u.display_name as seller_name
        from orders o left join users u on u.id = o.seller_id
        where o.site_id = ${siteId} and (${where})
        order by o.created_at desc limit ${limit}`,
  );
  return found.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    channel: r.channel,
    visitDate: r.visit_date,
    total: Number(r.total),
    tickets: Number(r.tickets),
    createdAt: new Date(r.created_at),
    sellerName: r.seller_name,
  }));
}

export async function searchOrders(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  query: OrderQuery,
): Promise<{ matchedBy: string; orders: OrderSummary[] }> {
  if (!can(ctx, 'orders.sell', siteId)) await requirePermission(ctx, 'orders.read', siteId);
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const q = (query.q ?? '').trim();
  const rings = runtime.ring();
  const inList = (values: string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  if (q !== '') {
    if (parseOrderNumber(q))
      return {
        matchedBy: 'order_number',
        orders: await readOrders(ctx, siteId, sql`o.number = ${q.toUpperCase()}`, limit),
      };
    // A scanned e-ticket may carry its rotating time part: the signed code is what identifies it.
    const code = decodeTicketCode(splitScannedCode(q).code);
    if (code)
      return {
        matchedBy: 'ticket_code',
        orders: await readOrders(
          ctx,
          siteId,
          sql`o.id in (select order_id from tickets where id = ${code.ticketId})`,
          limit,
        ),
      };
    const digits = q.replace(/[\s-]/g, '');
    if (isValidTicketNumber(digits) && digits.length === 13)
      return {
        matchedBy: 'ticket_number',
        orders: await readOrders(
          ctx,
          siteId,
          sql`o.id in (select order_id from tickets where number = ${digits})`,
          limit,
        ),
      };
    const phone = normalizeMobile(q);
    if (phone)
      return {
        matchedBy: 'phone',
        orders: await readOrders(
          ctx,
          siteId,
          sql`o.contact_phone_lookup in (${inList(piiLookupCandidates(rings.lookup, phone))})`,
          limit,
        ),
      };
    const document = normalizeDocumentNumber(q);
    if (/^[0-9A-Z]{5,18}$/.test(document))
      return {
        matchedBy: 'document',
        orders: await readOrders(
          ctx,
          siteId,
          sql`o.id in (select order_id from tickets where holder_document_lookup in (${inList(piiLookupCandidates(rings.lookup, document))}))`,
          limit,
        ),
      };
    throw new AppError('validation_failed', { details: { q: 'not an order, ticket, phone or ID number' } });
  }
  const from = query.from ?? query.to;
  const to = query.to ?? query.from;
  if (!from || !to)
    throw new AppError('validation_failed', { details: { q: 'give a search or a date range' } });
  return {
    matchedBy: 'dates',
    orders: await readOrders(ctx, siteId, sql`o.business_date between ${from} and ${to}`, limit),
  };
}

export type TimelineEntry = {
  at: Date;
  action: string;
  actorName: string | null;
  outcome: string;
  details: Record<string, unknown>;
};

/** An order with its history from the audit log (sold, paid, printed again, refunded, rebooked…). */
export async function getOrderDetail(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
): Promise<{ order: OrderRecord; timeline: TimelineEntry[] }> {
  if (!can(ctx, 'orders.sell', siteId)) await requirePermission(ctx, 'orders.read', siteId);
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  const found = await rows<{
    occurred_at: Date;
    action: string;
    outcome: string;
    actor_name: string | null;
    details: Record<string, unknown>;
  }>(
    ctx.db,
    sql`select a.occurred_at, a.action, a.outcome, u.display_name as actor_name, a.details
        from audit_log a left join users u on a.actor_type = 'user' and u.id::text = a.actor_id
        where a.target_type = 'order' and a.target_id = ${orderId}
        order by a.occurred_at, a.id`,
  );
  return {
    order,
    timeline: found.map((r) => ({
      at: new Date(r.occurred_at),
      action: r.action,
      actorName: r.actor_name,
      outcome: r.outcome,
      details: r.details,
    })),
  };
}

/** The full document and phone numbers of an order, for a user holding pii.read; audited. */
export async function revealOrderPersonalData(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
): Promise<{ contactPhone: string | null; holders: { ticketId: string; documentNumber: string }[] }> {
  await requirePermission(ctx, 'pii.read', siteId);
  const ring = runtime.ring().encryption;
  const [order] = await rows<{ contact_phone_encrypted: string | null }>(
    ctx.db,
    sql`select contact_phone_encrypted from orders where id = ${orderId} and site_id = ${siteId}`,
  );
  if (!order) throw new AppError('order_not_found');
  const holders = await rows<{ id: string; holder_document_encrypted: string }>(
    ctx.db,
    sql`select id, holder_document_encrypted from tickets where order_id = ${orderId} and holder_document_encrypted is not null order by id`,
  );
  await recordAudit(ctx, {
    action: 'pii.order.revealed',
    siteId,
    target: { type: 'order', id: orderId },
    details: { documents: holders.length, phone: order.contact_phone_encrypted !== null },
  });
  return {
    contactPhone: order.contact_phone_encrypted ? decryptPii(ring, order.contact_phone_encrypted) : null,
    holders: holders.map((h) => ({
      ticketId: h.id,
      documentNumber: decryptPii(ring, h.holder_document_encrypted),
    })),
  };
}
