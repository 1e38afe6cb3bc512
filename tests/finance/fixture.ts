// Finance fixtures: the sale fixture's site with a ticket type whose refunds cost 10% (sold for a
// later Saturday), that Saturday's session, a travel agency on account, a channel partner buying at
// 100 (retail 128) on its own account with an API key, and the people: two sellers, a supervisor who
// approves, finance and a statistician. `playBusyDay` then plays a day at the box office and beyond
// through the real app — every kind of money the settlement counts — and returns the hand-computed
// figures it must give.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { zonedToUtc } from '@admit/domain';
import {
  completeProviderPayment,
  createAgency,
  createPriceVersion,
  createProduct,
  generateSessions,
  issueApiKey,
  loadPriceVersions,
  saveChannel,
  sellTickets,
  setChannelPrices,
  systemContext,
  updatePriceVersion,
  type Clock,
} from '@admit/services';
import type { TestApp } from '../support/app';
import { createTestUser, loggedIn, testPassword, type TestClient } from '../support/accounts';
import { createSaleFixture, productBase, saleDay, type SaleFixture } from '../sales/fixture';

export { saleDay };
/** A Saturday after the sale day, when adults cost 120 (130 on the sale day). */
export const laterDay = '2026-12-05';
export const zone = 'Asia/Shanghai';
/** An instant at the site. */
export const atSite = (date: string, time: string) => zonedToUtc(date, time, zone);

export type FinanceFixture = SaleFixture & {
  code: string;
  boat: string;
  laterSessionId: string;
  agencyId: string;
  otaAgencyId: string;
  apiKey: string;
  people: Record<'seller' | 'seller2' | 'boss' | 'finance' | 'stats', TestClient>;
  logins: Record<'seller' | 'seller2' | 'boss' | 'finance' | 'stats', string>;
  userIds: Record<'seller' | 'seller2' | 'boss' | 'finance' | 'stats', string>;
};

export async function createFinanceFixture(t: TestApp, clock: Clock, code: string): Promise<FinanceFixture> {
  const db = t.database.db;
  const f = await createSaleFixture(db, { clock, capacity: 100, code });
  const ctx = systemContext(db, 'test', { clock });
  // Adults cost 130 until 4 December and 120 from the 5th: a rebooking between them has a difference.
  const [version] = await loadPriceVersions(db, f.siteId);
  await updatePriceVersion(ctx, f.siteId, version!.id, {
    name: '2026',
    effectiveFrom: '2026-01-01',
    effectiveTo: '2026-12-04',
    rules: [{ productId: f.products.adult, dayType: 'weekday', season: null, channel: null, price: 13000 }],
  });
  await createPriceVersion(ctx, f.siteId, {
    name: 'winter',
    effectiveFrom: laterDay,
    effectiveTo: null,
    rules: [{ productId: f.products.adult, dayType: 'weekday', season: null, channel: null, price: 12000 }],
  });
  const boat = (
    await createProduct(ctx, f.siteId, {
      ...productBase,
      code: 'BOAT',
      nameZh: '游船票',
      nameEn: 'Boat',
      listPrice: 10000,
      refundPolicy: {
        allowed: true,
        untilMinutesBeforeStart: 0,
        fee: { kind: 'percent', basisPoints: 1000 },
      },
    })
  ).id;
  const { sessionIds } = await generateSessions(ctx, f.siteId, {
    kind: 'timeslot',
    from: laterDay,
    to: laterDay,
    times: { list: ['10:00'] },
    durationMinutes: 240,
    capacity: 100,
    productIds: [f.products.adult, f.products.child, f.products.comp, f.products.student, boat],
    nameZh: '',
    nameEn: '',
    routeFrom: null,
    routeTo: null,
  });
  const agency = await createAgency(ctx, f.siteId, {
    code: 'TA',
    name: '春秋旅行社',
    contactName: '',
    contactPhone: '',
    creditLimit: 1_000_000,
  });
  const ota = await createAgency(ctx, f.siteId, {
    code: 'OTA',
    name: '示例旅行平台',
    contactName: '',
    contactPhone: '',
    creditLimit: 1_000_000,
  });
  const channel = await saveChannel(ctx, null, {
    code: `ota-${code.toLowerCase()}`,
    name: 'OTA',
    contactName: '',
    contactPhone: '',
    active: true,
    siteIds: [f.siteId],
    accounts: { [f.siteId]: ota.id },
  });
  await setChannelPrices(ctx, channel.id, [
    { productId: f.products.adult, settlementPrice: 10000, retailPrice: 12800 },
  ]);
  const { key } = await issueApiKey(ctx, channel.id, {
    name: 'finance test',
    scopes: ['orders.create', 'orders.read', 'orders.refund'],
    rateLimitPerMinute: 1000,
  });
  const roles = {
    seller: 'seller',
    seller2: 'seller',
    boss: 'admin',
    finance: 'finance',
    stats: 'statistician',
  };
  const people = {} as FinanceFixture['people'];
  const userIds = {} as FinanceFixture['userIds'];
  const logins = {} as FinanceFixture['logins'];
  for (const [who, role] of Object.entries(roles) as [keyof typeof roles, string][]) {
    logins[who] = `${code.toLowerCase()}.${who}`;
    userIds[who] = (await createTestUser(db, { loginName: logins[who], roles: [role] })).id;
    people[who] = await loggedIn(t.app, logins[who]);
  }
  return {
    ...f,
    code,
    boat,
    laterSessionId: sessionIds[0]!,
    agencyId: agency.id,
    otaAgencyId: ota.id,
    apiKey: key,
    people,
    logins,
    userIds,
  };
}

