// Daily settlement through the real app: the day's figures while it runs, and what keeps it from being
// settled (not over, shifts not confirmed, listed); confirming once, stored and audited; a settled day
// that never changes while business goes on (its shifts cannot change either); the month's days; and
// adjustments — dated today, naming the settled day they correct, counted in today's settlement, never
// moving an agency's balance. Statisticians read, never confirm; sellers do neither.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import type { AppError } from '@admit/domain';
import { assertDayNotSettled, fixedClock, loadFinanceDay, loadFinanceSite } from '@admit/services';
import { settleDay } from '@admit/domain';
import { testApp, type TestApp } from '../support/app';
import {
  agencyBalance,
  atSite,
  busyDayFigures,
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

type Settlement = {
  date: string;
  figures: { totals: Record<string, number>; byPaymentMethod: Record<string, unknown>[] };
  adjustments: { amount: number; correctsDate: string }[];
  readiness: {
    dayOver: boolean;
    ready: boolean;
    unconfirmedShifts: { id: string; userName: string; status: string }[];
  };
  confirmed: { confirmedByName: string | null; confirmedAt: string; note: string } | null;
};

describe('daily settlement', () => {
  let t: TestApp;
  let f: FinanceFixture;
  let busy: BusyDay;
  let lateShift: string;
  const clock = fixedClock(atSite(saleDay, '10:00'));
  const finance = () => financeApi(f);
  const site = () => siteApi(f);

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createFinanceFixture(t, clock, 'FSET');
    busy = await playBusyDay(t, f, clock);
    // A second seller is still at the window at six in the evening.
    clock.set(atSite(saleDay, '18:00'));
    await logInAgain(f);
    lateShift = ok<{ id: string }>(await site()(f.people.seller2, '/shifts', { floatAmount: 0 }), 201).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a day in progress: its figures so far, not over, the shifts finance has not confirmed', async () => {
    const s = ok<Settlement>(await finance()(f.people.finance, `/settlements/${saleDay}`));
    expect(s.figures.totals).toEqual(busyDayFigures.totals);
    expect(s.figures.byPaymentMethod).toEqual(busyDayFigures.byPaymentMethod);
    expect(s.readiness).toMatchObject({
      dayOver: false,
      ready: false,
      unconfirmedShifts: [{ id: lateShift, userName: f.logins.seller2, status: 'open' }],
    });
    expect(s.confirmed).toBeNull();
    refused(
      await finance()(f.people.finance, `/settlements/${saleDay}/confirm`, {}),
      409,
      'settlement_day_not_over',
    );
  });

  it('is not over until a few minutes after midnight, and waits for every shift to be confirmed', async () => {
    clock.set(atSite('2026-12-02', '00:02'));
    await logInAgain(f);
    refused(
      await finance()(f.people.finance, `/settlements/${saleDay}/confirm`, {}),
      409,
      'settlement_day_not_over',
    );
    clock.set(atSite('2026-12-02', '00:10'));
    const res = await finance()(f.people.finance, `/settlements/${saleDay}/confirm`, {});
    refused(res, 409, 'settlement_shifts_not_confirmed');
    expect(res.json()).toMatchObject({ error: { details: { shifts: [{ id: lateShift, status: 'open' }] } } });
    ok(await site()(f.people.seller2, `/shifts/${lateShift}/close`, { counted: {} }));
    const closed = ok<Settlement>(await finance()(f.people.finance, `/settlements/${saleDay}`));
    expect(closed.readiness.unconfirmedShifts).toEqual([expect.objectContaining({ status: 'closed' })]);
    ok(await site()(f.people.finance, `/shifts/${lateShift}/confirm`, {}));
    const ready = ok<Settlement>(await finance()(f.people.finance, `/settlements/${saleDay}`));
    expect(ready.readiness).toMatchObject({ dayOver: true, ready: true, unconfirmedShifts: [] });
  });

  it('keeps statisticians to reading and sellers out', async () => {
    ok(await finance()(f.people.stats, `/settlements/${saleDay}`));
    refused(await finance()(f.people.stats, `/settlements/${saleDay}/confirm`, {}), 403, 'permission_denied');
    refused(
      await finance()(f.people.stats, '/adjustments', {
        correctsDate: saleDay,
        method: 'cash',
        amount: 100,
        reason: 'x',
      }),
      403,
      'permission_denied',
    );
    refused(await finance()(f.people.seller, `/settlements/${saleDay}`), 403, 'permission_denied');
  });

  it('confirms the day once: the figures stored as they were, who and when, audited', async () => {
    const s = ok<Settlement>(
      await finance()(f.people.finance, `/settlements/${saleDay}/confirm`, { note: '已核对' }),
    );
    expect(s.confirmed).toMatchObject({ confirmedByName: f.logins.finance, note: '已核对' });
    expect(s.figures.totals).toEqual(busyDayFigures.totals);
    refused(
      await finance()(f.people.finance, `/settlements/${saleDay}/confirm`, {}),
      409,
      'settlement_already_confirmed',
    );
    const [stored] = await rows<{ net: number; n: number }>(
      t.database.db,
      sql`select net, (select count(*)::int from daily_settlements where site_id = ${f.siteId}) as n
          from daily_settlements where site_id = ${f.siteId} and business_date = ${saleDay}`,
    );
    expect(stored).toEqual({ net: 105_000, n: 1 });
    const audit = await rows<{ details: Record<string, unknown>; actor_id: string }>(
      t.database.db,
      sql`select details, actor_id from audit_log where action = 'finance.settlement.confirmed' and site_id = ${f.siteId}`,
    );
    expect(audit).toMatchObject([{ actor_id: f.userIds.finance, details: { date: saleDay, net: 105_000 } }]);
  });

  it('never changes a settled day: later business counts on later days, and its shifts cannot change', async () => {
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
    const settled = ok<Settlement>(await finance()(f.people.finance, `/settlements/${saleDay}`));
    expect(settled.figures.totals).toEqual(busyDayFigures.totals);
    const reread = settleDay(
      await loadFinanceDay(t.database.db, await loadFinanceSite(t.database.db, f.siteId), saleDay),
    );
    expect(reread.totals).toEqual(busyDayFigures.totals);
    const today = ok<Settlement>(await finance()(f.people.finance, '/settlements/2026-12-02'));
    expect(today.figures.totals).toMatchObject({ refunds: 9_000, feesKept: 1_000, ticketsRefunded: 1 });
    refused(await site()(f.people.finance, `/shifts/${busy.shiftId}/confirm`, {}), 409, 'shift_not_closed');
    refused(
      await site()(f.people.seller, `/shifts/${busy.shiftId}/close`, { counted: {} }),
      409,
      'shift_not_open',
    );
    await expect(assertDayNotSettled(t.database.db, f.siteId, saleDay)).rejects.toMatchObject({
      code: 'settlement_day_locked',
    } satisfies Partial<AppError>);
    await expect(assertDayNotSettled(t.database.db, f.siteId, '2026-12-02')).resolves.toBeUndefined();
    ok(await site()(f.people.seller, `/shifts/${shift}/close`, { counted: { '10000': 1, '1000': 1 } }));
  });

  it('lists the month’s days: settled with their net, today open, the rest to come', async () => {
    const { days } = ok<{ days: { date: string; state: string; net: number | null; shifts: number }[] }>(
      await finance()(f.people.finance, '/settlements?month=2026-12'),
    );
    expect(days).toHaveLength(31);
    expect(days[0]).toEqual({
      date: saleDay,
      state: 'settled',
      net: 105_000,
      shifts: 2,
      unconfirmedShifts: 0,
    });
    expect(days[1]).toMatchObject({
      date: '2026-12-02',
      state: 'open',
      net: null,
      shifts: 1,
      unconfirmedShifts: 1,
    });
    expect(days.slice(2).every((d) => d.state === 'future')).toBe(true);
    refused(await finance()(f.people.finance, '/settlements?month=2026-13'), 400, 'validation_failed');
  });

  it('records adjustments of a settled day, dated today, and refuses what is not one', async () => {
    const before = await agencyBalance(t, f.agencyId);
    const key = randomUUID();
    const post = (body: Record<string, unknown>, idempotencyKey = randomUUID()) =>
      f.people.finance.request(`/api/v1/finance/sites/${f.siteId}/adjustments`, {
        method: 'POST',
        payload: body,
        headers: { 'idempotency-key': idempotencyKey },
      });
    const cash = { correctsDate: saleDay, method: 'cash', amount: 500, reason: '长款找到' };
    const first = ok<{ id: string; businessDate: string; correctsDate: string; amount: number }>(
      await post(cash, key),
      201,
    );
    expect(first).toMatchObject({ businessDate: '2026-12-02', correctsDate: saleDay, amount: 500 });
    // The same request again (a double click) records nothing more.
    expect(ok<{ id: string }>(await post(cash, key), 201).id).toBe(first.id);
    ok(
      await post({
        correctsDate: saleDay,
        method: 'on_account',
        agencyId: f.agencyId,
        amount: -300,
        reason: '挂账多记',
      }),
      201,
    );
    refused(await post({ ...cash, method: 'on_account' }), 422, 'adjustment_agency_required');
    refused(await post({ ...cash, agencyId: f.agencyId }), 422, 'adjustment_agency_required');
    refused(await post({ ...cash, correctsDate: '2026-12-02' }), 409, 'settlement_not_confirmed');
    refused(await post({ ...cash, correctsDate: '2026-11-30' }), 409, 'settlement_not_confirmed');
    refused(await post({ ...cash, amount: 0 }), 400, 'validation_failed');
    refused(await post({ ...cash, reason: ' ' }), 400, 'validation_failed');
    refused(await post({ ...cash, reconciliationItemId: newId() }), 400, 'validation_failed');
    expect(await agencyBalance(t, f.agencyId)).toBe(before);

    const { adjustments } = ok<{
      adjustments: { amount: number; method: string; agencyName: string | null }[];
    }>(await finance()(f.people.stats, '/adjustments?from=2026-12-02&to=2026-12-02'));
    expect(adjustments.map((a) => [a.method, a.amount, a.agencyName])).toEqual([
      ['cash', 500, null],
      ['on_account', -300, '春秋旅行社'],
    ]);
    const audit = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'finance.adjustment.recorded' and site_id = ${f.siteId}`,
    );
    expect(audit[0]!.n).toBe(2);
  });

  it('counts today’s adjustments in today’s settlement, by method', async () => {
    clock.set(atSite('2026-12-03', '00:10'));
    await logInAgain(f);
    ok(await site()(f.people.finance, `/shifts/${(await closedShiftOf('2026-12-02'))!}/confirm`, {}));
    const s = ok<Settlement>(await finance()(f.people.finance, '/settlements/2026-12-02/confirm', {}));
    expect(s.figures.totals).toMatchObject({ refunds: 9_000, adjustments: 200, net: -8_800 });
    expect(s.figures.byPaymentMethod).toEqual([
      { method: 'cash', sales: 0, refunds: 9_000, rebookings: 0, adjustments: 500, net: -8_500 },
      { method: 'on_account', sales: 0, refunds: 0, rebookings: 0, adjustments: -300, net: -300 },
    ]);
    expect(s.adjustments.map((a) => [a.correctsDate, a.amount])).toEqual([
      [saleDay, 500],
      [saleDay, -300],
    ]);
  });

  it('waits while a shift of an earlier day is still open: its refunds would be dated into the day', async () => {
    // A seller opens on 12-03 and forgets to close; nothing else happens on 12-04.
    clock.set(atSite('2026-12-03', '09:00'));
    await logInAgain(f);
    const forgotten = ok<{ id: string }>(
      await site()(f.people.seller2, '/shifts', { floatAmount: 0 }),
      201,
    ).id;
    clock.set(atSite('2026-12-05', '00:10'));
    await logInAgain(f);
    const res = await finance()(f.people.finance, '/settlements/2026-12-04/confirm', {});
    refused(res, 409, 'settlement_shifts_not_confirmed');
    expect(res.json()).toMatchObject({ error: { details: { shifts: [{ id: forgotten, status: 'open' }] } } });
    const { days } = ok<{ days: { date: string; state: string }[] }>(
      await finance()(f.people.finance, '/settlements?month=2026-12'),
    );
    expect(days.find((d) => d.date === '2026-12-04')?.state).toBe('open');
    ok(await site()(f.people.seller2, `/shifts/${forgotten}/close`, { counted: {} }));
    const ready = ok<Settlement>(await finance()(f.people.finance, '/settlements/2026-12-04'));
    expect(ready.readiness).toMatchObject({ ready: true, unconfirmedShifts: [] });
  });

  async function closedShiftOf(date: string): Promise<string | undefined> {
    const [row] = await rows<{ id: string }>(
      t.database.db,
      sql`select id from shifts where site_id = ${f.siteId} and business_date = ${date} and status = 'closed'`,
    );
    return row?.id;
  }
});
