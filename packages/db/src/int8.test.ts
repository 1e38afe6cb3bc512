import { describe, expect, it } from 'vitest';
import { parseInt8 } from './int8';

describe('parseInt8', () => {
  it('parses the values money and counts take', () => {
    expect(parseInt8('0')).toBe(0);
    expect(parseInt8('-12345')).toBe(-12345);
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a value that would silently lose precision', () => {
    expect(() => parseInt8('9007199254740993')).toThrow(RangeError);
  });
});
