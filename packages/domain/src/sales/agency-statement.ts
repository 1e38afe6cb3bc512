// A travel agency's statement (对账单) for a period, built from its ledger: the balance before the
// period (opening), every movement in it with the balance after it (running balance), totals by kind,
// the balance at the end (closing), what the agency owes (amount due) and what it can still buy on
// account. Pure: the service reads the rows, this decides the figures, so CSV, Excel and the screen
// can never disagree. Balances are prepaid money in fen: positive is the agency's money held by the
// site, negative is what it owes.
import { addDays, isCivilDate } from '../catalog/calendar';
import { zonedToUtc } from '../catalog/time-zone';

/**
 * What moved an agency's balance: `deposit` advance money paid in; `sale` an order on account (negative);
 * `sale_reversed` a sale on account given back when its order was cancelled before it completed;
 * `refund` tickets refunded to the account; `payment` money received to settle what was owed.
 */
export const agencyLedgerKinds = ['deposit', 'sale', 'sale_reversed', 'refund', 'payment'] as const;
export type AgencyLedgerKind = (typeof agencyLedgerKinds)[number];

export type AgencyMovement = { kind: AgencyLedgerKind; amount: number };

export type AgencyStatementFigures<T extends AgencyMovement> = {
  openingBalance: number;
  /** The movements in the order given, each with the balance right after it. */
  lines: (T & { balance: number })[];
  /** Sum of the signed amounts per kind (sales negative), zero for kinds that did not occur. */
  totals: Record<AgencyLedgerKind, number>;
  /** How many movements of each kind. */
  counts: Record<AgencyLedgerKind, number>;
  closingBalance: number;
  /** What the agency owes at the end of the period: the negative part of the closing balance. */
  amountDue: number;
  /** What it could still buy on account at the end of the period with its credit limit. */
  availableCredit: number;
};

/** What the agency owes on a balance: nothing when it is in credit. */
export function agencyAmountDue(balance: number): number {
  return balance < 0 ? -balance : 0;
}

/**
 * The statement's figures. `movements` must be in booking order (the ledger's time, then id); the
 * running balance follows that order.
 */
export function buildAgencyStatement<T extends AgencyMovement>(input: {
  openingBalance: number;
  movements: readonly T[];
  creditLimit: number;
}): AgencyStatementFigures<T> {
  const totals = zeroByKind();
  const counts = zeroByKind();
  let balance = input.openingBalance;
  const lines = input.movements.map((movement) => {
    balance += movement.amount;
    totals[movement.kind] += movement.amount;
    counts[movement.kind] += 1;
    return { ...movement, balance };
  });
  return {
    openingBalance: input.openingBalance,
    lines,
    totals,
    counts,
    closingBalance: balance,
    amountDue: agencyAmountDue(balance),
    availableCredit: Math.max(0, balance + input.creditLimit),
  };
}

function zeroByKind(): Record<AgencyLedgerKind, number> {
  return { deposit: 0, sale: 0, sale_reversed: 0, refund: 0, payment: 0 };
}

/** A statement covers whole business days, at most a year and a day (a year's statement fits). */
export const maxStatementDays = 366;

export type StatementPeriod = { from: string; to: string };

/** The calendar month before the one `today` (a business date at the site) is in. */
export function previousCalendarMonth(today: string): StatementPeriod {
  if (!isCivilDate(today)) throw new RangeError(`not a date: ${today}`);
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThisMonth, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

/** Why a period cannot be a statement's, or null when it can. */
export function statementPeriodProblem(
  period: StatementPeriod,
): null | 'invalid_date' | 'ends_before_start' | 'too_long' {
  if (!isCivilDate(period.from) || !isCivilDate(period.to)) return 'invalid_date';
  if (period.to < period.from) return 'ends_before_start';
  if (addDays(period.from, maxStatementDays - 1) < period.to) return 'too_long';
  return null;
}

/** The instants a period of business days at the site covers: from its first midnight to the one after it. */
export function statementWindow(period: StatementPeriod, timeZone: string): { start: Date; end: Date } {
  return {
    start: zonedToUtc(period.from, '00:00', timeZone),
    end: zonedToUtc(addDays(period.to, 1), '00:00', timeZone),
  };
}
