import { describe, expect, it } from 'vitest';
import { parseMappedStatement, type StatementColumnMapping } from './mapped-csv';

// An aggregator's export (聚合支付), as a finance user would map it.
const mapping: StatementColumnMapping = {
  providerReference: 'Channel Trade No',
  ourReference: '商户单号',
  paymentReference: '原商户单号',
  amount: '金额（分）',
  amountUnit: 'fen',
  kind: { column: '类型', payment: ['消费', 'PAY'], refund: ['退货', 'REFUND'] },
  status: { column: '状态', values: { success: ['已清算'], closed: ['已冲正'] } },
  time: '时间',
  timeZone: 'Asia/Shanghai',
  headerLine: 3,
};

const file = [
  '"某某聚合支付 交易明细"',
  '"商户:某某景区"',
  'Channel Trade No,商户单号,原商户单号,类型,金额(分),状态,时间,备注',
  'T001,p-1,,消费,12850,已清算,2026-12-04 09:58:30,',
  'T002,r-1,p-1,退货,-1000,成功,2026/12/04 15:40,"部分退款,儿童票"',
  'T003,p-2,,PAY,500,已冲正,2026-12-04 16:00:00,',
  'T004,p-3,,消费,12.50,已清算,2026-12-04 16:10:00,',
  'T005,p-4,,转账,100,已清算,2026-12-04 16:20:00,',
  ',,,消费,100,已清算,2026-12-04 16:30:00,',
  'T007,p-6,,消费,100,"已清算,2026-12-04 16:40:00,',
  '',
  ',,,,,,,',
].join('\n');

describe('a CSV statement through a column mapping', () => {
  it('reads lines by the mapped titles, the mapping’s own words for states, fen amounts', () => {
    const parsed = parseMappedStatement(file, mapping);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ignored.map((i) => i.lineNumber)).toEqual([1, 2]);
    expect(parsed.lines).toEqual([
      {
        lineNumber: 4,
        kind: 'payment',
        providerReference: 'T001',
        ourReference: 'p-1',
        paymentReference: 'p-1',
        amount: 12850,
        status: 'success',
        time: '2026-12-04T01:58:30.000Z',
      },
      {
        lineNumber: 5,
        kind: 'refund',
        providerReference: 'T002',
        ourReference: 'r-1',
        paymentReference: 'p-1',
        amount: 1000,
        status: 'success',
        time: '2026-12-04T07:40:00.000Z',
      },
      expect.objectContaining({ lineNumber: 6, kind: 'payment', amount: 500, status: 'closed' }),
    ]);
  });

  it('reports each bad line with its line number and what is wrong, and reads on', () => {
    expect(parseMappedStatement(file, mapping).errors).toEqual([
      { lineNumber: 7, code: 'amount_invalid', column: '金额（分）', value: '12.50' },
      { lineNumber: 8, code: 'kind_unknown', column: '类型', value: '转账' },
      { lineNumber: 9, code: 'reference_missing', column: '商户单号', value: '' },
      { lineNumber: 10, code: 'quote_unclosed', column: null, value: null },
    ]);
  });

  it('takes a negative amount in yuan as a refund when the file has no kind column', () => {
    const parsed = parseMappedStatement('流水号,订单号,金额\n9001,p-9,88.00\n9002,r-9,-8.80\n', {
      providerReference: '流水号',
      ourReference: '订单号',
      amount: '金额',
      amountUnit: 'yuan',
      kind: null,
      status: null,
      time: null,
      timeZone: 'Asia/Shanghai',
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines.map((l) => [l.kind, l.amount, l.status, l.time])).toEqual([
      ['payment', 8800, 'success', null],
      ['refund', 880, 'success', null],
    ]);
  });

  it('says which mapped column the file lacks, and refuses a mapping with no reference', () => {
    expect(parseMappedStatement(file, { ...mapping, headerLine: 1 }).problems).toContainEqual({
      code: 'column_missing',
      column: '商户单号',
    });
    expect(
      parseMappedStatement(file, { ...mapping, providerReference: null, ourReference: null }).problems,
    ).toEqual([{ code: 'mapping_invalid', reason: 'reference_column_missing' }]);
  });
});
