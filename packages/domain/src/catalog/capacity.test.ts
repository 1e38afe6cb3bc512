import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  availableAcross,
  poolRemaining,
  restripe,
  splitCapacity,
  stripeOrder,
  type PoolState,
} from './capacity';

const pool = (id: string, ...stripes: [number, number, number][]): PoolState => ({
  id,
  stripes: stripes.map(([capacity, sold, held]) => ({ capacity, sold, held })),
});

describe('availability over pools and stripes', () => {
  it('is the smallest remainder among the pools a ticket type draws on', () => {
    const slot = pool('08:00 slot', [300, 120, 10]);
    const daily = pool('daily max', [500, 480, 0], [500, 200, 15], [500, 499, 1], [500, 100, 0]);
    expect(poolRemaining(slot)).toBe(170);
    expect(poolRemaining(daily)).toBe(20 + 285 + 0 + 400);
    expect(availableAcross([slot, daily])).toBe(170);
    const cableCar = pool('cable car 08:00', [40, 38, 1]);
    expect(availableAcross([slot, daily, cableCar])).toBe(1);
    expect(availableAcross([])).toBe(0);
  });

  it('never counts an oversold or over-held stripe below zero', () => {
    expect(poolRemaining(pool('p', [10, 12, 0], [10, 0, 0]))).toBe(10);
  });

  it('splits capacity into stripes that sum to it and differ by at most one', () => {
    expect(splitCapacity(2000, 8)).toEqual(Array(8).fill(250));
    expect(splitCapacity(10, 4)).toEqual([3, 3, 2, 2]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 64 }), (total, n) => {
        const parts = splitCapacity(total, n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('tries the preferred stripe first, then every other once', () => {
    expect(stripeOrder(4, 6)).toEqual([2, 3, 0, 1]);
    expect(stripeOrder(4, -1)).toEqual([3, 0, 1, 2]);
  });

  it('restripes a new capacity without going below any stripe’s sold and held, or refuses', () => {
    const stripes = [
      { capacity: 100, sold: 90, held: 5 },
      { capacity: 100, sold: 10, held: 0 },
    ];
    expect(restripe(stripes, 150)).toEqual([118, 32]);
    expect(restripe(stripes, 105)).toEqual([95, 10]);
    expect(restripe(stripes, 104)).toBeNull();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50 })), {
          minLength: 1,
          maxLength: 16,
        }),
        fc.integer({ min: 0, max: 20_000 }),
        (used, total) => {
          const s = used.map(([sold, held]) => ({ capacity: sold + held, sold, held }));
          const result = restripe(s, total);
          const usedTotal = used.reduce((a, [x, y]) => a + x + y, 0);
          if (total < usedTotal) expect(result).toBeNull();
          else {
            expect(result!.reduce((a, b) => a + b, 0)).toBe(total);
            result!.forEach((c, i) => expect(c).toBeGreaterThanOrEqual(s[i]!.sold + s[i]!.held));
          }
        },
      ),
    );
  });
});
