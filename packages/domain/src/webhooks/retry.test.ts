import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxWebhookAttempts, nextWebhookAttempt, webhookRetryDelaysMinutes } from './retry';

const at = new Date('2026-12-01T02:00:00Z');
const minutes = (d: Date | null) => (d === null ? null : (d.getTime() - at.getTime()) / 60_000);

describe('the webhook retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 6 h, then gives up after the sixth attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => minutes(nextWebhookAttempt(n, at)))).toEqual([
      1,
      5,
      30,
      120,
      360,
      null,
      null,
    ]);
    expect(maxWebhookAttempts).toBe(6);
  });

  it('never waits less after a later failure, and always gives up in the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (n) => {
        const here = minutes(nextWebhookAttempt(n, at));
        const next = minutes(nextWebhookAttempt(n + 1, at));
        if (here === null) expect(next).toBeNull();
        else {
          expect(here).toBeGreaterThan(0);
          if (next !== null) expect(next).toBeGreaterThanOrEqual(here);
        }
        expect(here === null).toBe(n >= maxWebhookAttempts);
      }),
    );
    const total = webhookRetryDelaysMinutes.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(24 * 60);
  });

  it('refuses an attempt count that is not a positive integer', () => {
    expect(() => nextWebhookAttempt(0, at)).toThrow(RangeError);
    expect(() => nextWebhookAttempt(1.5, at)).toThrow(RangeError);
  });
});
