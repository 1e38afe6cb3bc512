// Taking and giving back places (DESIGN.md "No overselling"). A sale takes from each pool with
// conditional updates — `sold + held + n <= capacity` in the WHERE clause, so zero rows means "not
// here" — and pools are always taken in id order, late in the transaction, so locks are short.
//
// Within a pool, a sale never waits for one stripe while holding another (that is how sales
// deadlock): (1) it waits only for the stripe its request prefers; (2) if that one has no room it tries
// the others without waiting (SKIP LOCKED); (3) only then, with the earlier attempts rolled back to a
// savepoint (an UPDATE that waited and then found the row changed keeps a lock on it), it queues on
// the pool row and locks every stripe in stripe order to spread the quantity over them.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';

export type StripeTake = { stripe: number; quantity: number };

/** Takes `quantity` places of a pool; null when the pool has not that many left. */
export type TakeCapacity = (
  db: Queryable,
  pool: { id: string; stripes: number },
  quantity: number,
  preferredStripe: number,
) => Promise<StripeTake[] | null>;

export const conditionalTake: TakeCapacity = async (db, pool, quantity, preferredStripe) => {
  const n = Math.max(1, pool.stripes);
  const first = ((preferredStripe % n) + n) % n;
  if (n > 1) await db.execute(sql`savepoint take_capacity`);
  const waited = await rows<{ stripe: number }>(
    db,
    sql`update capacity_pool_stripes set sold = sold + ${quantity}
        where pool_id = ${pool.id} and stripe = ${first} and sold + held + ${quantity} <= capacity
        returning stripe`,
  );
  if (waited.length > 0) return [{ stripe: first, quantity }];
  if (n === 1) return null;
  await db.execute(sql`rollback to savepoint take_capacity`);
  for (let i = 1; i < n; i++) {
    const stripe = (first + i) % n;
    const taken = await rows<{ stripe: number }>(
      db,
      sql`update capacity_pool_stripes set sold = sold + ${quantity}
          where pool_id = ${pool.id} and stripe = (
            select stripe from capacity_pool_stripes
            where pool_id = ${pool.id} and stripe = ${stripe} and sold + held + ${quantity} <= capacity
            for no key update skip locked)
          returning stripe`,
    );
    if (taken.length > 0) return [{ stripe, quantity }];
  }
  await db.execute(sql`rollback to savepoint take_capacity`);
  // One multi-stripe take at a time per pool, each locking the stripes in stripe order.
  await db.execute(sql`select id from capacity_pools where id = ${pool.id} for no key update`);
  const stripes = await rows<{ stripe: number; free: number }>(
    db,
    sql`select stripe, capacity - sold - held as free from capacity_pool_stripes
        where pool_id = ${pool.id} order by stripe for no key update`,
  );
  if (stripes.reduce((sum, s) => sum + Math.max(0, s.free), 0) < quantity) return null;
  const takes: StripeTake[] = [];
  let left = quantity;
  for (const s of stripes) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, s.free));
    if (take === 0) continue;
    const taken = await rows<{ stripe: number }>(
      db,
      sql`update capacity_pool_stripes set sold = sold + ${take}
          where pool_id = ${pool.id} and stripe = ${s.stripe} and sold + held + ${take} <= capacity
          returning stripe`,
    );
    if (taken.length === 0) return null;
    takes.push({ stripe: s.stripe, quantity: take });
    left -= take;
  }
  return takes;
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
