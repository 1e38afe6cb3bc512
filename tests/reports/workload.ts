// A mixed workload for the report tests, through the real app and services, on a site in Shanghai
// (UTC+8): a seller's shift with cash, card, free, complimentary and future-dated sales, gate entries
// and an exit, a refund with a fee and a rebooking with a fee on the first day; a sale after midnight
// in the still-open shift (it belongs to the shift's day); a sale without a shift and an entry on the
// second day; and a refund on the fourth day of a ticket sold on the first (far from its order's
// business date). A weekday adult sold on the second day is rebooked on the third to a Saturday, whose
// price is higher (the difference paid in cash), and refunded on the fourth at that higher price. The
// figures each day should show are written out in `expected`.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  createGate,
  createProduct,
  generateSessions,
  listPriceVersions,
  rebookTickets,
  refundTickets,
  sellTickets,
  systemContext,
  updatePriceVersion,
  type Clock,
  type SaleInput,
  type SalesRuntime,
} from '@admit/services';
import type { TestApp } from '../support/app';
import { createTestUser, loggedIn, testPassword, type TestClient } from '../support/accounts';
import { createSaleFixture, productBase, saleDay, type SaleFixture } from '../sales/fixture';

type Json = Record<string, unknown>;
export type Order = { id: string; tickets: { id: string; code: string | null; price: number }[] };

/** 10:00 on 1 December at the site. */
export const day1 = new Date('2026-12-01T02:00:00Z');

export type Workload = {
  f: SaleFixture;
  fee: string;
  gateId: string;
  sessions: { day2: string; day5: string; day7: string };
  /** The 1 December sale left for the late-commit test: 1 adult, no shift, cash. */
  lateSale: SaleInput;
  ctx: (db?: Queryable) => ReturnType<typeof systemContext>;
  /** The 1 December order refunded on 4 December. */
  i: Order;
  sell: (sessionId: string, visitDate: string, lines: Json[], payments: Json[]) => Promise<Order>;
  cash: (amount: number) => Json[];
  scan: (code: string) => Promise<void>;
  relogin: () => Promise<void>;
};

/**
 * `rebooking`: also the weekend price and the adult rebooked onto a Saturday then refunded (the
 * summaries' test; the API tests keep the figures they were written for).
 */
