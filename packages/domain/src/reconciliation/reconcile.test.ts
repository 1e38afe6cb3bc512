import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countReconciliationOutcomes,
  reconcile,
  statusesAgree,
  type ReconciliationRecord,
} from './reconcile';
import { statementStatuses, type StatementLine } from './statement-line';
import { parseWechatBill } from './wechat-bill';

const line = (lineNumber: number, over: Partial<StatementLine>): StatementLine => ({
  lineNumber,
  kind: 'payment',
  providerReference: null,
  ourReference: null,
  paymentReference: null,
  amount: 0,
  status: 'success',
  time: null,
  ...over,
});

const record = (id: string, over: Partial<ReconciliationRecord>): ReconciliationRecord => ({
  id,
  kind: 'payment',
  ourReference: id,
  providerReference: null,
  amount: 0,
  status: 'succeeded',
  ...over,
});

describe('reconciling a statement with our payments and refunds', () => {
  it('classifies a statement holding one line of every discrepancy kind', () => {
    const statement = [
      line(2, { ourReference: 'pay-ok', providerReference: '4200-1', amount: 12850 }),
      line(3, { ourReference: 'pay-amount', providerReference: '4200-2', amount: 12850 }),
      line(4, { ourReference: 'pay-status', providerReference: '4200-3', amount: 6000 }),
      line(5, { ourReference: 'pay-stranger', providerReference: '4200-4', amount: 3000 }),
      line(6, { kind: 'refund', ourReference: 'ref-ok', providerReference: '5030-1', amount: 1000 }),
      line(7, { ourReference: 'pay-ok', providerReference: '4200-1', amount: 12850 }),
    ];
    const ours = [
      record('pay-ok', { amount: 12850 }),
      record('pay-amount', { amount: 12800 }),
      // We recorded the payment as failed; the provider took the money.
      record('pay-status', { amount: 6000, status: 'failed' }),
      record('pay-unpaid', { amount: 500 }),
      record('ref-ok', { kind: 'refund', amount: 1000 }),
    ];
    const results = reconcile(statement, ours);
    expect(results.map((r) => [r.outcome, r.line?.lineNumber ?? null, r.record?.id ?? null])).toEqual([
      ['matched', 2, 'pay-ok'],
      ['amount_mismatch', 3, 'pay-amount'],
      ['status_mismatch', 4, 'pay-status'],
      ['missing_ours', 5, null],
      ['matched', 6, 'ref-ok'],
      ['duplicate', 7, null],
      ['missing_provider', null, 'pay-unpaid'],
    ]);
    expect(results[1]).toMatchObject({ amountDifference: 50, matchedBy: 'our_reference' });
    expect(results[5]).toMatchObject({ duplicateOf: 2 });
    expect(countReconciliationOutcomes(results)).toEqual({
      matched: 2,
      amount_mismatch: 1,
      status_mismatch: 1,
      missing_ours: 1,
      missing_provider: 1,
      duplicate: 1,
    });
  });

  it('matches by the provider’s reference when ours is not on the line, preferring the equal amount', () => {
    // Alipay's account bill names two partial refunds of one trade by the trade number only.
    const statement = [
      line(8, { kind: 'refund', providerReference: '2026-trade-1', amount: 3000 }),
      line(9, { kind: 'refund', providerReference: '2026-trade-1', amount: 1000 }),
    ];
    const ours = [
      record('r-a', { kind: 'refund', providerReference: '2026-trade-1', amount: 1000 }),
      record('r-b', { kind: 'refund', providerReference: '2026-trade-1', amount: 3000 }),
    ];
    const results = reconcile(statement, ours);
    expect(results.map((r) => [r.outcome, r.record?.id, r.matchedBy])).toEqual([
      ['matched', 'r-b', 'provider_reference'],
      ['matched', 'r-a', 'provider_reference'],
    ]);
  });

  it('never matches a payment to a refund, and agrees on pending as pending', () => {
    const results = reconcile(
      [line(1, { kind: 'refund', ourReference: 'x', amount: 100, status: 'pending' })],
      [
        record('x', { kind: 'payment', amount: 100 }),
        record('y', { kind: 'refund', ourReference: 'x', amount: 100, status: 'pending' }),
      ],
    );
    expect(results.map((r) => [r.outcome, r.record?.id])).toEqual([
      ['matched', 'y'],
      ['missing_provider', 'x'],
    ]);
  });

  it('reconciles a parsed WeChat bill end to end', () => {
    const bill = [
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      '`2026-12-04 09:58:30,`wx1,`1900000109,`0,`,`42001,`p1,`o,`NATIVE,`SUCCESS,`OTHERS,`CNY,`128.50,`0.00,`0,`0,`0.00,`0.00,`,`,`票,`,`0.77,`0.60%,`128.50,`0.00,`',
      '`2026-12-04 15:40:00,`wx1,`1900000109,`0,`,`42001,`p1,`o,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50301,`r1,`30.00,`0.00,`ORIGINAL,`PROCESSING,`票,`,`-0.18,`0.60%,`0.00,`30.00,`',
    ].join('\n');
    const results = reconcile(parseWechatBill(bill).lines, [
      record('payment-1', { ourReference: 'p1', amount: 12850 }),
      record('refund-1', { kind: 'refund', ourReference: 'r1', amount: 3000, status: 'succeeded' }),
    ]);
    expect(results.map((r) => [r.outcome, r.record?.id])).toEqual([
      ['matched', 'payment-1'],
      // We think the refund went through; WeChat is still processing it.
      ['status_mismatch', 'refund-1'],
    ]);
  });

  it('pairs a record the statement need not list only when a line names it, and prefers one it must', () => {
    // Alipay's account bill names a refund by its trade only. Last week's refund of the same trade is
    // passed in case a line names it; today's is the one today's line is.
    const statement = [line(4, { kind: 'refund', providerReference: 'trade-1', amount: 3000 })];
    const ours = [
      record('last-week', { kind: 'refund', providerReference: 'trade-1', amount: 3000, expected: false }),
      record('today', { kind: 'refund', providerReference: 'trade-1', amount: 2999 }),
      record('old-failed', { ourReference: 'p9', amount: 100, status: 'failed', expected: false }),
    ];
    expect(reconcile(statement, ours).map((r) => [r.outcome, r.record?.id])).toEqual([
      ['amount_mismatch', 'today'],
    ]);
    // Named by our reference, it is paired whatever it is.
    expect(
      reconcile([line(5, { ourReference: 'p9', amount: 100 })], ours).map((r) => [r.outcome, r.record?.id]),
    ).toEqual([
      ['status_mismatch', 'old-failed'],
      ['missing_provider', 'today'],
    ]);
  });

  it('reports a state disagreement before an amount disagreement, with the difference still given', () => {
    const [result] = reconcile(
      [line(1, { ourReference: 'p', amount: 900, status: 'success' })],
      [record('p', { amount: 1000, status: 'pending' })],
    );
    expect(result).toMatchObject({ outcome: 'status_mismatch', amountDifference: -100 });
  });

  it('states agree when both sides say the money moved, is pending, or never will', () => {
    expect(statusesAgree('success', 'succeeded')).toBe(true);
    expect(statusesAgree('refunded', 'succeeded')).toBe(true);
    expect(statusesAgree('closed', 'cancelled')).toBe(true);
    expect(statusesAgree('success', 'failed')).toBe(false);
    expect(statusesAgree('pending', 'succeeded')).toBe(false);
  });
});

