// Allocations: places of a session (or of a site's day) reserved for one channel — "200 places a day
// for one OTA" — and given back to general sale at a set time before the session (or day) starts.
//
// The places live in a stripe of the pool of their own (capacity_pool_stripes.channel_id, numbered
// from 1000), carved out of the general stripes' free places (domain carveAllocation). So nothing on
// the sale path changes shape: general sales only ever see the general stripes 0..n-1, the channel
// takes from its stripe only (one conditional update; none left is `sold_out` even while general sale
// has places), and a refund gives a place back to the stripe it came from. Creating and releasing lock
// the pool row and then its stripes in stripe order — as a multi-stripe sale does — so neither can
// deadlock with a sale. Release is a job that also sweeps places a refund put back into an allocation
// already released.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, allocationReleaseAt, carveAllocation, spreadRelease, zonedToUtc } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type AllocationInput = {
  siteId: string;
  from: string;
  to: string;
  scope: 'session' | 'day';
  quantity: number;
  releaseMinutesBefore: number;
};

export type AllocationRecord = {
  id: string;
  channelId: string;
  siteId: string;
  kind: 'session' | 'daily';
  businessDate: string;
  sessionId: string | null;
  sessionStartsAt: Date | null;
  quantity: number;
  capacity: number;
  sold: number;
  held: number;
  releaseAt: Date;
  releasedAt: Date | null;
};

export type AllocationResult = {
  created: AllocationRecord[];
  skipped: {
    businessDate: string;
    sessionId: string | null;
    /** Already allocated; not enough free places; or its release time has already passed. */
    reason: 'allocation_exists' | 'allocation_room_short' | 'release_time_passed';
  }[];
};

/** The longest range one request allocates (a quarter), so a typo cannot lock a year of pools. */
const maxDays = 92;

type Row = {
  id: string;
  channel_id: string;
  site_id: string;
  kind: 'session' | 'daily';
  business_date: string;
  session_id: string | null;
  starts_at: Date | string | null;
  quantity: number;
  capacity: number;
  sold: number;
  held: number;
  release_at: Date | string;
  released_at: Date | string | null;
};

const present = (r: Row): AllocationRecord => ({
  id: r.id,
  channelId: r.channel_id,
  siteId: r.site_id,
  kind: r.kind,
  businessDate: r.business_date,
  sessionId: r.session_id,
  sessionStartsAt: r.starts_at ? new Date(r.starts_at) : null,
  quantity: Number(r.quantity),
  capacity: Number(r.capacity),
  sold: Number(r.sold),
  held: Number(r.held),
  releaseAt: new Date(r.release_at),
  releasedAt: r.released_at ? new Date(r.released_at) : null,
});

const selectAllocations = sql`
  select a.id, a.channel_id, p.site_id, p.kind, p.business_date::text as business_date, p.session_id, s.starts_at,
         a.quantity, st.capacity, st.sold, st.held, a.release_at, a.released_at
  from channel_allocations a
  join capacity_pools p on p.id = a.pool_id
  join capacity_pool_stripes st on st.pool_id = a.pool_id and st.stripe = a.stripe
  left join sessions s on s.id = p.session_id`;

