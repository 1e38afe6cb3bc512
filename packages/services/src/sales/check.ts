// The capacity invariant (DESIGN.md): every place a stripe counts as sold is accounted for by an
// order that drew on it (order_capacity, written in the sale's own statement and removed when the
// places are given back), and no stripe is over its capacity. Run by the tests and `admit check`.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';

export type CapacityProblem = {
  poolId: string;
  stripe: number;
  capacity: number;
  sold: number;
  held: number;
  /** Places the orders that drew on this stripe account for. */
  accounted: number;
};

export async function checkCapacityInvariant(
  db: Queryable,
): Promise<{ stripes: number; problems: CapacityProblem[] }> {
  const found = await rows<{
    pool_id: string;
    stripe: number;
    capacity: number;
    sold: number;
    held: number;
    accounted: number;
  }>(
    db,
    sql`select s.pool_id, s.stripe, s.capacity, s.sold, s.held, coalesce(oc.accounted, 0)::int8 as accounted
        from capacity_pool_stripes s
        left join (select pool_id, stripe, sum(quantity) as accounted from order_capacity group by pool_id, stripe) oc
          on oc.pool_id = s.pool_id and oc.stripe = s.stripe
        where s.sold <> coalesce(oc.accounted, 0) or s.sold + s.held > s.capacity or s.sold < 0 or s.held < 0
        order by s.pool_id, s.stripe`,
  );
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int8 as n from capacity_pool_stripes`);
  return {
    stripes: Number(count?.n ?? 0),
    problems: found.map((r) => ({
      poolId: r.pool_id,
      stripe: r.stripe,
      capacity: r.capacity,
      sold: r.sold,
      held: r.held,
      accounted: Number(r.accounted),
    })),
  };
}
