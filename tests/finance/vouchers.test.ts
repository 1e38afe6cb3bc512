// The chart of accounts and the vouchers through the real app: the chart (none, the template, refused
// when incomplete, saved and audited with what changed); vouchers of confirmed days generated once,
// numbered consecutively per month, every one balanced, the busy day's sales voucher as computed by
// hand; a day whose rows no longer match its settlement refused; and the export in Kingdee's and
// Yonyou's layouts as xlsx and CSV, read back with Σ debit = Σ credit per voucher, marked exported,
// refused a second time unless it is a re-export, which is audited.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import { kingdeeLayout, layoutAmountColumns, standardChartOfAccounts, yonyouLayout } from '@admit/domain';
import { fixedClock } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import {
  atSite,
  createFinanceFixture,
  financeApi,
  logInAgain,
  ok,
  playBusyDay,
  refused,
  saleDay,
  siteApi,
  type BusyDay,
  type FinanceFixture,
} from './fixture';

type Voucher = {
  businessDate: string;
  kind: string;
  word: string;
  number: number;
  summary: string;
  lines: { account: string; debit: number; credit: number; auxiliary: Record<string, string> }[];
  debitTotal: number;
  creditTotal: number;
  exportCount: number;
  lastExportedByName: string | null;
};

const template = (() => {
  const { siteId: _site, ...chart } = standardChartOfAccounts('x');
  return chart;
})();

