// The shop's orders: a visitor books (the same sale path as every channel — sellTickets — with the
// shop's limits, the no-show rule, rotating codes and a 15-minute hold when there is something to
// pay), pays at a provider, sees the e-tickets, cancels a free reservation before its deadline, and
// asks for refunds and rebookings within the ticket type's rules. The visitor is no user: the shop
// acts as the `system` actor named "shop", and an order is reached only through its access token.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  AppError,
  afterSaleDecision,
  decodeTicketCode,
  freeCancellationDeadline,
  isAppError,
  maskMobile,
  noShowBlockedUntil,
  normalizeMobile,
  priceOrder,
  type IdentityDocumentKind,
} from '@admit/domain';
import type { ShopOrderView } from '@admit/contracts';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { decryptPii, piiLookup } from '../pii';
import { rotationSecretsForTicket } from '../gate/rotation';
import { cancelOnlineOrder, startOnlinePayment } from '../payments/online';
import type { CreatedPayment, OnlinePaymentKind } from '../payments/provider';
import type { ProviderChoice } from '../payments/accounts';
import { loadOrder, type OrderRecord } from '../sales/orders';
import { refundTickets, releaseTicketCapacity } from '../sales/refunds';
import { rebookTickets } from '../sales/rebook';
import { sellTickets } from '../sales/sell';
import type { SalesRuntime } from '../sales/runtime';
import { orderAccessToken, orderIdFromToken } from './access';
import { shopSiteByCode } from './catalog';
import { sendCancellationNotice, sendETicket, sendRefundNotice, type ShopNotices } from './notices';
import { loadShopSettings, type ShopSettings } from './settings';
import { wechatJsapiAvailable } from './wechat-oauth';

/** The terminal code of the shop's order numbers (SITE-YYMMDD-WS-NNNN). */
export const shopTerminal = 'WS';

export type ShopDeps = { notices: ShopNotices | null };

function asShop(ctx: ServiceContext): ServiceContext {
  return { ...ctx, actor: { kind: 'system', name: 'shop' } };
}

export type ShopOrderInput = {
  visitDate: string;
  sessionId: string | null;
  lines: {
    productId: string;
    quantity: number;
    holders: { documentKind: IdentityDocumentKind; documentNumber: string; name: string }[];
  }[];
  contactPhone: string;
  contactEmail: string | null;
  locale: 'zh-CN' | 'en';
};

/**
 * The no-show events of the people in a booking: each earlier free reservation of theirs at the site
 * that ended with none of its tickets used (one event per reservation, at its end).
 */
async function noShows(db: Queryable, siteId: string, lookups: string[], phoneLookup: string, since: Date) {
  const found = await rows<{ at: Date | string }>(
    db,
    sql`select max(t.valid_until) as at
        from orders o join tickets t on t.order_id = o.id
        where o.site_id = ${siteId} and o.channel = 'online' and o.total = 0 and o.status = 'paid'
          and o.visit_date >= ${since.toISOString().slice(0, 10)}::date
          and (o.contact_phone_lookup = ${phoneLookup}
               ${
                 lookups.length > 0
                   ? sql`or o.id in (select order_id from tickets where holder_document_lookup in (${sql.join(
                       lookups.map((l) => sql`${l}`),
                       sql`, `,
                     )}))`
                   : sql``
               })
        group by o.id
        having bool_and(t.entries_used = 0) and bool_and(t.status = 'valid')`,
  );
  return found.map((r) => new Date(r.at));
}

