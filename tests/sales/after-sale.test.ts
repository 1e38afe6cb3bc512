// After the sale through the real app: shifts (selling needs one; closing is blind and once; an over
// or short drawer needs a reason and a supervisor), refunds by the ticket type's policy (never after
// redemption, not outside the window, above the limit only with approval), voids, money back the way
// it came (cash from the drawer, payment codes through the simulator, retried when the provider
// fails), revoked codes and places back in the pools.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  checkCapacityInvariant,
  createGate,
  fixedClock,
  PaymentProviders,
  retryProviderRefunds,
  scanAtGate,
  SimulatorProvider,
  startPaymentSimulator,
  systemContext,
  type RunningSimulator,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, poolInvariant, saleDay, saleNow, type SaleFixture } from './fixture';

type Json = Record<string, unknown>;
type Order = {
  id: string;
  status: string;
  tickets: { id: string; status: string; price: number; code: string | null }[];
  payments: { method: string }[];
};

describe('after the sale', () => {
  let t: TestApp;
  let seller: TestClient;
  let other: TestClient;
  let gate: TestClient;
  let gateId: string;
  let f: SaleFixture;
  let simulator: RunningSimulator;
  let shiftId: string;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    // A simulator whose first two refunds fail, to see the retry job at work.
    simulator = await startPaymentSimulator({ passwordMs: 100, failRefunds: 2 });
    t = await testApp({
      clock,
      env: {
        ADMIT_CATALOG_CACHE_MS: '0',
        ADMIT_PAYMENT_SIMULATOR: 'off',
        ADMIT_REFUND_APPROVAL_ABOVE: '30000',
      },
    });
    const provider = new SimulatorProvider(simulator.url, simulator.secret);
    (t.app.sales as { payments: PaymentProviders }).payments = new PaymentProviders({
      wechat: provider,
      alipay: provider,
    });
    f = await createSaleFixture(t.database.db, { clock, capacity: 40, code: 'AFTER' });
    await createTestUser(t.database.db, { loginName: 'as.seller', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 'as.other', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 'as.gate', roles: ['gate_staff'] });
    await createTestUser(t.database.db, { loginName: 'as.boss', roles: ['admin'] });
    seller = await loggedIn(t.app, 'as.seller');
    other = await loggedIn(t.app, 'as.other');
    gate = await loggedIn(t.app, 'as.gate');
    gateId = (
      await createGate(systemContext(t.database.db, 'test', { clock }), f.siteId, {
        code: 'E',
        nameZh: '东门',
        nameEn: 'East',
        direction: 'entry',
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  const api = (
    client: TestClient,
    path: string,
    payload?: unknown,
    method: 'GET' | 'POST' = payload ? 'POST' : 'GET',
  ) =>
    client.request(`/api/v1/sites/${f.siteId}${path}`, {
      method,
      ...(payload === undefined ? {} : { payload }),
      headers: { 'idempotency-key': randomUUID() },
    });
  const sell = (client: TestClient, lines: Json[], payments: Json[]) =>
    api(client, '/orders', { visitDate: saleDay, sessionId: f.sessionIds[1], lines, payments });
  const adults = (n: number) => [{ productId: f.products.adult, quantity: n }];
  const cash = (amount: number) => [{ method: 'cash', amount, tendered: amount }];
  const expectError = (
    res: { statusCode: number; json: () => unknown; body: string },
    status: number,
    code: string,
  ) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ error: { code } });
  };

  it('refuses to sell with no open shift, and opens one once', async () => {
    expectError(await sell(seller, adults(1), cash(13000)), 409, 'shift_required');
    const opened = await api(seller, '/shifts', { floatAmount: 20000, firstSerial: 'A000101' });
    expect(opened.statusCode, opened.body).toBe(201);
    shiftId = opened.json<{ id: string }>().id;
    expectError(await api(seller, '/shifts', { floatAmount: 20000 }), 409, 'shift_already_open');
    const current = await api(seller, '/shifts/current');
    expect(current.json()).toMatchObject({ shift: { id: shiftId, status: 'open', expectedCash: null } });
  });

  it('refunds a ticket of an order in cash from the drawer: revoked, places back, order partially refunded', async () => {
    const before = await poolInvariant(t.database.db, f.siteId, f.sessionIds[1]!);
    const sold = (await sell(seller, adults(2), cash(26000))).json<{ order: Order }>().order;
    const [orderShift] = await rows<{ shift_id: string }>(
      t.database.db,
      sql`select shift_id from orders where id = ${sold.id}`,
    );
    expect(orderShift?.shift_id).toBe(shiftId);
    const refund = await api(seller, `/orders/${sold.id}/refunds`, {
      ticketIds: [sold.tickets[0]!.id],
      reason: '行程变更',
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json()).toMatchObject({
      refunded: 13000,
      fee: 0,
      cash: 13000,
      order: { status: 'partially_refunded' },
    });
    const after = await poolInvariant(t.database.db, f.siteId, f.sessionIds[1]!);
    expect(Number(after.session_sold)).toBe(Number(before.session_sold) + 1);
    const [revoked] = await rows<{ status: string; revoked_at: Date | null }>(
      t.database.db,
      sql`select status, revoked_at from tickets where id = ${sold.tickets[0]!.id}`,
    );
    expect(revoked?.status).toBe('refunded');
    expect(revoked?.revoked_at).not.toBeNull();
    expectError(
      await api(seller, `/orders/${sold.id}/refunds`, { ticketIds: [sold.tickets[0]!.id] }),
      409,
      'ticket_not_refundable',
    );
    expect((await checkCapacityInvariant(t.database.db)).problems).toEqual([]);
  });

  it('never refunds after a redemption', async () => {
    const sold = (await sell(seller, adults(1), cash(13000))).json<{ order: Order }>().order;
    // At a gate that lets tickets in all day (the 13:00 session; the refund window is still open).
    const scan = () =>
      scanAtGate(
        systemContext(t.database.db, 'gate', { clock }),
        t.app.sales,
        f.siteId,
        { gateId, code: sold.tickets[0]!.code! },
        { earlyMinutes: 1440, lateMinutes: 0 },
      );
    expect(await scan()).toMatchObject({ result: 'ok' });
    expect(await scan()).toMatchObject({ result: 'already_used' });
    expectError(
      await api(seller, `/orders/${sold.id}/refunds`, { ticketIds: [sold.tickets[0]!.id] }),
      409,
      'ticket_already_used',
    );
  });

  it('refuses outside the refund window, and above the limit without approval', async () => {
    await t.database.db.execute(
      sql`update products set refund_policy = ${JSON.stringify({ allowed: true, untilMinutesBeforeStart: 24 * 60, fee: { kind: 'none' } })}::jsonb
          where id = ${f.products.student}`,
    );
    const student = (
      await sell(
        seller,
        [{ productId: f.products.student, quantity: 1, discountDocument: 'student_card' }],
        cash(6000),
      )
    ).json<{ order: Order }>().order;
    expectError(
      await api(seller, `/orders/${student.id}/refunds`, { ticketIds: [student.tickets[0]!.id] }),
      422,
      'refund_window_closed',
    );

    const big = (await sell(seller, adults(3), cash(39000))).json<{ order: Order }>().order;
    const all = big.tickets.map((x) => x.id);
    expectError(
      await api(seller, `/orders/${big.id}/refunds`, { ticketIds: all }),
      403,
      'refund_approval_required',
    );
    const approved = await api(seller, `/orders/${big.id}/refunds`, {
      ticketIds: all,
      approval: { loginName: 'as.boss', password: 'Ticket-Office-2026' },
    });
    expect(approved.statusCode, approved.body).toBe(201);
    expect(approved.json()).toMatchObject({ refunded: 39000, order: { status: 'refunded' } });
  });

  it('voids a sale just made, in the same shift, without a fee', async () => {
    const sold = (await sell(seller, adults(1), cash(13000))).json<{ order: Order }>().order;
    expectError(
      await api(other, `/orders/${sold.id}/refunds`, { ticketIds: [sold.tickets[0]!.id], void: true }),
      422,
      'refund_window_closed',
    );
    const voided = await api(seller, `/orders/${sold.id}/refunds`, {
      ticketIds: [sold.tickets[0]!.id],
      void: true,
    });
    expect(voided.statusCode, voided.body).toBe(201);
    const audit = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int8 as n from audit_log where action = 'orders.order.voided' and target_id = ${sold.id}`,
    );
    expect(Number(audit[0]!.n)).toBe(1);
  });

  it('refunds a payment code through the provider, retrying until it succeeds', async () => {
    const sold = (
      await sell(seller, adults(1), [
        { method: 'payment_code', amount: 13000, authCode: '134567890123456788' },
      ])
    ).json<{ order: Order }>().order;
    const refund = await api(seller, `/orders/${sold.id}/refunds`, { ticketIds: [sold.tickets[0]!.id] });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json()).toMatchObject({ cash: 0, refunds: [{ method: 'payment_code', status: 'failed' }] });
    const boss = await loggedIn(t.app, 'as.boss');
    const open = await api(boss, '/refunds/open');
    expect(open.json()).toEqual([
      expect.objectContaining({
        orderId: sold.id,
        method: 'payment_code',
        status: 'failed',
        attempts: 1,
        lastError: 'system_busy',
      }),
    ]);
    expectError(await api(seller, '/refunds/open'), 403, 'permission_denied');
    const revoked = (await api(gate, '/revocations')).json<{ ticketIds: string[] }>();
    expect(revoked.ticketIds).toContain(sold.tickets[0]!.id);
    const ctx = systemContext(t.database.db, 'refunds', { clock });
    clock.advance(60_000);
    expect(await retryProviderRefunds(ctx, t.app.sales)).toEqual({ attempted: 1, succeeded: 0 });
    expect(await retryProviderRefunds(ctx, t.app.sales)).toEqual({ attempted: 0, succeeded: 0 });
    clock.advance(2 * 60_000);
    expect(await retryProviderRefunds(ctx, t.app.sales)).toEqual({ attempted: 1, succeeded: 1 });
    const [row] = await rows<{ status: string; attempts: number }>(
      t.database.db,
      sql`select status, attempts from refunds where order_id = ${sold.id}`,
    );
    expect(row).toEqual({ status: 'succeeded', attempts: 3 });
    expect((await api(boss, '/refunds/open')).json()).toEqual([]);
    clock.set(saleNow);
  });

  it('rebooks a ticket to another session paying the difference; refuses a full session', async () => {
    // The afternoon ADULT costs 13000; the morning session of the next day is not in the fixture, so
    // move the morning order's ticket to a priced-up afternoon: make ADULT a day price of 15000 by rule.
    const sold = (await sell(seller, adults(2), cash(26000))).json<{ order: Order }>().order;
    const full = await t.database.db.execute(
      sql`update capacity_pool_stripes set capacity = sold where pool_id = (select id from capacity_pools where session_id = ${f.sessionIds[0]})`,
    );
    expect(full).toBeDefined();
    expectError(
      await api(seller, `/orders/${sold.id}/rebook`, {
        ticketIds: [sold.tickets[0]!.id],
        toSessionId: f.sessionIds[0],
      }),
      409,
      'sold_out',
    );
    await t.database.db.execute(
      sql`update capacity_pool_stripes set capacity = 20 where pool_id = (select id from capacity_pools where session_id = ${f.sessionIds[0]})`,
    );
    // The morning session has started: rebooking into it is still possible (it has not ended).
    const moved = await api(seller, `/orders/${sold.id}/rebook`, {
      ticketIds: [sold.tickets[0]!.id],
      toSessionId: f.sessionIds[0],
      payments: [],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const result = moved.json<{ order: Order; difference: number; newTicketIds: string[] }>();
    expect(result.difference).toBe(0);
    const fresh = result.order.tickets.find((x) => x.id === result.newTicketIds[0])!;
    expect(fresh).toMatchObject({ status: 'valid' });
    expect(fresh.code).not.toBeNull();
    expect(result.order.tickets.find((x) => x.id === sold.tickets[0]!.id)?.status).toBe('revoked');
    expect((await checkCapacityInvariant(t.database.db)).problems).toEqual([]);
  });

  it('looks orders up by number, ticket number, scanned code and date, with a timeline', async () => {
    const sold = (await sell(seller, adults(1), cash(13000))).json<{ order: Order & { number: string } }>()
      .order;
    const find = async (q: string) =>
      (await api(seller, `/orders?q=${encodeURIComponent(q)}`)).json<{
        matchedBy: string;
        orders: { id: string }[];
      }>();
    const [ticket] = await rows<{ number: string }>(
      t.database.db,
      sql`select number from tickets where order_id = ${sold.id}`,
    );
    expect(await find(sold.number)).toMatchObject({ matchedBy: 'order_number', orders: [{ id: sold.id }] });
    expect(await find(ticket!.number)).toMatchObject({
      matchedBy: 'ticket_number',
      orders: [{ id: sold.id }],
    });
    expect(await find(sold.tickets[0]!.code!)).toMatchObject({
      matchedBy: 'ticket_code',
      orders: [{ id: sold.id }],
    });
    const byDate = (await api(seller, `/orders?from=${saleDay}&to=${saleDay}`)).json<{
      orders: { id: string }[];
    }>();
    expect(byDate.orders.map((o) => o.id)).toContain(sold.id);
    const timeline = (await api(seller, `/orders/${sold.id}/timeline`)).json<{
      timeline: { action: string; actorName: string }[];
    }>();
    expect(timeline.timeline).toEqual([
      expect.objectContaining({ action: 'orders.order.sold', actorName: 'as.seller' }),
    ]);
    expectError(await api(seller, `/orders/${sold.id}/personal-data`, {}), 403, 'permission_denied');
  });

  it('closes the shift blind: expected only after the count; a short drawer needs reason and approval; once', async () => {
    // Float 20000 + cash in (26000 + 13000 + 6000 + 39000 + 13000 + 26000 + 13000)
    // − cash out (13000 + 39000 + 13000) = 91000.
    const report = await api(seller, `/shifts/${shiftId}`);
    expect(report.json()).toMatchObject({ totals: null });
    const short = { counted: { '10000': 9 } }; // 90000: short by 1000
    expectError(
      await api(seller, `/shifts/${shiftId}/close`, short),
      422,
      'shift_difference_reason_required',
    );
    expectError(
      await api(seller, `/shifts/${shiftId}/close`, { ...short, differenceReason: '找零错误' }),
      403,
      'approval_required',
    );
    const closed = await api(seller, `/shifts/${shiftId}/close`, {
      ...short,
      differenceReason: '找零错误',
      approval: { loginName: 'as.boss', password: 'Ticket-Office-2026' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({
      shift: { status: 'closed', expectedCash: 91000, countedCash: 90000, difference: -1000 },
      totals: { cashIn: 136000, cashOut: 65000, takenByMethod: { cash: 136000, payment_code: 13000 } },
    });
    expectError(
      await api(seller, `/shifts/${shiftId}/close`, { counted: { '10000': 5 } }),
      409,
      'shift_not_open',
    );
    expectError(await sell(seller, adults(1), cash(13000)), 409, 'shift_required');
  });
});
