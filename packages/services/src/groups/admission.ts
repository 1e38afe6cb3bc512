// The group lane (团队通道): gate staff type or scan the group code, see the group, enter the head count,
// and that many of its tickets — those valid at this moment — are admitted in one transaction, at an
// active gate of the site (a gate device only at its own gate). The group is claimed with a
// conditional update (`status = 'booked'`), so a double submit or two lanes at once admit it once; the
// tickets' own conditional update (`status = 'valid' and entries_used = 0`) keeps a ticket refunded or
// scanned meanwhile out; the site's live occupancy takes the head count against its instantaneous
// maximum; each admitted ticket gets its checkins row (presented 'group') as the gate writes entries;
// one audit row says who admitted how many. After the commit the tickets not admitted are the group's
// no-shows, settled by rule (no-shows.ts); if that fails the admission stands and the job settles later.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import {
  AppError,
  businessDate,
  chooseAdmitted,
  defaultGatePolicy,
  headCountProblem,
  normalizeGroupCode,
  splitCapacity,
  type MemberRole,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, systemContext, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { loadSite } from '../catalog/sites';
import type { SalesRuntime } from '../sales/runtime';
import { settleGroupNoShows } from './no-shows';
import { groupIdByCode, loadGroup, type GroupView } from './queries';

async function groupOfCode(ctx: ServiceContext, siteId: string, input: string): Promise<string> {
  const code = normalizeGroupCode(input);
  if (!code) throw new AppError('group_code_invalid');
  const id = await groupIdByCode(ctx.db, siteId, code);
  if (!id) throw new AppError('group_not_found');
  return id;
}

/** What the lane shows for a code: the group with its counts, status and name list. */
export async function findGroupForLane(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  code: string,
): Promise<GroupView> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  return loadGroup(ctx, runtime, siteId, await groupOfCode(ctx, siteId, code), { skipAccessCheck: true });
}

/**
 * Only for the control test of "admitted once": without the guards, and with a pause after the
 * group's status was read, two lanes admitting the same group both succeed.
 */
export const groupAdmissionControl: { guard: boolean; afterRead: (() => Promise<void>) | null } = {
  guard: true,
  afterRead: null,
};

export type GroupAdmission = { headCount: number; gateId: string | null };