export async function listAllocations(
  ctx: ServiceContext,
  channelId: string,
  filter: { siteId?: string; from?: string; to?: string } = {},
): Promise<AllocationRecord[]> {
  await requirePermission(ctx, 'channels.manage', filter.siteId ?? null);
  const found = await rows<Row>(
    ctx.db,
    sql`${selectAllocations}
        where a.channel_id = ${channelId}
          ${filter.siteId ? sql`and p.site_id = ${filter.siteId}` : sql``}
          ${filter.from ? sql`and p.business_date >= ${filter.from}` : sql``}
          ${filter.to ? sql`and p.business_date <= ${filter.to}` : sql``}
        order by p.business_date, s.starts_at nulls first, a.id
        limit 2000`,
  );
  return found.map(present);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Reserves `quantity` places for the channel in every open session (or each day) of the dates. */
export async function allocateChannel(
  ctx: ServiceContext,
  channelId: string,
  input: AllocationInput,
): Promise<AllocationResult> {
  await requirePermission(ctx, 'channels.manage', input.siteId);
  if (input.from > input.to || daysBetween(input.from, input.to) > maxDays)
    throw new AppError('validation_failed', { details: { to: `at most ${maxDays} days after from` } });
  const [sells] = await rows<{ time_zone: string }>(
    ctx.db,
    sql`select s.time_zone from channel_sites cs join sites s on s.id = cs.site_id
        where cs.channel_id = ${channelId} and cs.site_id = ${input.siteId}`,
  );
  if (!sells) {
    const [channel] = await rows<{ id: string }>(
      ctx.db,
      sql`select id from channels where id = ${channelId}`,
    );
    throw new AppError(channel ? 'site_not_found' : 'channel_not_found');
  }
  const now = ctx.clock.now();
  const pools = await rows<{
    pool_id: string;
    business_date: string;
    session_id: string | null;
    starts_at: Date | string | null;
  }>(
    ctx.db,
    input.scope === 'session'
      ? sql`select p.id as pool_id, p.business_date::text as business_date, s.id as session_id, s.starts_at
            from sessions s join capacity_pools p on p.session_id = s.id and p.kind = 'session'
            where s.site_id = ${input.siteId} and s.business_date between ${input.from} and ${input.to}
              and s.status = 'open' and s.ends_at > ${now}
            order by s.starts_at, s.id`
      : sql`select p.id as pool_id, p.business_date::text as business_date, null::uuid as session_id, null as starts_at
            from capacity_pools p
            where p.site_id = ${input.siteId} and p.kind = 'daily' and p.business_date between ${input.from} and ${input.to}
            order by p.business_date`,
  );
  const result: AllocationResult = { created: [], skipped: [] };
  for (const pool of pools) {
    const startsAt = pool.starts_at
      ? new Date(pool.starts_at)
      : zonedToUtc(pool.business_date, '00:00', sells.time_zone);
    const releaseAt = allocationReleaseAt(startsAt, input.releaseMinutesBefore);
    if (releaseAt <= now) {
      result.skipped.push({
        businessDate: pool.business_date,
        sessionId: pool.session_id,
        reason: 'release_time_passed',
      });
      continue;
    }
    const outcome = await inTransaction(ctx, async (tx) => {
      const db = tx.db;
      await db.execute(sql`select id from capacity_pools where id = ${pool.pool_id} for no key update`);
      const [exists] = await rows<{ id: string }>(
        db,
        sql`select id from channel_allocations where channel_id = ${channelId} and pool_id = ${pool.pool_id}`,
      );
      if (exists) return 'allocation_exists' as const;
      const stripes = await rows<{ stripe: number; free: number; channel_id: string | null }>(
        db,
        sql`select stripe, capacity - sold - held as free, channel_id from capacity_pool_stripes
            where pool_id = ${pool.pool_id} order by stripe for no key update`,
      );
      const carved = carveAllocation(
        stripes.filter((s) => s.channel_id === null),
        input.quantity,
      );
      if (!carved) return 'allocation_room_short' as const;
      for (const c of carved)
        await db.execute(
          sql`update capacity_pool_stripes set capacity = capacity - ${c.take}
              where pool_id = ${pool.pool_id} and stripe = ${c.stripe}`,
        );
      const stripe = Math.max(999, ...stripes.map((s) => s.stripe)) + 1;
      const id = newId(now.getTime());
      await db.execute(
        sql`insert into capacity_pool_stripes (pool_id, stripe, capacity, sold, held, channel_id)
            values (${pool.pool_id}, ${stripe}, ${input.quantity}, 0, 0, ${channelId})`,
      );
      await db.execute(
        sql`insert into channel_allocations (id, channel_id, pool_id, stripe, quantity, release_at, created_by, created_at)
            values (${id}, ${channelId}, ${pool.pool_id}, ${stripe}, ${input.quantity}, ${releaseAt},
                    ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${now})`,
      );
      await recordAudit(tx, {
        action: 'channels.allocation.created',
        siteId: input.siteId,
        target: { type: 'channel_allocation', id },
        details: {
          channelId,
          businessDate: pool.business_date,
          sessionId: pool.session_id,
          quantity: input.quantity,
          releaseAt: releaseAt.toISOString(),
        },
      });
      return id;
    });
    if (outcome === 'allocation_exists' || outcome === 'allocation_room_short')
      result.skipped.push({ businessDate: pool.business_date, sessionId: pool.session_id, reason: outcome });
    else {
      const [row] = await rows<Row>(ctx.db, sql`${selectAllocations} where a.id = ${outcome}`);
      result.created.push(present(row!));
    }
  }
  return result;
}

/**
 * Moves an allocation's free places back to the general stripes (levelled), marking it released the
 * first time. Returns how many places went back.
 */
async function releaseOne(db: Queryable, allocationId: string, now: Date): Promise<number> {
  const [a] = await rows<{ pool_id: string; stripe: number; released_at: Date | null }>(
    db,
    sql`select pool_id, stripe, released_at from channel_allocations where id = ${allocationId}`,
  );
  if (!a) return 0;
  await db.execute(sql`select id from capacity_pools where id = ${a.pool_id} for no key update`);
  const stripes = await rows<{ stripe: number; free: number; channel_id: string | null }>(
    db,
    sql`select stripe, capacity - sold - held as free, channel_id from capacity_pool_stripes
        where pool_id = ${a.pool_id} and (channel_id is null or stripe = ${a.stripe})
        order by stripe for no key update`,
  );
  const own = stripes.find((s) => s.stripe === a.stripe);
  const free = Math.max(0, own?.free ?? 0);
  if (free > 0) {
    await db.execute(
      sql`update capacity_pool_stripes set capacity = capacity - ${free}
          where pool_id = ${a.pool_id} and stripe = ${a.stripe}`,
    );
    for (const s of spreadRelease(
      stripes.filter((x) => x.channel_id === null),
      free,
    ))
      await db.execute(
        sql`update capacity_pool_stripes set capacity = capacity + ${s.add}
            where pool_id = ${a.pool_id} and stripe = ${s.stripe}`,
      );
  }
  if (!a.released_at)
    await db.execute(sql`update channel_allocations set released_at = ${now} where id = ${allocationId}`);
  return free;
}

/**
 * The release job: allocations whose time has come, and released ones (of the last 30 days) where a
 * refund put places back. Each in its own short transaction. Returns the places given back.
 */
export async function releaseDueAllocations(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await rows<{ id: string; released_at: Date | null; site_id: string; channel_id: string }>(
    ctx.db,
    sql`select a.id, a.released_at, p.site_id, a.channel_id
        from channel_allocations a
        join capacity_pools p on p.id = a.pool_id
        join capacity_pool_stripes st on st.pool_id = a.pool_id and st.stripe = a.stripe
        where a.release_at <= ${now}
          and (a.released_at is null
               or (a.release_at > ${new Date(now.getTime() - 30 * 86_400_000)} and st.capacity - st.sold - st.held > 0))
        order by a.release_at
        limit 500`,
  );
  let given = 0;
  for (const a of due) {
    given += await inTransaction(ctx, async (tx) => {
      const back = await releaseOne(tx.db, a.id, now);
      if (!a.released_at)
        await recordAudit(tx, {
          action: 'channels.allocation.released',
          siteId: a.site_id,
          target: { type: 'channel_allocation', id: a.id },
          details: { channelId: a.channel_id, placesBack: back },
        });
      return back;
    });
  }
  return given;
}

/** Gives an allocation back to general sale now (an administrator's decision). */
export async function releaseAllocation(
  ctx: ServiceContext,
  channelId: string,
  allocationId: string,
): Promise<AllocationRecord> {
  const [found] = await rows<Row>(
    ctx.db,
    sql`${selectAllocations} where a.id = ${allocationId} and a.channel_id = ${channelId}`,
  );
  if (!found) throw new AppError('allocation_not_found');
  await requirePermission(ctx, 'channels.manage', found.site_id);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    const back = await releaseOne(tx.db, allocationId, now);
    await tx.db.execute(
      sql`update channel_allocations set release_at = least(release_at, ${now}) where id = ${allocationId}`,
    );
    await recordAudit(tx, {
      action: 'channels.allocation.released',
      siteId: found.site_id,
      target: { type: 'channel_allocation', id: allocationId },
      details: { channelId, placesBack: back, early: true },
    });
  });
  const [row] = await rows<Row>(ctx.db, sql`${selectAllocations} where a.id = ${allocationId}`);
  return present(row!);
}
