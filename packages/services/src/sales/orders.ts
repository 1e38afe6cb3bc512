// Reading an order as the seller and the channels see it: tickets with their signed codes (valid
// tickets only), payments, and personal data masked unless the reader may see it in full.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError, maskDocument } from '@admit/domain';
import { decryptPii } from '../pii';
import type { SalesRuntime } from './runtime';

export type OrderStatus = 'pending' | 'paid' | 'cancelled' | 'expired' | 'partially_refunded' | 'refunded';
export type TicketStatus = 'pending' | 'valid' | 'cancelled' | 'refunded' | 'revoked';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
export type PaymentMethod = 'cash' | 'card' | 'payment_code' | 'on_account' | 'online';

export type TicketRecord = {
  id: string;
  number: string;
  productId: string;
  productCode: string;
  productNameZh: string;
  productNameEn: string;
  category: string;
  price: number;
  status: TicketStatus;
  sessionId: string | null;
  validFrom: Date;
  validUntil: Date;
  entriesAllowed: number;
  code: string | null;
  printCount: number;
  holderName: string | null;
  holderDocument: string | null;
  discountDocument: string | null;
  discountReason: string;
  training: boolean;
};

export type PaymentRecord = {
  id: string;
  method: PaymentMethod;
  provider: string | null;
  amount: number;
  status: PaymentStatus;
  tendered: number | null;
  change: number | null;
  reference: string | null;
  agencyId: string | null;
  failureCode: string | null;
  waitingForCustomer: boolean;
  providerOrderId: string | null;
  /** Online: the provider refuses the payment after this (the order's hold). */
  expiresAt: Date | null;
};

export type OrderRecord = {
  id: string;
  number: string;
  siteId: string;
  siteCode: string;
  siteNameZh: string;
  siteNameEn: string;
  timeZone: string;
  channel: 'box_office' | 'online' | 'api';
  status: OrderStatus;
  visitDate: string;
  sessionId: string | null;
  sessionStartsAt: Date | null;
  sessionEndsAt: Date | null;
  sessionNameZh: string;
  sessionNameEn: string;
  total: number;
  paid: number;
  sellerId: string | null;
  sellerName: string | null;
  agencyId: string | null;
  guideName: string | null;
  createdAt: Date;
  tickets: TicketRecord[];
  payments: PaymentRecord[];
};

type OrderRow = {
  id: string;
  number: string;
  site_id: string;
  site_code: string;
  site_name_zh: string;
  site_name_en: string;
  time_zone: string;
  channel: OrderRecord['channel'];
  status: OrderStatus;
  visit_date: string;
  session_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  session_name_zh: string | null;
  session_name_en: string | null;
  total: number;
  seller_id: string | null;
  seller_name: string | null;
  agency_id: string | null;
  guide_name: string | null;
  training: boolean;
  created_at: Date;
};

type TicketRow = {
  id: string;
  number: string;
  product_id: string;
  product_code: string;
  name_zh: string;
  name_en: string;
  category: string;
  price: number;
  status: TicketStatus;
  session_id: string | null;
  valid_from: Date;
  valid_until: Date;
  entries_allowed: number;
  key_id: number;
  print_count: number;
  holder_name: string | null;
  holder_document_encrypted: string | null;
  discount_document: string | null;
  discount_reason: string;
  code_rotates: boolean;
};

type PaymentRow = {
  id: string;
  method: PaymentMethod;
  provider: string | null;
  amount: number;
  status: PaymentStatus;
  tendered: number | null;
  change: number | null;
  reference: string | null;
  agency_id: string | null;
  failure_code: string | null;
  waiting_for_customer: boolean;
  provider_order_id: string | null;
  expires_at: Date | string | null;
};