export async function admitGroup(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  code: string,
  input: GroupAdmission,
): Promise<GroupView> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const groupId = await groupOfCode(ctx, siteId, code);
  const site = await loadSite(ctx.db, siteId);
  const now = ctx.clock.now();
  const today = businessDate(now, site.timeZone);
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const deviceId = ctx.actor.kind === 'device' ? ctx.actor.deviceId : null;
  // A gate device admits at its own gate only (the one it was registered for), as at a scan.
  const gateId = input.gateId ?? (ctx.actor.kind === 'device' ? ctx.actor.gateId : null);
  if (ctx.actor.kind === 'device' && gateId !== ctx.actor.gateId)
    throw new AppError('permission_denied', { details: { gateId } });
  if (gateId) {
    const [gate] = await rows<{ id: string }>(
      ctx.db,
      sql`select id from gates where id = ${gateId} and site_id = ${siteId} and active`,
    );
    if (!gate) throw new AppError('gate_not_found', { details: { gateId } });
  }

  const admitted = await inTransaction(ctx, async (tx) => {
    const [group] = await rows<{ status: string; visit_date: string; order_id: string; code: string }>(
      tx.db,
      sql`select status, visit_date::text as visit_date, order_id, code from tour_groups where id = ${groupId}`,
    );
    if (!group) throw new AppError('group_not_found');
    if (group.visit_date !== today)
      throw new AppError('group_not_today', { details: { visitDate: group.visit_date } });
    if (group.status === 'admitted') throw new AppError('group_already_admitted');
    if (group.status !== 'booked') throw new AppError('group_closed', { details: { status: group.status } });
    if (groupAdmissionControl.afterRead) await groupAdmissionControl.afterRead();

    // The claim: one admission per group, whatever the number of lanes or clicks.
    const guard = groupAdmissionControl.guard;
    const claimed = await rows<{ id: string }>(
      tx.db,
      sql`update tour_groups set status = 'admitted', admitted_count = ${input.headCount}, admitted_at = ${now},
                                 admitted_by = ${userId}, updated_at = ${now}
          where id = ${groupId} ${guard ? sql`and status = 'booked'` : sql``}
          returning id`,
    );
    if (claimed.length === 0) throw new AppError('group_already_admitted');

    const tickets = await rows<{ ticket_id: string; role: MemberRole; row_number: number }>(
      tx.db,
      sql`select m.ticket_id, m.role, m.row_number
          from tour_group_members m join tickets t on t.id = m.ticket_id
          where m.group_id = ${groupId} and t.status = 'valid'
            -- the gate's window: a group may come in as early as any ticket holder may
            and t.valid_from <= ${new Date(now.getTime() + defaultGatePolicy.earlyMinutes * 60_000)}
            and t.valid_until > ${now}
            ${guard ? sql`and t.entries_used = 0` : sql``}`,
    );
    const problem = headCountProblem(input.headCount, tickets.length);
    if (problem)
      throw new AppError(problem, { details: { headCount: input.headCount, valid: tickets.length } });
    const chosen = chooseAdmitted(
      tickets.map((t) => ({ ticketId: t.ticket_id, role: t.role, row: t.row_number })),
      input.headCount,
    ).admitted;
    const ids = sql.join(
      chosen.map((t) => sql`${t.ticketId}`),
      sql`, `,
    );
    const used = await rows<{ id: string }>(
      tx.db,
      sql`update tickets set entries_used = entries_used + 1, updated_at = ${now}
          where id in (${ids}) and status = 'valid' ${guard ? sql`and entries_used = 0` : sql``}
          returning id`,
    );
    // A ticket refunded or scanned since it was read: the head count no longer fits; nothing happens.
    if (used.length !== chosen.length)
      throw new AppError('head_count_too_high', {
        details: { headCount: input.headCount, valid: used.length },
      });

    if (site.instantMaxCapacity !== null)
      await takeOccupancy(tx.db, siteId, today, site.instantMaxCapacity, chosen.length);

    await tx.db.execute(
      sql`insert into checkins (id, site_id, ticket_id, gate_id, device_id, user_id, result, direction, presented, scanned_at, created_at)
          values ${sql.join(
            chosen.map(
              (t) =>
                sql`(${newId(now.getTime())}, ${siteId}, ${t.ticketId}, ${gateId}, ${deviceId}, ${userId}, 'ok', 'entry',
                     'group', ${now}, ${now})`,
            ),
            sql`, `,
          )}`,
    );
    await recordAudit(tx, {
      action: 'checkin.group.admitted',
      siteId,
      target: { type: 'tour_group', id: groupId },
      details: { code: group.code, headCount: chosen.length, listed: tickets.length, gateId },
    });
    return chosen.length;
  });

  // The rest of the list did not come: settled by rule, as the system (the agency's account gets the
  // money back; the lane's clerk holds no refund permission, nor needs one). The group is in: a failure
  // here is not the lane's — it rolled back whole, and the job settles the admitted group on its next
  // run. Nothing of it is passed on or written out (the error may carry the members' ticket ids).
  if (admitted > 0) {
    try {
      await settleGroupNoShows(
        systemContext(ctx.db, 'groups.no-shows', { clock: ctx.clock }),
        runtime,
        groupId,
      );
    } catch {
      // Left to the job groups.no-shows.
    }
  }
  return loadGroup(ctx, runtime, siteId, groupId, { skipAccessCheck: true });
}

/**
 * Adds the head count to the site's live occupancy, spread over its stripes in stripe order, each
 * taking what room it has; refused when the site has not the room for the whole group.
 */
async function takeOccupancy(
  db: Queryable,
  siteId: string,
  day: string,
  max: number,
  count: number,
): Promise<void> {
  // The same four stripes the gate's scans create (gate/scan.ts).
  const values = splitCapacity(max, 4).map(
    (capacity, stripe) => sql`(${siteId}, ${day}, ${stripe}, ${capacity})`,
  );
  await db.execute(
    sql`insert into occupancy_stripes (site_id, business_date, stripe, capacity) values ${sql.join(values, sql`, `)}
        on conflict do nothing`,
  );
  const room = await rows<{ stripe: number; free: number }>(
    db,
    sql`select stripe, (capacity - inside)::int as free from occupancy_stripes
        where site_id = ${siteId} and business_date = ${day} order by stripe for no key update`,
  );
  let left = count;
  for (const r of room) {
    const take = Math.min(left, Math.max(0, r.free));
    if (take === 0) continue;
    await db.execute(
      sql`update occupancy_stripes set inside = inside + ${take}
          where site_id = ${siteId} and business_date = ${day} and stripe = ${r.stripe}`,
    );
    left -= take;
    if (left === 0) break;
  }
  if (left > 0) throw new AppError('group_capacity_reached', { details: { headCount: count } });
}
