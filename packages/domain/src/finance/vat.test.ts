import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separateVat } from './vat';

describe('VAT separation (价税分离)', () => {
  it('splits a tax-inclusive price into net and tax at the rate', () => {
    expect(separateVat(10_600, 600)).toEqual({ net: 10_000, tax: 600 });
    expect(separateVat(11_300, 1_300)).toEqual({ net: 10_000, tax: 1_300 });
    // ¥1.00 at 6%: 94.34 fen net → 94, the tax is the rest.
    expect(separateVat(100, 600)).toEqual({ net: 94, tax: 6 });
    expect(separateVat(12_000, 300)).toEqual({ net: 11_650, tax: 350 });
    expect(separateVat(0, 600)).toEqual({ net: 0, tax: 0 });
    expect(separateVat(5_000, 0)).toEqual({ net: 5_000, tax: 0 });
  });

  it('rounds the net half up, and mirrors a negative amount', () => {
    // At 100% the net is exactly half: 0.5 → 1, 1.5 → 2.
    expect(separateVat(1, 10_000)).toEqual({ net: 1, tax: 0 });
    expect(separateVat(3, 10_000)).toEqual({ net: 2, tax: 1 });
    expect(separateVat(-3, 10_000)).toEqual({ net: -2, tax: -1 });
    expect(separateVat(-10_600, 600)).toEqual({ net: -10_000, tax: -600 });
  });

  it('refuses fractions of a fen and rates out of range', () => {
    expect(() => separateVat(1.5, 600)).toThrow(RangeError);
    expect(() => separateVat(100, -1)).toThrow(RangeError);
    expect(() => separateVat(100, 10_001)).toThrow(RangeError);
    expect(() => separateVat(100, 6.5)).toThrow(RangeError);
  });

  it('always adds up to the gross, with the net the nearest fen to gross × 10000 / (10000 + rate)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 10_000 }),
        (gross, rate) => {
          const { net, tax } = separateVat(gross, rate);
          expect(net + tax).toBe(gross);
          // |net × (10000 + rate) − gross × 10000| ≤ (10000 + rate) / 2, in exact integers.
          const divisor = BigInt(10_000 + rate);
          const error = BigInt(net) * divisor - BigInt(gross) * 10_000n;
          expect(2n * (error < 0n ? -error : error) <= divisor).toBe(true);
          expect(separateVat(-gross, rate)).toEqual({ net: 0 - net, tax: 0 - tax });
          if (gross >= 0) expect(tax).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
