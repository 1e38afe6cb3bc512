import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../catalog/calendar';
import {
  chooseReconciliationPeriod,
  reconciliationPeriodMaxDays,
  reconciliationPeriodOfLines,
  reconciliationPeriodOfSpan,
  reconciliationPeriodProblem,
} from './period';

describe('the days a statement covers', () => {
  it('runs from the first line’s day to the last’s, in the site’s zone', () => {
    const lines = [
      { time: '2026-12-04T01:58:30.000Z' },
      { time: null },
      // 23:59 in Shanghai on the 4th is still the 4th there, the 4th in UTC too.
      { time: '2026-12-04T15:59:59.000Z' },
      // 00:30 on the 5th in Shanghai, the 4th in UTC.
      { time: '2026-12-04T16:30:00.000Z' },
    ];
    expect(reconciliationPeriodOfLines(lines, 'Asia/Shanghai')).toEqual({
      from: '2026-12-04',
      to: '2026-12-05',
    });
    expect(reconciliationPeriodOfLines(lines, 'UTC')).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(reconciliationPeriodOfLines([{ time: null }], 'Asia/Shanghai')).toBeNull();
  });

  it('reads a declared span as whole days, its end excluded', () => {
    expect(
      reconciliationPeriodOfSpan(
        { from: '2026-12-03T16:00:00.000Z', to: '2026-12-04T16:00:00.000Z' },
        'Asia/Shanghai',
      ),
    ).toEqual({ from: '2026-12-04', to: '2026-12-04' });
    expect(
      reconciliationPeriodOfSpan(
        { from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' },
        'Asia/Shanghai',
      ),
    ).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(
      reconciliationPeriodOfSpan({ from: '2026-12-04T00:00:00Z', to: '2026-12-04T00:00:00Z' }, 'UTC'),
    ).toBeNull();
  });

  it('prefers the days finance gives, then the file’s declared span, then its lines', () => {
    const lines = [{ time: '2026-12-04T02:00:00.000Z' }];
    const declared = { from: '2026-12-03T16:00:00.000Z', to: '2026-12-05T16:00:00.000Z' };
    const zone = 'Asia/Shanghai';
    const given = { from: '2026-12-01', to: '2026-12-02' };
    expect(chooseReconciliationPeriod({ given, declared, lines, timeZone: zone })).toEqual(given);
    expect(chooseReconciliationPeriod({ given: null, declared, lines, timeZone: zone })).toEqual({
      from: '2026-12-04',
      to: '2026-12-05',
    });
    expect(chooseReconciliationPeriod({ given: null, declared: undefined, lines, timeZone: zone })).toEqual({
      from: '2026-12-04',
      to: '2026-12-04',
    });
    expect(
      chooseReconciliationPeriod({ given: null, declared: undefined, lines: [], timeZone: zone }),
    ).toBeNull();
  });

  it('is at most a month, and never ends before it starts', () => {
    expect(reconciliationPeriodProblem({ from: '2026-12-01', to: '2026-12-31' })).toBeNull();
    expect(reconciliationPeriodProblem({ from: '2026-12-01', to: '2027-01-01' })).toBe('too_long');
    expect(reconciliationPeriodProblem({ from: '2026-12-02', to: '2026-12-01' })).toBe('ends_before_start');
    expect(reconciliationPeriodProblem({ from: '2026-02-30', to: '2026-03-01' })).toBe('invalid_date');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 100 }),
        (start, extra) => {
          const from = start.toISOString().slice(0, 10);
          const to = addDays(from, extra);
          expect(reconciliationPeriodProblem({ from, to }) === null).toBe(
            extra < reconciliationPeriodMaxDays,
          );
        },
      ),
    );
  });

  it('always holds every line it was made from', () => {
    fc.assert(
      fc.property(
        fc.array(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Asia/Kolkata'),
        (dates, zone) => {
          const lines = dates.map((d) => ({ time: d.toISOString() }));
          const period = reconciliationPeriodOfLines(lines, zone)!;
          const instants = dates.map((d) => d.getTime());
          const declared = reconciliationPeriodOfSpan(
            {
              from: new Date(Math.min(...instants)).toISOString(),
              to: new Date(Math.max(...instants) + 1).toISOString(),
            },
            zone,
          );
          // The declared span of exactly the lines' instants gives the same days.
          expect(declared).toEqual(period);
          expect(period.from <= period.to).toBe(true);
        },
      ),
    );
  });
});