/** Logs everyone in again: moving the test clock by hours ends their sessions. */
export async function logInAgain(f: FinanceFixture): Promise<void> {
  for (const who of Object.keys(f.people) as (keyof FinanceFixture['people'])[]) {
    const res = await f.people[who].login(f.logins[who]);
    expect(res.statusCode, res.body).toBe(200);
  }
}

type Json = Record<string, unknown>;
export type Res = { statusCode: number; body: string; json: <T = Json>() => T };

/** A request to the site's API with a fresh Idempotency-Key. */
export function siteApi(f: FinanceFixture) {
  return (client: TestClient, path: string, payload?: unknown, method?: 'GET' | 'POST' | 'PUT') =>
    client.request(`/api/v1/sites/${f.siteId}${path}`, {
      method: method ?? (payload === undefined ? 'GET' : 'POST'),
      ...(payload === undefined ? {} : { payload }),
      headers: { 'idempotency-key': randomUUID() },
    });
}

/** A request to the finance API of the site. */
export function financeApi(f: FinanceFixture) {
  return (client: TestClient, path: string, payload?: unknown, method?: 'GET' | 'POST' | 'PUT') =>
    client.request(`/api/v1/finance/sites/${f.siteId}${path}`, {
      method: method ?? (payload === undefined ? 'GET' : 'POST'),
      ...(payload === undefined ? {} : { payload }),
      headers: { 'idempotency-key': randomUUID() },
    });
}

export function ok<T = Json>(res: Res, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

export function refused(res: Res, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code } });
}

type Order = { id: string; tickets: { id: string; productId: string; price: number }[] };

export type BusyDay = {
  shiftId: string;
  orders: Record<'cash' | 'card' | 'code' | 'account' | 'comp' | 'boat' | 'later' | 'online' | 'api', Order>;
};

/**
 * The busy day of 2026-12-01 (from 10:00; the clock moves a minute per step): the seller opens a shift
 * with ¥500, and sells 2 adults and a free child (cash), an adult by card, a student by payment code,
 * an adult on the agency's account, a complimentary ticket (a supervisor approves), two boat tickets
 * for Saturday (cash) — one refunded at 10% — and an adult for Saturday (cash) rebooked to today
 * paying the ¥10 difference; an adult is sold online and one through the channel API; the seller
 * counts ¥5 over, the supervisor approves, finance confirms the shift. `expected` is the settlement.
 */
