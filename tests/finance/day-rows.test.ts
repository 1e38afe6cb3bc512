// A business day read from committed rows (loadFinanceDay): the busy day played through the real app
// — cash, card, payment code, online, an agency on account, a channel through the API, a refund with a
// fee, a rebooking with a difference, a free and a complimentary ticket, tickets for a later date, a
// shift over — reads as rows the domain accepts and settles to the figures computed by hand. Then the
// dating rule at its edges: a payment code that succeeds after its shift closed, a sale after midnight
// in an overnight shift, a provider refund that fails and succeeds days later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertFinanceDay,
  settleDay,
  ticketsToRecognise,
  vouchersForDay,
  standardChartOfAccounts,
  isBalanced,
  type FinanceDay,
} from '@admit/domain';
import {
  fixedClock,
  loadFinanceDay,
  loadFinanceSite,
  PaymentProviders,
  retryProviderRefunds,
  SimulatorProvider,
  startPaymentSimulator,
  systemContext,
  type RunningSimulator,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import {
  atSite,
  busyDayFigures,
  createFinanceFixture,
  laterDay,
  logInAgain,
  ok,
  playBusyDay,
  saleDay,
  siteApi,
  type BusyDay,
  type FinanceFixture,
} from './fixture';

describe('a business day read from committed rows', () => {
  let t: TestApp;
  let f: FinanceFixture;
  let busy: BusyDay;
  let simulator: RunningSimulator;
  const clock = fixedClock(atSite(saleDay, '10:00'));

  beforeAll(async () => {
    // The first provider refund fails, to see it counted on the day it finally succeeds.
    simulator = await startPaymentSimulator({ passwordMs: 100, failRefunds: 1 });
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_PAYMENT_SIMULATOR: 'off' } });
    const provider = new SimulatorProvider(simulator.url, simulator.secret);
    (t.app.sales as { payments: PaymentProviders }).payments = new PaymentProviders({
      wechat: provider,
      alipay: provider,
    });
    f = await createFinanceFixture(t, clock, 'FDAY');
    busy = await playBusyDay(t, f, clock);
  });
  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  const dayOf = async (date: string): Promise<FinanceDay> =>
    loadFinanceDay(t.database.db, await loadFinanceSite(t.database.db, f.siteId), date);
  const api = () => siteApi(f);

  it('reads the busy day as rows the domain accepts, settling to the figures computed by hand', async () => {
    const day = await dayOf(saleDay);
    expect(() => assertFinanceDay(day)).not.toThrow();
    const s = settleDay(day);
    expect(s.totals).toEqual(busyDayFigures.totals);
    expect(s.byPaymentMethod).toEqual(busyDayFigures.byPaymentMethod);
    expect(s.byTicketType).toEqual(busyDayFigures.byTicketType);
    expect(s.byChannel).toEqual(busyDayFigures.byChannel);
    expect(s.free).toEqual(busyDayFigures.free);
    expect(s.complimentary).toEqual(busyDayFigures.complimentary);
    expect(s.overShort).toEqual(busyDayFigures.overShort);
    // The seller sold and took back everything at the counter; the shop and the API have no seller.
    expect(s.bySeller.map((x) => [x.sellerId, x.net])).toEqual([
      [f.userIds.seller, 82_000],
      [null, 23_000],
    ]);
    expect(day.shifts).toEqual([{ shiftId: busy.shiftId, sellerId: f.userIds.seller, difference: 500 }]);
    expect(day.adjustments).toEqual([]);
    expect(day.deferredDue).toEqual([]);
  });

  it('books each ticket as sold: the channel’s retail price, the agencies, the gifts, the later visits', async () => {
    const day = await dayOf(saleDay);
    const sale = (id: string) => day.sales.find((x) => x.ticketId === id)!;
    expect(sale(busy.orders.api.tickets[0]!.id)).toMatchObject({
      price: 10_000,
      retailPrice: 12_800,
      agencyId: f.otaAgencyId,
      channel: 'api',
      payments: [{ method: 'on_account', amount: 10_000, agencyId: f.otaAgencyId }],
    });
    expect(sale(busy.orders.account.tickets[0]!.id)).toMatchObject({
      agencyId: f.agencyId,
      retailPrice: null,
      payments: [{ method: 'on_account', amount: 13_000, agencyId: f.agencyId }],
    });
    const child = busy.orders.cash.tickets.find((x) => x.productId === f.products.child)!;
    expect(sale(child.id)).toMatchObject({ price: 0, free: { kind: 'free', reason: '身高1.2米以下' } });
    expect(sale(busy.orders.comp.tickets[0]!.id)).toMatchObject({
      free: { kind: 'complimentary', reason: '嘉宾' },
    });
    expect(sale(busy.orders.boat.tickets[1]!.id)).toMatchObject({ soldOn: saleDay, visitDate: laterDay });
    expect(day.refunds).toMatchObject([
      {
        ticket: { ticketId: busy.orders.boat.tickets[0]!.id, price: 10_000 },
        amount: 9_000,
        fee: 1_000,
        payments: [{ method: 'cash', amount: 9_000 }],
        sellerId: f.userIds.seller,
      },
    ]);
    expect(day.rebookings).toHaveLength(1);
    const [pair] = day.rebookings[0]!.tickets;
    expect(pair).toMatchObject({
      from: {
        ticketId: busy.orders.later.tickets[0]!.id,
        price: 12_000,
        soldOn: saleDay,
        visitDate: laterDay,
      },
      to: { price: 13_000, soldOn: saleDay, visitDate: saleDay },
      fee: 0,
    });
    expect(day.rebookings[0]).toMatchObject({ paid: [{ method: 'cash', amount: 1_000 }], repaid: [] });
    // And the vouchers of such a day balance.
    const vouchers = vouchersForDay(standardChartOfAccounts(f.siteId), day);
    expect(vouchers.map((v) => v.kind)).toEqual(['sales', 'refunds', 'rebookings', 'over_short']);
    expect(vouchers.every(isBalanced)).toBe(true);
  });

  it('owes Saturday the revenue of the tickets sold for it, refunded and rebooked ones ended', async () => {
    const day = await dayOf(laterDay);
    const due = day.deferredDue.map((d) => [d.ticketId, d.soldOn, d.endedOn]).sort();
    expect(due).toEqual(
      [
        [busy.orders.boat.tickets[0]!.id, saleDay, saleDay],
        [busy.orders.boat.tickets[1]!.id, saleDay, null],
        [busy.orders.later.tickets[0]!.id, saleDay, saleDay],
      ].sort(),
    );
    expect(ticketsToRecognise(day).map((d) => d.ticketId)).toEqual([busy.orders.boat.tickets[1]!.id]);
  });

  it('dates a payment code that succeeds after its shift closed by the moment it succeeded', async () => {
    clock.set(atSite('2026-12-02', '20:00'));
    await logInAgain(f);
    const { seller, finance } = f.people;
    const shift = ok<{ id: string }>(await api()(seller, '/shifts', { floatAmount: 10_000 }), 201);
    const sold = ok<{ order: { id: string; status: string } }>(
      await api()(seller, '/orders', {
        visitDate: laterDay,
        sessionId: f.laterSessionId,
        lines: [{ productId: f.products.adult, quantity: 1 }],
        payments: [{ method: 'payment_code', amount: 12_000, authCode: '134567890123456702' }],
      }),
      202,
    ).order;
    expect(sold.status).toBe('pending');
    ok(await api()(seller, `/shifts/${shift.id}/close`, { counted: { '10000': 1 } }));
    ok(await api()(finance, `/shifts/${shift.id}/confirm`, {}));
    // The customer enters the password; the seller's screen asks again the next morning.
    await new Promise((resolve) => setTimeout(resolve, 150));
    clock.set(atSite('2026-12-03', '09:00'));
    await logInAgain(f);
    expect(
      ok<{ order: { status: string } }>(await api()(seller, `/orders/${sold.id}/payment-query`, {})).order
        .status,
    ).toBe('paid');
    expect((await dayOf('2026-12-02')).sales).toEqual([]);
    const next = await dayOf('2026-12-03');
    expect(next.sales.map((x) => [x.payments, x.soldOn])).toEqual([
      [[{ method: 'payment_code', amount: 12_000 }], '2026-12-03'],
    ]);
  });

  it('puts a sale after midnight in an overnight shift on the shift’s business day', async () => {
    const { seller2, finance } = f.people;
    clock.set(atSite('2026-12-03', '23:00'));
    await logInAgain(f);
    const shift = ok<{ id: string; businessDate: string }>(
      await api()(seller2, '/shifts', { floatAmount: 0 }),
      201,
    );
    clock.set(atSite('2026-12-04', '00:30'));
    await logInAgain(f);
    ok(
      await api()(seller2, '/orders', {
        visitDate: laterDay,
        sessionId: f.laterSessionId,
        lines: [{ productId: f.products.adult, quantity: 1 }],
        payments: [{ method: 'cash', amount: 12_000, tendered: 12_000 }],
      }),
      201,
    );
    clock.set(atSite('2026-12-04', '00:40'));
    await logInAgain(f);
    ok(await api()(seller2, `/shifts/${shift.id}/close`, { counted: { '10000': 1, '2000': 1 } }));
    ok(await api()(finance, `/shifts/${shift.id}/confirm`, {}));
    const late = await dayOf('2026-12-03');
    expect(
      late.sales.filter((x) => x.sellerId === f.userIds.seller2).map((x) => [x.price, x.soldOn]),
    ).toEqual([[12_000, '2026-12-03']]);
    expect(late.shifts.map((x) => x.shiftId)).toContain(shift.id);
    expect((await dayOf('2026-12-04')).sales.filter((x) => x.sellerId === f.userIds.seller2)).toEqual([]);
  });

  it('counts a provider refund that failed on the day it finally succeeds, and the visit recognised meanwhile', async () => {
    const { seller, finance } = f.people;
    clock.set(atSite('2026-12-04', '10:00'));
    await logInAgain(f);
    const shift = ok<{ id: string }>(await api()(seller, '/shifts', { floatAmount: 0 }), 201);
    const order = ok<{ order: { id: string; tickets: { id: string }[] } }>(
      await api()(seller, '/orders', {
        visitDate: laterDay,
        sessionId: f.laterSessionId,
        lines: [{ productId: f.products.adult, quantity: 1 }],
        payments: [{ method: 'payment_code', amount: 12_000, authCode: '134567890123456700' }],
      }),
      201,
    ).order;
    clock.advance(60_000);
    const refund = ok<{ refunds: { status: string }[] }>(
      await api()(seller, `/orders/${order.id}/refunds`, { ticketIds: [order.tickets[0]!.id] }),
      201,
    );
    expect(refund.refunds.map((r) => r.status)).toEqual(['failed']);
    ok(await api()(seller, `/shifts/${shift.id}/close`, { counted: {} }));
    ok(await api()(finance, `/shifts/${shift.id}/confirm`, {}));
    const ticketId = order.tickets[0]!.id;
    const onThe4th = await dayOf('2026-12-04');
    expect(onThe4th.sales.map((x) => x.ticketId)).toContain(ticketId);
    expect(onThe4th.refunds).toEqual([]);

    clock.set(atSite('2026-12-06', '10:00'));

    await logInAgain(f);
    const retried = await retryProviderRefunds(systemContext(t.database.db, 'test', { clock }), t.app.sales);
    expect(retried).toEqual({ attempted: 1, succeeded: 1 });
    const onThe6th = await dayOf('2026-12-06');
    expect(onThe6th.refunds.map((r) => [r.ticket.ticketId, r.amount, r.payments])).toEqual([
      [ticketId, 12_000, [{ method: 'payment_code', amount: 12_000 }]],
    ]);
    expect(settleDay(onThe6th).totals).toMatchObject({ refunds: 12_000, net: -12_000 });
    // It stood at the end of its visit day, so Saturday recognised its revenue.
    const saturday = await dayOf(laterDay);
    expect(saturday.deferredDue.find((d) => d.ticketId === ticketId)).toMatchObject({
      endedOn: '2026-12-06',
    });
    expect(ticketsToRecognise(saturday).map((d) => d.ticketId)).toContain(ticketId);
  });
});
