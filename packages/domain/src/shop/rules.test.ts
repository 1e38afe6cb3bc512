import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDayStatus, freeCancellationDeadline, noShowBlockedUntil } from './rules';

const day = 86_400_000;
const at = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * day);
const rule = { limit: 2, windowDays: 90, blockDays: 30 };

describe('the no-show rule', () => {
  it('blocks from the Nth no-show for M days, then releases', () => {
    const noShows = [at(0), at(10)];
    expect(noShowBlockedUntil(noShows, rule, at(5))).toBeNull();
    expect(noShowBlockedUntil(noShows, rule, at(11))).toEqual(at(40));
    expect(noShowBlockedUntil(noShows, rule, at(39.9))).toEqual(at(40));
    expect(noShowBlockedUntil(noShows, rule, at(40))).toBeNull();
  });

  it('does not count no-shows further apart than the window', () => {
    expect(noShowBlockedUntil([at(0), at(91)], rule, at(92))).toBeNull();
  });

  it('spends the no-shows of a block: one more after it does not block again', () => {
    expect(noShowBlockedUntil([at(0), at(10), at(50)], rule, at(51))).toBeNull();
    expect(noShowBlockedUntil([at(0), at(10), at(50), at(60)], rule, at(61))).toEqual(at(90));
  });

  it('has no effect without a limit', () => {
    expect(noShowBlockedUntil([at(0), at(1), at(2)], { ...rule, limit: null }, at(3))).toBeNull();
  });

  it('never blocks with fewer no-shows than the limit, and never longer than M days after the last', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 500 }),
        (days, limit, windowDays, blockDays, nowDay) => {
          const r = { limit, windowDays, blockDays };
          const until = noShowBlockedUntil(days.map(at), r, at(nowDay));
          if (days.length < limit) expect(until).toBeNull();
          if (until) {
            expect(until.getTime()).toBeGreaterThan(at(nowDay).getTime());
            expect(until.getTime()).toBeLessThanOrEqual(at(Math.max(...days) + blockDays).getTime());
          }
          // The order the no-shows are given in does not matter.
          expect(noShowBlockedUntil([...days].reverse().map(at), r, at(nowDay))).toEqual(until);
        },
      ),
    );
  });
});

describe('the shop calendar', () => {
  it('classifies a day', () => {
    expect(calendarDayStatus({ closed: true, released: true, remaining: 5, capacity: 10 })).toBe('closed');
    expect(calendarDayStatus({ closed: false, released: false, remaining: 5, capacity: 10 })).toBe(
      'not_released',
    );
    expect(calendarDayStatus({ closed: false, released: true, remaining: 0, capacity: 10 })).toBe('sold_out');
    expect(calendarDayStatus({ closed: false, released: true, remaining: 20, capacity: 1000 })).toBe('few');
    expect(calendarDayStatus({ closed: false, released: true, remaining: 21, capacity: 1000 })).toBe(
      'available',
    );
    expect(calendarDayStatus({ closed: false, released: true, remaining: null, capacity: null })).toBe(
      'available',
    );
  });

  it('puts the free-cancellation deadline before the visit', () => {
    expect(freeCancellationDeadline(new Date('2026-05-01T02:00:00Z'), 120)).toEqual(
      new Date('2026-05-01T00:00:00Z'),
    );
  });
});
