import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { comboSharesValid, productProblems, rangesOverlap, type ProductRules } from './product';

const valid: ProductRules = {
  category: 'adult',
  listPrice: 12000,
  validity: { kind: 'session' },
  entries: { kind: 'single' },
  channels: ['box_office', 'online'],
  saleStartsAt: null,
  saleEndsAt: null,
  releaseDaysAhead: 7,
  releaseTime: '20:00',
  minPerOrder: 1,
  maxPerOrder: 20,
  refundPolicy: { allowed: true, untilMinutesBeforeStart: 60, fee: { kind: 'percent', basisPoints: 1000 } },
  rebookPolicy: { allowed: true, untilMinutesBeforeStart: null, fee: { kind: 'none' } },
};

describe('ticket type rules', () => {
  it('accepts a well-formed ticket type', () => {
    expect(productProblems(valid)).toEqual([]);
  });

  it.each([
    [{ listPrice: -1 }, 'price_negative'],
    [
      { saleStartsAt: new Date('2026-12-10T00:00:00Z'), saleEndsAt: new Date('2026-12-01T00:00:00Z') },
      'sale_window_end_before_start',
    ],
    [{ minPerOrder: 5, maxPerOrder: 2 }, 'max_per_order_below_min'],
    [{ minPerOrder: 0 }, 'per_order_limit_invalid'],
    [{ validity: { kind: 'days', days: 0 } }, 'validity_invalid'],
    [{ validity: { kind: 'range', from: '2026-12-31', to: '2026-01-01' } }, 'validity_invalid'],
    [{ entries: { kind: 'multi', count: 1 } }, 'entries_invalid'],
    [{ channels: [] }, 'channels_empty'],
    [{ releaseTime: '24:00' }, 'release_time_invalid'],
    [
      {
        refundPolicy: {
          allowed: true,
          untilMinutesBeforeStart: 0,
          fee: { kind: 'percent', basisPoints: 12_000 },
        },
      },
      'fee_invalid',
    ],
    [{ minAge: 18, maxAge: 6 }, 'age_range_invalid'],
    [{ minAge: -1 }, 'age_range_invalid'],
  ] as [Partial<ProductRules>, string][])('refuses %o with %s', (change, code) => {
    expect(productProblems({ ...valid, ...change })[0]).toBe(code);
  });

  it('checks combo revenue shares add up to the whole', () => {
    expect(comboSharesValid([6000, 4000])).toBe(true);
    expect(comboSharesValid([6000, 3999])).toBe(false);
    expect(comboSharesValid([10_000])).toBe(false);
  });

  it('finds overlapping price versions, open-ended ones included', () => {
    expect(rangesOverlap({ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-07-01', to: null })).toBe(
      false,
    );
    expect(rangesOverlap({ from: '2026-01-01', to: null }, { from: '2027-01-01', to: '2027-12-31' })).toBe(
      true,
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (a, b, c, d) => {
          const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
          const x = { from: day(Math.min(a, b)), to: day(Math.max(a, b)) };
          const y = { from: day(Math.min(c, d)), to: day(Math.max(c, d)) };
          expect(rangesOverlap(x, y)).toBe(rangesOverlap(y, x));
          expect(rangesOverlap(x, y)).toBe(
            !(Math.max(a, b) < Math.min(c, d) || Math.max(c, d) < Math.min(a, b)),
          );
        },
      ),
    );
  });
});