// Few references and amounts, so lines and records collide, repeat and disagree often.
const reference = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const arbLine = fc.record({
  lineNumber: fc.integer({ min: 1, max: 40 }),
  kind: fc.constantFrom('payment' as const, 'refund' as const),
  providerReference: fc.option(fc.constantFrom('P1', 'P2', 'P3'), { nil: null }),
  ourReference: fc.option(reference, { nil: null }),
  paymentReference: fc.constant(null),
  amount: fc.constantFrom(100, 200, 12850),
  status: fc.constantFrom(...statementStatuses),
  time: fc.constant(null),
});
const arbRecord = fc.record({
  id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6'),
  kind: fc.constantFrom('payment' as const, 'refund' as const),
  ourReference: reference,
  providerReference: fc.option(fc.constantFrom('P1', 'P2', 'P3'), { nil: null }),
  amount: fc.constantFrom(100, 200, 12850),
  status: fc.constantFrom('pending' as const, 'succeeded' as const, 'failed' as const, 'cancelled' as const),
});

/** The inputs in another order, from a seed (Fisher–Yates with a small LCG). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const pairOutcomes = new Set(['matched', 'amount_mismatch', 'status_mismatch']);

describe('reconciliation properties', () => {
  it('puts every line and every record in exactly one result', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 25 }),
        fc.array(arbRecord, { maxLength: 25 }),
        (lines, records) => {
          const results = reconcile(lines, records);
          const seenLines = results.flatMap((r) => (r.line ? [r.line] : []));
          const seenRecords = results.flatMap((r) => (r.record ? [r.record] : []));
          expect(seenLines).toHaveLength(lines.length);
          expect(new Set(seenLines)).toEqual(new Set(lines));
          expect(seenRecords).toHaveLength(records.length);
          expect(new Set(seenRecords)).toEqual(new Set(records));
          for (const r of results) {
            expect(r.line !== null && r.record !== null).toBe(pairOutcomes.has(r.outcome));
            if (r.outcome === 'missing_provider') expect(r.line).toBeNull();
            if (r.outcome === 'missing_ours' || r.outcome === 'duplicate') expect(r.record).toBeNull();
          }
        },
      ),
    );
  });

  it('pairs only the same transaction: same kind, the reference it matched by, and for matched the same amount and state', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 25 }),
        fc.array(arbRecord, { maxLength: 25 }),
        (lines, records) => {
          for (const r of reconcile(lines, records)) {
            if (!r.line || !r.record) continue;
            expect(r.line.kind).toBe(r.record.kind);
            if (r.matchedBy === 'our_reference') expect(r.line.ourReference).toBe(r.record.ourReference);
            else expect(r.line.providerReference).toBe(r.record.providerReference);
            expect(r.amountDifference).toBe(r.line.amount - r.record.amount);
            if (r.outcome === 'matched') {
              expect(r.line.amount).toBe(r.record.amount);
              expect(statusesAgree(r.line.status, r.record.status)).toBe(true);
            }
            if (r.outcome === 'amount_mismatch') expect(r.line.amount).not.toBe(r.record.amount);
            if (r.outcome === 'status_mismatch')
              expect(statusesAgree(r.line.status, r.record.status)).toBe(false);
          }
        },
      ),
    );
  });

  it('leaves nothing matchable unmatched, and a duplicate points at an earlier line of the same transaction', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 25 }),
        fc.array(arbRecord, { maxLength: 25 }),
        (lines, records) => {
          const results = reconcile(lines, records);
          const orphans = results.filter((r) => r.outcome === 'missing_ours').map((r) => r.line!);
          const unpaid = results.filter((r) => r.outcome === 'missing_provider').map((r) => r.record!);
          for (const l of orphans)
            for (const rec of unpaid) {
              if (l.kind !== rec.kind) continue;
              expect(l.ourReference).not.toBe(rec.ourReference);
              if (l.providerReference !== null) expect(l.providerReference).not.toBe(rec.providerReference);
            }
          const counted = results.filter((r) => r.outcome !== 'duplicate' && r.line).map((r) => r.line!);
          for (const d of results.filter((r) => r.outcome === 'duplicate')) {
            expect(d.line!.ourReference).not.toBeNull();
            const first = counted.filter(
              (l) =>
                l.lineNumber === d.duplicateOf &&
                l.kind === d.line!.kind &&
                l.ourReference === d.line!.ourReference,
            );
            expect(first.length).toBeGreaterThan(0);
            expect(d.duplicateOf!).toBeLessThanOrEqual(d.line!.lineNumber);
          }
        },
      ),
    );
  });

  it('reports a record the statement need not list at most once, and never as missing at the provider', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 25 }),
        fc.array(fc.tuple(arbRecord, fc.boolean()), { maxLength: 25 }),
        (lines, flagged) => {
          const records = flagged.map(([r, expected]) => ({ ...r, expected }));
          const results = reconcile(lines, records);
          expect(results.flatMap((r) => (r.line ? [r.line] : []))).toHaveLength(lines.length);
          const seen = results.flatMap((r) => (r.record ? [r.record] : []));
          expect(new Set(seen).size).toBe(seen.length);
          for (const r of records.filter((x) => x.expected)) expect(seen).toContain(r);
          for (const r of results)
            if (r.outcome === 'missing_provider') expect(r.record!.expected).toBe(true);
        },
      ),
    );
  });

  it('does not depend on the order of the inputs', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 25 }),
        fc.array(arbRecord, { maxLength: 25 }),
        fc.integer(),
        fc.integer(),
        (lines, records, seedA, seedB) => {
          const once = reconcile(lines, records);
          const again = reconcile(shuffled(lines, seedA), shuffled(records, seedB));
          expect(again).toEqual(once);
        },
      ),
    );
  });
});