export async function createShopOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  deps: ShopDeps,
  siteCode: string,
  input: ShopOrderInput,
): Promise<{ token: string; order: ShopOrderView }> {
  // The site and its settings, read once per process per catalog cache period (release-time traffic).
  const { site, settings } = await runtime.catalog.memo(`shop-site:${siteCode.trim().toUpperCase()}`, () =>
    shopSiteByCode(ctx.db, siteCode),
  );
  const phone = normalizeMobile(input.contactPhone);
  if (!phone) throw new AppError('phone_invalid', { details: { contactPhone: input.contactPhone } });
  const now = ctx.clock.now();
  const catalog = await runtime.catalog.get(ctx.db, site.id);
  for (const line of input.lines) {
    const product = catalog.products.get(line.productId);
    if (!product || !product.channels.includes('online'))
      throw new AppError('product_not_on_sale', { details: { productId: line.productId } });
  }

  // The no-show rule, by the documents on the tickets and the contact phone.
  if (settings.noShowLimit !== null) {
    const ring = runtime.ring().lookup;
    const lookups = input.lines.flatMap((l) => l.holders.map((h) => piiLookup(ring, h.documentNumber)));
    const since = new Date(
      now.getTime() - (settings.noShowWindowDays + settings.noShowBlockDays) * 86_400_000,
    );
    const events = await noShows(ctx.db, site.id, lookups, piiLookup(ring, phone), since);
    const until = noShowBlockedUntil(
      events,
      {
        limit: settings.noShowLimit,
        windowDays: settings.noShowWindowDays,
        blockDays: settings.noShowBlockDays,
      },
      now,
    );
    if (until) throw new AppError('shop_no_show_blocked', { details: { until: until.toISOString() } });
  }

  // At release time most visitors arrive after the places are gone: a plain read answers them
  // without a transaction (a place freed a moment later is one they would have missed anyway).
  let sessionPlaces = 0;
  let dailyPlaces = 0;
  for (const line of input.lines) {
    const product = catalog.products.get(line.productId)!;
    if (product.validity.kind === 'session') sessionPlaces += line.quantity;
    if (product.countsTowardsDailyMax) dailyPlaces += line.quantity;
  }
  const left = await rows<{ kind: 'session' | 'daily'; left: number }>(
    ctx.db,
    sql`select p.kind, sum(greatest(st.capacity - st.sold - st.held, 0))::int as left
        from capacity_pools p join capacity_pool_stripes st on st.pool_id = p.id and st.channel_id is null
        where (p.kind = 'session' and p.session_id = ${input.sessionId})
           or (p.kind = 'daily' and p.site_id = ${site.id} and p.business_date = ${input.visitDate})
        group by p.kind`,
  );
  for (const pool of left) {
    const needed = pool.kind === 'session' ? sessionPlaces : dailyPlaces;
    if (needed > 0 && pool.left < needed)
      throw new AppError('sold_out', { details: { pool: pool.kind, requested: needed } });
  }

  const quote = priceOrder(catalog.pricing, {
    date: input.visitDate,
    channel: 'online',
    quantities: input.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
  });
  const sale = await sellTickets(asShop(ctx), runtime, site.id, {
    visitDate: input.visitDate,
    sessionId: input.sessionId,
    terminal: shopTerminal,
    channel: 'online',
    lines: input.lines.map((l) => {
      const product = catalog.products.get(l.productId)!;
      return {
        productId: l.productId,
        quantity: l.quantity,
        holders: l.holders,
        // A discount's document cannot be shown to a web page: it is checked at the gate.
        discountDocument: product.requiredDocuments[0] ?? null,
        discountReason: product.requiredDocuments.length > 0 ? 'online: shown at entry' : '',
      };
    }),
    payments: quote.total > 0 ? [{ method: 'online', amount: quote.total }] : [],
    guide: null,
    approval: null,
    contactPhone: phone,
    contactEmail: input.contactEmail,
    locale: input.locale,
    rotatingCodes: settings.rotatingCodes,
    limits: { perIdDailyLimit: settings.perIdDailyLimit, perPhoneDailyLimit: settings.perPhoneDailyLimit },
  });
  // A free reservation is confirmed at once: its e-ticket goes out now.
  if (sale.order.status === 'paid' && deps.notices)
    await sendETicket(ctx.db, runtime, deps.notices, sale.order.id, now);
  // The page is made from what the sale wrote: no read-back at the busiest moment.
  return {
    token: orderAccessToken(runtime.ring().lookup, sale.order.id),
    order: await shopOrderView(ctx, runtime, sale.order.id, {
      order: sale.order,
      settings,
      holdExpiresAt: sale.order.payments.find((p) => p.method === 'online')?.expiresAt ?? null,
      phone,
      refunded: 0,
      entriesUsed: new Map(),
    }),
  };
}

/** The order behind a token; order_not_found for anything else (a bad token says nothing more). */
async function orderOfToken(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  token: string,
): Promise<{ orderId: string; siteId: string }> {
  const orderId = orderIdFromToken(runtime.ring().lookup, token);
  if (!orderId) throw new AppError('order_not_found');
  const [row] = await rows<{ site_id: string }>(
    ctx.db,
    sql`select site_id from orders where id = ${orderId} and channel = 'online'`,
  );
  if (!row) throw new AppError('order_not_found');
  return { orderId, siteId: row.site_id };
}

/** What an order's page shows beyond the order itself. */
type ViewFacts = {
  order: OrderRecord;
  settings: ShopSettings;
  holdExpiresAt: Date | null;
  /** The contact phone in full (masked when shown). */
  phone: string;
  refunded: number;
  entriesUsed: ReadonlyMap<string, number>;
};

