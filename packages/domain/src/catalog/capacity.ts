// Capacity arithmetic. A pool's capacity is split into stripes (DESIGN.md: a hot pool such as a site's
// daily maximum is touched by every sale of the day, so each sale locks one stripe row, not one pool
// row). Availability of a ticket type in a session is the smallest remainder among the pools it draws
// on. Pure; the services do the conditional updates.

export type Stripe = { capacity: number; sold: number; held: number };
export type PoolState = { id: string; stripes: readonly Stripe[] };

export function stripeRemaining(s: Stripe): number {
  return Math.max(0, s.capacity - s.sold - s.held);
}

export function poolRemaining(pool: PoolState): number {
  return pool.stripes.reduce((sum, s) => sum + stripeRemaining(s), 0);
}

export function poolTotals(pool: PoolState): Stripe {
  return pool.stripes.reduce(
    (t, s) => ({ capacity: t.capacity + s.capacity, sold: t.sold + s.sold, held: t.held + s.held }),
    {
      capacity: 0,
      sold: 0,
      held: 0,
    },
  );
}

/** How many more can be sold of something drawing on all these pools. */
export function availableAcross(pools: readonly PoolState[]): number {
  if (pools.length === 0) return 0;
  return Math.min(...pools.map(poolRemaining));
}

/** Splits a capacity into n stripes whose capacities differ by at most one and sum to it. */
export function splitCapacity(total: number, stripeCount: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`capacity must be a whole number ≥ 0, got ${total}`);
  const n = Math.max(1, Math.floor(stripeCount));
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total % n ? 1 : 0));
}

/** The order in which a sale tries the stripes: its own first (chosen by the request), then the rest. */
export function stripeOrder(stripeCount: number, preferred: number): number[] {
  const n = Math.max(1, stripeCount);
  const start = ((preferred % n) + n) % n;
  return Array.from({ length: n }, (_, i) => (start + i) % n);
}

/**
 * New stripe capacities for a changed pool capacity, never below what each stripe has sold or holds.
 * Returns null when the new capacity is below what is sold and held in total (capacity_below_sold).
 */
export function restripe(stripes: readonly Stripe[], newTotal: number): number[] | null {
  const used = stripes.map((s) => s.sold + s.held);
  const usedTotal = used.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(newTotal) || newTotal < usedTotal) return null;
  // Give each stripe what it uses, then spread the free places evenly.
  const free = splitCapacity(newTotal - usedTotal, stripes.length);
  return used.map((u, i) => u + free[i]!);
}