/** Loads an order of a site; `revealPii` shows document numbers in full (the caller audits that). */
export async function loadOrder(
  db: Queryable,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
  options: { revealPii?: boolean } = {},
): Promise<OrderRecord> {
  const [order] = await rows<OrderRow>(
    db,
    sql`select o.id, o.number, o.site_id, si.code as site_code, si.name_zh as site_name_zh, si.name_en as site_name_en,
               si.time_zone, o.channel, o.status, o.visit_date::text as visit_date, o.session_id,
               se.starts_at, se.ends_at, se.name_zh as session_name_zh, se.name_en as session_name_en,
               o.total, o.seller_id, u.display_name as seller_name, o.agency_id, o.guide_name, o.training, o.created_at
        from orders o
        join sites si on si.id = o.site_id
        left join sessions se on se.id = o.session_id
        left join users u on u.id = o.seller_id
        where o.id = ${orderId} and o.site_id = ${siteId}`,
  );
  if (!order) throw new AppError('order_not_found');
  const ticketRows = await rows<TicketRow>(
    db,
    sql`select t.id, t.number, t.product_id, p.code as product_code, p.name_zh, p.name_en, t.category, t.price,
               t.status, t.session_id, t.valid_from, t.valid_until, t.entries_allowed, t.key_id, t.print_count,
               t.holder_name, t.holder_document_encrypted, t.discount_document, t.discount_reason, t.code_rotates
        from tickets t join products p on p.id = t.product_id
        where t.order_id = ${orderId} order by t.id`,
  );
  const paymentRows = await rows<PaymentRow>(
    db,
    sql`select id, method, provider, amount, status, tendered, change, reference, agency_id, failure_code,
               waiting_for_customer, provider_order_id, expires_at
        from payments where order_id = ${orderId} order by created_at, id`,
  );
  const ring = runtime.ring().encryption;
  const tickets: TicketRecord[] = [];
  for (const t of ticketRows) {
    let code: string | null = null;
    if (t.status === 'valid') {
      const key = await runtime.signer.keyById(db, siteId, t.key_id);
      code = runtime.signer.sign(key, {
        ticketId: t.id,
        validFrom: new Date(t.valid_from),
        validUntil: new Date(t.valid_until),
        entries: t.entries_allowed,
        training: order.training,
        rotating: t.code_rotates,
      });
    }
    const document = t.holder_document_encrypted ? decryptPii(ring, t.holder_document_encrypted) : null;
    tickets.push({
      id: t.id,
      number: t.number,
      productId: t.product_id,
      productCode: t.product_code,
      productNameZh: t.name_zh,
      productNameEn: t.name_en,
      category: t.category,
      price: Number(t.price),
      status: t.status,
      sessionId: t.session_id,
      validFrom: new Date(t.valid_from),
      validUntil: new Date(t.valid_until),
      entriesAllowed: t.entries_allowed,
      code,
      printCount: t.print_count,
      holderName: t.holder_name,
      holderDocument: document === null ? null : options.revealPii ? document : maskDocument(document),
      discountDocument: t.discount_document,
      discountReason: t.discount_reason,
      training: order.training,
    });
  }
  const payments = paymentRows.map((p): PaymentRecord => ({
    id: p.id,
    method: p.method,
    provider: p.provider,
    amount: Number(p.amount),
    status: p.status,
    tendered: p.tendered === null ? null : Number(p.tendered),
    change: p.change === null ? null : Number(p.change),
    reference: p.reference,
    agencyId: p.agency_id,
    failureCode: p.failure_code,
    waitingForCustomer: p.waiting_for_customer,
    providerOrderId: p.provider_order_id,
    expiresAt: p.expires_at ? new Date(p.expires_at) : null,
  }));
  return {
    id: order.id,
    number: order.number,
    siteId: order.site_id,
    siteCode: order.site_code,
    siteNameZh: order.site_name_zh,
    siteNameEn: order.site_name_en,
    timeZone: order.time_zone,
    channel: order.channel,
    status: order.status,
    visitDate: order.visit_date,
    sessionId: order.session_id,
    sessionStartsAt: order.starts_at ? new Date(order.starts_at) : null,
    sessionEndsAt: order.ends_at ? new Date(order.ends_at) : null,
    sessionNameZh: order.session_name_zh ?? '',
    sessionNameEn: order.session_name_en ?? '',
    total: Number(order.total),
    paid: payments.filter((p) => p.status === 'succeeded').reduce((sum, p) => sum + p.amount, 0),
    sellerId: order.seller_id,
    sellerName: order.seller_name,
    agencyId: order.agency_id,
    guideName: order.guide_name,
    createdAt: new Date(order.created_at),
    tickets,
    payments,
  };
}
