// A travel agency's month through the real app: money paid in in advance before the month, a deposit,
// two sales on account at the box office, a refund of one ticket, a payment received by finance, and
// a payment after the month. The statement for the month has the exact opening balance, lines with
// their running balance, totals and amount due; the CSV and the Excel file say the same; recording a
// payment needs finance.settle, is audited, and the same Idempotency-Key twice records it once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, type SaleFixture } from '../sales/fixture';

type Json = Record<string, unknown>;
type Statement = {
  from: string;
  to: string;
  openingBalance: number;
  closingBalance: number;
  amountDue: number;
  availableCredit: number;
  totals: Record<string, number>;
  counts: Record<string, number>;
  lines: {
    at: string;
    kind: string;
    amount: number;
    balance: number;
    orderNumber: string | null;
    orderChannel: string | null;
    visitDate: string | null;
    ticketCount: number | null;
    reference: string;
  }[];
};

describe('agency statements and payments received', () => {
  let t: TestApp;
  let f: SaleFixture;
  let admin: TestClient;
  let seller: TestClient;
  let finance: TestClient;
  let agencyId: string;
  const orders: { id: string; number: string; ticketIds: string[] }[] = [];
  // Shanghai is UTC+8: 02:00Z is 10:00 at the site.
  const clock = fixedClock(new Date('2026-10-20T02:00:00Z'));

  const site = (path: string) => `/api/v1/sites/${f.siteId}${path}`;
  const agencyPath = (rest = '') => site(`/agencies/${agencyId}${rest}`);
  // Weeks pass between the steps: everyone logs in again at each so their auth sessions are fresh.
  const at = async (iso: string) => {
    clock.set(new Date(iso));
    admin = await loggedIn(t.app, 'ag.admin');
    seller = await loggedIn(t.app, 'ag.seller');
    finance = await loggedIn(t.app, 'ag.finance');
  };
  const post = (client: TestClient, path: string, payload: Json, key: string = randomUUID()) =>
    client.request(path, { method: 'POST', payload, headers: { 'idempotency-key': key } });
  const sellOnAccount = async (groups: number) => {
    const res = await post(seller, site('/orders'), {
      visitDate: saleDay,
      sessionId: f.sessionIds[1],
      lines: [{ productId: f.products.group, quantity: groups }],
      payments: [{ method: 'on_account', amount: groups * 10000, agencyId }],
      guide: { name: '李导', licence: 'D-3301-001234' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json<{ order: { id: string; number: string; tickets: { id: string }[] } }>().order;
    orders.push({ id: order.id, number: order.number, ticketIds: order.tickets.map((x) => x.id) });
  };
  const statement = async (client: TestClient, query: string) => {
    const res = await client.request(agencyPath(`/statement${query}`));
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Statement>();
  };

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 50, code: 'AGSTMT' });
    await createTestUser(t.database.db, { loginName: 'ag.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'ag.seller', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 'ag.finance', roles: ['finance'] });
    await at('2026-10-20T02:00:00Z');
    const created = await admin.request(site('/agencies'), {
      method: 'POST',
      payload: { code: 'cits', name: '国旅', creditLimit: 100000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    agencyId = created.json<{ id: string }>().id;

    // Before the month: only in the opening balance.
    expect(
      (await post(finance, agencyPath('/deposits'), { amount: 5000, reference: 'OCT' })).statusCode,
    ).toBe(200);
    // 2 November, 23:30 at the site: still November there though already 15:30Z.
    await at('2026-11-02T15:30:00Z');
    expect(
      (await post(finance, agencyPath('/deposits'), { amount: 10000, reference: 'DEP-1' })).statusCode,
    ).toBe(200);
    await at('2026-11-05T02:00:00Z');
    const shift = await post(seller, site('/shifts'), { floatAmount: 0 });
    expect(shift.statusCode, shift.body).toBe(201);
    await sellOnAccount(2);
    await at('2026-11-10T02:00:00Z');
    await sellOnAccount(3);
    await at('2026-11-15T02:00:00Z');
    const refund = await post(seller, site(`/orders/${orders[1]!.id}/refunds`), {
      ticketIds: [orders[1]!.ticketIds[0]],
    });
    expect(refund.statusCode, refund.body).toBe(201);
    await at('2026-11-20T02:00:00Z');
    const paid = await post(finance, agencyPath('/payments'), {
      amount: 15000,
      reference: 'BANK-1120',
      note: '十月团款',
      receivedOn: '2026-11-19',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ balance: -10000, available: 90000 });
    // 1 December at 00:30 at the site (16:30Z on 30 November): after the month.
    await at('2026-11-30T16:30:00Z');
    expect(
      (await post(finance, agencyPath('/payments'), { amount: 10000, reference: 'DEC' })).statusCode,
    ).toBe(200);
    await at('2026-12-10T02:00:00Z');
  });
  afterAll(async () => t?.close());

  it('states the month: opening, every movement with its running balance, totals, closing, amount due', async () => {
    const s = await statement(finance, '?from=2026-11-01&to=2026-11-30');
    expect(s).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      openingBalance: 5000,
      closingBalance: -10000,
      amountDue: 10000,
      availableCredit: 90000,
      totals: { deposit: 10000, sale: -50000, sale_reversed: 0, refund: 10000, payment: 15000 },
      counts: { deposit: 1, sale: 2, sale_reversed: 0, refund: 1, payment: 1 },
    });
    expect(
      s.lines.map((l) => [
        l.kind,
        l.amount,
        l.balance,
        l.orderNumber,
        l.visitDate,
        l.ticketCount,
        l.reference,
      ]),
    ).toEqual([
      ['deposit', 10000, 15000, null, null, null, 'DEP-1'],
      ['sale', -20000, -5000, orders[0]!.number, saleDay, 2, orders[0]!.number],
      ['sale', -30000, -35000, orders[1]!.number, saleDay, 3, orders[1]!.number],
      // The refund is listed with the order it belongs to.
      ['refund', 10000, -25000, orders[1]!.number, saleDay, 1, orders[1]!.number],
      ['payment', 15000, -10000, null, null, null, 'BANK-1120'],
    ]);
    expect(s.lines[0]!.at).toBe('2026-11-02T15:30:00.000Z');
    expect(s.lines[1]!.orderChannel).toBe('box_office');
  });

  it('defaults to the previous calendar month at the site, and the next month opens where it closed', async () => {
    const byDefault = await statement(finance, '');
    expect(byDefault).toMatchObject({ from: '2026-11-01', to: '2026-11-30', closingBalance: -10000 });
    const december = await statement(finance, '?from=2026-12-01&to=2026-12-31');
    expect(december).toMatchObject({ openingBalance: -10000, closingBalance: 0, amountDue: 0 });
    expect(december.lines.map((l) => [l.kind, l.amount, l.reference])).toEqual([['payment', 10000, 'DEC']]);
    // The ledger and the account agree.
    const agencies = await finance.request(site('/agencies'));
    expect(agencies.json<{ id: string; balance: number }[]>().find((a) => a.id === agencyId)?.balance).toBe(
      0,
    );
  });

  it('exports the same figures as CSV (UTF-8 with BOM) and as an Excel workbook', async () => {
    const csv = await finance.request(agencyPath('/statement?from=2026-11-01&to=2026-11-30&format=csv'));
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain(
      'attachment; filename="statement-CITS-2026-11-01_2026-11-30.csv"',
    );
    expect(csv.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('对账单-CITS-2026-11-01_2026-11-30.csv')}`,
    );
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvRows = parse(csv.rawPayload.toString('utf8'), {
      bom: true,
      relaxColumnCount: true,
      skipEmptyLines: true,
    }) as string[][];

    const xlsx = await finance.request(agencyPath('/statement?from=2026-11-01&to=2026-11-30&format=xlsx'));
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers['content-disposition']).toContain(
      'filename="statement-CITS-2026-11-01_2026-11-30.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('对账单')!;
    const xlsxRows: (string | number | null)[][] = [];
    sheet.eachRow((row) => {
      xlsxRows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (v === undefined ? null : (v as string | number | null))),
      );
    });

    const find = (table: unknown[][], label: string) => table.find((r) => r[0] === label);
    // CSV money is yuan with two decimals; Excel money is a number of yuan.
    expect(find(csvRows, '期初余额')?.[1]).toBe('50.00');
    expect(find(csvRows, '期末余额')?.[1]).toBe('-100.00');
    expect(find(csvRows, '应付金额')?.[1]).toBe('100.00');
    expect(find(csvRows, '可用额度')?.[1]).toBe('900.00');
    expect(find(xlsxRows, '期初余额')?.[1]).toBe(50);
    expect(find(xlsxRows, '期末余额')?.[1]).toBe(-100);
    expect(find(xlsxRows, '应付金额')?.[1]).toBe(100);
    expect(find(xlsxRows, '可用额度')?.[1]).toBe(900);
    expect(find(csvRows, '挂账售票')?.slice(1, 3)).toEqual(['2', '-500.00']);
    expect(find(xlsxRows, '挂账售票')?.slice(1, 3)).toEqual([2, -500]);
    expect(find(csvRows, '收款')?.slice(1, 3)).toEqual(['1', '150.00']);

    // The lines: date and time at the site, kind, order, channel, visit date, tickets, amount, balance.
    const header = csvRows.findIndex((r) => r[0] === '日期');
    expect(csvRows[header]).toEqual(xlsxRows[xlsxRows.findIndex((r) => r[0] === '日期')]);
    const csvLines = csvRows.slice(header + 2, header + 7);
    expect(csvLines.map((r) => r.slice(0, 9))).toEqual([
      ['2026-11-02', '23:30', '预付款', '', '', '', '', '100.00', '150.00'],
      ['2026-11-05', '10:00', '挂账售票', orders[0]!.number, '窗口', saleDay, '2', '-200.00', '-50.00'],
      ['2026-11-10', '10:00', '挂账售票', orders[1]!.number, '窗口', saleDay, '3', '-300.00', '-350.00'],
      ['2026-11-15', '10:00', '退票退回', orders[1]!.number, '窗口', saleDay, '1', '100.00', '-250.00'],
      ['2026-11-20', '10:00', '收款', '', '', '', '', '150.00', '-100.00'],
    ]);
    const xlsxHeader = xlsxRows.findIndex((r) => r[0] === '日期');
    expect(xlsxRows.slice(xlsxHeader + 2, xlsxHeader + 7).map((r) => [r[0], r[7], r[8]])).toEqual([
      ['2026-11-02', 100, 150],
      ['2026-11-05', -200, -50],
      ['2026-11-10', -300, -350],
      ['2026-11-15', 100, -250],
      ['2026-11-20', 150, -100],
    ]);
  });

  it('speaks English when asked', async () => {
    const csv = await finance.request(agencyPath('/statement?from=2026-11-01&to=2026-11-30&format=csv'), {
      headers: { 'x-admit-locale': 'en' },
    });
    const text = csv.rawPayload.toString('utf8');
    expect(text).toContain('Opening balance,50.00');
    expect(text).toContain('Amount due,100.00');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''statement-CITS-");
  });

  it('is read by finance and channel managers, not by a seller; refuses a period that makes no sense', async () => {
    expect((await admin.request(agencyPath('/statement'))).statusCode).toBe(200);
    const denied = await seller.request(agencyPath('/statement'));
    expect(denied.statusCode).toBe(403);
    const backwards = await finance.request(agencyPath('/statement?from=2026-11-30&to=2026-11-01'));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await finance.request(agencyPath('/statement?from=2025-01-01&to=2026-11-01'))).statusCode).toBe(
      400,
    );
    expect((await finance.request(agencyPath('/statement?from=2026-11-01'))).statusCode).toBe(400);
    const other = await finance.request(site(`/agencies/${randomUUID()}/statement`));
    expect(other.json()).toMatchObject({ error: { code: 'agency_not_found' } });
  });

  it('records a payment only for finance, audited, once per Idempotency-Key, never non-positive or in the future', async () => {
    const ledger = async () =>
      rows<{ amount: number }>(
        t.database.db,
        sql`select amount from agency_ledger where agency_id = ${agencyId} and kind = 'payment' order by created_at`,
      );
    const before = (await ledger()).length;

    const refused = await post(seller, agencyPath('/payments'), { amount: 1000 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'permission_denied' } });
    for (const amount of [0, -500]) {
      const bad = await post(finance, agencyPath('/payments'), { amount });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    const future = await post(finance, agencyPath('/payments'), { amount: 1000, receivedOn: '2026-12-11' });
    expect(future.statusCode).toBe(400);
    expect((await ledger()).length).toBe(before);

    const key = randomUUID();
    const body = { amount: 2500, reference: 'BANK-1210', receivedOn: '2026-12-10' };
    const first = await post(finance, agencyPath('/payments'), body, key);
    const again = await post(finance, agencyPath('/payments'), body, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ balance: 2500 });
    expect((await ledger()).map((r) => Number(r.amount)).slice(before)).toEqual([2500]);

    const audit = await rows<{ details: Json; actor_id: string | null }>(
      t.database.db,
      sql`select details, actor_id from audit_log
          where action = 'finance.agency.payment_recorded' and target_id = ${agencyId} order by occurred_at`,
    );
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ amount: 15000, reference: 'BANK-1120', receivedOn: '2026-11-19' }),
      expect.objectContaining({ amount: 10000, reference: 'DEC', receivedOn: '2026-12-01' }),
      expect.objectContaining({ amount: 2500, reference: 'BANK-1210', balanceAfter: 2500 }),
    ]);
  });
});
