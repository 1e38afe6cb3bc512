import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agencyAmountDue,
  agencyLedgerKinds,
  buildAgencyStatement,
  previousCalendarMonth,
  statementPeriodProblem,
  statementWindow,
  type AgencyMovement,
} from './agency-statement';

const movement = fc.record({
  kind: fc.constantFrom(...agencyLedgerKinds),
  amount: fc.integer({ min: -10_000_000, max: 10_000_000 }),
});

describe('agency statement figures', () => {
  it('runs the balance through a month: deposit, two sales, a refund, a payment', () => {
    const statement = buildAgencyStatement({
      openingBalance: 5000,
      creditLimit: 100_000,
      movements: [
        { kind: 'deposit', amount: 20_000, ref: 'a' },
        { kind: 'sale', amount: -30_000, ref: 'b' },
        { kind: 'sale', amount: -40_000, ref: 'c' },
        { kind: 'refund', amount: 10_000, ref: 'd' },
        { kind: 'payment', amount: 15_000, ref: 'e' },
      ],
    });
    expect(statement.lines.map((l) => [l.ref, l.balance])).toEqual([
      ['a', 25_000],
      ['b', -5_000],
      ['c', -45_000],
      ['d', -35_000],
      ['e', -20_000],
    ]);
    expect(statement.totals).toEqual({
      deposit: 20_000,
      sale: -70_000,
      sale_reversed: 0,
      refund: 10_000,
      payment: 15_000,
    });
    expect(statement.counts).toEqual({ deposit: 1, sale: 2, sale_reversed: 0, refund: 1, payment: 1 });
    expect(statement).toMatchObject({
      openingBalance: 5000,
      closingBalance: -20_000,
      amountDue: 20_000,
      availableCredit: 80_000,
    });
  });

  it('is the opening balance alone for a quiet period, and owes nothing in credit', () => {
    expect(buildAgencyStatement({ openingBalance: 800, movements: [], creditLimit: 0 })).toMatchObject({
      lines: [],
      closingBalance: 800,
      amountDue: 0,
      availableCredit: 800,
    });
    expect(agencyAmountDue(0)).toBe(0);
    expect(agencyAmountDue(-1)).toBe(1);
  });

  it('adds up for any ledger: opening + lines = closing, totals = movement, due = what is negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50_000_000, max: 50_000_000 }),
        fc.array(movement, { maxLength: 60 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (openingBalance, movements: AgencyMovement[], creditLimit) => {
          const s = buildAgencyStatement({ openingBalance, movements, creditLimit });
          const sum = movements.reduce((acc, m) => acc + m.amount, 0);
          expect(s.closingBalance).toBe(openingBalance + sum);
          expect(Object.values(s.totals).reduce((a, b) => a + b, 0)).toBe(sum);
          expect(Object.values(s.counts).reduce((a, b) => a + b, 0)).toBe(movements.length);
          expect(s.lines.at(-1)?.balance ?? openingBalance).toBe(s.closingBalance);
          s.lines.forEach((line, i) => {
            const before = i === 0 ? openingBalance : s.lines[i - 1]!.balance;
            expect(line.balance - before).toBe(line.amount);
          });
          expect(s.amountDue).toBe(Math.max(0, -s.closingBalance));
          expect(s.availableCredit).toBe(Math.max(0, s.closingBalance + creditLimit));
        },
      ),
    );
  });

  it('statements of consecutive periods chain: one closing is the next opening', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(movement, { maxLength: 40 }),
        fc.nat(),
        (openingBalance, movements: AgencyMovement[], cut) => {
          const at = movements.length === 0 ? 0 : cut % (movements.length + 1);
          const whole = buildAgencyStatement({ openingBalance, movements, creditLimit: 0 });
          const first = buildAgencyStatement({
            openingBalance,
            movements: movements.slice(0, at),
            creditLimit: 0,
          });
          const second = buildAgencyStatement({
            openingBalance: first.closingBalance,
            movements: movements.slice(at),
            creditLimit: 0,
          });
          expect(second.closingBalance).toBe(whole.closingBalance);
          expect([...first.lines, ...second.lines].map((l) => l.balance)).toEqual(
            whole.lines.map((l) => l.balance),
          );
        },
      ),
    );
  });
});

describe('statement periods', () => {
  it('defaults to the previous calendar month, across a year end and a leap February', () => {
    expect(previousCalendarMonth('2026-12-01')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(previousCalendarMonth('2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousCalendarMonth('2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(() => previousCalendarMonth('2026-13-01')).toThrow(RangeError);
  });

  it('refuses bad dates, a period ending before it starts, and more than 366 days', () => {
    expect(statementPeriodProblem({ from: '2026-11-01', to: '2026-11-30' })).toBeNull();
    expect(statementPeriodProblem({ from: '2026-11-01', to: '2026-11-01' })).toBeNull();
    expect(statementPeriodProblem({ from: '2026-02-30', to: '2026-03-01' })).toBe('invalid_date');
    expect(statementPeriodProblem({ from: '2026-11-02', to: '2026-11-01' })).toBe('ends_before_start');
    expect(statementPeriodProblem({ from: '2028-01-01', to: '2028-12-31' })).toBeNull();
    expect(statementPeriodProblem({ from: '2026-01-01', to: '2027-01-02' })).toBe('too_long');
  });

  it('covers whole business days in the site’s zone', () => {
    expect(statementWindow({ from: '2026-11-01', to: '2026-11-30' }, 'Asia/Shanghai')).toEqual({
      start: new Date('2026-10-31T16:00:00Z'),
      end: new Date('2026-11-30T16:00:00Z'),
    });
    // A zone with a daylight-saving change inside the period still starts and ends at local midnight.
    expect(statementWindow({ from: '2026-03-01', to: '2026-03-31' }, 'Europe/Berlin')).toEqual({
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    });
  });

  it('the previous month always passes and its window is its days', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const period = previousCalendarMonth(d.toISOString().slice(0, 10));
          expect(statementPeriodProblem(period)).toBeNull();
          expect(period.to < d.toISOString().slice(0, 10)).toBe(true);
          const { start, end } = statementWindow(period, 'UTC');
          const days = (end.getTime() - start.getTime()) / 86_400_000;
          expect(days).toBeGreaterThanOrEqual(28);
          expect(days).toBeLessThanOrEqual(31);
        },
      ),
    );
  });
});
