// Reconciliation (对账): a provider's statement lines against our payments and refunds at that
// provider. Every line and every record lands in exactly one result:
// - matched: the same transaction on both sides, same amount, same state;
// - amount_mismatch / status_mismatch: the same transaction, but the amounts or states disagree (a state
//   disagreement is reported first — money we think never came is the graver fault; the amount
//   difference is still given);
// - missing_ours: on the statement, not ours (a payment we never recorded, or another system's);
// - missing_provider: ours, not on the statement (a payment we count that the provider never took);
// - duplicate: our reference a second time on the statement (the first line counts; later ones are
//   duplicates of it).
// A line is ours by our reference first (out_trade_no / out_refund_no, which we made unique), then by
// the provider's reference. The result does not depend on the order of the inputs: lines are taken in
// file order (line number), candidates by a fixed order of their contents, and the results come back in
// line order followed by our unmatched records in reference order. The caller passes the records the
// statement must cover (the provider, account and days of the file), and may add records it need not
// cover but a line may name (`expected: false`): those are paired when named and otherwise left out.
import type { StatementLine, StatementLineKind, StatementStatus } from './statement-line';

export type ReconciliationRecord = {
  /** Our payment's or refund's id (what a resolution points at). */
  id: string;
  kind: StatementLineKind;
  /** What we sent the provider: a payment's provider_order_id, a refund's id as sent (no dashes). */
  ourReference: string;
  /** The provider's number we stored (a payment's reference, a refund's provider_refund_id), if any. */
  providerReference: string | null;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  /**
   * false: a record the statement need not list (outside its days, or never settled) that is passed
   * only so a line naming it finds it. It is never missing at the provider, and a line matched by the
   * provider's number takes an expected record first. Default true.
   */
  expected?: boolean;
};

export const reconciliationOutcomes = [
  'matched',
  'amount_mismatch',
  'status_mismatch',
  'missing_ours',
  'missing_provider',
  'duplicate',
] as const;
export type ReconciliationOutcome = (typeof reconciliationOutcomes)[number];

export type ReconciliationResult<
  L extends StatementLine = StatementLine,
  R extends ReconciliationRecord = ReconciliationRecord,
> = {
  outcome: ReconciliationOutcome;
  /** Null only for missing_provider. */
  line: L | null;
  /** Set for matched, amount_mismatch and status_mismatch (the pair) and missing_provider. */
  record: R | null;
  /** How the pair was found. */
  matchedBy: 'our_reference' | 'provider_reference' | null;
  /** The statement's amount less ours, in fen, for a pair. */
  amountDifference: number | null;
  /** duplicate: the line number of the line that counts. */
  duplicateOf: number | null;
};

/** Where a transaction stands, on either side: the money moved, not yet, or it never will. */
type Settlement = 'settled' | 'pending' | 'unsettled';

const statementSettlement: Record<StatementStatus, Settlement> = {
  success: 'settled',
  // A payment refunded later was still paid; its refund is its own line.
  refunded: 'settled',
  pending: 'pending',
  failed: 'unsettled',
  closed: 'unsettled',
};

const ourSettlement: Record<ReconciliationRecord['status'], Settlement> = {
  succeeded: 'settled',
  pending: 'pending',
  failed: 'unsettled',
  cancelled: 'unsettled',
};

/** Whether the two sides agree on the transaction's state. */
export function statusesAgree(line: StatementStatus, ours: ReconciliationRecord['status']): boolean {
  return statementSettlement[line] === ourSettlement[ours];
}

