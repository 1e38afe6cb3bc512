// Taking and giving back places (DESIGN.md "No overselling"). A sale takes from each pool with
// conditional updates — `sold + held + n <= capacity` in the WHERE clause, so zero rows means "not
// here" — and pools are always taken in id order, late in the transaction, so locks are short. Each
// take also records the stripe it drew on (order_capacity), in the same statement.
//
// The common case is one round trip: the sale's inserts (the "prelude"), then one conditional update
// per pool on the stripe the request prefers, each pool's update gated on the previous one having
// succeeded (which also fixes the order the rows are locked in), and the order_capacity rows.
// Within a pool a sale never waits for one stripe while holding another (that is how sales deadlock):
// when its preferred stripe has no room it tries the others without waiting (SKIP LOCKED). When none
// has room it answers 'slow': the caller rolls the whole transaction back — an UPDATE that waited and
// then found the row changed keeps a lock on it, and the rollback releases that — and runs it again
// with the slow path for that pool: queue on the pool row, lock every stripe in stripe order, spread
// the quantity over them, or find the pool sold out.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';

export type StripeTake = { stripe: number; quantity: number };

export type PoolTake = {
  id: string;
  /** The general stripes (numbered 0..stripes-1). */
  stripes: number;
  quantity: number;
  mode: 'fast' | 'slow';
  /**
   * A channel's allocation (channel_allocations): take from this stripe only, and answer sold out
   * (null) when it has no room — the general stripes are not the channel's while its allocation stands.
   */
  allocationStripe?: number;
};

export type TakeRequest = {
  orderId: string;
  preferredStripe: number;
  /** Comma-separated CTE definitions (the sale's inserts) to run in the same statement as the takes. */
  prelude: SQL | null;
  /**
   * A query whose rows must exist for the sale to stand, run (and its row locks taken) in the same
   * statement — the seller's open shift, locked FOR SHARE so closing it waits for sales in flight.
   */
  guard: SQL | null;
  /** In pool id order. */
  pools: PoolTake[];
};

/** Per pool: the stripes drawn on, null when sold out, 'slow' to retry the sale on the slow path. */
export type TakeOutcome = StripeTake[] | null | 'slow';
export type TakeResult = { guardOk: boolean; outcomes: TakeOutcome[] };
export type TakeCapacity = (db: Queryable, request: TakeRequest) => Promise<TakeResult>;

const preferredOf = (r: TakeRequest, pool: PoolTake) => {
  if (pool.allocationStripe !== undefined) return pool.allocationStripe;
  const n = Math.max(1, pool.stripes);
  return ((r.preferredStripe % n) + n) % n;
};

/** The guard, the prelude and the preferred-stripe update of each leading fast pool, in one statement. */
async function firstRoundTrip(db: Queryable, r: TakeRequest): Promise<{ taken: number; guardOk: boolean }> {
  const fast: PoolTake[] = [];
  for (const pool of r.pools) {
    if (pool.mode !== 'fast') break;
    fast.push(pool);
  }
  const guard = r.guard ? sql`guard as (${r.guard}), ` : sql``;
  const guardCount = r.guard ? sql`(select count(*) from guard)::int` : sql`1`;
  if (fast.length === 0) {
    if (!r.prelude && !r.guard) return { taken: 0, guardOk: true };
    const [row] = await rows<{ guard: number }>(
      db,
      sql`with ${guard}${r.prelude ?? sql`nothing as (select 1)`} select ${guardCount} as guard`,
    );
    return { taken: 0, guardOk: Number(row?.guard ?? 0) > 0 };
  }
  const ctes = fast.map((pool, i) => {
    const gate = i === 0 ? sql`` : sql.raw(` and exists (select 1 from take_${i - 1})`);
    return sql`${sql.raw(`take_${i}`)} as (
      update capacity_pool_stripes set sold = sold + ${pool.quantity}
      where pool_id = ${pool.id} and stripe = ${preferredOf(r, pool)} and sold + held + ${pool.quantity} <= capacity${gate}
      returning pool_id, stripe)`;
  });
  const drawn = fast.map(
    (pool, i) =>
      sql`select ${r.orderId}::uuid, pool_id, stripe, ${pool.quantity}::int from ${sql.raw(`take_${i}`)}`,
  );
  const counts = fast.map((_, i) => sql.raw(`(select count(*) from take_${i})::int as take_${i}`));
  const [row] = await rows<Record<string, number>>(
    db,
    sql`with ${guard}${r.prelude ? sql`${r.prelude}, ` : sql``}${sql.join(ctes, sql`, `)},
        drawn as (insert into order_capacity (order_id, pool_id, stripe, quantity) ${sql.join(drawn, sql` union all `)}
                  on conflict (order_id, pool_id, stripe) do update set quantity = order_capacity.quantity + excluded.quantity
                  returning 1)
        select ${guardCount} as guard, ${sql.join(counts, sql`, `)}, (select count(*) from drawn)::int as drawn`,
  );
  let taken = 0;
  while (taken < fast.length && Number(row?.[`take_${taken}`] ?? 0) > 0) taken++;
  return { taken, guardOk: Number(row?.guard ?? 0) > 0 };
}

