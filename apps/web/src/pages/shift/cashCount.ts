// The drawer count of a blind shift close (盲交): pieces per note and coin as the seller types them,
// the counted total, and the request's `counted` record. Only what the seller counted is computed
// here — the expected cash comes from the server once the shift is closed. Pure: tested on its own.
import { cashDenominations, formatYuan } from '@admit/domain';

export type Denomination = (typeof cashDenominations)[number];

/** ¥100 down to ¥0.1, in the order a drawer is counted. */
export const denominations: readonly Denomination[] = cashDenominations;

/** What the seller typed per denomination (fen as the key): "" counts as none. */
export type CountForm = Record<`${Denomination}`, string>;

export const emptyCount: CountForm = Object.fromEntries(
  denominations.map((denomination) => [String(denomination), '']),
) as CountForm;

/** The server's upper limit on pieces of one denomination. */
export const MAX_PIECES = 100_000;

/** A denomination as printed on it: 10000 → "¥100", 50 → "¥0.5", 10 → "¥0.1". */
export function denominationLabel(denomination: number): string {
  const yuan = formatYuan(denomination).replace(/\.?0+$/, '');
  return `¥${yuan}`;
}

/** Pieces from what was typed: a whole number from 0 to MAX_PIECES; "" is 0; anything else null. */
export function parsePieces(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  const pieces = Number(trimmed);
  return pieces <= MAX_PIECES ? pieces : null;
}

/** The denominations whose count is not a whole number of pieces. */
export function invalidCounts(form: CountForm): Denomination[] {
  return denominations.filter((denomination) => parsePieces(form[`${denomination}`]) === null);
}

/** The value of one row in fen (invalid rows count as 0 until corrected). */
export function rowAmount(form: CountForm, denomination: Denomination): number {
  return (parsePieces(form[`${denomination}`]) ?? 0) * denomination;
}

/** The counted cash in fen. */
export function countedTotal(form: CountForm): number {
  return denominations.reduce((sum, denomination) => sum + rowAmount(form, denomination), 0);
}

/** The request's `counted`: pieces per denomination, every denomination present (0 when none). */
export function countedRecord(form: CountForm): Record<string, number> {
  return Object.fromEntries(
    denominations.map((denomination) => [String(denomination), parsePieces(form[`${denomination}`]) ?? 0]),
  );
}

/**
 * The fewest notes and coins that make an amount (largest first), or null when it cannot be made
 * from them (fen below ¥0.1). For training material and tests: a drawer is counted, not computed.
 */
export function breakDown(amount: number): Record<`${Denomination}`, number> | null {
  if (!Number.isSafeInteger(amount) || amount < 0) return null;
  let left = amount;
  const pieces = {} as Record<`${Denomination}`, number>;
  for (const denomination of denominations) {
    pieces[`${denomination}`] = Math.floor(left / denomination);
    left %= denomination;
  }
  return left === 0 ? pieces : null;
}

export type DrawerOutcome = { kind: 'balanced' | 'over' | 'short'; amount: number };

/** Over (长款) or short (短款) as the closed shift reports it: counted − expected. */
export function drawerOutcome(difference: number): DrawerOutcome {
  return {
    kind: difference === 0 ? 'balanced' : difference > 0 ? 'over' : 'short',
    amount: Math.abs(difference),
  };
}
