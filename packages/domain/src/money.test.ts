import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatYuan, parseYuan } from './money';

describe('money in fen', () => {
  it('formats and parses the amounts a cashier sees', () => {
    expect(formatYuan(12345)).toBe('123.45');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(parseYuan('¥1,234.5')).toBe(123450);
    expect(parseYuan('100')).toBe(10000);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '1..2', '.5', '12a']) expect(parseYuan(bad)).toBeNull();
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });

  it('round-trips every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
      }),
    );
  });
});
