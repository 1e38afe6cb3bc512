// Printing tickets at the counter. The first print of a paid order's tickets comes with the sale;
// printing a ticket again is a reprint — a way to hand out a second ticket for one payment — so it
// needs its own permission, is audited, and the ticket shows how many times it was reprinted.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError, civilParts, formatYuan, maskName } from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { loadOrder, type OrderRecord, type TicketRecord } from './orders';
import type { SalesRuntime } from './runtime';

export type PrintJob = {
  order: OrderRecord;
  /** The tickets printed, each with its reprint number (0: the original). */
  tickets: (TicketRecord & { reprint: number })[];
  reprint: boolean;
};

export async function printOrderTickets(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  orderId: string,
  ticketIds?: string[],
): Promise<PrintJob> {
  await requirePermission(ctx, 'orders.sell', siteId);
  const before = await loadOrder(ctx.db, runtime, siteId, orderId);
  if (before.status !== 'paid' && before.status !== 'partially_refunded')
    throw new AppError('order_not_printable');
  const chosen = before.tickets.filter(
    (t) => t.status === 'valid' && (ticketIds === undefined || ticketIds.includes(t.id)),
  );
  if (ticketIds && chosen.length !== new Set(ticketIds).size) throw new AppError('ticket_not_found');
  const reprint = chosen.some((t) => t.printCount > 0);
  if (reprint && !can(ctx, 'orders.reprint', siteId)) await requirePermission(ctx, 'orders.reprint', siteId);
  const printed = await inTransaction(ctx, async (tx) => {
    const counted = await rows<{ id: string; print_count: number }>(
      tx.db,
      sql`update tickets set print_count = print_count + 1, updated_at = ${ctx.clock.now()}
          where order_id = ${orderId} and status = 'valid'
            and id in (${sql.join(
              chosen.map((t) => sql`${t.id}`),
              sql`, `,
            )})
          returning id, print_count`,
    );
    const nowReprinted = counted.filter((c) => c.print_count > 1);
    if (nowReprinted.length > 0) {
      await recordAudit(tx, {
        action: 'orders.ticket.reprinted',
        siteId,
        target: { type: 'order', id: orderId },
        details: { tickets: nowReprinted.map((c) => ({ id: c.id, printCount: c.print_count })) },
      });
    }
    return new Map(counted.map((c) => [c.id, c.print_count]));
  });
  if (chosen.length === 0) return { order: before, tickets: [], reprint: false };
  const order = await loadOrder(ctx.db, runtime, siteId, orderId);
  return {
    order,
    tickets: order.tickets
      .filter((t) => printed.has(t.id))
      .map((t) => ({ ...t, reprint: Math.max(0, (printed.get(t.id) ?? 1) - 1) })),
    reprint,
  };
}

const validityText = {
  session: { 'zh-CN': '仅限当日当场次有效', en: 'Valid for this session only' },
  day: { 'zh-CN': '仅限游览当日有效', en: 'Valid on the day of the visit' },
  other: { 'zh-CN': '请在有效期内使用', en: 'Valid within the dates shown' },
};
const terms = {
  'zh-CN': '本票一人一次有效，请妥善保管，遗失不补。退改规则以购票时公示为准。',
  en: 'One entry per person. Keep this ticket safe; lost tickets are not replaced. Refunds follow the rules shown at purchase.',
};

/** What a thermal ticket shows, in the site's time zone. */
export function printableTickets(job: PrintJob, locale: 'zh-CN' | 'en') {
  const { order } = job;
  const zone = order.timeZone;
  const time = (d: Date) => civilParts(d, zone);
  const sessionLabel = (t: TicketRecord) => {
    // A session ticket is valid from its session's start to its end (a rebooked one: its new session).
    if (t.sessionId) {
      const from = time(t.validFrom);
      return `${from.date} ${from.time}–${time(t.validUntil).time}`;
    }
    const from = time(t.validFrom).date;
    const until = time(new Date(t.validUntil.getTime() - 1)).date;
    return from === until ? from : `${from} – ${until}`;
  };
  const issued = time(order.createdAt);
  return job.tickets.map((t) => {
    const validity = t.sessionId
      ? validityText.session
      : t.validUntil.getTime() - t.validFrom.getTime() <= 86_400_000
        ? validityText.day
        : validityText.other;
    return {
      siteNameZh: order.siteNameZh,
      siteNameEn: order.siteNameEn,
      orderNumber: order.number,
      ticketNumber: t.number.replace(/(\d{4})(?=\d)/g, '$1 '),
      productNameZh: t.productNameZh,
      productNameEn: t.productNameEn,
      category: t.category,
      price: t.price,
      priceLabel: formatYuan(t.price),
      sessionLabel: sessionLabel(t),
      validityLabel: locale === 'en' ? validity.en : `${validity['zh-CN']} / ${validity.en}`,
      code: t.code ?? '',
      printCount: t.reprint,
      termsZh: terms['zh-CN'],
      termsEn: terms.en,
      holderName: t.holderName ? maskName(t.holderName) : null,
      issuedAtLabel: `${issued.date} ${issued.time}`,
      training: t.training,
    };
  });
}
