// The reports API through the real app, as a statistician (统计员: reports.read + catalog.read for all
// sites) sees it after the workload: the dashboard, every report with the figures the workload makes,
// exports in xlsx, CSV and PDF read back and audited, a statistician of one site kept to it, and
// nothing that writes — a refund attempt and the daily summary's settings answer 403.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import * as mupdf from 'mupdf';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { createSite, fixedClock, systemContext } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { buildWorkload, finishWorkload, type Workload } from './workload';

type Json = Record<string, unknown>;

describe('reports API', () => {
  let t: TestApp;
  let w: Workload;
  let stats: TestClient;
  let local: TestClient;
  let admin: TestClient;
  let otherSite: string;
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const range = '&from=2026-12-01&to=2026-12-04';
  const get = async (client: TestClient, path: string, status = 200) => {
    const res = await client.request(`/api/v1/reports${path}`);
    expect(res.statusCode, res.body).toBe(status);
    return res;
  };
  const json = async <T = Json>(path: string) => (await get(stats, path)).json<T>();

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    w = await buildWorkload(t, clock);
    await finishWorkload(clock, w, t.app.sales);
    // 4 December, 10:05 at the site.
    clock.set(new Date('2026-12-04T02:05:00Z'));
    otherSite = (
      await createSite(systemContext(t.database.db, 'test', { clock }), {
        code: `OTHER${Date.now() % 10000}`,
        nameZh: '另一景区',
        nameEn: 'Another Site',
        kind: 'museum',
        timeZone: 'Asia/Shanghai',
        addressZh: '',
        addressEn: '',
        contactPhone: '',
        openingHours: [],
        dailyMaxCapacity: null,
        instantMaxCapacity: 500,
      })
    ).id;
    await createTestUser(t.database.db, { loginName: 'rp.stats', roles: ['statistician'] });
    await createTestUser(t.database.db, {
      loginName: 'rp.local',
      roles: ['statistician'],
      siteId: otherSite,
    });
    await createTestUser(t.database.db, { loginName: 'rp.admin', roles: ['admin'] });
    stats = await loggedIn(t.app, 'rp.stats');
    local = await loggedIn(t.app, 'rp.local');
    admin = await loggedIn(t.app, 'rp.admin');
    const refreshed = await stats.request('/api/v1/reports/refresh', { method: 'POST' });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
  });
  afterAll(async () => t?.close());

  it('shows the dashboard: today’s KPIs, the last 30 days, today by hour, the heat map', async () => {
    const d = await json<{
      today: string;
      asOf: string | null;
      kpis: Json;
      salesByDay: { date: string; sales: number; tickets: number; visitors: number }[];
      byTicketType: { label: string; tickets: number; sales: number }[];
      byChannel: { key: string; label: string; sales: number }[];
      visitorsByHour: { hour: number; entries: number }[];
      heatmap: { rows: string[]; cells: { row: string; hour: number; entries: number }[] };
    }>(`/dashboard?siteId=${w.f.siteId}`);
    expect(d.today).toBe('2026-12-04');
    expect(d.asOf).not.toBeNull();
    expect(d.kpis).toEqual({
      sales: 0,
      tickets: 0,
      visitors: 0,
      inside: 0,
      instantMax: null,
      occupancyBp: null,
      refunds: 9000,
      ticketsRefunded: 1,
      refundRateBp: null,
    });
    expect(d.salesByDay).toHaveLength(30);
    expect(d.salesByDay.at(-1)!.date).toBe('2026-12-04');
    expect(d.salesByDay.find((x) => x.date === '2026-12-01')).toEqual({
      date: '2026-12-01',
      sales: 82000,
      tickets: 7,
      visitors: 3,
    });
    expect(d.salesByDay.find((x) => x.date === '2026-12-02')).toMatchObject({ sales: 26000, visitors: 1 });
    expect(d.byTicketType[0]).toMatchObject({ label: 'ADULT', tickets: 6, sales: 78000 });
    expect(d.byChannel).toEqual([{ key: 'box_office', label: '售票窗口', tickets: 9, sales: 108000 }]);
    expect(d.visitorsByHour).toHaveLength(24);
    // 1 December is a Tuesday (ISO 2), 2 December a Wednesday.
    expect(d.heatmap.cells).toEqual([
      { row: '2', hour: 10, entries: 3 },
      { row: '3', hour: 9, entries: 1 },
    ]);
  });

  it('reports sales by day and by ISO week, by ticket type and by payment method', async () => {
    const byDay = await json<{ rows: Json[]; totals: Json }>(`/sales?siteId=${w.f.siteId}${range}`);
    expect(byDay.rows).toEqual([
      {
        period: '2026-12-01',
        key: null,
        label: '',
        ticketsSold: 7,
        sales: 82000,
        ticketsRefunded: 1,
        refunds: 9000,
        refundFees: 1000,
        net: 73000,
        freeTickets: 1,
        complimentaryTickets: 1,
      },
      expect.objectContaining({ period: '2026-12-02', ticketsSold: 2, sales: 26000, net: 26000 }),
      expect.objectContaining({
        period: '2026-12-04',
        ticketsSold: 0,
        ticketsRefunded: 1,
        refunds: 9000,
        net: -9000,
      }),
    ]);
    expect(byDay.totals).toMatchObject({ ticketsSold: 9, sales: 108000, refunds: 18000, net: 90000 });
    const byWeek = await json<{ rows: Json[] }>(`/sales?siteId=${w.f.siteId}${range}&granularity=week`);
    expect(byWeek.rows).toEqual([
      expect.objectContaining({ period: '2026-11-30', ticketsSold: 9, net: 90000 }),
    ]);
    const byType = await json<{ rows: { label: string; ticketsSold: number }[] }>(
      `/sales?siteId=${w.f.siteId}${range}&groupBy=ticket_type&granularity=month`,
    );
    expect(Object.fromEntries(byType.rows.map((r) => [r.label, r.ticketsSold]))).toEqual({
      ADULT: 6,
      CHILD: 0,
      COMP: 0,
      游船票: 3,
    });
    const byMethod = await json<{ rows: { label: string; sales: number; refunds: number }[] }>(
      `/sales?siteId=${w.f.siteId}${range}&groupBy=payment_method&granularity=month`,
    );
    expect(byMethod.rows.map((r) => [r.label, r.sales, r.refunds])).toEqual([
      ['银行卡', 13000, 0],
      ['现金', 26000 + 0 + 20000 + 10000 + 500 + 13000 + 26000, 18000],
    ]);
  });

  it('reports visitors by hour and by session, capacity use, refunds, free tickets and the heat map', async () => {
    const hours = await json<{ rows: Json[]; totals: Json }>(`/visitors/hours?siteId=${w.f.siteId}${range}`);
    expect(hours.rows).toEqual([
      { period: '2026-12-01', hour: 10, entries: 3, exits: 1 },
      { period: '2026-12-02', hour: 9, entries: 1, exits: 0 },
    ]);
    const sessions = await json<{ rows: { businessDate: string; label: string; entries: number }[] }>(
      `/visitors/sessions?siteId=${w.f.siteId}${range}`,
    );
    expect(sessions.rows.map((s) => [s.businessDate, s.label, s.entries])).toEqual([
      ['2026-12-01', '09:00', 3],
      ['2026-12-01', '13:00', 0],
      ['2026-12-02', '09:00', 1],
    ]);
    const capacity = await json<{ rows: Json[] }>(
      `/capacity?siteId=${w.f.siteId}&from=2026-12-01&to=2026-12-01`,
    );
    // The morning session: A 2 + B 2 + the complimentary ticket = 5 of 50 places, 3 of them entered.
    expect(capacity.rows[0]).toMatchObject({
      capacity: 50,
      sold: 5,
      entered: 3,
      soldRateBp: 1000,
      enteredRateBp: 6000,
    });
    const refunds = await json<{ rows: Json[]; totals: Json }>(`/refunds?siteId=${w.f.siteId}${range}`);
    expect(refunds.rows[0]).toMatchObject({
      period: '2026-12-01',
      ticketsSold: 7,
      ticketsRefunded: 1,
      refundRateBp: 1429,
    });
    expect(refunds.totals).toMatchObject({ ticketsSold: 9, ticketsRefunded: 2, refundRateBp: 2222 });
    const free = await json<{ rows: Json[]; totals: Json }>(`/free-tickets?siteId=${w.f.siteId}${range}`);
    expect(free.rows).toEqual([
      { period: '2026-12-01', kind: 'complimentary', reason: '媒体', issued: 1, returned: 0 },
      { period: '2026-12-01', kind: 'free', reason: '1.1米', issued: 1, returned: 0 },
    ]);
    const heat = await json<{ rows: string[]; cells: Json[]; total: number }>(
      `/heatmap?siteId=${w.f.siteId}${range}&mode=date_hour`,
    );
    expect(heat.rows).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(heat.total).toBe(4);
    const occupancy = await json<{ rows: Json[] }>('/occupancy');
    expect(occupancy.rows).toContainEqual(
      expect.objectContaining({ siteId: otherSite, inside: 0, instantMax: 500, occupancyBp: 0 }),
    );
  });

  it('refuses dates in the wrong order or too far apart', async () => {
    const res = await get(stats, `/sales?siteId=${w.f.siteId}&from=2026-12-04&to=2026-12-01`, 400);
    expect(res.json()).toMatchObject({
      error: { code: 'report_range_invalid', details: { problem: 'reversed' } },
    });
    await get(stats, `/sales?siteId=${w.f.siteId}&from=2020-01-01&to=2026-12-01`, 400);
  });

  it('keeps a statistician of one site to that site', async () => {
    const mine = await get(local, `/sales?from=2026-12-01&to=2026-12-04`);
    expect(mine.json<{ sites: { id: string }[] }>().sites.map((s) => s.id)).toEqual([otherSite]);
    const refused = await get(local, `/sales?siteId=${w.f.siteId}${range}`, 403);
    expect(refused.json()).toMatchObject({ error: { code: 'permission_denied' } });
    const everywhere = await get(stats, `/sales?from=2026-12-01&to=2026-12-04`);
    expect(everywhere.json<{ sites: { id: string }[] }>().sites.map((s) => s.id)).toEqual(
      expect.arrayContaining([w.f.siteId, otherSite]),
    );
  });

  it('exports a report as CSV with a BOM, as xlsx and as PDF, named by site and dates, and audits it', async () => {
    const [site] = await rows<{ code: string }>(
      t.database.db,
      sql`select code from sites where id = ${w.f.siteId}`,
    );
    const csv = await get(stats, `/sales/export?format=csv&siteId=${w.f.siteId}${range}&groupBy=ticket_type`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain(
      `filename="${site!.code}-sales-2026-12-01_2026-12-04.csv"`,
    );
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const table = parse(csv.rawPayload.toString('utf8').slice(1)) as string[][];
    expect(table[0]).toEqual([
      '期间',
      '票种',
      '售出张数',
      '销售额',
      '退票张数',
      '退款金额',
      '退票手续费',
      '净额',
      '免费票',
      '赠票',
    ]);
    expect(table).toContainEqual([
      '2026-12-01',
      '游船票',
      '3',
      '300.00',
      '1',
      '90.00',
      '10.00',
      '210.00',
      '0',
      '0',
    ]);
    expect(table.at(-1)).toEqual(['∑', '', '9', '1080.00', '2', '180.00', '20.00', '900.00', '1', '1']);

    const xlsx = await get(stats, `/refunds/export?format=xlsx&siteId=${w.f.siteId}${range}`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '期间',
      '售出张数',
      '退票张数',
      '退款金额',
      '退票手续费',
      '退票率',
    ]);
    expect(sheet.getRow(2).values).toEqual([undefined, '2026-12-01', 7, 1, 90, 10, 0.1429]);
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('#,##0.00;-#,##0.00');

    const pdf = await get(stats, `/visitors_by_hour/export?format=pdf&siteId=${w.f.siteId}${range}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const document = mupdf.Document.openDocument(pdf.rawPayload, 'application/pdf');
    const text = document.loadPage(0).toStructuredText('preserve-whitespace').asText();
    expect(text).toContain('2026-12-01');
    expect(text).toContain('10:00');

    const audited = await rows<{ details: { report: string; format: string; rows: number } }>(
      t.database.db,
      sql`select details from audit_log where action = 'reports.report.exported' order by occurred_at, id`,
    );
    expect(audited.map((a) => [a.details.report, a.details.format])).toEqual([
      ['sales', 'csv'],
      ['refunds', 'xlsx'],
      ['visitors_by_hour', 'pdf'],
    ]);
  });

  it('exports every report kind in every format', async () => {
    const kinds = [
      'sales',
      'refunds',
      'visitors_by_hour',
      'visitors_by_session',
      'capacity',
      'occupancy',
      'heatmap',
      'free_tickets',
    ];
    for (const kind of kinds)
      for (const format of ['csv', 'xlsx', 'pdf']) {
        const res = await get(stats, `/${kind}/export?format=${format}&siteId=${w.f.siteId}${range}`);
        const magic = { csv: '\uFEFF', xlsx: 'PK', pdf: '%PDF' }[format]!;
        expect(
          res.rawPayload.toString('utf8', 0, magic === '\uFEFF' ? 3 : magic.length),
          `${kind} ${format}`,
        ).toBe(magic);
        expect(res.headers['content-disposition']).toMatch(
          /attachment; filename="[A-Z0-9]+-[a-z-]+-2026-12-0\d(_2026-12-04)?\.\w+"/,
        );
      }
    await get(stats, `/sales/export?format=csv&siteId=${w.f.siteId}${range}&groupBy=nonsense`, 400);
  });

  it('lets a statistician read everything here and write nothing: a refund and the e-mail settings are 403', async () => {
    const [order] = await rows<{ id: string; ticket_id: string }>(
      t.database.db,
      sql`select o.id, t.id as ticket_id from orders o join tickets t on t.order_id = o.id
          where o.site_id = ${w.f.siteId} and t.status = 'valid' limit 1`,
    );
    const refund = await stats.request(`/api/v1/sites/${w.f.siteId}/orders/${order!.id}/refunds`, {
      method: 'POST',
      payload: { ticketIds: [order!.ticket_id] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(refund.statusCode, refund.body).toBe(403);
    expect(refund.json()).toMatchObject({ error: { code: 'permission_denied' } });
    const settings = await stats.request(`/api/v1/reports/daily-summary/${w.f.siteId}`, {
      method: 'PUT',
      payload: { enabled: true, sendHour: 8, recipients: [{ email: 'boss@example.com', locale: 'zh-CN' }] },
    });
    expect(settings.statusCode, settings.body).toBe(403);
    // Reading the settings is fine.
    expect((await get(stats, `/daily-summary/${w.f.siteId}`)).json()).toMatchObject({
      enabled: false,
      sendHour: 8,
      recipients: [],
    });
  });

  it('lets whoever manages settings set the daily summary, refusing an address twice', async () => {
    const put = (payload: Json) =>
      admin.request(`/api/v1/reports/daily-summary/${w.f.siteId}`, { method: 'PUT', payload });
    const twice = await put({
      enabled: true,
      sendHour: 7,
      recipients: [{ email: 'gm@example.com' }, { email: 'GM@example.com', locale: 'en' }],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: { code: 'daily_summary_recipient_duplicate' } });
    const saved = await put({
      enabled: true,
      sendHour: 7,
      recipients: [{ email: 'gm@example.com' }, { email: 'cfo@example.com', locale: 'en' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      enabled: true,
      sendHour: 7,
      recipients: [
        { email: 'cfo@example.com', locale: 'en' },
        { email: 'gm@example.com', locale: 'zh-CN' },
      ],
      lastSent: null,
    });
    const [audit] = await rows<{ details: Json }>(
      t.database.db,
      sql`select details from audit_log where action = 'reports.daily_summary.updated'`,
    );
    expect(audit!.details).toMatchObject({ enabled: true, sendHour: 7, recipients: 2 });
    expect(JSON.stringify(audit!.details)).not.toContain('example.com');
    const preview = (await get(stats, `/daily-summary/${w.f.siteId}/preview?date=2026-12-01`)).json<Json>();
    expect(preview).toMatchObject({ sales: 82000, ticketsSold: 7, refunds: 9000, visitors: 3, net: 73000 });
  });

  it('is documented in the OpenAPI description under its tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = res.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>().paths;
    const ours = Object.keys(paths).filter((p) => p.startsWith('/api/v1/reports/'));
    expect(ours).toEqual(
      expect.arrayContaining([
        '/api/v1/reports/dashboard',
        '/api/v1/reports/sales',
        '/api/v1/reports/{report}/export',
        '/api/v1/reports/daily-summary/{siteId}',
      ]),
    );
    for (const path of ours)
      expect(
        Object.values(paths[path]!).every((op) => op.tags?.includes('reports')),
        path,
      ).toBe(true);
  });
});
