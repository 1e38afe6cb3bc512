import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlipayBill } from './alipay-bill';
import { writeAlipayTradeBill, type AlipayBillRow } from './alipay-bill-writer';

const payment: AlipayBillRow = {
  kind: 'payment',
  tradeNo: 'SIM17650000000001a2b3c4d',
  outTradeNo: '0193a5f0c9b77c3e8f1a2b3c4d5e6f70',
  refundRequestNo: null,
  subject: '云山风景区 YUNSHAN-261204-01-0001',
  createdAt: '2026-12-04T01:58:00.000Z',
  completedAt: '2026-12-04T01:58:30.000Z',
  amount: 25700,
};
const refund: AlipayBillRow = {
  ...payment,
  kind: 'refund',
  refundRequestNo: '0193a5f1000070008000000000000001',
  createdAt: '2026-12-04T07:40:00.000Z',
  completedAt: '2026-12-04T07:40:00.000Z',
  amount: 12850,
};

describe('writing a bill in Alipay’s trade detail format', () => {
  it('writes what Alipay writes: title lines, header, tab-padded numbers, negative refunds, footer', () => {
    const text = writeAlipayTradeBill({
      account: 'simulator',
      from: '2026-12-03T16:00:00.000Z',
      to: '2026-12-04T16:00:00.000Z',
      exportedAt: '2026-12-05T02:20:31.000Z',
      rows: [refund, payment],
    });
    const lines = text.split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      '#支付宝业务明细查询',
      '#账号：[simulator]',
      '#起始日期：[2026年12月04日 00:00:00]   终止日期：[2026年12月05日 00:00:00]',
    ]);
    expect(lines[5]).toMatch(/^SIM17650000000001a2b3c4d\t,0193a5f0c9b77c3e8f1a2b3c4d5e6f70\t,交易,/);
    expect(lines[5]).toContain(',2026-12-04 09:58:00,2026-12-04 09:58:30,');
    expect(lines[6]).toContain(',退款,');
    expect(lines[6]).toContain(',-128.50,-128.50,');
    expect(lines[6]).toContain(',0193a5f1000070008000000000000001\t,');
    expect(lines.slice(-5)).toEqual([
      '#-----------------------------------------业务明细列表结束------------------------------------',
      '#交易合计：1笔，商家实收共：257.00元，商家优惠共：0.00元',
      '#退款合计：1笔，商家实收退款共：-128.50元，商家优惠退款共：0.00元',
      '#导出时间：[2026年12月05日 10:20:31]',
      '',
    ]);
  });

  it('is read back by the parser line for line, whatever the rows', () => {
    const seconds = fc.integer({ min: 1_700_000_000, max: 1_900_000_000 });
    const reference = fc.stringMatching(/^[0-9A-Za-z]{1,32}$/);
    const row = fc.record({
      kind: fc.constantFrom('payment' as const, 'refund' as const),
      tradeNo: reference,
      outTradeNo: reference,
      refundRequestNo: reference,
      // Commas, line breaks and a leading # must not break the row.
      subject: fc.string({ maxLength: 20 }).map((s) => `#${s},票`),
      createdAt: seconds,
      completedAt: seconds,
      amount: fc.integer({ min: 1, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 15 }), (generated) => {
        const rows: AlipayBillRow[] = generated.map((r) => ({
          ...r,
          refundRequestNo: r.kind === 'refund' ? r.refundRequestNo : null,
          createdAt: new Date(r.createdAt * 1000).toISOString(),
          completedAt: new Date(r.completedAt * 1000).toISOString(),
        }));
        const parsed = parseAlipayBill(
          writeAlipayTradeBill({
            account: '2088000000000001',
            from: '2026-12-03T16:00:00.000Z',
            to: '2026-12-04T16:00:00.000Z',
            exportedAt: '2026-12-05T02:00:00.000Z',
            rows,
          }),
        );
        expect(parsed.problems).toEqual([]);
        expect(parsed.errors).toEqual([]);
        expect(parsed.declaredPeriod).toEqual({
          from: '2026-12-03T16:00:00.000Z',
          to: '2026-12-04T16:00:00.000Z',
        });
        const expected = rows
          .map((r) => ({
            kind: r.kind,
            providerReference: r.tradeNo,
            ourReference: r.kind === 'refund' ? r.refundRequestNo : r.outTradeNo,
            paymentReference: r.outTradeNo,
            amount: r.amount,
            status: 'success',
            time: r.completedAt,
          }))
          .sort(
            (a, b) =>
              a.time.localeCompare(b.time) ||
              a.kind.localeCompare(b.kind) ||
              a.paymentReference.localeCompare(b.paymentReference) ||
              (a.kind === 'refund' ? a.ourReference!.localeCompare(b.ourReference!) : 0),
          );
        expect(parsed.lines.map(({ lineNumber: _, ...line }) => line)).toEqual(expected);
      }),
    );
  });
});
