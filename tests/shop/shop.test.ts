// The shop's rules end to end through its services on a real database: a booking holds its places
// and the hold's expiry gives them back; a payment after the expiry follows the payments rule; the
// e-ticket message goes out once; per-ID and per-phone limits (the fifth booking refused, also when
// the bookings race, with the control test that shows the lock matters); the no-show rule blocks and
// then releases; free reservations cancel until their deadline; unused tickets are refunded
// automatically at expiry exactly once; the one-time-code look-up.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  autoRefundExpiredTickets,
  cancelShopOrder,
  createShopOrder,
  dailyLimitControl,
  expireHolds,
  getShopCalendar,
  getShopDay,
  getShopOrder,
  orderAccessToken,
  orderIdFromToken,
  payShopOrder,
  queryPendingOnlinePayments,
  refundShopTickets,
  retryProviderRefunds,
  sendDueNotifications,
  sendLookupCode,
  settleLatePayment,
  systemContext,
  updateShopSettings,
  verifyLookupCode,
  defaultShopSettings,
  type ShopOrderInput,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createShopFixture, residentId, shopDay, shopNow, type ShopFixture } from './fixture';

describe('the online shop', () => {
  let database: TestDatabase;
  let f: ShopFixture;
  const ctx = () => systemContext(database.db, 'visitor', { clock: f.clock });
  const anonymous = () => ({ ...ctx(), actor: { kind: 'anonymous' as const } });

  beforeAll(async () => {
    database = await testDatabase();
    f = await createShopFixture(database.db, { code: 'SHOP', capacity: 10, days: 120 });
  });
  afterAll(async () => {
    await f?.close();
    await database?.dispose();
  });
  beforeEach(() => f.clock.set(shopNow));

  const booking = (over: Partial<ShopOrderInput> = {}): ShopOrderInput => ({
    visitDate: shopDay,
    sessionId: f.sessions.get(`${shopDay} 10:00`)!,
    lines: [
      { productId: f.products.adult, quantity: 2, holders: [] },
      { productId: f.products.child, quantity: 1, holders: [] },
    ],
    contactPhone: '13800138000',
    contactEmail: null,
    locale: 'zh-CN',
    ...over,
  });
  const remaining = async (sessionId: string) => {
    const [row] = await rows<{ left: number }>(
      database.db,
      sql`select sum(st.capacity - st.sold - st.held)::int as left from capacity_pool_stripes st
          join capacity_pools p on p.id = st.pool_id where p.session_id = ${sessionId}`,
    );
    return row!.left;
  };
  const pay = async (token: string) => {
    const started = await payShopOrder(anonymous(), f.runtime, token, {
      kind: 'h5',
      provider: 'simulator',
      payerId: null,
      clientIp: '127.0.0.1',
      inWeChat: false,
      publicUrl: 'http://127.0.0.1:9',
    });
    expect(started.created.kind).toBe('redirect');
    const orderId = orderIdFromToken(f.runtime.ring().lookup, token)!;
    const [p] = await rows<{ provider_order_id: string }>(
      database.db,
      sql`select provider_order_id from payments where order_id = ${orderId} and method = 'online'`,
    );
    return { orderId, providerOrderId: p!.provider_order_id };
  };

  it('shows the day with online prices and the calendar', async () => {
    const day = await getShopDay(anonymous(), f.runtime, 'shop', shopDay);
    expect(day.products.map((p) => [p.code, p.price])).toEqual([
      ['ADULT', 8000],
      ['CHILD', 4000],
      ['FREE', 0],
      ['NAMED', 5000],
    ]);
    expect(day.sessions).toHaveLength(2);
    expect(day.closed).toBeNull();
    const calendar = await getShopCalendar(anonymous(), f.runtime, 'SHOP', { days: 5 });
    expect(calendar.days.map((d) => d.status)).toEqual([
      'available',
      'available',
      'available',
      'available',
      'available',
    ]);
    expect(calendar.days[1]).toMatchObject({ date: shopDay, remaining: 20 });
    await expect(getShopDay(anonymous(), f.runtime, 'NOPE')).rejects.toMatchObject({ code: 'shop_not_open' });
  });

  it('holds the places while the visitor pays, and gives them back when the hold expires', async () => {
    const session = f.sessions.get(`${shopDay} 10:00`)!;
    const before = await remaining(session);
    const { token, order } = await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', booking());
    expect(order).toMatchObject({ status: 'pending', total: 20000, free: false });
    expect(new Date(order.holdExpiresAt!).getTime()).toBe(f.clock.now().getTime() + 15 * 60_000);
    expect(await remaining(session)).toBe(before - 3);
    await pay(token);
    f.clock.advance(16 * 60_000);
    expect((await expireHolds(ctx(), f.runtime)).expired).toBeGreaterThanOrEqual(1);
    expect((await getShopOrder(anonymous(), f.runtime, f.deps, token)).status).toBe('expired');
    expect(await remaining(session)).toBe(before);
  });

  it('takes a payment after the expiry again when the places are still there (the payments rule)', async () => {
    const session = f.sessions.get(`${shopDay} 10:00`)!;
    const before = await remaining(session);
    const { token } = await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', booking());
    const { orderId, providerOrderId } = await pay(token);
    f.clock.advance(16 * 60_000);
    await expireHolds(ctx(), f.runtime);
    expect(await remaining(session)).toBe(before);
    expect(f.simulator.pay(providerOrderId, { late: true })).toBe(true);
    const [payment] = await rows<{ id: string }>(
      database.db,
      sql`select id from payments where order_id = ${orderId} and method = 'online'`,
    );
    expect(await settleLatePayment(ctx(), f.runtime, payment!.id, 'LATE-1')).toBe('paid');
    expect(await settleLatePayment(ctx(), f.runtime, payment!.id, 'LATE-1')).toBe('duplicate');
    expect((await getShopOrder(anonymous(), f.runtime, f.deps, token)).status).toBe('paid');
    expect(await remaining(session)).toBe(before - 3);
  });

  it('pays through the provider and sends the e-ticket once, with rotating codes where the site uses them', async () => {
    await updateShopSettings(ctx(), f.siteId, { ...defaultShopSettings, enabled: true, rotatingCodes: true });
    const { token } = await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', booking());
    const { orderId, providerOrderId } = await pay(token);
    expect(f.simulator.pay(providerOrderId)).toBe(true);
    await queryPendingOnlinePayments(ctx(), f.runtime, { queryAfterMs: 0 });
    const view = await getShopOrder(anonymous(), f.runtime, f.deps, token);
    expect(view.status).toBe('paid');
    expect(view.tickets).toHaveLength(3);
    for (const t of view.tickets) {
      expect(t.code).toMatch(/^[A-Z2-7]+$/);
      expect(t.rotation?.secrets.length).toBeGreaterThanOrEqual(1);
      expect(t.rotation?.stepSeconds).toBe(30);
      expect(t.refundable).toBe(true);
    }
    await getShopOrder(anonymous(), f.runtime, f.deps, token);
    const notices = await rows<{ template: string; channel: string }>(
      database.db,
      sql`select template, channel from notifications where order_id = ${orderId}`,
    );
    expect(notices).toEqual([{ template: 'e_ticket', channel: 'sms' }]);
    await sendDueNotifications(ctx(), f.outbox);
    const sms = f.log.latest('13800138000');
    expect(sms?.template).toBe('e_ticket');
    expect(sms?.text).toContain(`http://shop.test/shop/orders/${token}`);
    await updateShopSettings(ctx(), f.siteId, { ...defaultShopSettings, enabled: true });

    // A refund within the rules goes back through the provider, and the visitor is told.
    const refunded = await refundShopTickets(anonymous(), f.runtime, f.deps, token, [view.tickets[0]!.id]);
    expect(refunded.status).toBe('partially_refunded');
    await retryProviderRefunds(ctx(), f.runtime);
    const [refund] = await rows<{ status: string; amount: number }>(
      database.db,
      sql`select status, amount from refunds where order_id = ${orderId}`,
    );
    expect(refund).toMatchObject({ status: 'succeeded' });
    expect(Number(refund!.amount)).toBe(view.tickets[0]!.price);
  });

  it('refuses the fifth booking of one ID document on a day (per-ID limit)', async () => {
    await updateShopSettings(ctx(), f.siteId, { ...defaultShopSettings, enabled: true, perIdDailyLimit: 4 });
    const day = '2026-12-03';
    const id = residentId('11010519900307123');
    const one = (phone: string) =>
      booking({
        visitDate: day,
        sessionId: f.sessions.get(`${day} 10:00`)!,
        lines: [
          {
            productId: f.products.free,
            quantity: 1,
            holders: [{ documentKind: 'resident_id', documentNumber: id, name: '张三' }],
          },
        ],
        contactPhone: phone,
      });
    for (let i = 0; i < 4; i++) {
      const { order } = await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', one(`1390000000${i}`));
      expect(order).toMatchObject({ status: 'paid', free: true });
    }
    await expect(
      createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', one('13900000009')),
    ).rejects.toMatchObject({
      code: 'shop_id_limit_reached',
    });
    // Another day is another day.
    const other = {
      ...one('13900000009'),
      visitDate: '2026-12-04',
      sessionId: f.sessions.get('2026-12-04 10:00')!,
    };
    expect((await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', other)).order.status).toBe('paid');
  });

  it('refuses a phone over its per-day limit', async () => {
    await updateShopSettings(ctx(), f.siteId, {
      ...defaultShopSettings,
      enabled: true,
      perPhoneDailyLimit: 2,
    });
    const day = '2026-12-05';
    const one = () =>
      booking({ visitDate: day, sessionId: f.sessions.get(`${day} 14:00`)!, contactPhone: '13700000001' });
    await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', one());
    await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', one());
    await expect(createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', one())).rejects.toMatchObject({
      code: 'shop_phone_limit_reached',
    });
  });

  it('blocks a visitor after N no-shows for M days, then lets them book again', async () => {
    await updateShopSettings(ctx(), f.siteId, {
      ...defaultShopSettings,
      enabled: true,
      noShowLimit: 2,
      noShowWindowDays: 60,
      noShowBlockDays: 10,
    });
    const id = residentId('32010219850101002');
    const reserve = (day: string) =>
      createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', {
        ...booking(),
        visitDate: day,
        sessionId: f.sessions.get(`${day} 10:00`)!,
        lines: [
          {
            productId: f.products.free,
            quantity: 1,
            holders: [{ documentKind: 'resident_id', documentNumber: id, name: '李四' }],
          },
        ],
        contactPhone: '13600000001',
      });
    // Two reservations, neither used.
    await reserve('2026-12-10');
    await reserve('2026-12-12');
    f.clock.set(new Date('2026-12-12T08:00:00Z'));
    const blocked = reserve('2026-12-20');
    await expect(blocked).rejects.toMatchObject({ code: 'shop_no_show_blocked' });
    const until = (
      (await blocked.catch((e: { details: { until: string } }) => e)) as { details: { until: string } }
    ).details.until;
    expect(new Date(until).getTime()).toBe(new Date('2026-12-12T04:00:00Z').getTime() + 10 * 86_400_000);
    // The same person by phone only (no document) is blocked too.
    await expect(
      createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', {
        ...booking({
          visitDate: '2026-12-20',
          sessionId: f.sessions.get('2026-12-20 10:00')!,
          contactPhone: '13600000001',
        }),
      }),
    ).rejects.toMatchObject({ code: 'shop_no_show_blocked' });
    // After M days: free to book again.
    f.clock.set(new Date('2026-12-22T05:00:00Z'));
    expect((await reserve('2026-12-25')).order.status).toBe('paid');
  });

  it('cancels a free reservation until its deadline and gives the place back', async () => {
    await updateShopSettings(ctx(), f.siteId, {
      ...defaultShopSettings,
      enabled: true,
      freeCancelMinutesBefore: 120,
    });
    const day = '2026-12-06';
    const session = f.sessions.get(`${day} 10:00`)!;
    const before = await remaining(session);
    const reserve = (n: string) =>
      createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', {
        ...booking({ visitDate: day, sessionId: session, contactPhone: '13500000001' }),
        lines: [
          {
            productId: f.products.free,
            quantity: 1,
            holders: [{ documentKind: 'resident_id', documentNumber: residentId(n), name: '王五' }],
          },
        ],
      });
    const a = await reserve('44030419900101001');
    expect(a.order.cancellableUntil).toBe('2026-12-06T00:00:00.000Z');
    const cancelled = await cancelShopOrder(anonymous(), f.runtime, f.deps, a.token);
    expect(cancelled.status).toBe('cancelled');
    expect(await remaining(session)).toBe(before);
    const b = await reserve('44030419900101002');
    f.clock.set(new Date('2026-12-06T00:30:00Z'));
    await expect(cancelShopOrder(anonymous(), f.runtime, f.deps, b.token)).rejects.toMatchObject({
      code: 'shop_cancel_deadline_passed',
    });
  });

  it('refunds unused tickets automatically at expiry, once per ticket, and leaves used ones', async () => {
    const day = '2026-12-07';
    const { token } = await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', {
      ...booking({ visitDate: day, sessionId: f.sessions.get(`${day} 10:00`)!, contactPhone: '13400000001' }),
      lines: [{ productId: f.products.adult, quantity: 2, holders: [] }],
    });
    const { orderId, providerOrderId } = await pay(token);
    f.simulator.pay(providerOrderId);
    await queryPendingOnlinePayments(ctx(), f.runtime, { queryAfterMs: 0 });
    const view = await getShopOrder(anonymous(), f.runtime, f.deps, token);
    expect(view.status).toBe('paid');
    // One of the two was used at the gate.
    await database.db.execute(sql`update tickets set entries_used = 1 where id = ${view.tickets[0]!.id}`);
    f.clock.set(new Date('2026-12-07T06:00:00Z'));
    const runs = await Promise.all([
      autoRefundExpiredTickets(ctx(), f.runtime, f.deps.notices),
      autoRefundExpiredTickets(ctx(), f.runtime, f.deps.notices),
    ]);
    const again = await autoRefundExpiredTickets(ctx(), f.runtime, f.deps.notices);
    expect(again.tickets).toBe(0);
    const refunds = await rows<{ ticket_id: string }>(
      database.db,
      sql`select tr.ticket_id from ticket_refunds tr join tickets t on t.id = tr.ticket_id where t.order_id = ${orderId}`,
    );
    expect(refunds.map((r) => r.ticket_id)).toEqual([view.tickets[1]!.id]);
    expect(runs.every((r) => r.tickets >= 0)).toBe(true);
    await retryProviderRefunds(ctx(), f.runtime);
    const orderRefunds = await rows<{ status: string; amount: number; reason: string }>(
      database.db,
      sql`select status, amount, reason from refunds where order_id = ${orderId}`,
    );
    expect(orderRefunds).toHaveLength(1);
    const refund = orderRefunds[0];
    expect(refund).toMatchObject({ status: 'succeeded', reason: 'expired_unused' });
    expect(Number(refund!.amount)).toBe(8000);
  });

  it('looks an order up by phone and order number with a one-time code', async () => {
    const { token, order } = await createShopOrder(anonymous(), f.runtime, f.deps, 'SHOP', {
      ...booking({ contactPhone: '13300000001', sessionId: f.sessions.get(`${shopDay} 14:00`)! }),
    });
    const phone = '133 0000 0001';
    await sendLookupCode(anonymous(), f.runtime, f.deps.notices, {
      phone,
      orderNumber: order.number,
      locale: 'zh-CN',
    });
    // Unknown orders get the same answer and no message.
    await sendLookupCode(anonymous(), f.runtime, f.deps.notices, {
      phone,
      orderNumber: 'NOPE-1',
      locale: 'zh-CN',
    });
    await sendDueNotifications(ctx(), f.outbox);
    const sms = f.log.messages({ to: '13300000001' });
    expect(sms).toHaveLength(1);
    const code = /(\d{6})/.exec(sms[0]!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(
      verifyLookupCode(anonymous(), f.runtime, { phone, orderNumber: order.number, code: wrong }),
    ).rejects.toMatchObject({ code: 'lookup_code_invalid' });
    expect(
      await verifyLookupCode(anonymous(), f.runtime, { phone, orderNumber: order.number, code }),
    ).toEqual({
      token,
    });
    // Used once.
    await expect(
      verifyLookupCode(anonymous(), f.runtime, { phone, orderNumber: order.number, code }),
    ).rejects.toMatchObject({ code: 'lookup_code_invalid' });
    await expect(
      getShopOrder(
        anonymous(),
        f.runtime,
        f.deps,
        `${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`,
      ),
    ).rejects.toMatchObject({
      code: 'order_not_found',
    });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'the per-ID limit under concurrent bookings (PostgreSQL)',
  () => {
    let database: TestDatabase;
    let f: ShopFixture;

    beforeAll(async () => {
      database = await testDatabase();
      f = await createShopFixture(database.db, {
        code: 'RACE',
        capacity: 100,
        settings: { perIdDailyLimit: 4 },
      });
    });
    afterAll(async () => {
      dailyLimitControl.lock = true;
      dailyLimitControl.afterCount = null;
      await f?.close();
      await database?.dispose();
    });

    const race = async (day: string, documentNumber: string) => {
      const ctx = {
        ...systemContext(database.db, 'visitor', { clock: f.clock }),
        actor: { kind: 'anonymous' as const },
      };
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          createShopOrder(ctx, f.runtime, f.deps, 'RACE', {
            visitDate: day,
            sessionId: f.sessions.get(`${day} 10:00`)!,
            lines: [
              {
                productId: f.products.free,
                quantity: 1,
                holders: [{ documentKind: 'resident_id', documentNumber, name: '赵六' }],
              },
            ],
            contactPhone: `1380000${String(i).padStart(4, '0')}`,
            contactEmail: null,
            locale: 'zh-CN',
          }),
        ),
      );
      return results.filter((r) => r.status === 'fulfilled').length;
    };

    it('lets exactly four of ten simultaneous bookings with one ID through', async () => {
      dailyLimitControl.afterCount = () => new Promise((r) => setTimeout(r, 30));
      expect(await race('2026-12-02', residentId('11010519900307222'))).toBe(4);
    });

    it('control: without the lock, the same race books more than four', async () => {
      dailyLimitControl.lock = false;
      dailyLimitControl.afterCount = () => new Promise((r) => setTimeout(r, 30));
      expect(await race('2026-12-03', residentId('11010519900307333'))).toBeGreaterThan(4);
    });
  },
);

describe('order access tokens', () => {
  it('opens the order it was made for and nothing else, in one spelling only', () => {
    const ring = keyRing();
    const id = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const token = orderAccessToken(ring, id);
    expect(orderIdFromToken(ring, token)).toBe(id);
    expect(orderIdFromToken(keyRing(), token)).toBeNull();
    for (let i = 0; i < token.length; i++) {
      for (const c of ['A', 'B', '_', '9']) {
        if (token[i] === c) continue;
        expect(orderIdFromToken(ring, `${token.slice(0, i)}${c}${token.slice(i + 1)}`)).toBeNull();
      }
    }
    // An old key of the ring still opens links sent before a rotation.
    const rotated = keyRing({ k1: ring.keys.get('k1')!, k2: Buffer.alloc(32, 7) }, 'k2');
    expect(orderIdFromToken(rotated, token)).toBe(id);
  });
});