export async function buildWorkload(
  t: TestApp,
  clock: Clock & { set(at: Date): void },
  options: { rebooking?: boolean } = {},
): Promise<Workload> {
  clock.set(day1);
  const f = await createSaleFixture(t.database.db, {
    clock,
    capacity: 50,
    code: `RPT${Date.now() % 100000}`,
  });
  const ctx = (db: Queryable = t.database.db) => systemContext(db, 'test', { clock });
  const fee = (
    await createProduct(ctx(), f.siteId, {
      ...productBase,
      code: 'FEE',
      nameZh: '游船票',
      nameEn: 'Boat ticket',
      listPrice: 10000,
      refundPolicy: {
        allowed: true,
        untilMinutesBeforeStart: 0,
        fee: { kind: 'percent', basisPoints: 1000 },
      },
      rebookPolicy: { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'fixed', amount: 500 } },
    })
  ).id;
  const later = async (date: string) =>
    (
      await generateSessions(ctx(), f.siteId, {
        kind: 'timeslot',
        from: date,
        to: date,
        times: { list: ['09:00'] },
        durationMinutes: 240,
        capacity: 50,
        productIds: [f.products.adult, fee],
        nameZh: '',
        nameEn: '',
        routeFrom: null,
        routeTo: null,
      })
    ).sessionIds[0]!;
  const sessions = {
    day2: await later('2026-12-02'),
    day5: await later('2026-12-05'),
    day7: options.rebooking ? await later('2026-12-07') : '',
  };
  // Adults cost more at weekends (¥150 against ¥130), so a rebooking onto a Saturday changes the price.
  const [version] = await listPriceVersions(ctx(), f.siteId);
  if (options.rebooking)
    await updatePriceVersion(ctx(), f.siteId, version!.id, {
      name: version!.name,
      effectiveFrom: version!.effectiveFrom,
      effectiveTo: version!.effectiveTo,
      rules: [
        ...version!.rules.map(({ productId, dayType, season, channel, price }) => ({
          productId,
          dayType,
          season,
          channel,
          price,
        })),
        { productId: f.products.adult, dayType: 'weekend', season: null, channel: null, price: 15000 },
      ],
    });
  const gateId = (
    await createGate(ctx(), f.siteId, { code: 'N', nameZh: '北门', nameEn: 'North', direction: 'both' })
  ).id;
  await createTestUser(t.database.db, { loginName: `wl.seller.${f.siteId}`, roles: ['seller'] });
  await createTestUser(t.database.db, { loginName: `wl.boss.${f.siteId}`, roles: ['admin'] });
  await createTestUser(t.database.db, { loginName: `wl.gate.${f.siteId}`, roles: ['gate_staff'] });
  let seller = await loggedIn(t.app, `wl.seller.${f.siteId}`);
  let gate = await loggedIn(t.app, `wl.gate.${f.siteId}`);
  const relogin = async () => {
    seller = await loggedIn(t.app, `wl.seller.${f.siteId}`);
    gate = await loggedIn(t.app, `wl.gate.${f.siteId}`);
  };

  const api = async (client: TestClient, path: string, payload: unknown, status = 201) => {
    const res = await client.request(`/api/v1/sites/${f.siteId}${path}`, {
      method: 'POST',
      payload,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<Json>();
  };
  const sell = async (
    sessionId: string,
    visitDate: string,
    lines: Json[],
    payments: Json[],
    extra: Json = {},
  ) => (await api(seller, '/orders', { visitDate, sessionId, lines, payments, ...extra })).order as Order;
  const cash = (amount: number) => [{ method: 'cash', amount, tendered: amount }];
  const scan = async (code: string) => {
    const res = await gate.request(`/api/v1/sites/${f.siteId}/gate/scan`, {
      method: 'POST',
      payload: { gateId, code },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ result: 'ok' });
  };

  // 1 December, 10:00: the seller's shift.
  await api(seller, '/shifts', { floatAmount: 0 });
  const a = await sell(
    f.sessionIds[0]!,
    saleDay,
    [{ productId: f.products.adult, quantity: 2 }],
    cash(26000),
  );
  const b = await sell(
    f.sessionIds[0]!,
    saleDay,
    [
      { productId: f.products.adult, quantity: 1 },
      { productId: f.products.child, quantity: 1, discountDocument: 'height_check', discountReason: '1.1米' },
    ],
    [{ method: 'card', amount: 13000, reference: 'POS-0001' }],
  );
  await sell(
    f.sessionIds[0]!,
    saleDay,
    [{ productId: f.products.comp, quantity: 1, discountReason: '媒体' }],
    cash(0),
    { approval: { loginName: `wl.boss.${f.siteId}`, password: testPassword } },
  );
  const d = await sell(sessions.day5, '2026-12-05', [{ productId: fee, quantity: 2 }], cash(20000));
  const i = await sell(sessions.day5, '2026-12-05', [{ productId: fee, quantity: 1 }], cash(10000));
  for (const ticket of [...a.tickets, b.tickets.find((x) => x.price > 0)!]) await scan(ticket.code!);
  const exit = await gate.request(`/api/v1/sites/${f.siteId}/gate/exit`, {
    method: 'POST',
    payload: { gateId },
  });
  expect(exit.statusCode, exit.body).toBe(200);
  await api(seller, `/orders/${d.id}/refunds`, { ticketIds: [d.tickets[0]!.id] });
  await api(
    seller,
    `/orders/${d.id}/rebook`,
    { ticketIds: [d.tickets[1]!.id], toSessionId: sessions.day2, payments: cash(500) },
    200,
  );

  const lateSale: SaleInput = {
    visitDate: saleDay,
    sessionId: f.sessionIds[1]!,
    terminal: '09',
    lines: [
      { productId: f.products.adult, quantity: 1, holders: [], discountDocument: null, discountReason: '' },
    ],
    payments: [{ method: 'cash', amount: 13000, tendered: 13000 }],
    guide: null,
    approval: null,
    contactPhone: '',
  };

  // The rest of the timeline is played by `finishWorkload`, after the late-commit part.
  return { f, fee, gateId, sessions, lateSale, ctx, i, sell, cash, scan, relogin };
}

/**
 * 2 December 01:30 in the open shift, 09:30 without a shift and at the gate, and an adult for the 7th;
 * 3 December that adult rebooked to the 5th (a Saturday, ¥20 more); 4 December two refunds.
 */
export async function finishWorkload(
  clock: Clock & { set(at: Date): void },
  w: Workload,
  runtime: SalesRuntime,
  options: { rebooking?: boolean } = {},
): Promise<void> {
  const more = w;
  clock.set(new Date('2026-12-01T17:30:00Z'));
  // Hours pass: the seller and the gate log in again.
  await w.relogin();
  const g = await more.sell(
    w.sessions.day2,
    '2026-12-02',
    [{ productId: w.f.products.adult, quantity: 1 }],
    more.cash(13000),
  );
  clock.set(new Date('2026-12-02T01:30:00Z'));
  await sellTickets(w.ctx(), runtime, w.f.siteId, {
    ...w.lateSale,
    visitDate: '2026-12-02',
    sessionId: w.sessions.day2,
    lines: [{ ...w.lateSale.lines[0]!, quantity: 2 }],
    payments: [{ method: 'cash', amount: 26000, tendered: 26000 }],
  });
  if (!options.rebooking) {
    await w.relogin();
    await more.scan(g.tickets[0]!.code!);
    clock.set(new Date('2026-12-04T02:00:00Z'));
    await refundTickets(w.ctx(), runtime, w.f.siteId, more.i.id, {
      ticketIds: [more.i.tickets[0]!.id],
      reason: '行程变更',
      void: false,
      approval: null,
    });
    return;
  }
  const r = (
    await sellTickets(w.ctx(), runtime, w.f.siteId, {
      ...w.lateSale,
      visitDate: '2026-12-07',
      sessionId: w.sessions.day7,
    })
  ).order;
  await w.relogin();
  await more.scan(g.tickets[0]!.code!);
  clock.set(new Date('2026-12-03T02:00:00Z'));
  const rebooked = await rebookTickets(w.ctx(), runtime, w.f.siteId, r.id, {
    ticketIds: [r.tickets[0]!.id],
    toSessionId: w.sessions.day5,
    payments: [{ method: 'cash', amount: 2000, tendered: 2000 }],
  });
  expect(rebooked.difference).toBe(2000);
  clock.set(new Date('2026-12-04T02:00:00Z'));
  await refundTickets(w.ctx(), runtime, w.f.siteId, more.i.id, {
    ticketIds: [more.i.tickets[0]!.id],
    reason: '行程变更',
    void: false,
    approval: null,
  });
  // The rebooked adult goes back at ¥150: ¥130 sold on the 2nd, ¥20 more on the 3rd.
  await refundTickets(w.ctx(), runtime, w.f.siteId, r.id, {
    ticketIds: rebooked.newTicketIds,
    reason: '行程变更',
    void: false,
    approval: null,
  });
}

/** What each day should show once the whole workload (with the late sale) is in. */
export const expected = {
  '2026-12-01': {
    // A 2 + B 1 + D 2 + I 1 + the late sale twice (its test and the control) + G 1 (after midnight,
    // in the shift).
    ticketsSold: 9,
    sales: 26000 + 13000 + 20000 + 10000 + 2 * 13000 + 13000,
    ticketsRefunded: 1,
    refunds: 9000,
    refundFees: 1000,
    freeTickets: 1,
    complimentaryTickets: 1,
    cashReceived: 26000 + 0 + 20000 + 10000 + 500 + 2 * 13000 + 13000,
    cardReceived: 13000,
    cashRefunded: 9000,
    entries: 3,
    exits: 1,
  },
  '2026-12-02': {
    // The late sale twice without a shift, and the adult for the 7th.
    ticketsSold: 3,
    sales: 26000 + 13000,
    ticketsRefunded: 0,
    refunds: 0,
    refundFees: 0,
    freeTickets: 0,
    complimentaryTickets: 0,
    cashReceived: 26000 + 13000,
    cardReceived: 0,
    cashRefunded: 0,
    entries: 1,
    exits: 0,
  },
  '2026-12-03': {
    // The rebooking onto the weekend: no ticket sold, the difference in price.
    ticketsSold: 0,
    sales: 2000,
    ticketsRefunded: 0,
    refunds: 0,
    refundFees: 0,
    freeTickets: 0,
    complimentaryTickets: 0,
    cashReceived: 2000,
    cardReceived: 0,
    cashRefunded: 0,
    entries: 0,
    exits: 0,
  },
  '2026-12-04': {
    // I's boat ticket (less its fee) and the rebooked adult at its weekend price.
    ticketsSold: 0,
    sales: 0,
    ticketsRefunded: 2,
    refunds: 9000 + 15000,
    refundFees: 1000,
    freeTickets: 0,
    complimentaryTickets: 0,
    cashReceived: 0,
    cardReceived: 0,
    cashRefunded: 9000 + 15000,
    entries: 0,
    exits: 0,
  },
} as const;

/**
 * The site's totals straight from the raw tables (no dating, no summaries, none of the job's events):
 * what the summaries must add up to. Sales are what each paid ticket stands at now — the last ticket
 * of a chain of rebookings, the one nothing replaced — whatever it was first sold at.
 */
export async function rawTotals(db: Queryable, siteId: string) {
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`select
      (select coalesce(sum(t.price), 0)::int8 from tickets t join orders o on o.id = t.order_id
        where o.site_id = ${siteId} and o.paid_at is not null and not o.training and t.replaced_by is null) as sales,
      (select count(*)::int8 from tickets t join orders o on o.id = t.order_id
        where o.site_id = ${siteId} and o.paid_at is not null and not o.training and t.rebooked_from is null
          and t.category not in ('free', 'complimentary')) as tickets_sold,
      (select count(*)::int8 from tickets t join orders o on o.id = t.order_id
        where o.site_id = ${siteId} and o.paid_at is not null and t.rebooked_from is null and t.category = 'free') as free,
      (select count(*)::int8 from tickets t join orders o on o.id = t.order_id
        where o.site_id = ${siteId} and o.paid_at is not null and t.rebooked_from is null and t.category = 'complimentary') as complimentary,
      (select coalesce(sum(tr.price - tr.fee), 0)::int8 from ticket_refunds tr join tickets t on t.id = tr.ticket_id
        where t.site_id = ${siteId}
          and not exists (select 1 from refunds r where r.group_id = tr.group_id and r.status <> 'succeeded')) as refunds,
      (select coalesce(sum(tr.fee), 0)::int8 from ticket_refunds tr join tickets t on t.id = tr.ticket_id
        where t.site_id = ${siteId}) as refund_fees,
      (select count(*)::int8 from ticket_refunds tr join tickets t on t.id = tr.ticket_id
        where t.site_id = ${siteId} and t.category not in ('free', 'complimentary')) as tickets_refunded,
      (select coalesce(sum(p.amount), 0)::int8 from payments p join orders o on o.id = p.order_id
        where p.site_id = ${siteId} and p.status = 'succeeded' and not o.training) as received,
      (select coalesce(sum(r.amount), 0)::int8 from refunds r join orders o on o.id = r.order_id
        where r.site_id = ${siteId} and r.status = 'succeeded' and not o.training) as refunded,
      (select count(*)::int8 from checkins where site_id = ${siteId} and result = 'ok' and not double_entry and direction = 'entry') as entries,
      (select count(*)::int8 from checkins where site_id = ${siteId} and result = 'ok' and not double_entry and direction = 'exit') as exits`,
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
}

/** The same totals added up from the summary tables. */
export async function summaryTotals(db: Queryable, siteId: string) {
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`select
      (select coalesce(sum(sales), 0)::int8 from report_sales_daily where site_id = ${siteId}) as sales,
      (select coalesce(sum(tickets_sold), 0)::int8 from report_sales_daily where site_id = ${siteId}) as tickets_sold,
      (select coalesce(sum(free_issued), 0)::int8 from report_sales_daily where site_id = ${siteId}) as free,
      (select coalesce(sum(complimentary_issued), 0)::int8 from report_sales_daily where site_id = ${siteId}) as complimentary,
      (select coalesce(sum(refunds), 0)::int8 from report_sales_daily where site_id = ${siteId}) as refunds,
      (select coalesce(sum(refund_fees), 0)::int8 from report_sales_daily where site_id = ${siteId}) as refund_fees,
      (select coalesce(sum(tickets_refunded), 0)::int8 from report_sales_daily where site_id = ${siteId}) as tickets_refunded,
      (select coalesce(sum(received), 0)::int8 from report_payments_daily where site_id = ${siteId}) as received,
      (select coalesce(sum(refunded), 0)::int8 from report_payments_daily where site_id = ${siteId}) as refunded,
      (select coalesce(sum(entries), 0)::int8 from report_entries_hourly where site_id = ${siteId}) as entries,
      (select coalesce(sum(exits), 0)::int8 from report_entries_hourly where site_id = ${siteId}) as exits`,
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
}

/** One day's figures from the summaries, in the shape of `expected`. */
export async function summaryDay(db: Queryable, siteId: string, date: string) {
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`select
      (select coalesce(sum(tickets_sold), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as "ticketsSold",
      (select coalesce(sum(sales), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as sales,
      (select coalesce(sum(tickets_refunded), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as "ticketsRefunded",
      (select coalesce(sum(refunds), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as refunds,
      (select coalesce(sum(refund_fees), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as "refundFees",
      (select coalesce(sum(free_issued), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as "freeTickets",
      (select coalesce(sum(complimentary_issued), 0)::int8 from report_sales_daily where site_id = ${siteId} and business_date = ${date}) as "complimentaryTickets",
      (select coalesce(sum(received), 0)::int8 from report_payments_daily where site_id = ${siteId} and business_date = ${date} and method = 'cash') as "cashReceived",
      (select coalesce(sum(received), 0)::int8 from report_payments_daily where site_id = ${siteId} and business_date = ${date} and method = 'card') as "cardReceived",
      (select coalesce(sum(refunded), 0)::int8 from report_payments_daily where site_id = ${siteId} and business_date = ${date} and method = 'cash') as "cashRefunded",
      (select coalesce(sum(entries), 0)::int8 from report_entries_hourly where site_id = ${siteId} and business_date = ${date}) as entries,
      (select coalesce(sum(exits), 0)::int8 from report_entries_hourly where site_id = ${siteId} and business_date = ${date}) as exits`,
  );
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]));
}
