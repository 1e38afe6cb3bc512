import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUuid, newId, resetIdClock, uuidV7Time } from './ids';

describe('newId (UUIDv7)', () => {
  // Each test (and the next test file in this worker) starts without a last time handed out.
  beforeEach(resetIdClock);
  afterEach(resetIdClock);

  it('is a valid version-7 UUID carrying its creation time', () => {
    const at = Date.UTC(2026, 10, 26, 3, 0, 0);
    const id = newId(at + 10_000);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(uuidV7Time(id).getTime()).toBe(at + 10_000);
  });

  it('sorts in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is valid for any time the product will see', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), (ms) => {
        expect(isUuid(newId(ms))).toBe(true);
      }),
    );
  });
});
