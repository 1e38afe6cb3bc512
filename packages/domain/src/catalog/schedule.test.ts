import { describe, expect, it } from 'vitest';
import { duplicatesOf, planSessions, scheduleProblems, type ScheduleSpec } from './schedule';
import { businessDate, isValidTimeZone, zonedToUtc } from './time-zone';

const hourly: ScheduleSpec = {
  from: '2026-12-01',
  to: '2026-12-07',
  times: { first: '08:00', last: '16:00', everyMinutes: 60 },
  durationMinutes: 60,
  capacity: 300,
};

describe('time zones', () => {
  it('converts a civil time at the site to UTC and back', () => {
    expect(zonedToUtc('2026-12-01', '08:00', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(zonedToUtc('2026-07-01', '08:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(businessDate(new Date('2026-11-30T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
  });

  it('recognises IANA names and refuses others', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Asia/Beijing')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('session schedules', () => {
  it('makes nine hourly slots a day in the site’s zone, skipping closed dates and weekdays off', () => {
    const planned = planSessions(
      { ...hourly, weekdays: [0, 2, 3, 4, 5, 6] },
      { timeZone: 'Asia/Shanghai', closedDates: new Set(['2026-12-03']) },
    );
    // 1–7 Dec 2026: Mon 7 Dec is a weekday off, 3 Dec is closed: five open days.
    expect(new Set(planned.map((p) => p.date))).toEqual(
      new Set(['2026-12-01', '2026-12-02', '2026-12-04', '2026-12-05', '2026-12-06']),
    );
    expect(planned).toHaveLength(5 * 9);
    expect(planned[0]).toMatchObject({ date: '2026-12-01', startTime: '08:00', capacity: 300 });
    expect(planned[0]!.startsAt.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(planned[0]!.endsAt.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(planned.at(-1)!.startTime).toBe('16:00');
  });

  it('names what is wrong with a schedule', () => {
    expect(scheduleProblems(hourly)).toEqual([]);
    expect(scheduleProblems({ ...hourly, to: '2026-11-30' })).toContain('invalid_date_range');
    expect(scheduleProblems({ ...hourly, to: '2028-12-01' })).toContain('date_range_too_long');
    expect(scheduleProblems({ ...hourly, times: { list: ['25:00'] } })).toContain('invalid_time');
    expect(
      scheduleProblems({ ...hourly, times: { first: '08:00', last: '16:00', everyMinutes: 0 } }),
    ).toContain('invalid_step');
    expect(scheduleProblems({ ...hourly, capacity: -1 })).toContain('invalid_capacity');
  });

  it('finds the planned sessions that already exist', () => {
    const planned = planSessions(hourly, { timeZone: 'Asia/Shanghai', closedDates: new Set() });
    const existing = [new Date('2026-12-02T01:00:00Z')];
    expect(duplicatesOf(planned, existing).map((p) => `${p.date} ${p.startTime}`)).toEqual([
      '2026-12-02 09:00',
    ]);
  });
});
