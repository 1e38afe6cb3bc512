import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskMobile, normalizeMobile } from './phone';

describe('mobile numbers', () => {
  it('normalises the ways people write a number', () => {
    for (const input of [
      '13812345678',
      '138 1234 5678',
      '+86 138-1234-5678',
      '008613812345678',
      '8613812345678',
    ]) {
      expect(normalizeMobile(input)).toBe('13812345678');
    }
  });

  it('refuses what is not a mainland mobile number', () => {
    for (const input of ['', '12812345678', '1381234567', '138123456789', '010-12345678', 'abc']) {
      expect(normalizeMobile(input)).toBeNull();
    }
  });

  it('masks the middle four digits and never shows them', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskMobile(phone);
        expect(masked.slice(3, 7)).toBe('****');
        expect(masked.length).toBe(11);
      }),
    );
  });
});