async function loadViewFacts(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  orderId: string,
): Promise<ViewFacts> {
  const [site] = await rows<{ site_id: string }>(
    ctx.db,
    sql`select site_id from orders where id = ${orderId}`,
  );
  if (!site) throw new AppError('order_not_found');
  const order = await loadOrder(ctx.db, runtime, site.site_id, orderId);
  const [extra] = await rows<{
    hold_expires_at: Date | string | null;
    contact_phone_encrypted: string | null;
    refunded: number | string;
  }>(
    ctx.db,
    sql`select o.hold_expires_at, o.contact_phone_encrypted,
               coalesce((select sum(amount) from refunds r where r.order_id = o.id and r.status <> 'failed'), 0) as refunded
        from orders o where o.id = ${orderId}`,
  );
  const used = await rows<{ id: string; entries_used: number }>(
    ctx.db,
    sql`select id, entries_used from tickets where order_id = ${orderId}`,
  );
  return {
    order,
    settings: await loadShopSettings(ctx.db, order.siteId),
    holdExpiresAt: extra?.hold_expires_at ? new Date(extra.hold_expires_at) : null,
    phone: extra?.contact_phone_encrypted
      ? decryptPii(runtime.ring().encryption, extra.contact_phone_encrypted)
      : '',
    refunded: Number(extra?.refunded ?? 0),
    entriesUsed: new Map(used.map((r) => [r.id, r.entries_used])),
  };
}

export async function shopOrderView(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  orderId: string,
  known?: ViewFacts,
): Promise<ShopOrderView> {
  const facts = known ?? (await loadViewFacts(ctx, runtime, orderId));
  const { order, settings } = facts;
  const catalog = await runtime.catalog.get(ctx.db, order.siteId);
  const now = ctx.clock.now();
  const free = order.total === 0;
  const visitStart = order.sessionStartsAt ?? order.tickets[0]?.validFrom ?? null;
  const online = order.payments.find((p) => p.method === 'online') ?? null;
  const phone = facts.phone;
  return {
    number: order.number,
    status: order.status,
    siteCode: order.siteCode,
    siteNameZh: order.siteNameZh,
    siteNameEn: order.siteNameEn,
    timeZone: order.timeZone,
    visitDate: order.visitDate,
    session:
      order.sessionId && order.sessionStartsAt && order.sessionEndsAt
        ? {
            id: order.sessionId,
            nameZh: order.sessionNameZh,
            nameEn: order.sessionNameEn,
            startsAt: order.sessionStartsAt.toISOString(),
            endsAt: order.sessionEndsAt.toISOString(),
          }
        : null,
    total: order.total,
    refunded: facts.refunded,
    free,
    holdExpiresAt:
      order.status === 'pending' && facts.holdExpiresAt ? facts.holdExpiresAt.toISOString() : null,
    cancellableUntil:
      free && order.status === 'paid' && visitStart
        ? freeCancellationDeadline(visitStart, settings.freeCancelMinutesBefore).toISOString()
        : null,
    contactPhone: phone ? maskMobile(phone) : '',
    createdAt: order.createdAt.toISOString(),
    payment: online ? { status: online.status, provider: online.provider } : null,
    wechatJsapi: await wechatJsapiAvailable(ctx.db, runtime, order.siteId),
    tickets: order.tickets.map((t) => {
      const entriesUsed = facts.entriesUsed.get(t.id) ?? 0;
      const product = catalog.products.get(t.productId);
      const allowed = (kind: 'refund' | 'rebook') =>
        !free &&
        t.status === 'valid' &&
        !!product &&
        afterSaleDecision(
          kind,
          kind === 'refund' ? product.refundPolicy : product.rebookPolicy,
          { price: t.price, entriesUsed, startsAt: t.validFrom },
          now,
        ).allowed;
      // The ticket's own code says whether it rotates (the flag is signed into it).
      const rotates = t.code !== null && decodeTicketCode(t.code)?.rotating === true;
      return {
        id: t.id,
        number: t.number,
        productNameZh: t.productNameZh,
        productNameEn: t.productNameEn,
        category: t.category as ShopOrderView['tickets'][number]['category'],
        price: t.price,
        status: t.status,
        holderName: t.holderName,
        holderDocument: t.holderDocument,
        validFrom: t.validFrom.toISOString(),
        validUntil: t.validUntil.toISOString(),
        entriesAllowed: t.entriesAllowed,
        entriesUsed,
        code: t.code,
        rotation: rotates
          ? (() => {
              const r = rotationSecretsForTicket({
                ring: runtime.ring().lookup,
                siteId: order.siteId,
                timeZone: order.timeZone,
                ticketId: t.id,
                validFrom: t.validFrom,
                validUntil: t.validUntil,
                now,
                stepSeconds: settings.rotationStepSeconds,
              });
              return {
                stepSeconds: r.stepSeconds,
                secrets: r.secrets.map((s) => ({
                  from: s.from.toISOString(),
                  until: s.until.toISOString(),
                  secret: s.secret,
                })),
              };
            })()
          : null,
        refundable: allowed('refund'),
        rebookable: allowed('rebook'),
      };
    }),
  };
}

