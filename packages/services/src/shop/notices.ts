// The messages the shop sends a visitor, through the outbox: the e-ticket link once an order is paid
// (sent at most once per order — the dedupe key — whether the payment's notification, the query job,
// the order page or the sweep job gets there first), refunds and cancellations.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { enqueueNotification, type Outbox } from '../outbox/outbox';
import type { TemplateId } from '../notify/channel';
import { decryptPii } from '../pii';
import type { SalesRuntime } from '../sales/runtime';
import { orderAccessToken } from './access';

export type ShopNotices = {
  outbox: Outbox;
  publicUrl: () => string;
  /** Asks the sending job to run now (called after a new e-ticket message outside a transaction). */
  kick?: () => void;
};

type OrderRow = {
  id: string;
  site_id: string;
  number: string;
  status: string;
  visit_date: string;
  locale: string | null;
  contact_phone_encrypted: string | null;
  contact_email_encrypted: string | null;
  site_name_zh: string;
  site_name_en: string;
  session_starts_at: Date | string | null;
  time_zone: string;
  tickets: number;
};

async function orderFor(db: Queryable, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await rows<OrderRow>(
    db,
    sql`select o.id, o.site_id, o.number, o.status, o.visit_date::text as visit_date, o.locale,
               o.contact_phone_encrypted, o.contact_email_encrypted, s.name_zh as site_name_zh, s.name_en as site_name_en,
               se.starts_at as session_starts_at, s.time_zone,
               (select count(*)::int from tickets t where t.order_id = o.id and t.status = 'valid') as tickets
        from orders o join sites s on s.id = o.site_id left join sessions se on se.id = o.session_id
        where o.id = ${orderId}`,
  );
  return row;
}

const localeOf = (row: OrderRow): 'zh-CN' | 'en' => (row.locale === 'en' ? 'en' : 'zh-CN');

function recipients(runtime: SalesRuntime, row: OrderRow): { channel: 'sms' | 'email'; to: string }[] {
  const ring = runtime.ring().encryption;
  const out: { channel: 'sms' | 'email'; to: string }[] = [];
  if (row.contact_phone_encrypted)
    out.push({ channel: 'sms', to: decryptPii(ring, row.contact_phone_encrypted) });
  if (row.contact_email_encrypted)
    out.push({ channel: 'email', to: decryptPii(ring, row.contact_email_encrypted) });
  return out;
}

export function orderLink(runtime: SalesRuntime, publicUrl: string, orderId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/shop/orders/${orderAccessToken(runtime.ring().lookup, orderId)}`;
}

/** One message to each of the order's contacts (SMS, e-mail), once per dedupe key; how many were new. */
async function toContacts(
  db: Queryable,
  runtime: SalesRuntime,
  notices: ShopNotices,
  row: OrderRow,
  message: { template: TemplateId; params: Record<string, string>; dedupeKey: string },
  now: Date,
): Promise<number> {
  let written = 0;
  for (const r of recipients(runtime, row)) {
    const id = await enqueueNotification(
      db,
      notices.outbox,
      {
        siteId: row.site_id,
        orderId: row.id,
        channel: r.channel,
        to: r.to,
        template: message.template,
        locale: localeOf(row),
        params: message.params,
        dedupeKey: `${message.dedupeKey}:${r.channel}`,
      },
      now,
    );
    if (id) written++;
  }
  return written;
}

/** Enqueues the e-ticket message of a paid online order, once (`key` tells one issue from another). */
export async function sendETicket(
  db: Queryable,
  runtime: SalesRuntime,
  notices: ShopNotices,
  orderId: string,
  now: Date,
  key = 'paid',
): Promise<number> {
  const row = await orderFor(db, orderId);
  if (!row || row.status !== 'paid' || row.tickets === 0) return 0;
  const en = localeOf(row) === 'en';
  const session = row.session_starts_at
    ? new Intl.DateTimeFormat('en-GB', {
        timeZone: row.time_zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(row.session_starts_at))
    : null;
  const written = await toContacts(
    db,
    runtime,
    notices,
    row,
    {
      template: 'e_ticket',
      params: {
        site: en ? row.site_name_en : row.site_name_zh,
        date: row.visit_date,
        ...(session ? { session } : {}),
        count: String(row.tickets),
        url: orderLink(runtime, notices.publicUrl(), orderId),
      },
      dedupeKey: `e_ticket:${orderId}:${key}`,
    },
    now,
  );
  if (written > 0) notices.kick?.();
  return written;
}

export async function sendRefundNotice(
  db: Queryable,
  runtime: SalesRuntime,
  notices: ShopNotices,
  orderId: string,
  amount: number,
  key: string,
  now: Date,
): Promise<void> {
  const row = await orderFor(db, orderId);
  if (!row || amount <= 0) return;
  await toContacts(
    db,
    runtime,
    notices,
    row,
    {
      template: 'refund',
      params: { orderNumber: row.number, amountFen: String(amount) },
      dedupeKey: `refund:${key}`,
    },
    now,
  );
}

export async function sendCancellationNotice(
  db: Queryable,
  runtime: SalesRuntime,
  notices: ShopNotices,
  orderId: string,
  now: Date,
): Promise<void> {
  const row = await orderFor(db, orderId);
  if (!row) return;
  const en = localeOf(row) === 'en';
  await toContacts(
    db,
    runtime,
    notices,
    row,
    {
      template: 'cancellation',
      params: { orderNumber: row.number, site: en ? row.site_name_en : row.site_name_zh },
      dedupeKey: `cancellation:${orderId}`,
    },
    now,
  );
}

/**
 * The sweep behind the e-ticket message: online orders paid in the last two days whose message was
 * not written yet (the visitor never came back to the order page after paying).
 */
export async function sweepETickets(
  db: Queryable,
  runtime: SalesRuntime,
  notices: ShopNotices,
  now: Date,
): Promise<number> {
  const due = await rows<{ id: string }>(
    db,
    sql`select o.id from orders o
        where o.channel = 'online' and o.status = 'paid' and o.paid_at > ${new Date(now.getTime() - 2 * 86_400_000)}
          and (o.contact_phone_encrypted is not null or o.contact_email_encrypted is not null)
          and not exists (select 1 from notifications n where n.order_id = o.id and n.template = 'e_ticket')
        order by o.paid_at limit 500`,
  );
  let sent = 0;
  for (const o of due) sent += await sendETicket(db, runtime, notices, o.id, now);
  return sent;
}
