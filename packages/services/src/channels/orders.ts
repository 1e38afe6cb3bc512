// Orders through the channel API. A partner's order is the same sale as every channel's
// (`sellTickets`: session, sale window, real-name, capacity), with three differences: it is priced at
// the partner's agreed settlement price per ticket type (channel_prices); it is paid on the account
// the partner has at the site (channel_sites.agency_id — an agency account with its credit limit, so
// what the partner owes shows on its statement like a travel agency's); and where the partner has an
// allocation standing it takes those places only. The order is paid at once, so `order.paid` is
// queued in the sale's own transaction. A key sees only its own channel's orders: another's is 404.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError, type Explanation, type IdentityDocumentKind } from '@admit/domain';
import type { ServiceContext } from '../context';
import { loadOrder, type OrderRecord } from '../sales/orders';
import { sellTickets } from '../sales/sell';
import { refundTickets } from '../sales/refunds';
import { rebookTickets } from '../sales/rebook';
import type { SalesRuntime } from '../sales/runtime';
import { enqueueWebhook } from '../webhooks';
import { requireScope } from './api-keys';
import { channelPricesOf } from './channels';

/** The order-number terminal of API orders (SITE-YYMMDD-AP-NNNN). */
export const apiTerminal = 'AP';

export type ChannelOrderInput = {
  site: string;
  visitDate: string;
  sessionId: string | null;
  externalReference: string | null;
  lines: {
    productId: string;
    quantity: number;
    holders: { documentKind: IdentityDocumentKind; documentNumber: string; name: string }[];
  }[];
  contactPhone: string;
  guide: { name: string; licence: string } | null;
};

export type ChannelOrder = OrderRecord & { externalReference: string | null };

function channelOf(ctx: ServiceContext): string {
  if (ctx.actor.kind !== 'api_key') throw new AppError('api_key_invalid');
  return ctx.actor.channelId;
}

async function siteByCode(ctx: ServiceContext, code: string): Promise<string> {
  const [site] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from sites where code = ${code.trim().toUpperCase()} and active`,
  );
  if (!site) throw new AppError('site_not_found');
  return site.id;
}

/** The channel's agreed prices as sale prices: it pays (and its account is drawn by) the settlement price. */
async function agreedPrices(
  ctx: ServiceContext,
  channelId: string,
): Promise<Map<string, { price: number; explanation: Explanation }>> {
  return new Map(
    (await channelPricesOf(ctx.db, channelId)).map((p) => [
      p.productId,
      {
        price: p.settlementPrice,
        explanation: {
          rule: 'channel_price',
          channelId,
          settlementPrice: p.settlementPrice,
          retailPrice: p.retailPrice,
        },
      },
    ]),
  );
}

/** The channel's order, or order_not_found — also for another channel's order (no existence leak). */
async function ownOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  orderId: string,
  scope: 'orders.read' | 'orders.refund' | 'orders.rebook',
): Promise<ChannelOrder> {
  const channelId = channelOf(ctx);
  const [found] = await rows<{ site_id: string; external_reference: string | null }>(
    ctx.db,
    sql`select site_id, external_reference from orders where id = ${orderId} and channel_id = ${channelId}`,
  );
  if (!found) throw new AppError('order_not_found');
  await requireScope(ctx, scope, found.site_id);
  const order = await loadOrder(ctx.db, runtime, found.site_id, orderId);
  return { ...order, externalReference: found.external_reference };
}

export async function createChannelOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  input: ChannelOrderInput,
): Promise<ChannelOrder> {
  const channelId = channelOf(ctx);
  const siteId = await siteByCode(ctx, input.site);
  await requireScope(ctx, 'orders.create', siteId);
  const [account] = await rows<{ agency_id: string | null }>(
    ctx.db,
    sql`select agency_id from channel_sites where channel_id = ${channelId} and site_id = ${siteId}`,
  );
  if (!account?.agency_id) throw new AppError('channel_account_missing');
  const prices = await agreedPrices(ctx, channelId);
  const catalog = await runtime.catalog.get(ctx.db, siteId);
  let total = 0;
  for (const line of input.lines) {
    const product = catalog.products.get(line.productId);
    const price = prices.get(line.productId);
    // Complimentary tickets need someone at the site to approve them: never through the API.
    if (!product || !price || product.category === 'complimentary')
      throw new AppError('product_not_offered', { details: { productId: line.productId } });
    total += price.price * line.quantity;
  }
  const agencyId = account.agency_id;
  const sale = await sellTickets(ctx, runtime, siteId, {
    visitDate: input.visitDate,
    sessionId: input.sessionId,
    terminal: apiTerminal,
    channel: 'api',
    lines: input.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      holders: l.holders,
      discountDocument: null,
      discountReason: '',
    })),
    payments: total === 0 ? [] : [{ method: 'on_account', amount: total, agencyId }],
    guide: input.guide,
    approval: null,
    contactPhone: input.contactPhone,
    channelId,
    externalReference: input.externalReference,
    prices,
    within: async (db, order) => {
      if (order.status !== 'paid') return;
      await enqueueWebhook(db, {
        channelId,
        event: 'order.paid',
        eventKey: `order.paid:${order.id}`,
        data: {
          orderId: order.id,
          orderNumber: order.number,
          externalReference: input.externalReference,
          site: catalog.site.code,
          status: 'paid',
          amount: total,
          paidAt: ctx.clock.now().toISOString(),
          visitDate: input.visitDate,
          sessionId: input.sessionId,
          tickets: order.tickets.map((t) => ({
            ticketId: t.id,
            ticketNumber: t.number,
            productCode: t.productCode,
          })),
        },
        at: ctx.clock.now(),
      });
    },
  });
  return { ...sale.order, externalReference: input.externalReference };
}

export async function getChannelOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  orderId: string,
): Promise<ChannelOrder> {
  return ownOrder(ctx, runtime, orderId, 'orders.read');
}

export async function findChannelOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  externalReference: string,
): Promise<ChannelOrder> {
  const channelId = channelOf(ctx);
  const [found] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from orders where channel_id = ${channelId} and external_reference = ${externalReference}`,
  );
  if (!found) throw new AppError('order_not_found');
  return ownOrder(ctx, runtime, found.id, 'orders.read');
}