export async function playBusyDay(
  t: TestApp,
  f: FinanceFixture,
  clock: Clock & { advance(ms: number): void },
) {
  const api = siteApi(f);
  const { seller, finance } = f.people;
  const step = () => clock.advance(60_000);
  const sell = async (lines: Json[], payments: Json[], extra: Json = {}, sessionId = f.sessionIds[1]) => {
    step();
    return ok<{ order: Order }>(
      await api(seller, '/orders', { visitDate: saleDay, sessionId, lines, payments, ...extra }),
      201,
    ).order;
  };
  const adults = (n: number) => ({ productId: f.products.adult, quantity: n });
  const cash = (amount: number) => [{ method: 'cash', amount, tendered: amount }];

  const shiftId = ok<{ id: string }>(await api(seller, '/shifts', { floatAmount: 50_000 }), 201).id;
  const orders = {} as BusyDay['orders'];
  orders.cash = await sell(
    [
      adults(2),
      {
        productId: f.products.child,
        quantity: 1,
        discountDocument: 'height_check',
        discountReason: '身高1.2米以下',
      },
    ],
    cash(26_000),
  );
  orders.card = await sell([adults(1)], [{ method: 'card', amount: 13_000, reference: 'POS-1' }]);
  orders.code = await sell(
    [{ productId: f.products.student, quantity: 1, discountDocument: 'student_card' }],
    [{ method: 'payment_code', amount: 6_000, authCode: '134567890123456700' }],
  );
  orders.account = await sell([adults(1)], [{ method: 'on_account', amount: 13_000, agencyId: f.agencyId }]);
  orders.comp = await sell([{ productId: f.products.comp, quantity: 1, discountReason: '嘉宾' }], cash(0), {
    approval: { loginName: `${f.code.toLowerCase()}.boss`, password: testPassword },
  });
  step();
  orders.boat = ok<{ order: Order }>(
    await api(seller, '/orders', {
      visitDate: laterDay,
      sessionId: f.laterSessionId,
      lines: [{ productId: f.boat, quantity: 2 }],
      payments: cash(20_000),
    }),
    201,
  ).order;
  step();
  orders.later = ok<{ order: Order }>(
    await api(seller, '/orders', {
      visitDate: laterDay,
      sessionId: f.laterSessionId,
      lines: [adults(1)],
      payments: cash(12_000),
    }),
    201,
  ).order;
  step();
  ok(
    await api(seller, `/orders/${orders.boat.id}/refunds`, { ticketIds: [orders.boat.tickets[0]!.id] }),
    201,
  );
  step();
  ok(
    await api(seller, `/orders/${orders.later.id}/rebook`, {
      ticketIds: [orders.later.tickets[0]!.id],
      toSessionId: f.sessionIds[1],
      payments: cash(1_000),
    }),
  );

  // Online: held until the provider's notification says paid.
  step();
  const ctx = systemContext(t.database.db, 'test', { clock });
  const online = await sellTickets(ctx, t.app.sales, f.siteId, {
    visitDate: saleDay,
    sessionId: f.sessionIds[1]!,
    terminal: 'WB',
    channel: 'online',
    lines: [
      { productId: f.products.adult, quantity: 1, holders: [], discountDocument: null, discountReason: '' },
    ],
    payments: [{ method: 'online', amount: 13_000 }],
    guide: null,
    approval: null,
    contactPhone: '',
  });
  step();
  expect(await completeProviderPayment(ctx, online.order.payments[0]!.id, 'WX-1')).toBe(true);
  orders.online = online.order;

  step();
  const apiOrder = await t.app.inject({
    method: 'POST',
    url: '/api/v1/channel/orders',
    headers: { authorization: `Bearer ${f.apiKey}`, 'idempotency-key': randomUUID() },
    payload: { site: f.code, visitDate: saleDay, sessionId: f.sessionIds[1], lines: [adults(1)] },
  });
  orders.api = ok<Order>(apiOrder, 201);

  // Expected cash: 500 + 260 + 200 + 120 + 10 − 90 = 1000; counted 1005.
  step();
  ok(
    await api(seller, `/shifts/${shiftId}/close`, {
      counted: { '10000': 10, '500': 1 },
      differenceReason: '多收',
      approval: { loginName: `${f.code.toLowerCase()}.boss`, password: testPassword },
    }),
  );
  step();
  ok(await api(finance, `/shifts/${shiftId}/confirm`, {}));
  return { shiftId, orders } satisfies BusyDay;
}