/** Matches a statement's lines to our records; see the module comment for the rules. */
export function reconcile<L extends StatementLine, R extends ReconciliationRecord>(
  statementLines: readonly L[],
  ourRecords: readonly R[],
): ReconciliationResult<L, R>[] {
  // Positions, not objects, identify entries: the same object passed twice is two entries.
  const lines = [...statementLines].sort(compareLines);
  const records = [...ourRecords].sort(compareRecords);
  const byLine: (ReconciliationResult<L, R> | undefined)[] = lines.map(() => undefined);
  const claimed = records.map(() => false);

  // The first line of each transaction counts; the others are its duplicates.
  const firstOf = new Map<string, L>();
  const counting: number[] = [];
  lines.forEach((line, at) => {
    const key = lineIdentity(line);
    const first = key === null ? undefined : firstOf.get(key);
    if (first) byLine[at] = { ...unpaired(line), outcome: 'duplicate', duplicateOf: first.lineNumber };
    else {
      if (key !== null) firstOf.set(key, line);
      counting.push(at);
    }
  });

  const pair = (at: number, recordAt: number, matchedBy: 'our_reference' | 'provider_reference') => {
    const line = lines[at]!;
    const record = records[recordAt]!;
    claimed[recordAt] = true;
    const outcome: ReconciliationOutcome = !statusesAgree(line.status, record.status)
      ? 'status_mismatch'
      : line.amount !== record.amount
        ? 'amount_mismatch'
        : 'matched';
    const amountDifference = line.amount - record.amount;
    byLine[at] = { outcome, line, record, matchedBy, amountDifference, duplicateOf: null };
  };

  const byOurReference = indexBy(records, (r) => `${r.kind}:${r.ourReference}`);
  for (const at of counting) {
    const line = lines[at]!;
    if (line.ourReference === null) continue;
    const found = byOurReference.get(`${line.kind}:${line.ourReference}`)?.find((i) => !claimed[i]);
    if (found !== undefined) pair(at, found, 'our_reference');
  }

  const byProviderReference = indexBy(records, (r) =>
    r.providerReference === null ? null : `${r.kind}:${r.providerReference}`,
  );
  for (const at of counting) {
    const line = lines[at]!;
    if (byLine[at] || line.providerReference === null) continue;
    const candidates = (byProviderReference.get(`${line.kind}:${line.providerReference}`) ?? []).filter(
      (i) => !claimed[i],
    );
    // Several of ours under one provider number (Alipay names partial refunds by their trade): one the
    // statement must cover before one it need not, the one with the line's amount before another.
    const expected = (i: number) => records[i]!.expected !== false;
    const sameAmount = (i: number) => records[i]!.amount === line.amount;
    const found =
      candidates.find((i) => expected(i) && sameAmount(i)) ??
      candidates.find(expected) ??
      candidates.find(sameAmount) ??
      candidates[0];
    if (found !== undefined) pair(at, found, 'provider_reference');
  }

  const results = lines.map((line, at) => byLine[at] ?? unpaired<L, R>(line));
  records.forEach((record, at) => {
    if (!claimed[at] && record.expected !== false)
      results.push({
        outcome: 'missing_provider',
        line: null,
        record,
        matchedBy: null,
        amountDifference: null,
        duplicateOf: null,
      });
  });
  return results;
}

/** How many results of each outcome (zero for those that did not occur). */
export function countReconciliationOutcomes(
  results: readonly { outcome: ReconciliationOutcome }[],
): Record<ReconciliationOutcome, number> {
  const counts = Object.fromEntries(reconciliationOutcomes.map((o) => [o, 0])) as Record<
    ReconciliationOutcome,
    number
  >;
  for (const r of results) counts[r.outcome] += 1;
  return counts;
}

/** A line with no record: missing on our side. */
function unpaired<L extends StatementLine, R extends ReconciliationRecord>(
  line: L,
): ReconciliationResult<L, R> {
  return {
    outcome: 'missing_ours',
    line,
    record: null,
    matchedBy: null,
    amountDifference: null,
    duplicateOf: null,
  };
}

/**
 * A transaction on the statement: its kind and our reference. A line named only by the provider's
 * number is no one's duplicate — it may be one of several movements under that number (Alipay's
 * account bill names every partial refund of a trade by the trade) — and a second line that finds no
 * record of ours is reported missing on our side instead.
 */
function lineIdentity(line: StatementLine): string | null {
  return line.ourReference === null ? null : `${line.kind}:${line.ourReference}`;
}

/** The positions of the items under each key, in order (items with a null key are left out). */
function indexBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, number[]> {
  const index = new Map<string, number[]>();
  items.forEach((item, at) => {
    const k = key(item);
    if (k === null) return;
    const list = index.get(k);
    if (list) list.push(at);
    else index.set(k, [at]);
  });
  return index;
}

const text = (a: string | null, b: string | null) =>
  (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;

function compareLines(a: StatementLine, b: StatementLine): number {
  return (
    a.lineNumber - b.lineNumber ||
    text(a.kind, b.kind) ||
    text(a.ourReference, b.ourReference) ||
    text(a.providerReference, b.providerReference) ||
    a.amount - b.amount ||
    text(a.status, b.status) ||
    text(a.paymentReference, b.paymentReference) ||
    text(a.time, b.time)
  );
}

function compareRecords(a: ReconciliationRecord, b: ReconciliationRecord): number {
  return (
    text(a.kind, b.kind) ||
    text(a.ourReference, b.ourReference) ||
    text(a.providerReference, b.providerReference) ||
    text(a.id, b.id) ||
    a.amount - b.amount ||
    text(a.status, b.status) ||
    Number(a.expected === false) - Number(b.expected === false)
  );
}