export async function getShopOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  deps: ShopDeps,
  token: string,
): Promise<ShopOrderView> {
  const { orderId } = await orderOfToken(ctx, runtime, token);
  const view = await shopOrderView(ctx, runtime, orderId);
  // Back from paying: the e-ticket goes out now rather than at the next sweep (once either way).
  if (view.status === 'paid' && deps.notices)
    await sendETicket(ctx.db, runtime, deps.notices, orderId, ctx.clock.now());
  return view;
}

export type ShopPayInput = {
  kind: OnlinePaymentKind;
  provider: ProviderChoice | null;
  payerId: string | null;
  clientIp: string | null;
  /** Inside WeChat's browser WeChat Pay comes first. */
  inWeChat: boolean;
  publicUrl: string;
};

/** The provider a visitor pays with when they do not choose: the site's own accounts, else the simulator. */
async function defaultProvider(db: Queryable, siteId: string, inWeChat: boolean): Promise<ProviderChoice> {
  const enabled = new Set(
    (
      await rows<{ provider: ProviderChoice }>(
        db,
        sql`select provider from payment_accounts where site_id = ${siteId} and enabled`,
      )
    ).map((r) => r.provider),
  );
  const order: ProviderChoice[] = inWeChat ? ['wechat', 'alipay'] : ['alipay', 'wechat'];
  return order.find((p) => enabled.has(p)) ?? 'simulator';
}

export async function payShopOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  token: string,
  input: ShopPayInput,
): Promise<{ expiresAt: Date; created: CreatedPayment }> {
  const { orderId, siteId } = await orderOfToken(ctx, runtime, token);
  const provider = input.provider ?? (await defaultProvider(ctx.db, siteId, input.inWeChat));
  const started = await startOnlinePayment(asShop(ctx), runtime, siteId, orderId, {
    provider,
    kind: input.kind,
    publicUrl: input.publicUrl,
    returnUrl: `${input.publicUrl.replace(/\/+$/, '')}/shop/orders/${token}`,
    payerId: input.payerId,
    clientIp: input.clientIp,
  });
  return { expiresAt: started.expiresAt, created: started.created };
}

/**
 * Cancels: an unpaid order (closed at the provider first), or a free reservation until its deadline —
 * its tickets cancelled (they never count as no-shows) and their places given back. A paid order is
 * refunded instead (refundShopTickets).
 */
export async function cancelShopOrder(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  deps: ShopDeps,
  token: string,
): Promise<ShopOrderView> {
  const { orderId, siteId } = await orderOfToken(ctx, runtime, token);
  const view = await shopOrderView(ctx, runtime, orderId);
  const now = ctx.clock.now();
  if (view.status === 'pending') {
    await cancelOnlineOrder(asShop(ctx), runtime, siteId, orderId);
    return shopOrderView(ctx, runtime, orderId);
  }
  if (!view.free || view.status !== 'paid')
    throw new AppError('ticket_not_refundable', { details: { orderStatus: view.status } });
  if (view.cancellableUntil && now > new Date(view.cancellableUntil))
    throw new AppError('shop_cancel_deadline_passed', { details: { deadline: view.cancellableUntil } });
  await inTransaction(asShop(ctx), async (tx) => {
    const changed = await rows<{ id: string; session_id: string | null; counts_towards_daily_max: boolean }>(
      tx.db,
      sql`update tickets set status = 'cancelled', revoked_at = ${now}, updated_at = ${now}
          where order_id = ${orderId} and status = 'valid' and entries_used = 0
          returning id, session_id, counts_towards_daily_max`,
    );
    if (changed.length === 0) throw new AppError('ticket_already_used');
    await releaseTicketCapacity(
      tx.db,
      orderId,
      changed.map((c) => ({ sessionId: c.session_id, countsTowardsDailyMax: c.counts_towards_daily_max })),
    );
    const [left] = await rows<{ n: number }>(
      tx.db,
      sql`select count(*)::int as n from tickets where order_id = ${orderId} and status = 'valid'`,
    );
    if ((left?.n ?? 0) === 0)
      await tx.db.execute(
        sql`update orders set status = 'cancelled', updated_at = ${now} where id = ${orderId} and status = 'paid'`,
      );
    await recordAudit(tx, {
      action: 'orders.order.cancelled',
      siteId,
      target: { type: 'order', id: orderId },
      details: { tickets: changed.map((c) => c.id), by: 'visitor', free: true },
    });
    if (deps.notices) await sendCancellationNotice(tx.db, runtime, deps.notices, orderId, now);
  });
  return shopOrderView(ctx, runtime, orderId);
}