/**
 * Refunds tickets of the channel's order (all still valid ones when none are named) by each ticket
 * type's refund policy, back to the channel's account. The box office's approval threshold does not
 * apply: the partner has already refunded its customer, within the same policy.
 */
export async function refundChannelOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  orderId: string,
  input: { ticketIds?: string[]; reason: string },
): Promise<{ order: ChannelOrder; refunded: number; fee: number }> {
  const order = await ownOrder(ctx, runtime, orderId, 'orders.refund');
  // None named: the valid tickets not used yet (a used one would refuse the whole request).
  const ticketIds =
    input.ticketIds ??
    (
      await rows<{ id: string }>(
        ctx.db,
        sql`select id from tickets where order_id = ${orderId} and status = 'valid' and entries_used = 0 order by id`,
      )
    ).map((t) => t.id);
  if (ticketIds.length === 0)
    throw new AppError('ticket_not_refundable', { details: { orderStatus: order.status } });
  const result = await refundTickets(
    ctx,
    runtime,
    order.siteId,
    orderId,
    { ticketIds, reason: input.reason || 'channel', void: false, approval: null },
    { approvalAbove: Number.MAX_SAFE_INTEGER },
  );
  return {
    order: { ...result.order, externalReference: order.externalReference },
    refunded: result.refunded,
    fee: result.fee,
  };
}

/** Moves tickets to another session at the same settlement price; a rebooking fee is drawn on the account. */
export async function rebookChannelOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  orderId: string,
  input: { ticketIds: string[]; toSessionId: string },
): Promise<{ order: ChannelOrder; difference: number; newTicketIds: string[] }> {
  const channelId = channelOf(ctx);
  const order = await ownOrder(ctx, runtime, orderId, 'orders.rebook');
  const prices = await agreedPrices(ctx, channelId);
  const account = order.payments.find((p) => p.method === 'on_account')?.agencyId ?? null;
  const attempt = (payments: { method: 'on_account'; amount: number; agencyId: string }[]) =>
    rebookTickets(ctx, runtime, order.siteId, orderId, {
      ticketIds: input.ticketIds,
      toSessionId: input.toSessionId,
      payments,
      prices,
    });
  let result;
  try {
    result = await attempt([]);
  } catch (error) {
    // A fee to pay: on the channel's account, for exactly the difference the rebooking names.
    const difference = (error as AppError).details
      ? ((error as AppError).details as { difference?: unknown }).difference
      : undefined;
    if (!(error instanceof AppError) || account === null || typeof difference !== 'number' || difference <= 0)
      throw error;
    result = await attempt([{ method: 'on_account', amount: difference, agencyId: account }]);
  }
  return {
    order: { ...result.order, externalReference: order.externalReference },
    difference: result.difference,
    newTicketIds: result.newTicketIds,
  };
}

export type ChannelTicketStatus = {
  number: string;
  orderId: string;
  orderNumber: string;
  externalReference: string | null;
  productCode: string;
  status: 'pending' | 'valid' | 'cancelled' | 'refunded' | 'revoked';
  entriesAllowed: number;
  entriesUsed: number;
  validFrom: Date;
  validUntil: Date;
  lastEntryAt: Date | null;
};

/** A ticket of the channel's orders by its number: status, entries used, the last entry. */
export async function channelTicketStatus(ctx: ServiceContext, number: string): Promise<ChannelTicketStatus> {
  const channelId = channelOf(ctx);
  const [t] = await rows<{
    id: string;
    site_id: string;
    order_id: string;
    order_number: string;
    external_reference: string | null;
    product_code: string;
    status: ChannelTicketStatus['status'];
    entries_allowed: number;
    entries_used: number;
    valid_from: Date | string;
    valid_until: Date | string;
    last_entry_at: Date | string | null;
  }>(
    ctx.db,
    sql`select t.id, t.site_id, t.order_id, o.number as order_number, o.external_reference, p.code as product_code,
               t.status, t.entries_allowed, t.entries_used, t.valid_from, t.valid_until,
               (select max(c.scanned_at) from checkins c
                 where c.ticket_id = t.id and c.direction = 'entry' and c.result = 'ok') as last_entry_at
        from tickets t join orders o on o.id = t.order_id join products p on p.id = t.product_id
        where t.number = ${number} and o.channel_id = ${channelId}`,
  );
  if (!t) throw new AppError('ticket_not_found');
  await requireScope(ctx, 'tickets.read', t.site_id);
  return {
    number,
    orderId: t.order_id,
    orderNumber: t.order_number,
    externalReference: t.external_reference,
    productCode: t.product_code,
    status: t.status,
    entriesAllowed: Number(t.entries_allowed),
    entriesUsed: Number(t.entries_used),
    validFrom: new Date(t.valid_from),
    validUntil: new Date(t.valid_until),
    lastEntryAt: t.last_entry_at ? new Date(t.last_entry_at) : null,
  };
}
