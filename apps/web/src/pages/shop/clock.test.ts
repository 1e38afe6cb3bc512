import { describe, expect, it } from 'vitest';
import { formatCountdown, msUntil } from './clock';

describe('countdown', () => {
  it('reads m:ss under an hour and h:mm:ss above, rounding partial seconds up', () => {
    expect(formatCountdown((14 * 60 + 32) * 1000)).toBe('14:32');
    expect(formatCountdown((14 * 60 + 31) * 1000 + 1)).toBe('14:32');
    expect(formatCountdown(5_000)).toBe('0:05');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-10)).toBe('0:00');
  });

  it('counts down to an instant and stops at zero', () => {
    const now = Date.parse('2099-05-03T08:00:00Z');
    expect(msUntil('2099-05-03T08:15:00Z', now)).toBe(15 * 60_000);
    expect(msUntil('2099-05-03T07:59:00Z', now)).toBe(0);
    expect(msUntil('not a time', now)).toBe(0);
  });
});
