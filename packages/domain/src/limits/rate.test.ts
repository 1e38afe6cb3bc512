import { describe, expect, it } from 'vitest';
import { challengeInput, leadingZeroBits } from './rate';

describe('proof-of-work helpers', () => {
  it('counts the leading zero bits of a digest', () => {
    expect(leadingZeroBits(new Uint8Array([0xff]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x10]))).toBe(11);
    expect(leadingZeroBits(new Uint8Array([0, 0, 0]))).toBe(24);
  });

  it('joins token and nonce the one way both sides hash', () => {
    expect(challengeInput('t.m', '42')).toBe('t.m:42');
  });
});
