import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatOrderNumber, isValidTicketNumber, parseOrderNumber, withCheckDigit } from './numbers';

describe('ticket numbers', () => {
  it('adds a check digit that a typed number is verified against', () => {
    expect(withCheckDigit('572')).toBe('5724');
    expect(isValidTicketNumber(withCheckDigit('26112600012'))).toBe(true);
    expect(isValidTicketNumber('2611 2600 0123')).toBe(isValidTicketNumber('261126000123'));
    expect(isValidTicketNumber('abc')).toBe(false);
  });

  it('catches every single wrong digit and every swap of neighbouring digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{11}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, at, shift) => {
          const number = withCheckDigit(body);
          const i = at % number.length;
          const wrong = number.slice(0, i) + String((Number(number[i]) + shift) % 10) + number.slice(i + 1);
          expect(isValidTicketNumber(wrong)).toBe(false);
          const j = at % (number.length - 1);
          if (number[j] !== number[j + 1]) {
            const swapped = number.slice(0, j) + number[j + 1] + number[j] + number.slice(j + 2);
            expect(isValidTicketNumber(swapped)).toBe(false);
          }
        },
      ),
    );
  });
});

describe('order numbers', () => {
  it('formats SITE-YYMMDD-TT-NNNN and reads it back', () => {
    const parts = { siteCode: 'YUNSHAN', businessDate: '2026-11-26', terminal: 'B1', sequence: 42 };
    expect(formatOrderNumber(parts)).toBe('YUNSHAN-261126-B1-0042');
    expect(parseOrderNumber('yunshan-261126-b1-0042')).toEqual(parts);
    expect(parseOrderNumber('YUNSHAN-2611-B1-0042')).toBeNull();
    expect(() => formatOrderNumber({ ...parts, terminal: 'B' })).toThrow(RangeError);
  });

  it('round-trips any valid order number', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9]{2,12}$/),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.stringMatching(/^[A-Z0-9]{2}$/),
        fc.integer({ min: 0, max: 99_999_999 }),
        (siteCode, date, terminal, sequence) => {
          const parts = { siteCode, businessDate: date.toISOString().slice(0, 10), terminal, sequence };
          expect(parseOrderNumber(formatOrderNumber(parts))).toEqual(parts);
        },
      ),
    );
  });
});
