import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../catalog/calendar';
import {
  bucketStart,
  bucketsInRange,
  dailySummaryDue,
  datesInRange,
  daysInRange,
  isoWeekday,
  reportRangeProblem,
  zonedDateHour,
} from './periods';

const civilDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('report periods', () => {
  it('names a bucket by its first day: the date, the ISO week’s Monday, the 1st of the month', () => {
    // 2026-01-01 is a Thursday: its ISO week (2026-W01) starts on Monday 29 December 2025.
    expect(bucketStart('2026-01-01', 'day')).toBe('2026-01-01');
    expect(bucketStart('2026-01-01', 'week')).toBe('2025-12-29');
    expect(bucketStart('2026-01-04', 'week')).toBe('2025-12-29'); // Sunday closes the week
    expect(bucketStart('2026-01-05', 'week')).toBe('2026-01-05');
    expect(bucketStart('2026-02-28', 'month')).toBe('2026-02-01');
    expect(() => bucketStart('2026-02-30', 'day')).toThrow(RangeError);
  });

  it('numbers ISO weekdays Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-06-01')).toBe(1);
    expect(isoWeekday('2026-06-07')).toBe(7);
  });

  it('lists the buckets a range touches, each once and in order', () => {
    expect(bucketsInRange('2026-01-30', '2026-03-02', 'month')).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(bucketsInRange('2025-12-31', '2026-01-13', 'week')).toEqual([
      '2025-12-29',
      '2026-01-05',
      '2026-01-12',
    ]);
    expect(bucketsInRange('2026-12-30', '2027-01-01', 'day')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
    ]);
    expect(bucketsInRange('2026-12-01', '2027-01-01', 'month')).toEqual(['2026-12-01', '2027-01-01']);
  });

  it('puts every date of a range in exactly one of its buckets, within a week or the same month', () => {
    fc.assert(
      fc.property(
        civilDate,
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom('day', 'week', 'month'),
        (from, span, g) => {
          const to = addDays(from, span);
          const buckets = bucketsInRange(from, to, g);
          expect(new Set(buckets).size).toBe(buckets.length);
          for (const date of datesInRange(from, to)) {
            const start = bucketStart(date, g);
            expect(buckets).toContain(start);
            expect(start <= date).toBe(true);
            if (g === 'week') {
              expect(isoWeekday(start)).toBe(1);
              expect(daysInRange(start, date)).toBeLessThanOrEqual(7);
            }
            if (g === 'month') expect(start.slice(0, 7)).toBe(date.slice(0, 7));
            expect(bucketStart(start, g)).toBe(start);
          }
        },
      ),
    );
  });

  it('refuses a range that is reversed, not dates, or longer than 1 100 days', () => {
    expect(reportRangeProblem('2026-01-01', '2026-01-01')).toBeNull();
    expect(reportRangeProblem('2026-01-02', '2026-01-01')).toBe('reversed');
    expect(reportRangeProblem('2026-01-01', '2026-13-01')).toBe('not_a_date');
    expect(reportRangeProblem('2026-01-01', addDays('2026-01-01', 1099))).toBeNull();
    expect(reportRangeProblem('2026-01-01', addDays('2026-01-01', 1100))).toBe('too_long');
  });

  it('turns an instant into the site’s date and hour', () => {
    // 16:30Z on 31 December is 00:30 on 1 January in Shanghai (UTC+8).
    expect(zonedDateHour(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2027-01-01',
      hour: 0,
    });
    expect(zonedDateHour(new Date('2026-07-01T03:00:00Z'), 'Europe/Berlin')).toEqual({
      date: '2026-07-01',
      hour: 5,
    });
  });

  it('makes yesterday’s summary due from the send hour at the site', () => {
    // 23:59Z on 1 June is 07:59 on 2 June in Shanghai: before an 08:00 send hour.
    expect(dailySummaryDue(new Date('2026-06-01T23:59:00Z'), 'Asia/Shanghai', 8)).toBeNull();
    expect(dailySummaryDue(new Date('2026-06-02T00:00:00Z'), 'Asia/Shanghai', 8)).toBe('2026-06-01');
    expect(dailySummaryDue(new Date('2026-06-02T15:00:00Z'), 'Asia/Shanghai', 8)).toBe('2026-06-01');
    expect(dailySummaryDue(new Date('2026-06-01T16:00:00Z'), 'Asia/Shanghai', 0)).toBe('2026-06-01');
  });
});
