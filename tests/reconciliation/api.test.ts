// Reconciliation through the real app, the way a training session runs it: sales at the counter paid
// through the payment simulator, the simulator's statement downloaded in Alipay's format (GBK, as a
// CSV or zipped), imported as it is — everything matches — then edited the way a trainer edits it (an
// amount changed, a line dropped, a stranger added) and imported again: the discrepancies are listed,
// filtered, and resolved once each with a note; saved column mappings; who may do any of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { unzipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import {
  fixedClock,
  PaymentProviders,
  refundTickets,
  SimulatorProvider,
  startPaymentSimulator,
  systemContext,
  type RunningSimulator,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';
import { paymentCode, sellWithCode, type Sale } from './fixture';

type Run = {
  id: string;
  provider: string;
  format: string;
  lineCount: number;
  counts: Record<string, number>;
  openCount: number;
  periodFrom: string;
  periodTo: string;
  parseErrors: unknown[];
};
type Item = {
  id: string;
  outcome: string;
  ourId: string | null;
  reference: string;
  needsResolution: boolean;
  resolution: string | null;
  resolutionNote: string | null;
  resolvedBy: { id: string; name: string } | null;
  adjustmentId: string | null;
  orderNumber: string | null;
};

describe('reconciliation through the API', () => {
  let t: TestApp;
  let f: SaleFixture;
  let simulator: RunningSimulator;
  let finance: TestClient;
  let seller: TestClient;
  let financeUserId: string;
  const clock = fixedClock(saleNow);
  const base = '/api/v1/finance/reconciliation';
  const sales: Sale[] = [];

  beforeAll(async () => {
    simulator = await startPaymentSimulator({ passwordMs: 50 });
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_PAYMENT_SIMULATOR: 'off' } });
    const sim = new SimulatorProvider(simulator.url, simulator.secret);
    (t.app.sales as { payments: PaymentProviders }).payments = new PaymentProviders({
      alipay: sim,
      wechat: sim,
    });
    f = await createSaleFixture(t.database.db, { clock, code: 'RECAPI' });
    financeUserId = (
      await createTestUser(t.database.db, { loginName: 'rc.finance', roles: ['finance'], siteId: f.siteId })
    ).id;
    await createTestUser(t.database.db, { loginName: 'rc.finance2', roles: ['finance'], siteId: f.siteId });
    await createTestUser(t.database.db, { loginName: 'rc.seller', roles: ['seller'], siteId: f.siteId });
    finance = await loggedIn(t.app, 'rc.finance');
    seller = await loggedIn(t.app, 'rc.seller');
    const ctx = systemContext(t.database.db, 'test', { clock });
    for (const [wallet, adults] of [
      ['alipay', 2],
      ['wechat', 1],
      ['alipay', 3],
      ['wechat', 1],
    ] as const)
      sales.push(await sellWithCode(ctx, t.app.sales, f, paymentCode(wallet), adults));
    await refundTickets(ctx, t.app.sales, f.siteId, sales[0]!.orderId, {
      ticketIds: [sales[0]!.ticketIds[0]!],
      reason: 'rain',
      void: false,
      approval: null,
    });
  });
  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  const statementUrl = (format: 'csv' | 'zip' = 'csv') =>
    `${base}/simulator-statement?siteId=${f.siteId}&from=${saleDay}&to=${saleDay}&format=${format}`;
  const importFile = (client: TestClient, content: Buffer, extra: Record<string, unknown> = {}) =>
    client.request(`${base}/runs`, {
      method: 'POST',
      payload: {
        siteId: f.siteId,
        provider: 'simulator',
        fileName: 'simulator.csv',
        contentBase64: content.toString('base64'),
        ...extra,
      },
    });
  const itemsOf = async (runId: string, query = '') => {
    const res = await finance.request(`${base}/runs/${runId}/items?siteId=${f.siteId}${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Item[]; next: string | null }>();
  };
  const resolve = (client: TestClient, itemId: string, body: Record<string, unknown>) =>
    client.request(`${base}/items/${itemId}/resolve`, {
      method: 'POST',
      payload: { siteId: f.siteId, resolution: 'explained', note: '跨日到账，次日对账单已列出', ...body },
    });
  const expectError = (
    res: { statusCode: number; body: string; json: () => unknown },
    status: number,
    code: string,
  ) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ error: { code } });
  };

  let statement: string;

  it('gives finance the simulator’s statement in Alipay’s format, and nobody else', async () => {
    expectError(await seller.request(statementUrl()), 403, 'permission_denied');
    const res = await finance.request(statementUrl());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=gbk');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('simulator_20261201_20261201_业务明细.csv')}`,
    );
    statement = iconv.decode(res.rawPayload, 'gbk');
    expect(statement.startsWith('#支付宝业务明细查询\r\n#账号：[simulator]\r\n')).toBe(true);
    expect(statement).toContain('#起始日期：[2026年12月01日 00:00:00]   终止日期：[2026年12月02日 00:00:00]');
    // Four payments and the refund, each on its own line.
    expect(statement.split('\r\n').filter((l) => /\t,/.test(l))).toHaveLength(5);
    expect(statement).toContain('#交易合计：4笔，商家实收共：910.00元');
    expect(statement).toContain('#退款合计：1笔，商家实收退款共：-130.00元');
    expectError(
      await finance.request(`${base}/simulator-statement?siteId=${f.siteId}&from=2026-12-01&to=2027-01-05`),
      422,
      'reconciliation_period_invalid',
    );
  });

  let cleanRun: Run;

  it('imports the statement as downloaded: everything matches, nothing is open', async () => {
    expectError(await importFile(seller, iconv.encode(statement, 'gbk')), 403, 'permission_denied');
    const res = await importFile(finance, iconv.encode(statement, 'gbk'));
    expect(res.statusCode, res.body).toBe(201);
    const { run, duplicateOf } = res.json<{ run: Run; duplicateOf: string | null }>();
    cleanRun = run;
    expect(duplicateOf).toBeNull();
    expect(run).toMatchObject({
      provider: 'simulator',
      format: 'alipay_trade',
      periodFrom: saleDay,
      periodTo: saleDay,
      lineCount: 5,
      counts: {
        matched: 5,
        amount_mismatch: 0,
        status_mismatch: 0,
        missing_ours: 0,
        missing_provider: 0,
        duplicate: 0,
      },
      openCount: 0,
    });
    const { items } = await itemsOf(run.id);
    expect(items.map((i) => i.outcome)).toEqual(Array(5).fill('matched'));
    expect(items.every((i) => i.orderNumber?.startsWith('RECAPI-'))).toBe(true);

    const again = await importFile(finance, iconv.encode(statement, 'gbk'));
    expectError(again, 409, 'reconciliation_already_imported');
    expect(again.json()).toMatchObject({ error: { details: { runId: run.id } } });
  });

  it('reads the zipped statement the same way (the detail file; the summary left)', async () => {
    const res = await finance.request(statementUrl('zip'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(Object.keys(unzipSync(new Uint8Array(res.rawPayload))).sort()).toEqual([
      'simulator_20261201_20261201_业务明细(汇总).csv',
      'simulator_20261201_20261201_业务明细.csv',
    ]);
    const imported = await importFile(finance, res.rawPayload, { fileName: 'simulator.csv.zip' });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json<{ run: Run }>().run.counts.matched).toBe(5);
  });

  let run: Run;
  let discrepancies: Item[];

  it('finds what a trainer changed: an amount, a line taken out, a stranger, a line twice', async () => {
    const lines = statement.split('\r\n');
    const paymentLine = (sale: Sale) =>
      lines.findIndex((l) => l.includes(sale.providerOrderId) && l.includes(',交易,'));
    const amountAt = paymentLine(sales[2]!);
    const firstAt = paymentLine(sales[0]!);
    const dropAt = paymentLine(sales[3]!);
    const stranger = lines[firstAt]!.replace(/^[^,]*/, 'SIM-STRANGER-0001\t').replace(
      sales[0]!.providerOrderId,
      'ffffffffffffffffffffffffffffff01',
    );
    const edited = lines.flatMap((line, at) => {
      // The third sale (¥390.00) is ¥389.00 on the statement; the fourth is not on it at all; a stranger
      // and the first sale a second time follow the first.
      if (at === amountAt) return [line.replaceAll(',390.00,', ',389.00,')];
      if (at === dropAt) return [];
      if (at === firstAt) return [line, stranger, line];
      return [line];
    });
    // The footer's count follows the lines, as a provider's own would.
    const text = edited.join('\r\n').replace('#交易合计：4笔', '#交易合计：5笔');
    const res = await importFile(finance, iconv.encode(text, 'gbk'), { fileName: '培训-改过的对账单.csv' });
    expect(res.statusCode, res.body).toBe(201);
    run = res.json<{ run: Run }>().run;
    expect(run.counts).toEqual({
      matched: 3,
      amount_mismatch: 1,
      status_mismatch: 0,
      missing_ours: 1,
      missing_provider: 1,
      duplicate: 1,
    });
    expect(run.openCount).toBe(4);

    const open = await itemsOf(run.id, '&open=true');
    discrepancies = open.items;
    expect(discrepancies.map((i) => i.outcome).sort()).toEqual([
      'amount_mismatch',
      'duplicate',
      'missing_ours',
      'missing_provider',
    ]);
    expect((await itemsOf(run.id, '&outcome=missing_provider')).items.map((i) => i.ourId)).toEqual([
      sales[3]!.paymentId,
    ]);
    expect((await itemsOf(run.id, '&open=false')).items).toHaveLength(3);
    // A page at a time.
    const first = await itemsOf(run.id, '&limit=4');
    expect(first.items).toHaveLength(4);
    const second = await itemsOf(run.id, `&limit=4&after=${first.next}`);
    expect(second).toMatchObject({ next: null });
    expect(second.items).toHaveLength(3);

    const list = await finance.request(`${base}/runs?siteId=${f.siteId}`);
    expect(list.json<Run[]>().map((r) => r.id)[0]).toBe(run.id);
    expect(list.json<Run[]>().map((r) => r.id)).toContain(cleanRun.id);
  });

  it('resolves each discrepancy once, with a note; the run’s open count follows', async () => {
    const amount = discrepancies.find((i) => i.outcome === 'amount_mismatch')!;
    const matched = (await itemsOf(run.id, '&outcome=matched')).items[0]!;
    expectError(await resolve(seller, amount.id, {}), 403, 'permission_denied');
    expectError(await resolve(finance, amount.id, { note: '   ' }), 422, 'reconciliation_note_required');
    expectError(
      await resolve(finance, amount.id, { resolution: 'adjusted' }),
      422,
      'reconciliation_adjustment_required',
    );
    expectError(
      await resolve(finance, amount.id, { resolution: 'adjusted', adjustmentId: newId() }),
      422,
      'reconciliation_adjustment_invalid',
    );
    expectError(await resolve(finance, matched.id, {}), 409, 'reconciliation_item_matched');

    // Finance booked the difference as an adjustment (the settlement's own screen makes these).
    const adjustmentId = newId();
    await t.database.db.execute(
      sql`insert into settlement_adjustments (id, site_id, business_date, corrects_date, method, amount, reason,
                                              reconciliation_item_id, created_by, created_at)
          values (${adjustmentId}, ${f.siteId}, '2026-12-02', ${saleDay}, 'payment_code', -100, '对账差异',
                  ${amount.id}, ${financeUserId}, ${saleNow})`,
    );
    const other = discrepancies.find((i) => i.outcome === 'missing_ours')!;
    expectError(
      await resolve(finance, other.id, { resolution: 'adjusted', adjustmentId }),
      422,
      'reconciliation_adjustment_invalid',
    );
    const done = await resolve(finance, amount.id, {
      resolution: 'adjusted',
      adjustmentId,
      note: '支付宝少收 1 元，已调账',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      resolution: 'adjusted',
      adjustmentId,
      resolutionNote: '支付宝少收 1 元，已调账',
      resolvedBy: { id: financeUserId, name: 'rc.finance' },
      needsResolution: true,
    });
    expectError(await resolve(finance, amount.id, {}), 409, 'reconciliation_item_already_resolved');

    for (const item of discrepancies.filter((i) => i.id !== amount.id)) {
      const res = await resolve(finance, item.id, { resolution: 'explained' });
      expect(res.statusCode, res.body).toBe(200);
    }
    const after = await finance.request(`${base}/runs/${run.id}?siteId=${f.siteId}`);
    expect(after.json<Run>().openCount).toBe(0);
    expect((await itemsOf(run.id, '&open=true')).items).toEqual([]);
    const [audits] = await rows<{ n: number; notes: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(*) filter (where details::text like '%跨日%')::int as notes
          from audit_log where action = 'finance.reconciliation_item.resolved' and details->>'runId' = ${run.id}`,
    );
    // One audit row per resolution, holding a digest of the note, never the note.
    expect(audits).toEqual({ n: 4, notes: 0 });
  });

  it('answers 404 for a run or item that is not there', async () => {
    expectError(
      await finance.request(`${base}/runs/${newId()}?siteId=${f.siteId}`),
      404,
      'reconciliation_run_not_found',
    );
    expectError(
      await finance.request(`${base}/runs/${newId()}/items?siteId=${f.siteId}`),
      404,
      'reconciliation_run_not_found',
    );
    expectError(await resolve(finance, newId(), {}), 404, 'reconciliation_item_not_found');
  });

  it('keeps column mappings per site under unique names', async () => {
    const mapping = {
      providerReference: '渠道流水号',
      ourReference: '商户单号',
      amount: '金额',
      kind: { column: '类型', payment: ['消费'], refund: ['退货'] },
      time: '交易时间',
    };
    const created = await finance.request(`${base}/mappings`, {
      method: 'POST',
      payload: { siteId: f.siteId, name: '银联商务', mapping },
    });
    expect(created.statusCode, created.body).toBe(201);
    const saved = created.json<{ id: string; mapping: Record<string, unknown> }>();
    expect(saved.mapping).toMatchObject({ amountUnit: 'yuan', status: null, delimiter: ',' });
    expectError(
      await finance.request(`${base}/mappings`, {
        method: 'POST',
        payload: { siteId: f.siteId, name: '银联商务', mapping },
      }),
      409,
      'reconciliation_mapping_name_taken',
    );
    expectError(
      await finance.request(`${base}/mappings`, {
        method: 'POST',
        payload: {
          siteId: f.siteId,
          name: '坏的',
          mapping: { ...mapping, providerReference: null, ourReference: null },
        },
      }),
      422,
      'reconciliation_mapping_invalid',
    );
    expectError(await seller.request(`${base}/mappings?siteId=${f.siteId}`), 403, 'permission_denied');
    const changed = await finance.request(`${base}/mappings/${saved.id}`, {
      method: 'PUT',
      payload: { siteId: f.siteId, name: '银联商务（新）', mapping: { ...mapping, amountUnit: 'fen' } },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const list = await finance.request(`${base}/mappings?siteId=${f.siteId}`);
    expect(list.json()).toMatchObject([
      { id: saved.id, name: '银联商务（新）', mapping: { amountUnit: 'fen' } },
    ]);
    const removed = await finance.request(`${base}/mappings/${saved.id}?siteId=${f.siteId}`, {
      method: 'DELETE',
    });
    expect(removed.statusCode).toBe(204);
    expectError(
      await finance.request(`${base}/mappings/${saved.id}?siteId=${f.siteId}`, { method: 'DELETE' }),
      404,
      'reconciliation_mapping_not_found',
    );
    const [audits] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action like 'finance.statement_mapping.%'`,
    );
    expect(audits!.n).toBe(3);
  });

  it('is documented in the OpenAPI description under its tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = res.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;
    for (const path of [
      '/api/v1/finance/reconciliation/runs',
      '/api/v1/finance/reconciliation/runs/{runId}/items',
      '/api/v1/finance/reconciliation/items/{itemId}/resolve',
      '/api/v1/finance/reconciliation/mappings',
      '/api/v1/finance/reconciliation/simulator-statement',
    ])
      expect(
        Object.values(paths[path] ?? {}).every((op) => op.tags?.includes('reconciliation')),
        path,
      ).toBe(true);
  });
});