/** Refunds tickets of a paid order within their ticket type's rules, through the payment's provider. */
export async function refundShopTickets(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  deps: ShopDeps,
  token: string,
  ticketIds: string[],
): Promise<ShopOrderView> {
  const { orderId, siteId } = await orderOfToken(ctx, runtime, token);
  const result = await refundTickets(
    asShop(ctx),
    runtime,
    siteId,
    orderId,
    { ticketIds, reason: 'online: visitor request', void: false, approval: null },
    // The visitor's own refund within the ticket type's rules needs no supervisor.
    { approvalAbove: Number.MAX_SAFE_INTEGER },
  );
  if (deps.notices && result.refunds[0])
    await sendRefundNotice(
      ctx.db,
      runtime,
      deps.notices,
      orderId,
      result.refunded,
      result.refunds[0].id,
      ctx.clock.now(),
    );
  return shopOrderView(ctx, runtime, orderId);
}

/**
 * Moves tickets to another session within the rebooking rules. Only at the same price and without a
 * fee: a difference to pay or to give back online goes to the box office.
 */
export async function rebookShopTickets(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  deps: ShopDeps,
  token: string,
  input: { ticketIds: string[]; sessionId: string | null },
): Promise<ShopOrderView> {
  const { orderId, siteId } = await orderOfToken(ctx, runtime, token);
  if (!input.sessionId) throw new AppError('session_required');
  let result;
  try {
    result = await rebookTickets(asShop(ctx), runtime, siteId, orderId, {
      ticketIds: input.ticketIds,
      toSessionId: input.sessionId,
      payments: [],
    });
  } catch (error) {
    if (
      isAppError(error) &&
      (error.code === 'payment_amount_mismatch' || error.code === 'refund_exceeds_payments')
    )
      throw new AppError('shop_rebook_needs_counter', { details: error.details });
    throw error;
  }
  if (deps.notices)
    await sendETicket(
      ctx.db,
      runtime,
      deps.notices,
      orderId,
      ctx.clock.now(),
      `rebooked:${result.newTicketIds[0]}`,
    );
  return shopOrderView(ctx, runtime, orderId);
}

const icsText = (v: string) => v.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The visit as an iCalendar event (RFC 5545) for the phone's calendar. */
export async function shopOrderCalendar(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  token: string,
  publicUrl: string,
): Promise<string> {
  const { orderId } = await orderOfToken(ctx, runtime, token);
  const view = await shopOrderView(ctx, runtime, orderId);
  const [site] = await rows<{ address_zh: string; address_en: string; locale: string | null }>(
    ctx.db,
    sql`select s.address_zh, s.address_en, o.locale from orders o join sites s on s.id = o.site_id where o.id = ${orderId}`,
  );
  const en = site?.locale === 'en';
  const valid = view.tickets.filter((t) => t.status === 'valid');
  const start = new Date(view.session?.startsAt ?? valid[0]?.validFrom ?? `${view.visitDate}T00:00:00Z`);
  const end = new Date(view.session?.endsAt ?? valid[0]?.validUntil ?? start.getTime() + 3_600_000);
  const name = en ? view.siteNameEn : view.siteNameZh;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Admit//Shop//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${orderId}@admit`,
    `DTSTAMP:${icsTime(ctx.clock.now())}`,
    `DTSTART:${icsTime(start)}`,
    `DTEND:${icsTime(end)}`,
    `SUMMARY:${icsText(`${name} · ${view.number}`)}`,
    `DESCRIPTION:${icsText(`${en ? 'Tickets' : '门票'} ${valid.length} · ${view.number}`)}`,
    `LOCATION:${icsText((en ? site?.address_en : site?.address_zh) || name)}`,
    `URL:${publicUrl.replace(/\/+$/, '')}/shop/orders/${token}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
