import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocationReleaseAt, carveAllocation, spreadRelease } from './allocation';

const rooms = fc
  .array(fc.integer({ min: -5, max: 500 }), { minLength: 1, maxLength: 32 })
  .map((free) => free.map((f, stripe) => ({ stripe, free: f })));

describe('channel allocations', () => {
  it('carves from the stripes with the most room first', () => {
    expect(
      carveAllocation(
        [
          { stripe: 0, free: 10 },
          { stripe: 1, free: 4 },
          { stripe: 2, free: 8 },
        ],
        6,
      ),
    ).toEqual([
      { stripe: 0, take: 4 },
      { stripe: 2, take: 2 },
    ]);
    expect(carveAllocation([{ stripe: 0, free: 3 }], 4)).toBeNull();
    expect(carveAllocation([{ stripe: 0, free: 3 }], 0)).toBeNull();
  });

  it('carves exactly the quantity, never more than a stripe has, or refuses when the room is short', () => {
    fc.assert(
      fc.property(rooms, fc.integer({ min: 1, max: 5000 }), (stripes, quantity) => {
        const carved = carveAllocation(stripes, quantity);
        const total = stripes.reduce((n, s) => n + Math.max(0, s.free), 0);
        if (total < quantity) {
          expect(carved).toBeNull();
          return;
        }
        expect(carved).not.toBeNull();
        expect(carved!.reduce((n, c) => n + c.take, 0)).toBe(quantity);
        for (const c of carved!) {
          const stripe = stripes.find((s) => s.stripe === c.stripe)!;
          expect(c.take).toBeGreaterThan(0);
          expect(c.take).toBeLessThanOrEqual(Math.max(0, stripe.free));
        }
      }),
    );
  });

  it('gives released places back to the emptiest stripes, all of them', () => {
    expect(
      spreadRelease(
        [
          { stripe: 0, free: 0 },
          { stripe: 1, free: 5 },
        ],
        7,
      ),
    ).toEqual([
      { stripe: 0, add: 6 },
      { stripe: 1, add: 1 },
    ]);
    fc.assert(
      fc.property(rooms, fc.integer({ min: 0, max: 5000 }), (stripes, quantity) => {
        const spread = spreadRelease(stripes, quantity);
        expect(spread.reduce((n, s) => n + s.add, 0)).toBe(quantity);
        // Levelled: after the release no stripe that received places has more room than another by over one.
        const after = stripes.map(
          (s) => Math.max(0, s.free) + (spread.find((x) => x.stripe === s.stripe)?.add ?? 0),
        );
        const receivers = spread.map((s) => after[s.stripe]!);
        if (receivers.length > 0) expect(Math.max(...receivers) - Math.min(...after)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('releases a set time before the start', () => {
    expect(allocationReleaseAt(new Date('2026-12-10T02:00:00Z'), 120).toISOString()).toBe(
      '2026-12-10T00:00:00.000Z',
    );
  });
});