const zero = {
  sales: 0,
  refunds: 0,
  rebookings: 0,
  adjustments: 0,
  net: 0,
  feesKept: 0,
  ticketsSold: 0,
  ticketsRefunded: 0,
  ticketsRebooked: 0,
};

/** The settlement of the busy day, computed by hand (fen). */
export const busyDayFigures = {
  totals: {
    // 260 + 130 + 60 + 130 + 0 + 200 + 120 + 130 (online) + 100 (API) = 1130
    sales: 113_000,
    refunds: 9_000,
    rebookings: 1_000,
    adjustments: 0,
    net: 105_000,
    feesKept: 1_000,
    // adults 2+1+1+1+1+1, student 1, boat 2 (the child and the complimentary ticket are apart)
    ticketsSold: 10,
    ticketsRefunded: 1,
    ticketsRebooked: 1,
  },
  byPaymentMethod: [
    { method: 'cash', sales: 58_000, refunds: 9_000, rebookings: 1_000, adjustments: 0, net: 50_000 },
    { method: 'card', sales: 13_000, refunds: 0, rebookings: 0, adjustments: 0, net: 13_000 },
    { method: 'payment_code', sales: 6_000, refunds: 0, rebookings: 0, adjustments: 0, net: 6_000 },
    { method: 'online', sales: 13_000, refunds: 0, rebookings: 0, adjustments: 0, net: 13_000 },
    { method: 'on_account', sales: 23_000, refunds: 0, rebookings: 0, adjustments: 0, net: 23_000 },
  ],
  byTicketType: [
    {
      ...zero,
      productCode: 'ADULT',
      sales: 87_000,
      rebookings: 1_000,
      net: 88_000,
      ticketsSold: 7,
      ticketsRebooked: 1,
    },
    {
      ...zero,
      productCode: 'BOAT',
      sales: 20_000,
      refunds: 9_000,
      net: 11_000,
      feesKept: 1_000,
      ticketsSold: 2,
      ticketsRefunded: 1,
    },
    { ...zero, productCode: 'CHILD' },
    { ...zero, productCode: 'COMP' },
    { ...zero, productCode: 'STUDENT', sales: 6_000, net: 6_000, ticketsSold: 1 },
  ],
  byChannel: [
    { ...zero, channel: 'api', sales: 10_000, net: 10_000, ticketsSold: 1 },
    {
      ...zero,
      channel: 'box_office',
      sales: 90_000,
      refunds: 9_000,
      rebookings: 1_000,
      net: 82_000,
      feesKept: 1_000,
      ticketsSold: 8,
      ticketsRefunded: 1,
      ticketsRebooked: 1,
    },
    { ...zero, channel: 'online', sales: 13_000, net: 13_000, ticketsSold: 1 },
  ],
  free: { issued: 1, returned: 0, byReason: [{ reason: '身高1.2米以下', issued: 1, returned: 0 }] },
  complimentary: { issued: 1, returned: 0, byReason: [{ reason: '嘉宾', issued: 1, returned: 0 }] },
  overShort: { over: 500, short: 0, net: 500 },
};

/** The agency ledger's balance (for checks that adjustments never move it). */
export async function agencyBalance(t: TestApp, agencyId: string): Promise<number> {
  const [row] = await rows<{ balance: number }>(
    t.database.db,
    sql`select balance from agencies where id = ${agencyId}`,
  );
  return Number(row!.balance);
}
