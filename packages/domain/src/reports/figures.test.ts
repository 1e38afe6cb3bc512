import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSalesFigures,
  ratioBasisPoints,
  refundRateBasisPoints,
  rollUpByPeriod,
  zeroSalesFigures,
  type SalesFigures,
} from './figures';

const figures = fc.record({
  ticketsSold: fc.nat(1000),
  sales: fc.nat(10_000_000),
  ticketsRefunded: fc.nat(1000),
  refunds: fc.nat(10_000_000),
  refundFees: fc.nat(100_000),
  net: fc.constant(0),
  freeTickets: fc.nat(100),
  complimentaryTickets: fc.nat(100),
});
const day = fc
  .integer({ min: 0, max: 400 })
  .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));

describe('report figures', () => {
  it('adds figures and keeps net = sales − refunds', () => {
    const total = addSalesFigures(zeroSalesFigures(), {
      ticketsSold: 3,
      sales: 36_000,
      ticketsRefunded: 1,
      refunds: 10_000,
      refundFees: 2_000,
      freeTickets: 1,
      complimentaryTickets: 0,
    });
    expect(total).toEqual({
      ticketsSold: 3,
      sales: 36_000,
      ticketsRefunded: 1,
      refunds: 10_000,
      refundFees: 2_000,
      net: 26_000,
      freeTickets: 1,
      complimentaryTickets: 0,
    });
  });

  it('gives rates in basis points, half away from zero, and null for nothing sold', () => {
    expect(ratioBasisPoints(1, 3)).toBe(3333);
    expect(ratioBasisPoints(2, 3)).toBe(6667);
    expect(ratioBasisPoints(1, 20_000)).toBe(1); // 0.5 bp → 1
    expect(ratioBasisPoints(1, 20_001)).toBe(0);
    expect(ratioBasisPoints(5, 5)).toBe(10_000);
    expect(refundRateBasisPoints(0, 0)).toBeNull();
    expect(refundRateBasisPoints(200, 9)).toBe(450);
    expect(() => ratioBasisPoints(0.5, 2)).toThrow(RangeError);
  });

  it('is the nearest basis point: |rate × d − n × 10 000| ≤ d / 2', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        const rate = ratioBasisPoints(n, d)!;
        expect(Math.abs(rate * d - n * 10_000)).toBeLessThanOrEqual(d / 2);
      }),
    );
  });

  it('rolls rows up per bucket and key without losing or doubling anything', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ date: day, key: fc.constantFrom('a', 'b', null), figures }), { maxLength: 60 }),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (rows, granularity) => {
          const add = (into: SalesFigures, more: SalesFigures) => void addSalesFigures(into, more);
          const rolled = rollUpByPeriod(rows, granularity, zeroSalesFigures, add);
          const sum = (list: SalesFigures[]) =>
            list.reduce((t, f) => addSalesFigures(t, f), zeroSalesFigures());
          expect(sum(rolled.map((r) => r.figures))).toEqual(sum(rows.map((r) => r.figures)));
          // One row per (period, key), ordered by period then key with null last.
          const ids = rolled.map((r) => `${r.period}/${r.key}`);
          expect(new Set(ids).size).toBe(ids.length);
          for (let i = 1; i < rolled.length; i++) {
            const [a, b] = [rolled[i - 1]!, rolled[i]!];
            expect(a.period <= b.period).toBe(true);
            if (a.period === b.period) expect(a.key !== null && (b.key === null || a.key < b.key)).toBe(true);
          }
        },
      ),
    );
  });
});
