// The redemption feed (核销回传): `ticket.redeemed` for every admitted entry of a channel's ticket,
// found after the fact so the gate's hot path never waits for it. A job reads the check-ins written
// since a cursor (`feed_cursors`), less a safety margin — a scan's transaction may commit after a later
// one's, so a row can appear behind the cursor — joined to their orders, keeps those of channel orders,
// and enqueues one event per check-in (event key `ticket.redeemed:<check-in id>`: the unique index makes
// re-reading the margin harmless). An entry through a turnstile still waiting for its passage to be
// confirmed is not reported yet, and the cursor stays behind it until it is settled.
//
// Check-in ids are UUIDv7 made from the time the row was written (or later, never earlier), so the feed
// walks the primary key from the id of its start time instead of scanning the whole table.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import type { ServiceContext } from '../context';
import { enqueueWebhook } from './deliveries';

export const redemptionFeedName = 'webhooks.redemptions';
/** How far behind the cursor each run reads again. */
export const redemptionFeedMarginMs = 5 * 60_000;

/** The smallest UUIDv7 of a moment: every id made at or after it sorts at or after this one. */
export function uuidv7Floor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

type FeedRow = {
  id: string;
  created_at: Date | string;
  scanned_at: Date | string;
  pending_passage: boolean;
  channel_id: string;
  order_id: string;
  order_number: string;
  external_reference: string | null;
  site_code: string;
  ticket_id: string;
  ticket_number: string;
  product_code: string;
  gate_code: string | null;
  gate_name_zh: string | null;
  gate_name_en: string | null;
  entry_number: number | string;
  entries_allowed: number;
  offline: boolean;
};

/**
 * One run of the feed: enqueues `ticket.redeemed` for the channel orders' admitted entries since the
 * cursor (less the margin) and moves the cursor. Returns the check-ins read and the deliveries written.
 */
export async function feedRedemptions(
  ctx: ServiceContext,
  options: { marginMs?: number; batch?: number } = {},
): Promise<{ read: number; enqueued: number }> {
  const now = ctx.clock.now();
  const batch = options.batch ?? 500;
  const [cursor] = await rows<{ position: Date | string }>(
    ctx.db,
    sql`select position from feed_cursors where name = ${redemptionFeedName}`,
  );
  const from = new Date(
    cursor ? new Date(cursor.position).getTime() - (options.marginMs ?? redemptionFeedMarginMs) : 0,
  );
  let after = uuidv7Floor(from);
  let inclusive = true;
  let read = 0;
  let enqueued = 0;
  let holdAt: Date | null = null;
  for (;;) {
    const found = await rows<FeedRow>(
      ctx.db,
      sql`select c.id, c.created_at, c.scanned_at, c.offline,
                 exists (select 1 from turnstile_authorizations ta where ta.checkin_id = c.id and ta.status = 'pending')
                   as pending_passage,
                 o.channel_id, o.id as order_id, o.number as order_number, o.external_reference, s.code as site_code,
                 t.id as ticket_id, t.number as ticket_number, p.code as product_code, t.entries_allowed,
                 g.code as gate_code, g.name_zh as gate_name_zh, g.name_en as gate_name_en,
                 (select count(*) from checkins u
                   where u.ticket_id = c.ticket_id and u.result = 'ok' and u.direction = 'entry'
                     and not u.double_entry and (u.scanned_at, u.id) <= (c.scanned_at, c.id)) as entry_number
          from checkins c
          join tickets t on t.id = c.ticket_id
          join orders o on o.id = t.order_id
          join products p on p.id = t.product_id
          join sites s on s.id = c.site_id
          left join gates g on g.id = c.gate_id
          where ${inclusive ? sql`c.id >= ${after}` : sql`c.id > ${after}`}
            and c.created_at > ${from} and c.result = 'ok' and c.direction = 'entry'
            -- an offline scan found at sync to use an entry already used is not a redemption
            and not c.double_entry
            and o.channel_id is not null
          order by c.id limit ${batch}`,
    );
    for (const row of found) {
      read++;
      if (row.pending_passage) {
        const at = new Date(row.created_at);
        if (!holdAt || at < holdAt) holdAt = at;
        continue;
      }
      const scannedAt = new Date(row.scanned_at);
      enqueued += await ctx.db.transaction((tx) =>
        enqueueWebhook(tx, {
          channelId: row.channel_id,
          event: 'ticket.redeemed',
          eventKey: `ticket.redeemed:${row.id}`,
          at: now,
          data: {
            checkinId: row.id,
            orderId: row.order_id,
            orderNumber: row.order_number,
            externalReference: row.external_reference,
            site: row.site_code,
            ticketId: row.ticket_id,
            ticketNumber: row.ticket_number,
            productCode: row.product_code,
            scannedAt: scannedAt.toISOString(),
            gate: row.gate_code
              ? { code: row.gate_code, nameZh: row.gate_name_zh, nameEn: row.gate_name_en }
              : null,
            offline: row.offline,
            entriesUsed: Number(row.entry_number),
            // 0 in the ticket means no limit (an annual pass): null here.
            entriesAllowed: row.entries_allowed === 0 ? null : row.entries_allowed,
          },
        }),
      );
    }
    if (found.length < batch) break;
    after = found[found.length - 1]!.id;
    inclusive = false;
  }
  // Up to the start of this run (or the first entry still waiting for its passage); the margin covers
  // the transactions that were still open.
  const position = holdAt && holdAt < now ? holdAt : now;
  await ctx.db.execute(
    sql`insert into feed_cursors (name, position) values (${redemptionFeedName}, ${position})
        on conflict (name) do update set position = greatest(feed_cursors.position, excluded.position)`,
  );
  return { read, enqueued };
}
