// What a reconciliation run keeps of each result, and how finance closes a discrepancy. Every result
// that is not `matched` waits for a resolution: its kind, a note saying what was found and done, and,
// when money was booked to correct it, the settlement adjustment (日结调整) that did. The kinds:
// - explained: nothing is wrong with the money — a payment made just before midnight that the provider
//   booked the next day, a test payment, a line of another system sharing the merchant account;
// - corrected_at_provider: the provider's side was put right (a refund re-issued, a payment reversed,
//   a mistake the provider corrected on a later statement);
// - corrected_in_system: our record was put right (a pending payment queried and settled, a refund
//   retried) — the next run of the period shows it matched;
// - adjusted: the difference was booked as a settlement adjustment, which the resolution names.
// A discrepancy is resolved once; a resolution is never edited (a new run of the same period shows
// what still disagrees).
import type { ReconciliationOutcome, ReconciliationRecord, ReconciliationResult } from './reconcile';
import type { StatementLine } from './statement-line';

export const reconciliationResolutions = [
  'explained',
  'corrected_at_provider',
  'corrected_in_system',
  'adjusted',
] as const;
export type ReconciliationResolution = (typeof reconciliationResolutions)[number];

export const resolutionNoteMaxLength = 500;

/** The outcomes that need finance to look at them. */
export function isDiscrepancy(outcome: ReconciliationOutcome): boolean {
  return outcome !== 'matched';
}

export type ResolutionProblem =
  | 'reconciliation_item_matched'
  | 'reconciliation_item_already_resolved'
  | 'reconciliation_note_required'
  | 'reconciliation_adjustment_required'
  | 'reconciliation_adjustment_invalid';

/** Why this resolution cannot be recorded on this item, or null when it can. */
export function resolutionProblem(
  item: { outcome: ReconciliationOutcome; resolved: boolean },
  input: { resolution: ReconciliationResolution; note: string; adjustmentId: string | null },
): ResolutionProblem | null {
  if (!isDiscrepancy(item.outcome)) return 'reconciliation_item_matched';
  if (item.resolved) return 'reconciliation_item_already_resolved';
  if (input.note.trim() === '') return 'reconciliation_note_required';
  if (input.resolution === 'adjusted' && input.adjustmentId === null)
    return 'reconciliation_adjustment_required';
  // Only an adjustment resolves by an adjustment: another kind naming one would claim it for nothing.
  if (input.resolution !== 'adjusted' && input.adjustmentId !== null)
    return 'reconciliation_adjustment_invalid';
  return null;
}

/** What is stored of one result: the columns of a run's item. */
export type ReconciliationItemFields<L extends StatementLine = StatementLine> = {
  outcome: ReconciliationOutcome;
  kind: StatementLine['kind'];
  /** The provider's number when known, else ours: what finance looks the transaction up by. */
  reference: string;
  /** The line with how it was paired (null: missing at the provider). */
  statementLine:
    | (L & {
        matchedBy: ReconciliationResult['matchedBy'];
        duplicateOf: number | null;
      })
    | null;
  statementAmount: number | null;
  ourType: StatementLine['kind'] | null;
  ourId: string | null;
  ourAmount: number | null;
  needsResolution: boolean;
};

export function reconciliationItemOf<L extends StatementLine, R extends ReconciliationRecord>(
  result: ReconciliationResult<L, R>,
): ReconciliationItemFields<L> {
  const { line, record } = result;
  const kind = line?.kind ?? record!.kind;
  const reference =
    line?.providerReference ?? line?.ourReference ?? record?.providerReference ?? record?.ourReference ?? '';
  return {
    outcome: result.outcome,
    kind,
    reference,
    statementLine: line ? { ...line, matchedBy: result.matchedBy, duplicateOf: result.duplicateOf } : null,
    statementAmount: line?.amount ?? null,
    ourType: record?.kind ?? null,
    ourId: record?.id ?? null,
    ourAmount: record?.amount ?? null,
    needsResolution: isDiscrepancy(result.outcome),
  };
}
