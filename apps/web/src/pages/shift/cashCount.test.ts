import { describe, expect, it } from 'vitest';
import {
  breakDown,
  countedRecord,
  countedTotal,
  denominationLabel,
  denominations,
  drawerOutcome,
  emptyCount,
  invalidCounts,
  parsePieces,
  type CountForm,
} from './cashCount';
import { methodRows } from './reportModel';

function count(pieces: Partial<Record<string, string>>): CountForm {
  return { ...emptyCount, ...pieces };
}

describe('the blind drawer count', () => {
  it('counts ¥100 down to ¥0.1, labelled as printed on the notes and coins', () => {
    expect(denominations).toEqual([10000, 5000, 2000, 1000, 500, 100, 50, 10]);
    expect(denominations.map(denominationLabel)).toEqual([
      '¥100',
      '¥50',
      '¥20',
      '¥10',
      '¥5',
      '¥1',
      '¥0.5',
      '¥0.1',
    ]);
  });

  it('takes whole pieces only; an empty row is none', () => {
    expect(parsePieces('')).toBe(0);
    expect(parsePieces(' 7 ')).toBe(7);
    expect(parsePieces('100000')).toBe(100000);
    expect(parsePieces('100001')).toBeNull();
    expect(parsePieces('1.5')).toBeNull();
    expect(parsePieces('-1')).toBeNull();
    expect(parsePieces('三')).toBeNull();
    expect(invalidCounts(count({ '500': 'x', '10': '2' }))).toEqual([500]);
  });

  it('adds up the count in fen and sends every denomination', () => {
    const form = count({ '10000': '7', '2000': '1', '50': '3', '10': '4' });
    expect(countedTotal(form)).toBe(70000 + 2000 + 150 + 40);
    expect(countedRecord(form)).toEqual({
      '10000': 7,
      '5000': 0,
      '2000': 1,
      '1000': 0,
      '500': 0,
      '100': 0,
      '50': 3,
      '10': 4,
    });
    expect(countedTotal(emptyCount)).toBe(0);
  });

  it('breaks an amount into the fewest notes and coins (and refuses what coins cannot make)', () => {
    expect(breakDown(78_890)).toEqual({
      '10000': 7,
      '5000': 1,
      '2000': 1,
      '1000': 1,
      '500': 1,
      '100': 3,
      '50': 1,
      '10': 4,
    });
    expect(breakDown(0)).toEqual(Object.fromEntries(denominations.map((d) => [String(d), 0])));
    expect(breakDown(5)).toBeNull();
    expect(breakDown(-100)).toBeNull();
  });

  it('names the difference of a closed drawer: over (长款), short (短款) or balanced', () => {
    expect(drawerOutcome(0)).toEqual({ kind: 'balanced', amount: 0 });
    expect(drawerOutcome(1000)).toEqual({ kind: 'over', amount: 1000 });
    expect(drawerOutcome(-250)).toEqual({ kind: 'short', amount: 250 });
  });
});

describe('the shift report by payment method', () => {
  it('lists cash first, then card, payment code, account and anything else, with the net', () => {
    expect(
      methodRows({
        takenByMethod: { online: 100, card: 5000, cash: 28000 },
        refundedByMethod: { cash: 14000, payment_code: 3000 },
      }),
    ).toEqual([
      { method: 'cash', taken: 28000, refunded: 14000, net: 14000 },
      { method: 'card', taken: 5000, refunded: 0, net: 5000 },
      { method: 'payment_code', taken: 0, refunded: 3000, net: -3000 },
      { method: 'online', taken: 100, refunded: 0, net: 100 },
    ]);
    expect(methodRows({ takenByMethod: {}, refundedByMethod: {} })).toEqual([]);
  });
});
