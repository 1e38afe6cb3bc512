// The summary job against the raw rows, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: after a
// mixed workload — shift, cash, card, free, complimentary, future-dated, a refund with a fee, a
// rebooking with a fee, entries and an exit, a sale after midnight in the still-open shift, a refund
// three days after its sale, a rebooking to a dearer day later refunded — the summaries add up to the
// raw totals and each day holds what the finance dating rule puts on it. An online order paid after
// its hold expired (the same payment row turned succeeded, no new row) is counted by the next run. A sale committed late (its transaction had stamped its rows before a
// run and committed after it: a real open transaction on PostgreSQL, a clock set back on PGlite, which
// runs one transaction at a time) is counted exactly once by the next run; without the safety window
// (the control) it is missed, which shows the test can catch it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  expireHolds,
  fixedClock,
  generateSessions,
  refreshReportSummaries,
  sellTickets,
  settleLatePayment,
  type SummaryRun,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import {
  embeddedTestDatabase,
  postgresTestDatabase,
  postgresTestUrl,
  type TestDatabase,
} from '../support/database';
import {
  buildWorkload,
  expected,
  finishWorkload,
  rawTotals,
  summaryDay,
  summaryTotals,
  type Workload,
} from './workload';

// Both engines in every run where PostgreSQL is there: the embedded one is the default install.
const engines = postgresTestUrl() === undefined ? ['PGlite'] : ['PGlite', 'PostgreSQL'];