describe('chart of accounts and vouchers', () => {
  let t: TestApp;
  let f: FinanceFixture;
  let busy: BusyDay;
  const clock = fixedClock(atSite(saleDay, '10:00'));
  const finance = () => financeApi(f);
  const site = () => siteApi(f);

  /** Confirms the shifts of a day still to confirm and the day itself, ten minutes after its midnight. */
  async function settle(date: string, next: string) {
    clock.set(atSite(next, '00:10'));
    await logInAgain(f);
    for (const s of await rows<{ id: string }>(
      t.database.db,
      sql`select id from shifts where site_id = ${f.siteId} and business_date = ${date} and status = 'closed'`,
    ))
      ok(await site()(f.people.finance, `/shifts/${s.id}/confirm`, {}));
    ok(await finance()(f.people.finance, `/settlements/${date}/confirm`, {}));
  }

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createFinanceFixture(t, clock, 'FVCH');
    busy = await playBusyDay(t, f, clock);
    await settle(saleDay, '2026-12-02');
    // 2 December: a boat ticket refunded (10% kept), a cash adjustment of the 1st.
    clock.set(atSite('2026-12-02', '10:00'));
    await logInAgain(f);
    const shift = ok<{ id: string }>(
      await site()(f.people.seller, '/shifts', { floatAmount: 20_000 }),
      201,
    ).id;
    ok(
      await site()(f.people.seller, `/orders/${busy.orders.boat.id}/refunds`, {
        ticketIds: [busy.orders.boat.tickets[1]!.id],
      }),
      201,
    );
    ok(await site()(f.people.seller, `/shifts/${shift}/close`, { counted: { '10000': 1, '1000': 1 } }));
    ok(
      await finance()(f.people.finance, '/adjustments', {
        correctsDate: saleDay,
        method: 'cash',
        amount: 500,
        reason: '长款',
      }),
      201,
    );
    await settle('2026-12-02', '2026-12-03');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has no chart at first, so no vouchers; offers the template; keeps statisticians out', async () => {
    expect(ok(await finance()(f.people.finance, '/chart'))).toEqual({ chart: null });
    refused(
      await finance()(f.people.finance, '/vouchers/generate', { from: saleDay, to: saleDay }),
      409,
      'chart_of_accounts_missing',
    );
    expect(ok(await finance()(f.people.finance, '/chart/template'))).toEqual({
      chart: template,
      voucherWord: '记',
    });
    refused(await finance()(f.people.stats, '/chart'), 403, 'permission_denied');
    refused(
      await finance()(f.people.stats, `/vouchers?from=${saleDay}&to=${saleDay}`),
      403,
      'permission_denied',
    );
  });

  it('refuses an incomplete chart naming the field, saves a complete one, audits before and after', async () => {
    const put = (chart: unknown, voucherWord = '记') =>
      finance()(f.people.finance, '/chart', { chart, voucherWord }, 'PUT');
    const bad = await put({ ...template, overShort: '' });
    refused(bad, 422, 'chart_of_accounts_invalid');
    expect(bad.json()).toMatchObject({ error: { details: { field: 'overShort' } } });
    refused(
      await put({ ...template, receivable: { default: '1122', byAgency: { [newId()]: '1122.09' } } }),
      422,
      'chart_of_accounts_invalid',
    );
    refused(await put(template, '记账凭证字'), 400, 'validation_failed');
    const saved = ok<{ chart: unknown; voucherWord: string; updatedByName: string }>(await put(template));
    expect(saved).toMatchObject({ chart: template, voucherWord: '记', updatedByName: f.logins.finance });
    const withAgency = {
      ...template,
      receivable: { default: '1122', byAgency: { [f.agencyId]: '1122.01' } },
      accountNames: { ...template.accountNames, '1122.01': '应收账款—春秋旅行社' },
    };
    ok(await put(withAgency));
    const audit = await rows<{
      action: string;
      details: { before: unknown; after: unknown; changed: string[] };
    }>(
      t.database.db,
      sql`select action, details from audit_log where action like 'finance.chart.%' and site_id = ${f.siteId}
          order by occurred_at, id`,
    );
    expect(audit.map((a) => [a.action, a.details.before === null, a.details.changed])).toEqual([
      ['finance.chart.created', true, expect.arrayContaining(['overShort', 'revenue'])],
      ['finance.chart.updated', false, ['accountNames', 'receivable']],
    ]);
    expect(audit[1]!.details.after).toMatchObject({ chart: withAgency, voucherWord: '记' });
  });

  it('generates the vouchers of confirmed days once, numbered 1, 2, 3… in the month, each balanced', async () => {
    const generate = async () =>
      ok<{ days: { date: string; outcome: string; numbers: number[] }[] }>(
        await finance()(f.people.finance, '/vouchers/generate', { from: saleDay, to: '2026-12-03' }),
      ).days;
    const first = await generate();
    expect(first).toEqual([
      { date: saleDay, outcome: 'generated', numbers: [1, 2, 3, 4] },
      { date: '2026-12-02', outcome: 'generated', numbers: [5, 6] },
      { date: '2026-12-03', outcome: 'not_settled', numbers: [] },
    ]);
    expect(await generate()).toEqual([
      { date: saleDay, outcome: 'existing', numbers: [1, 2, 3, 4] },
      { date: '2026-12-02', outcome: 'existing', numbers: [5, 6] },
      { date: '2026-12-03', outcome: 'not_settled', numbers: [] },
    ]);
    const { vouchers, names } = ok<{ vouchers: Voucher[]; names: { accounts: Record<string, string> } }>(
      await finance()(f.people.finance, `/vouchers?from=${saleDay}&to=2026-12-02`),
    );
    expect(vouchers.map((v) => [v.businessDate, v.kind, v.word, v.number])).toEqual([
      [saleDay, 'sales', '记', 1],
      [saleDay, 'refunds', '记', 2],
      [saleDay, 'rebookings', '记', 3],
      [saleDay, 'over_short', '记', 4],
      ['2026-12-02', 'refunds', '记', 5],
      ['2026-12-02', 'adjustments', '记', 6],
    ]);
    for (const v of vouchers) {
      expect(v.debitTotal).toBe(v.creditTotal);
      expect(v.lines.reduce((s, l) => s + l.debit - l.credit, 0)).toBe(0);
    }
    expect(names.accounts['1001']).toBe('库存现金');
    // The busy day's sales, by hand: the money in by method, the tickets for Saturday deferred, the
    // rest revenue net of 6% VAT (adults 750 → 707.55 + 42.45; the student 60 → 56.60 + 3.40).
    const sales = vouchers[0]!;
    expect(sales.summary).toBe('2026-12-01 售票');
    const line = (l: Voucher['lines'][number]) => [l.account, l.debit, l.credit, l.auxiliary];
    expect(sales.lines.map(line)).toEqual(
      expect.arrayContaining([
        ['1001', 58_000, 0, {}],
        ['1012.01', 13_000, 0, {}],
        ['1012.02', 6_000, 0, {}],
        ['1012.03', 13_000, 0, {}],
        ['1122.01', 13_000, 0, { agencyId: f.agencyId }],
        ['1122', 10_000, 0, { agencyId: f.otaAgencyId }],
        ['2205', 0, 12_000, { productCode: 'ADULT' }],
        ['2205', 0, 20_000, { productCode: 'BOAT' }],
        ['2221.01.07', 0, 4_245, { productCode: 'ADULT' }],
        ['2221.01.07', 0, 340, { productCode: 'STUDENT' }],
        ['6001.01', 0, 70_755, { productCode: 'ADULT' }],
        ['6001.01', 0, 5_660, { productCode: 'STUDENT' }],
      ]),
    );
    expect(sales.lines).toHaveLength(12);
    expect(sales.debitTotal).toBe(113_000);
    const adjustment = vouchers[5]!;
    expect(adjustment.lines.map(line)).toEqual([
      ['1001', 500, 0, {}],
      ['1901', 0, 500, {}],
    ]);
  });

  it('makes no vouchers for a settled day whose rows no longer match its settlement', async () => {
    await settle('2026-12-03', '2026-12-04');
    // As if a bug wrote to the settled day: an adjustment dated on it after it was confirmed.
    await t.database.db.execute(
      sql`insert into settlement_adjustments (id, site_id, business_date, corrects_date, method, amount, reason, created_at)
          values (${newId()}, ${f.siteId}, '2026-12-03', ${saleDay}, 'cash', 100, 'bug', now())`,
    );
    refused(
      await finance()(f.people.finance, '/vouchers/generate', { from: '2026-12-03', to: '2026-12-03' }),
      409,
      'settlement_changed',
    );
    const [left] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from vouchers where site_id = ${f.siteId} and business_date = '2026-12-03'`,
    );
    expect(left!.n).toBe(0);
  });

  type Exported = { rows: unknown[][]; header: unknown[] };

  const exportFile = (body: Record<string, unknown>) =>
    f.people.finance.request(`/api/v1/finance/sites/${f.siteId}/vouchers/export`, {
      method: 'POST',
      payload: body,
    });

  async function readXlsx(buffer: Buffer): Promise<Exported> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const all: unknown[][] = [];
    sheet.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
    return { header: all[0]!, rows: all.slice(1) };
  }

  function readCsv(buffer: Buffer): Exported {
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const all = parse(buffer.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
    return { header: all[0]!, rows: all.slice(1) };
  }

  /** Σ debit and Σ credit per voucher number, in fen. */
  function perVoucher(file: Exported, layout: 'kingdee' | 'yonyou') {
    const columns = layoutAmountColumns[layout];
    const fen = (v: unknown) => Math.round(Number(v ?? 0) * 100);
    const sums = new Map<number, { debit: number; credit: number }>();
    for (const row of file.rows) {
      const n = Number(row[columns.number]);
      const s = sums.get(n) ?? { debit: 0, credit: 0 };
      s.debit += fen(row[columns.debit]);
      s.credit += fen(row[columns.credit]);
      sums.set(n, s);
    }
    return sums;
  }

  it('exports for Kingdee as xlsx: the layout’s columns, every voucher balanced, all marked exported', async () => {
    const res = await exportFile({ from: saleDay, to: '2026-12-02', layout: 'kingdee', format: 'xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="vouchers-FVCH-2026-12-01_2026-12-02-kingdee.xlsx"; ` +
        `filename*=UTF-8''${encodeURIComponent('凭证-FVCH-2026-12-01_2026-12-02-金蝶.xlsx')}`,
    );
    const file = await readXlsx(res.rawPayload);
    expect(file.header).toEqual([...kingdeeLayout.header]);
    const sums = perVoucher(file, 'kingdee');
    expect([...sums.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    for (const s of sums.values()) expect(s.debit).toBe(s.credit);
    expect(sums.get(1)).toEqual({ debit: 113_000, credit: 113_000 });
    // The agency on account is the ledger's customer on its receivable line.
    const receivable = file.rows.find((r) => r[6] === '1122.01')!;
    expect(receivable.slice(7, 10)).toEqual(['客户', 'TA', '春秋旅行社']);
    const marked = await rows<{ export_count: number; last_exported_by: string }>(
      t.database.db,
      sql`select export_count, last_exported_by from vouchers where site_id = ${f.siteId}`,
    );
    expect(marked).toHaveLength(6);
    expect(marked.every((v) => v.export_count === 1 && v.last_exported_by === f.userIds.finance)).toBe(true);
  });

  it('refuses to export exported vouchers again unless it is a re-export, which is audited', async () => {
    const again = await exportFile({ from: '2026-12-02', to: '2026-12-02', layout: 'yonyou', format: 'csv' });
    refused(again, 409, 'vouchers_already_exported');
    expect(again.json()).toMatchObject({ error: { details: { count: 2, numbers: ['记-5', '记-6'] } } });
    const res = await exportFile({
      from: saleDay,
      to: '2026-12-02',
      layout: 'yonyou',
      format: 'csv',
      reexport: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const file = readCsv(res.rawPayload);
    expect(file.header).toEqual([...yonyouLayout.header]);
    const sums = perVoucher(file, 'yonyou');
    expect(sums.size).toBe(6);
    for (const s of sums.values()) expect(s.debit).toBe(s.credit);
    expect(file.rows.find((r) => r[5] === '1122.01')![17]).toBe('TA');
    const audit = await rows<{ action: string; details: Record<string, unknown> }>(
      t.database.db,
      sql`select action, details from audit_log where action like 'finance.vouchers.%exported' and site_id = ${f.siteId}
          order by occurred_at, id`,
    );
    expect(audit).toMatchObject([
      { action: 'finance.vouchers.exported', details: { count: 6, layout: 'kingdee' } },
      {
        action: 'finance.vouchers.reexported',
        details: { count: 6, reexported: 6, layout: 'yonyou', format: 'csv' },
      },
    ]);
    expect(audit).toHaveLength(2);
    const [counts] = await rows<{ min: number; max: number }>(
      t.database.db,
      sql`select min(export_count)::int as min, max(export_count)::int as max from vouchers where site_id = ${f.siteId}`,
    );
    expect(counts).toEqual({ min: 2, max: 2 });
  });

  it('is documented in the OpenAPI description under the finance tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = res.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;
    for (const path of [
      '/api/v1/finance/sites/{siteId}/settlements/{date}',
      '/api/v1/finance/sites/{siteId}/settlements/{date}/confirm',
      '/api/v1/finance/sites/{siteId}/settlements',
      '/api/v1/finance/sites/{siteId}/adjustments',
      '/api/v1/finance/sites/{siteId}/chart',
      '/api/v1/finance/sites/{siteId}/chart/template',
      '/api/v1/finance/sites/{siteId}/vouchers/generate',
      '/api/v1/finance/sites/{siteId}/vouchers',
      '/api/v1/finance/sites/{siteId}/vouchers/export',
    ]) {
      expect(paths[path], path).toBeDefined();
      expect(
        Object.values(paths[path]!).every((op) => op.tags?.includes('finance')),
        path,
      ).toBe(true);
    }
  });

  it('refuses an empty range and a range the wrong way round', async () => {
    refused(
      await exportFile({ from: '2026-11-01', to: '2026-11-30', layout: 'kingdee', format: 'csv' }),
      404,
      'vouchers_not_found',
    );
    refused(
      await exportFile({ from: '2026-12-02', to: saleDay, layout: 'kingdee', format: 'csv' }),
      422,
      'finance_date_range_invalid',
    );
    refused(
      await f.people.stats.request(`/api/v1/finance/sites/${f.siteId}/vouchers/export`, {
        method: 'POST',
        payload: { from: saleDay, to: saleDay, layout: 'kingdee', format: 'csv' },
      }),
      403,
      'permission_denied',
    );
  });
});
