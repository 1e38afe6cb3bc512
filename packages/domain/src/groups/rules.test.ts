import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseAdmitted,
  groupCodeFrom,
  groupSaleLines,
  headCountProblem,
  noShowOutcome,
  normalizeGroupCode,
  type GroupTicket,
} from './rules';

describe('group codes', () => {
  it('are G, seven digits and a check digit, typed loosely', () => {
    const code = groupCodeFrom('1234567');
    expect(code).toMatch(/^G\d{8}$/);
    expect(normalizeGroupCode(code)).toBe(code);
    expect(normalizeGroupCode(` ${code.slice(1, 5)}-${code.slice(5)} `)).toBe(code);
    expect(normalizeGroupCode(code.toLowerCase())).toBe(code);
    expect(normalizeGroupCode('G123')).toBeNull();
  });

  it('catch every single mistyped digit (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{7}$/),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (digits, position, shift) => {
          const code = groupCodeFrom(digits);
          const wrong = Number(code[position]) + shift;
          const typo = code.slice(0, position) + String(wrong % 10) + code.slice(position + 1);
          expect(normalizeGroupCode(typo)).toBeNull();
        },
      ),
    );
  });
});

describe('what a group buys', () => {
  const members = [
    { row: 5, role: 'driver' as const },
    { row: 2, role: 'visitor' as const },
    { row: 3, role: 'guide' as const },
    { row: 4, role: 'visitor' as const },
  ];

  it('puts visitors on the group type and escorts, guides first, on the guide type', () => {
    expect(groupSaleLines(members, { groupProductId: 'G', guideProductId: 'D' })).toEqual([
      { productId: 'G', role: 'visitor', members: [members[1], members[3]] },
      { productId: 'D', role: 'escort', members: [members[2], members[0]] },
    ]);
  });

  it('puts everyone on the group type when the rule has no guide type', () => {
    expect(groupSaleLines(members, { groupProductId: 'G', guideProductId: null })).toEqual([
      { productId: 'G', role: 'visitor', members: [members[2], members[0], members[1], members[3]] },
    ]);
  });
});

describe('admission by head count', () => {
  const tickets: GroupTicket[] = [
    { ticketId: 'v3', role: 'visitor', row: 4 },
    { ticketId: 'g', role: 'guide', row: 2 },
    { ticketId: 'v1', role: 'visitor', row: 3 },
    { ticketId: 'd', role: 'driver', row: 9 },
  ];

  it('admits escorts first, then visitors in list order; the rest are no-shows', () => {
    const { admitted, noShows } = chooseAdmitted(tickets, 3);
    expect(admitted.map((t) => t.ticketId)).toEqual(['g', 'd', 'v1']);
    expect(noShows.map((t) => t.ticketId)).toEqual(['v3']);
  });

  it('checks the head count', () => {
    expect(headCountProblem(0, 4)).toBe('head_count_invalid');
    expect(headCountProblem(2.5, 4)).toBe('head_count_invalid');
    expect(headCountProblem(5, 4)).toBe('head_count_too_high');
    expect(headCountProblem(4, 4)).toBeNull();
    expect(() => chooseAdmitted(tickets, 5)).toThrow(RangeError);
  });

  it('splits the tickets exactly: admitted + no-shows is everyone, once (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2, max: 300 }), { maxLength: 40 }).chain((rows) =>
          fc.tuple(
            fc.constant(rows),
            fc.array(fc.constantFrom('visitor', 'guide', 'driver') as fc.Arbitrary<GroupTicket['role']>, {
              minLength: rows.length,
              maxLength: rows.length,
            }),
            fc.integer({ min: 0, max: rows.length }),
          ),
        ),
        ([rows, roles, headCount]) => {
          const all = rows.map((row, i) => ({ ticketId: `t${row}`, role: roles[i]!, row }));
          const { admitted, noShows } = chooseAdmitted(all, headCount);
          expect(admitted).toHaveLength(headCount);
          expect([...admitted, ...noShows].map((t) => t.ticketId).sort()).toEqual(
            all.map((t) => t.ticketId).sort(),
          );
          // Nobody escorting is a no-show while a visitor went in.
          if (admitted.some((t) => t.role === 'visitor'))
            expect(noShows.every((t) => t.role === 'visitor')).toBe(true);
        },
      ),
    );
  });
});

describe('no-shows', () => {
  it('are refunded when the ticket type refunds at all, kept when it never does', () => {
    expect(noShowOutcome({ allowed: true })).toBe('refund');
    expect(noShowOutcome({ allowed: false })).toBe('keep');
  });
});
