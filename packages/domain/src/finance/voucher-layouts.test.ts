import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartAccountCodes, chartOfAccountsProblem, paymentAccount } from './chart-of-accounts';
import { standardChartOfAccounts } from './chart-template';
import { simulatedRun } from './simulated-days';
import {
  kingdeeLayout,
  layoutAmountColumns,
  voucherLayouts,
  yonyouLayout,
  type ExportNames,
  type LayoutCell,
  type NumberedVoucher,
} from './voucher-layouts';
import { vouchersForDay } from './vouchers';

const chart = standardChartOfAccounts('site-1');

const names: ExportNames = {
  account: (code) => chart.accountNames?.[code] ?? '',
  product: (code) => ({ ADULT: '成人票', CHILD: '儿童票', SENIOR: '老年票' })[code] ?? code,
  agency: (id) => ({ code: id.toUpperCase(), name: `旅行社${id}` }),
  seller: (id) => `售票员${id}`,
  customerAccounts: new Set([chart.receivable.default]),
  preparer: '财务甲',
};

const voucher: NumberedVoucher = {
  date: '2026-12-01',
  period: '2026-12',
  word: '记',
  number: 7,
  summary: '2026-12-01 售票',
  lines: [
    { account: '1001', debit: 10_600, credit: 0, auxiliary: {} },
    { account: '1122', debit: 21_200, credit: 0, auxiliary: { agencyId: 'ag-1' } },
    { account: '2221.01.07', debit: 0, credit: 1_800, auxiliary: { productCode: 'ADULT' } },
    { account: '6001.01', debit: 0, credit: 30_000, auxiliary: { productCode: 'ADULT' } },
  ],
};

const fen = (cell: LayoutCell) => (cell !== null && typeof cell === 'object' ? cell.fen : 0);

describe('the standard chart of accounts', () => {
  it('is complete and valid, with a name for every account it uses', () => {
    expect(chartOfAccountsProblem(chart)).toBeNull();
    for (const code of chartAccountCodes(chart)) expect(chart.accountNames?.[code]).toBeTruthy();
    expect(chart.outputVat.rateBasisPoints).toBe(600);
    expect(paymentAccount(chart, 'cash', null)).toBe('1001');
    expect(paymentAccount(chart, 'on_account', 'ag-1')).toBe('1122');
  });

  it('refuses account codes a ledger or a CSV cannot take', () => {
    expect(chartOfAccountsProblem({ ...chart, overShort: '1901 01' })).toBe('overShort');
    expect(chartOfAccountsProblem({ ...chart, overShort: '1901,01' })).toBe('overShort');
    expect(chartOfAccountsProblem({ ...chart, overShort: '1901.' })).toBe('overShort');
    expect(chartOfAccountsProblem({ ...chart, overShort: '190101' })).toBeNull();
    expect(chartOfAccountsProblem({ ...chart, accountNames: { '1001': 'x'.repeat(81) } })).toBe(
      'accountNames.1001',
    );
  });
});

describe('voucher export layouts', () => {
  it('writes Kingdee’s standard format: one row per line, entries from 0, D/C, the agency as customer', () => {
    const rows = kingdeeLayout.rows(voucher, names);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toHaveLength(kingdeeLayout.header.length);
    const at = (row: LayoutCell[], field: string) => row[kingdeeLayout.header.indexOf(field)] ?? null;
    expect(rows.map((r) => [at(r, 'FDate'), at(r, 'FPeriod'), at(r, 'FGroup'), at(r, 'FNum')])).toEqual(
      Array(4).fill(['2026-12-01', 12, '记', 7]),
    );
    expect(rows.map((r) => at(r, 'FEntryID'))).toEqual([0, 1, 2, 3]);
    expect(rows.map((r) => at(r, 'FDC'))).toEqual(['D', 'D', 'C', 'C']);
    expect(rows.map((r) => at(r, 'FAcctID'))).toEqual(['1001', '1122', '2221.01.07', '6001.01']);
    expect(rows.map((r) => fen(at(r, 'FFCyAmt')))).toEqual([10_600, 21_200, 1_800, 30_000]);
    expect(rows.map((r) => [at(r, 'FClsName1'), at(r, 'FObjID1'), at(r, 'FObjName1')])[1]).toEqual([
      '客户',
      'AG-1',
      '旅行社ag-1',
    ]);
    expect(at(rows[3]!, 'FExp')).toBe('2026-12-01 售票 成人票');
    expect(at(rows[0]!, 'FPreparer')).toBe('财务甲');
  });

  it('writes Yonyou U8’s layout: date, word, number, summary, account, debit, credit, the customer code', () => {
    const rows = yonyouLayout.rows(voucher, names);
    expect(yonyouLayout.header.slice(0, 8)).toEqual([
      '制单日期',
      '凭证类别字',
      '凭证号',
      '附单据数',
      '摘要',
      '科目编码',
      '借方金额',
      '贷方金额',
    ]);
    for (const row of rows) expect(row).toHaveLength(yonyouLayout.header.length);
    expect(rows[1]!.slice(0, 6)).toEqual(['2026-12-01', '记', 7, 0, '2026-12-01 售票', '1122']);
    expect(rows[1]![yonyouLayout.header.indexOf('客户编码')]).toBe('AG-1');
    expect(rows[0]![yonyouLayout.header.indexOf('客户编码')]).toBeNull();
  });

  it('puts an agency that is no customer line (a commission) and a seller into the summary, cut to the ledger’s length', () => {
    const line = {
      account: '6601.01',
      debit: 100,
      credit: 0,
      auxiliary: { agencyId: 'ag-9', sellerId: 'u' },
    };
    const long = { ...voucher, summary: '长'.repeat(50), lines: [line] };
    expect(kingdeeLayout.rows({ ...voucher, lines: [line] }, names)[0]![5]).toBe(
      '2026-12-01 售票 旅行社ag-9 售票员u',
    );
    expect(kingdeeLayout.rows(long, names)[0]![5]).toBe('长'.repeat(40));
    expect(yonyouLayout.rows(long, names)[0]![4]).toBe(`${'长'.repeat(50)} 旅行社ag-9 售`);
  });

  it('every exported voucher of random days balances in both layouts, row for row with its lines', () => {
    fc.assert(
      fc.property(simulatedRun, (run) => {
        let number = 0;
        for (const day of run.days)
          for (const v of vouchersForDay(chart, day)) {
            const numbered = { ...v, period: day.date.slice(0, 7), word: '记', number: ++number };
            for (const layout of Object.values(voucherLayouts)) {
              const rows = layout.rows(numbered, names);
              expect(rows).toHaveLength(v.lines.length);
              const columns = layoutAmountColumns[layout.id];
              const debit = rows.reduce((sum, r) => sum + fen(r[columns.debit]!), 0);
              const credit = rows.reduce((sum, r) => sum + fen(r[columns.credit]!), 0);
              expect(debit).toBe(credit);
              expect(rows.every((r) => r[columns.number] === number)).toBe(true);
            }
          }
      }),
      { numRuns: 50 },
    );
  });
});