async function takeFrom(
  db: Queryable,
  r: TakeRequest,
  pool: PoolTake,
  stripe: number,
  quantity: number,
  target: SQL,
) {
  const taken = await rows<{ stripe: number }>(
    db,
    sql`with taken as (
          update capacity_pool_stripes set sold = sold + ${quantity}
          where pool_id = ${pool.id} and stripe = ${target} and sold + held + ${quantity} <= capacity
          returning stripe)
        insert into order_capacity (order_id, pool_id, stripe, quantity)
        select ${r.orderId}, ${pool.id}, stripe, ${quantity} from taken
        on conflict (order_id, pool_id, stripe) do update set quantity = order_capacity.quantity + excluded.quantity
        returning stripe`,
  );
  return taken.length > 0;
}

async function fastTake(
  db: Queryable,
  r: TakeRequest,
  pool: PoolTake,
  triedPreferred: boolean,
): Promise<TakeOutcome> {
  const n = Math.max(1, pool.stripes);
  const first = preferredOf(r, pool);
  if (!triedPreferred && (await takeFrom(db, r, pool, first, pool.quantity, sql`${first}`)))
    return [{ stripe: first, quantity: pool.quantity }];
  if (n === 1 || pool.allocationStripe !== undefined) return null;
  for (let i = 1; i < n; i++) {
    const stripe = (first + i) % n;
    const free = sql`(select stripe from capacity_pool_stripes
                       where pool_id = ${pool.id} and stripe = ${stripe} and sold + held + ${pool.quantity} <= capacity
                       for no key update skip locked)`;
    if (await takeFrom(db, r, pool, stripe, pool.quantity, free))
      return [{ stripe, quantity: pool.quantity }];
  }
  return 'slow';
}

async function slowTake(db: Queryable, r: TakeRequest, pool: PoolTake): Promise<TakeOutcome> {
  // One multi-stripe take at a time per pool, each locking the stripes in stripe order.
  await db.execute(sql`select id from capacity_pools where id = ${pool.id} for no key update`);
  const stripes = await rows<{ stripe: number; free: number }>(
    db,
    sql`select stripe, capacity - sold - held as free from capacity_pool_stripes
        where pool_id = ${pool.id} and channel_id is null order by stripe for no key update`,
  );
  if (stripes.reduce((sum, s) => sum + Math.max(0, s.free), 0) < pool.quantity) return null;
  const takes: StripeTake[] = [];
  let left = pool.quantity;
  for (const s of stripes) {
    if (left === 0) break;
    const quantity = Math.min(left, Math.max(0, s.free));
    if (quantity === 0) continue;
    if (!(await takeFrom(db, r, pool, s.stripe, quantity, sql`${s.stripe}`))) return null;
    takes.push({ stripe: s.stripe, quantity });
    left -= quantity;
  }
  return takes;
}

export const conditionalTake: TakeCapacity = async (db, r) => {
  const { taken: takenInFirst, guardOk } = await firstRoundTrip(db, r);
  if (!guardOk) return { guardOk, outcomes: [] };
  const outcomes: TakeOutcome[] = [];
  for (const [i, pool] of r.pools.entries()) {
    if (i < takenInFirst) {
      outcomes.push([{ stripe: preferredOf(r, pool), quantity: pool.quantity }]);
      continue;
    }
    const outcome =
      pool.mode === 'slow' ? await slowTake(db, r, pool) : await fastTake(db, r, pool, i === takenInFirst);
    outcomes.push(outcome);
    if (outcome === null || outcome === 'slow') break;
  }
  return { guardOk, outcomes };
};

/** Gives back what an order took (a cancelled payment, later refunds), pools in id order. */
export async function releaseOrderCapacity(db: Queryable, orderId: string): Promise<number> {
  const taken = await rows<{ pool_id: string; stripe: number; quantity: number }>(
    db,
    sql`select pool_id, stripe, quantity from order_capacity where order_id = ${orderId} order by pool_id, stripe`,
  );
  for (const t of taken) {
    await db.execute(
      sql`update capacity_pool_stripes set sold = sold - ${t.quantity}
          where pool_id = ${t.pool_id} and stripe = ${t.stripe}`,
    );
  }
  await db.execute(sql`delete from order_capacity where order_id = ${orderId}`);
  return taken.reduce((sum, t) => sum + t.quantity, 0);
}
