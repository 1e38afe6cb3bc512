import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile, reconciliationOutcomes, type ReconciliationRecord } from './reconcile';
import {
  isDiscrepancy,
  reconciliationItemOf,
  reconciliationResolutions,
  resolutionProblem,
} from './resolution';
import type { StatementLine } from './statement-line';

const open = { outcome: 'amount_mismatch' as const, resolved: false };
const input = { resolution: 'explained' as const, note: '跨日到账', adjustmentId: null };

describe('resolving a discrepancy', () => {
  it('takes a kind and a note on an open discrepancy', () => {
    for (const outcome of reconciliationOutcomes.filter(isDiscrepancy))
      expect(resolutionProblem({ outcome, resolved: false }, input)).toBeNull();
    expect(
      resolutionProblem(open, { resolution: 'adjusted', note: '已调账', adjustmentId: 'a1' }),
    ).toBeNull();
  });

  it('refuses a matched item, a resolved one, an empty note, and an adjustment without its record', () => {
    expect(resolutionProblem({ outcome: 'matched', resolved: false }, input)).toBe(
      'reconciliation_item_matched',
    );
    expect(resolutionProblem({ ...open, resolved: true }, input)).toBe(
      'reconciliation_item_already_resolved',
    );
    expect(resolutionProblem(open, { ...input, note: ' \n ' })).toBe('reconciliation_note_required');
    expect(resolutionProblem(open, { ...input, resolution: 'adjusted' })).toBe(
      'reconciliation_adjustment_required',
    );
    expect(resolutionProblem(open, { ...input, adjustmentId: 'a1' })).toBe(
      'reconciliation_adjustment_invalid',
    );
    expect(reconciliationResolutions).toContain('adjusted');
  });
});

const line: fc.Arbitrary<StatementLine> = fc
  .record({
    lineNumber: fc.integer({ min: 1, max: 40 }),
    kind: fc.constantFrom('payment' as const, 'refund' as const),
    providerReference: fc.option(fc.constantFrom('T1', 'T2', 'T3'), { nil: null }),
    ourReference: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: null }),
    paymentReference: fc.constant(null),
    amount: fc.integer({ min: 1, max: 500 }),
    status: fc.constantFrom('success' as const, 'pending' as const, 'closed' as const),
    time: fc.constant(null),
  })
  .filter((l) => l.providerReference !== null || l.ourReference !== null);

const record = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom('payment' as const, 'refund' as const),
  ourReference: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
  providerReference: fc.option(fc.constantFrom('T1', 'T2', 'T4'), { nil: null }),
  amount: fc.integer({ min: 1, max: 500 }),
  status: fc.constantFrom('succeeded' as const, 'pending' as const, 'failed' as const),
}) satisfies fc.Arbitrary<ReconciliationRecord>;

describe('what a run keeps of each result', () => {
  it('keeps both sides’ amounts and a reference, and waits for a resolution exactly on discrepancies', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.array(record, { maxLength: 12 }),
        (lines, records) => {
          for (const result of reconcile(lines, records)) {
            const item = reconciliationItemOf(result);
            expect(item.outcome).toBe(result.outcome);
            expect(item.needsResolution).toBe(result.outcome !== 'matched');
            expect(item.reference).not.toBe('');
            expect(item.statementAmount).toBe(result.line?.amount ?? null);
            expect(item.ourAmount).toBe(result.record?.amount ?? null);
            expect(item.ourId).toBe(result.record?.id ?? null);
            expect(item.kind).toBe((result.line ?? result.record)!.kind);
            if (result.outcome === 'duplicate') expect(item.statementLine?.duplicateOf).not.toBeNull();
          }
        },
      ),
    );
  });

  it('names a line by the provider’s number first, a record missing at the provider by ours', () => {
    const [paired, missing] = reconcile(
      [
        {
          lineNumber: 3,
          kind: 'payment',
          providerReference: '4200001',
          ourReference: 'p1',
          paymentReference: 'p1',
          amount: 100,
          status: 'success',
          time: null,
        },
      ],
      [
        {
          id: 'a',
          kind: 'payment',
          ourReference: 'p1',
          providerReference: '4200001',
          amount: 90,
          status: 'succeeded',
        },
        {
          id: 'b',
          kind: 'refund',
          ourReference: 'r9',
          providerReference: null,
          amount: 50,
          status: 'succeeded',
        },
      ],
    );
    expect(reconciliationItemOf(paired!)).toMatchObject({
      outcome: 'amount_mismatch',
      reference: '4200001',
      statementAmount: 100,
      ourType: 'payment',
      ourId: 'a',
      ourAmount: 90,
      statementLine: { lineNumber: 3, matchedBy: 'our_reference', duplicateOf: null },
    });
    expect(reconciliationItemOf(missing!)).toMatchObject({
      outcome: 'missing_provider',
      kind: 'refund',
      reference: 'r9',
      statementLine: null,
      statementAmount: null,
    });
  });
});