describe.each(engines)('report summaries equal the raw totals (%s)', (engine) => {
  const onPostgres = engine === 'PostgreSQL';
  let database: TestDatabase;
  let t: TestApp;
  let w: Workload;
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const run = (
    at: string,
    options: { safetyWindowMs?: number; rebuild?: boolean } = {},
  ): Promise<SummaryRun> => {
    clock.set(new Date(at));
    return refreshReportSummaries(w.ctx(), options);
  };

  /**
   * The late sale: stamped at 02:10Z, committed after the run at 02:12Z. On PostgreSQL its
   * transaction is really open during that run; on PGlite the clock goes back to 02:10Z after it.
   */
  const lateCommit = async (options: { safetyWindowMs?: number } = {}) => {
    if (onPostgres) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let sold!: () => void;
      const inserted = new Promise<void>((resolve) => (sold = resolve));
      clock.set(new Date('2026-12-01T02:10:00Z'));
      const sale = t.database.db.transaction(async (tx) => {
        await sellTickets(w.ctx(tx), t.app.sales, w.f.siteId, w.lateSale);
        sold();
        await held;
      });
      await inserted;
      const during = await run('2026-12-01T02:12:00Z', options);
      release();
      await sale;
      return during;
    }
    const during = await run('2026-12-01T02:12:00Z', options);
    clock.set(new Date('2026-12-01T02:10:00Z'));
    await sellTickets(w.ctx(), t.app.sales, w.f.siteId, w.lateSale);
    return during;
  };

  beforeAll(async () => {
    database = onPostgres ? await postgresTestDatabase() : await embeddedTestDatabase();
    t = await testApp({ clock, database, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    w = await buildWorkload(t, clock, { rebooking: true });
  });
  afterAll(async () => {
    await t?.close();
    await database?.dispose();
  });

  it('builds everything on the first run and agrees with the raw rows', async () => {
    const first = await run('2026-12-01T02:05:00Z');
    expect(first.rebuilt).toBe(true);
    expect(await summaryTotals(t.database.db, w.f.siteId)).toEqual(
      await rawTotals(t.database.db, w.f.siteId),
    );
    expect(await summaryDay(t.database.db, w.f.siteId, '2026-12-01')).toMatchObject({
      ticketsSold: 6,
      sales: 26000 + 13000 + 20000 + 10000,
      freeTickets: 1,
      complimentaryTickets: 1,
      refunds: 9000,
      refundFees: 1000,
      entries: 3,
      exits: 1,
    });
  });

  it('counts a sale committed after a run began exactly once, on the next run', async () => {
    const before = await summaryDay(t.database.db, w.f.siteId, '2026-12-01');
    const during = await lateCommit();
    expect(during.rebuilt).toBe(false);
    // Not in the figures yet: it had not committed when the run read the rows.
    expect((await summaryDay(t.database.db, w.f.siteId, '2026-12-01')).ticketsSold).toBe(before.ticketsSold);
    await run('2026-12-01T02:14:00Z');
    await run('2026-12-01T02:15:00Z');
    const after = await summaryDay(t.database.db, w.f.siteId, '2026-12-01');
    expect(after.ticketsSold).toBe(before.ticketsSold! + 1);
    expect(after.sales).toBe(before.sales! + 13000);
    expect(await summaryTotals(t.database.db, w.f.siteId)).toEqual(
      await rawTotals(t.database.db, w.f.siteId),
    );
  });

  it('control: without the safety window the late sale is missed for good (until a rebuild)', async () => {
    const before = await summaryTotals(t.database.db, w.f.siteId);
    await lateCommit({ safetyWindowMs: 0 });
    await run('2026-12-01T02:16:00Z', { safetyWindowMs: 0 });
    await run('2026-12-01T02:17:00Z', { safetyWindowMs: 0 });
    const missed = await summaryTotals(t.database.db, w.f.siteId);
    const raw = await rawTotals(t.database.db, w.f.siteId);
    expect(raw.sales).toBe(before.sales! + 13000);
    expect(missed.sales).toBe(before.sales);
    // A rebuild recounts everything: the sale of the control is in again, once.
    await run('2026-12-01T02:18:00Z', { rebuild: true });
    expect(await summaryTotals(t.database.db, w.f.siteId)).toEqual(raw);
  });

  it('puts each movement on its day: the shift’s day after midnight, a late refund on its own day', async () => {
    await finishWorkload(clock, w, t.app.sales, { rebooking: true });
    await run('2026-12-04T02:05:00Z');
    for (const [date, figures] of Object.entries(expected))
      expect(await summaryDay(t.database.db, w.f.siteId, date), date).toEqual(figures);
    expect(await summaryTotals(t.database.db, w.f.siteId)).toEqual(
      await rawTotals(t.database.db, w.f.siteId),
    );
    // The refund on 4 December of an order of 1 December is listed for its partition.
    const listed = await rows<{ business_date: string }>(
      t.database.db,
      sql`select business_date::text as business_date from report_partition_orders where site_id = ${w.f.siteId}`,
    );
    expect(listed.map((r) => r.business_date)).toContain('2026-12-04');
  });

  it('changes nothing when run again or rebuilt, and keeps free and session figures', async () => {
    const snapshot = async () =>
      rows<Record<string, unknown>>(
        t.database.db,
        sql`select 'sales' as t, business_date::text as d, product_id::text as k, channel as c, seller_id::text as s,
                   tickets_sold::text as a, sales::text as b, tickets_refunded::text as e, refunds::text as f
            from report_sales_daily where site_id = ${w.f.siteId}
            union all
            select 'pay', business_date::text, method, '', '', payments::text, received::text, refunds::text, refunded::text
            from report_payments_daily where site_id = ${w.f.siteId}
            union all
            select 'free', business_date::text, kind, reason, '', issued::text, returned::text, '', ''
            from report_free_daily where site_id = ${w.f.siteId}
            union all
            select 'session', business_date::text, session_id::text, '', '', entries::text, exits::text, tickets_entered::text, ''
            from report_session_daily where site_id = ${w.f.siteId}
            order by 1, 2, 3, 4, 5, 6`,
      );
    const before = await snapshot();
    await run('2026-12-04T02:06:00Z');
    expect(await snapshot()).toEqual(before);
    await run('2026-12-04T02:07:00Z', { rebuild: true });
    expect(await snapshot()).toEqual(before);
    expect(before.filter((r) => r.t === 'free')).toEqual([
      { t: 'free', d: '2026-12-01', k: 'complimentary', c: '媒体', s: '', a: '1', b: '0', e: '', f: '' },
      { t: 'free', d: '2026-12-01', k: 'free', c: '1.1米', s: '', a: '1', b: '0', e: '', f: '' },
    ]);
    expect(before.filter((r) => r.t === 'session').map((r) => [r.d, r.a, r.e])).toEqual([
      ['2026-12-01', '3', '3'],
      ['2026-12-02', '1', '1'],
    ]);
  });

  it.runIf(onPostgres)('two runs at once (two app nodes) serialise and agree', async () => {
    clock.set(new Date('2026-12-04T02:08:00Z'));
    const [a, b] = await Promise.all([refreshReportSummaries(w.ctx()), refreshReportSummaries(w.ctx())]);
    expect([a.rebuilt, b.rebuilt]).toEqual([false, false]);
    expect(await summaryTotals(t.database.db, w.f.siteId)).toEqual(
      await rawTotals(t.database.db, w.f.siteId),
    );
  });
  it('counts an online order paid after its hold expired on the next run', async () => {
    // Ids are made monotonic in the process, and rows made at the machine's real time (price rules)
    // hold the ids of later rows at that time even when the test clock is behind it: every row would
    // look new to the next run. This test runs a day after the real time (and the engines on different
    // days), where ids follow the test clock again and only the watch list can find the late payment.
    const day = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + (onPostgres ? 3 : 1) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const at = (time: string) => `${date}T${time}:00Z`;
    clock.set(new Date(at('02:00')));
    const visit = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
    const sessionId = (
      await generateSessions(w.ctx(), w.f.siteId, {
        kind: 'timeslot',
        from: visit,
        to: visit,
        times: { list: ['09:00'] },
        durationMinutes: 240,
        capacity: 50,
        productIds: [w.fee],
        nameZh: '',
        nameEn: '',
        routeFrom: null,
        routeTo: null,
      })
    ).sessionIds[0]!;
    await run(at('02:30'));
    clock.set(new Date(at('03:00')));
    const { order } = await sellTickets(w.ctx(), t.app.sales, w.f.siteId, {
      ...w.lateSale,
      channel: 'online',
      terminal: 'W1',
      visitDate: visit,
      sessionId,
      lines: [{ ...w.lateSale.lines[0]!, productId: w.fee }],
      payments: [{ method: 'online', amount: 10000 }],
    });
    expect(order.status).toBe('pending');
    await run(at('03:01'));
    clock.set(new Date(at('03:20')));
    expect((await expireHolds(w.ctx(), t.app.sales)).expired).toBe(1);
    await run(at('03:21'));
    const before = await summaryTotals(t.database.db, w.f.siteId);
    // Long after the safety window, and nothing new is made: the cancelled payment turns succeeded.
    clock.set(new Date(at('05:00')));
    expect(await settleLatePayment(w.ctx(), t.app.sales, order.payments[0]!.id, 'LATE-1')).toBe('paid');
    await run(at('05:01'));
    const after = await summaryTotals(t.database.db, w.f.siteId);
    expect(after.sales).toBe(before.sales! + 10000);
    expect(after.received).toBe(before.received! + 10000);
    expect(after).toEqual(await rawTotals(t.database.db, w.f.siteId));
    // On the day it was paid.
    expect((await summaryDay(t.database.db, w.f.siteId, date)).ticketsSold).toBe(1);
  });
});
