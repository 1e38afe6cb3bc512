import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDate } from '../catalog/time-zone';
import { movementDate } from './dating';

const zone = 'Asia/Shanghai';
// 2026-12-01 23:30 and 2026-12-02 00:30 in Shanghai.
const lateEvening = new Date('2026-12-01T15:30:00Z');
const afterMidnight = new Date('2026-12-01T16:30:00Z');

describe('the dating rule of money movements', () => {
  it('dates a movement outside a shift by the site-zone date of the moment its money moved', () => {
    const at = (completedAt: Date) => movementDate({ completedAt, shift: null, notBefore: null }, zone);
    expect(at(lateEvening)).toBe('2026-12-01');
    expect(at(afterMidnight)).toBe('2026-12-02');
    // The same instant is another day at a site in another zone.
    expect(movementDate({ completedAt: afterMidnight, shift: null, notBefore: null }, 'Europe/Berlin')).toBe(
      '2026-12-01',
    );
  });

  it('counts nothing while a part is pending or failed', () => {
    expect(movementDate({ completedAt: null, shift: null, notBefore: null }, zone)).toBeNull();
    expect(
      movementDate(
        { completedAt: null, shift: { businessDate: '2026-12-01', closedAt: null }, notBefore: null },
        zone,
      ),
    ).toBeNull();
  });

  it('puts what went through an open shift on the shift’s business date, even after midnight', () => {
    const shift = { businessDate: '2026-12-01', closedAt: new Date('2026-12-01T17:00:00Z') };
    expect(movementDate({ completedAt: afterMidnight, shift, notBefore: null }, zone)).toBe('2026-12-01');
    expect(
      movementDate(
        { completedAt: afterMidnight, shift: { ...shift, closedAt: null }, notBefore: null },
        zone,
      ),
    ).toBe('2026-12-01');
  });

  it('dates what succeeded after its shift closed (a late payment code) by the moment it succeeded', () => {
    const shift = { businessDate: '2026-12-01', closedAt: lateEvening };
    expect(movementDate({ completedAt: afterMidnight, shift, notBefore: null }, zone)).toBe('2026-12-02');
  });

  it('never dates a refund or rebooking before the day its tickets were issued', () => {
    const shift = { businessDate: '2026-12-01', closedAt: null };
    expect(movementDate({ completedAt: afterMidnight, shift, notBefore: '2026-12-02' }, zone)).toBe(
      '2026-12-02',
    );
    expect(movementDate({ completedAt: afterMidnight, shift, notBefore: '2026-11-30' }, zone)).toBe(
      '2026-12-01',
    );
  });

  it('is never after the moment’s own date and never before the shift’s or the issue date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.option(fc.integer({ min: 0, max: 3 })),
        fc.option(fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 })),
        fc.option(fc.integer({ min: 0, max: 2 })),
        (ms, shiftDaysBack, closedOffset, issuedDaysBack) => {
          const completedAt = new Date(ms);
          const own = businessDate(completedAt, zone);
          const back = (days: number) => businessDate(new Date(ms - days * 86_400_000), zone);
          const shift =
            shiftDaysBack === null
              ? null
              : {
                  businessDate: back(shiftDaysBack),
                  closedAt: closedOffset === null ? null : new Date(ms + closedOffset),
                };
          const notBefore = issuedDaysBack === null ? null : back(issuedDaysBack);
          const date = movementDate({ completedAt, shift, notBefore }, zone)!;
          expect(date <= own).toBe(true);
          if (notBefore) expect(date >= notBefore).toBe(true);
          const inShift = shift !== null && (shift.closedAt === null || completedAt <= shift.closedAt);
          if (inShift) expect(date >= shift.businessDate).toBe(true);
          else expect(date).toBe(own);
        },
      ),
    );
  });
});
