// Redeeming a ticket at a gate: one entry is used with one conditional update on the ticket —
// `status = 'valid'` and entries left — so one entry admits exactly once, and a refund racing with it
// (refunds.ts updates the same row on `entries_used = 0`) cannot also succeed. Every scan is recorded
// in checkins with its result. The gate issue adds the signed-code checks, windows, devices, offline.
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import { requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';

export type RedeemResult =
  | { result: 'ok'; ticketId: string; entriesUsed: number; entriesAllowed: number }
  | { result: 'already_used' | 'revoked' | 'unknown_ticket' | 'wrong_site'; ticketId: string | null };

export async function redeemTicket(
  ctx: ServiceContext,
  siteId: string,
  input: { ticketId: string; gateId: string | null },
): Promise<RedeemResult> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const now = ctx.clock.now();
  const [used] = await rows<{ entries_used: number; entries_allowed: number }>(
    ctx.db,
    sql`update tickets set entries_used = entries_used + 1, updated_at = ${now}
        where id = ${input.ticketId} and site_id = ${siteId} and status = 'valid'
          and (entries_allowed = 0 or entries_used < entries_allowed)
        returning entries_used, entries_allowed`,
  );
  let result: RedeemResult;
  if (used) {
    result = {
      result: 'ok',
      ticketId: input.ticketId,
      entriesUsed: used.entries_used,
      entriesAllowed: used.entries_allowed,
    };
  } else {
    const [ticket] = await rows<{ site_id: string; status: string }>(
      ctx.db,
      sql`select site_id, status from tickets where id = ${input.ticketId}`,
    );
    result = !ticket
      ? { result: 'unknown_ticket', ticketId: null }
      : ticket.site_id !== siteId
        ? { result: 'wrong_site', ticketId: input.ticketId }
        : ticket.status === 'valid'
          ? { result: 'already_used', ticketId: input.ticketId }
          : { result: 'revoked', ticketId: input.ticketId };
  }
  await ctx.db.execute(
    sql`insert into checkins (id, site_id, ticket_id, gate_id, user_id, result, scanned_at, created_at)
        values (${newId(now.getTime())}, ${siteId}, ${result.ticketId}, ${input.gateId},
                ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${result.result}, ${now}, ${now})`,
  );
  return result;
}
