// Payment notifications, exactly once, against the payment simulator over real HTTP: the simulator
// posts its signed notifications to a receiver that calls the service, like the route does. Replays
// (15, ten of them at the same moment) change the order once; forged, wrong-amount, wrong-merchant and
// unknown-order notifications change nothing and are security events; a dropped notification is
// recovered by the query job; a payment after the hold expired takes its places again or is refunded
// automatically (a refund that fails twice, then succeeds).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  createSalesRuntime,
  expireHolds,
  fixedClock,
  handlePaymentNotification,
  PaymentProviders,
  queryPendingOnlinePayments,
  retryProviderRefunds,
  sellTickets,
  signNotification,
  SimulatorProvider,
  startOnlinePayment,
  startPaymentSimulator,
  systemContext,
  type NotificationInput,
  type RunningSimulator,
  type SalesRuntime,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
};

describe('payment notifications, exactly once', () => {
  let database: TestDatabase;
  let runtime: SalesRuntime;
  let simulator: RunningSimulator;
  let receiver: Server;
  let receiverUrl: string;
  let f: SaleFixture;
  const received: NotificationInput[] = [];
  const clock = fixedClock(saleNow);
  const ctx = () => systemContext(database.db, 'shop', { clock });

  beforeAll(async () => {
    database = await testDatabase();
    simulator = await startPaymentSimulator({
      schedule: 'wechat',
      timeScale: 0.0005,
      failRefunds: 2,
      now: () => clock.now().getTime(),
    });
    const provider = new SimulatorProvider(simulator.url, simulator.secret, 8000, simulator.merchantId);
    runtime = createSalesRuntime({
      encryption: keyRing(),
      lookup: keyRing(),
      payments: new PaymentProviders({ wechat: provider, alipay: provider }),
      catalogCacheMs: 0,
    });
    f = await createSaleFixture(database.db, { clock, capacity: 12, code: 'PAY' });
    // What the notification route does, on a real HTTP server the simulator can reach.
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const input: NotificationInput = {
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
          ),
          body: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(input);
        const key = (request.url ?? '').split('/').pop() ?? '';
        handlePaymentNotification(ctx(), runtime, key, { ...input, ip: '127.0.0.1' })
          .then((result) => {
            response.writeHead(result.answer.status, { 'content-type': result.answer.contentType });
            response.end(result.answer.body);
          })
          .catch(() => response.writeHead(500).end());
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await simulator?.close();
    await new Promise((r) => receiver?.close(r));
    await database?.dispose();
  });

  /** A held online order for `quantity` adults, its simulator payment started. */
  async function heldOrder(quantity = 1) {
    const { order } = await sellTickets(ctx(), runtime, f.siteId, {
      channel: 'online',
      visitDate: saleDay,
      sessionId: f.sessionIds[0]!,
      terminal: 'W1',
      lines: [
        { productId: f.products.adult, quantity, holders: [], discountDocument: null, discountReason: '' },
      ],
      payments: [{ method: 'online', amount: 13000 * quantity }],
      guide: null,
      approval: null,
      contactPhone: '',
    });
    expect(order.status).toBe('pending');
    const started = await startOnlinePayment(ctx(), runtime, f.siteId, order.id, {
      provider: 'simulator',
      kind: 'h5',
      publicUrl: receiverUrl,
      returnUrl: null,
      payerId: null,
      clientIp: '127.0.0.1',
    });
    expect(started.created).toMatchObject({ kind: 'redirect' });
    return { order, providerOrderId: started.providerOrderId };
  }

  const orderState = async (orderId: string) => {
    const [row] = await rows<{ status: string; paid: number; changes: number }>(
      database.db,
      sql`select o.status,
                 (select count(*)::int from payments p where p.order_id = o.id and p.status = 'succeeded') as paid,
                 (select count(*)::int from audit_log a where a.target_id = o.id::text and a.action = 'orders.order.paid') as changes
          from orders o where o.id = ${orderId}`,
    );
    return row!;
  };
  const outcomes = async (providerOrderId: string) =>
    (
      await rows<{ outcome: string; reason: string | null }>(
        database.db,
        sql`select outcome, reason from payment_notifications where provider_order_id = ${providerOrderId} order by received_at`,
      )
    ).map((r) => (r.reason ? `${r.outcome}:${r.reason}` : r.outcome));

  it('changes the order once for a notification replayed 15 times, ten copies at once', async () => {
    const { order, providerOrderId } = await heldOrder();
    const before = received.length;
    expect(simulator.pay(providerOrderId)).toBe(true);
    await waitFor(async () => (await orderState(order.id)).status === 'paid');
    const original = received[before]!;
    const replay = () => handlePaymentNotification(ctx(), runtime, 'simulator', { ...original, ip: null });
    const concurrent = await Promise.all(Array.from({ length: 10 }, replay));
    const sequential = [];
    for (let i = 0; i < 4; i++) sequential.push(await replay());
    for (const r of [...concurrent, ...sequential]) {
      expect(r.outcome).toBe('duplicate');
      expect(r.answer.body).toBe('success');
    }
    expect(await orderState(order.id)).toMatchObject({ status: 'paid', paid: 1, changes: 1 });
    const log = await outcomes(providerOrderId);
    expect(log.filter((o) => o === 'applied')).toHaveLength(1);
    expect(log.filter((o) => o === 'duplicate')).toHaveLength(14);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'control: a check-then-write handler changes the order more than once (PostgreSQL)',
    async () => {
      const { order } = await heldOrder();
      // The protection removed: read the status, pause, then write without `where status = 'pending'`.
      const unprotected = async () => {
        const [p] = await rows<{ id: string; status: string }>(
          database.db,
          sql`select id, status from payments where order_id = ${order.id}`,
        );
        await new Promise((r) => setTimeout(r, 50));
        if (p!.status !== 'pending') return;
        await database.db.execute(sql`update payments set status = 'succeeded' where id = ${p!.id}`);
        await database.db.execute(
          sql`insert into audit_log (id, occurred_at, action, outcome, actor_type, actor_id, site_id, target_type, target_id, details)
              values (${randomUUID()}, now(), 'orders.order.paid', 'success', 'system', 'control', ${f.siteId}, 'order',
                      ${order.id}, '{}'::jsonb)`,
        );
      };
      await Promise.all(Array.from({ length: 10 }, unprotected));
      expect((await orderState(order.id)).changes).toBeGreaterThan(1);
    },
  );

  it('applies one of many copies that arrive together on an unpaid order', async () => {
    const { order, providerOrderId } = await heldOrder();
    simulator.setFaults({ duplicates: 15 });
    expect(simulator.pay(providerOrderId)).toBe(true);
    await waitFor(async () => (await outcomes(providerOrderId)).length >= 15);
    simulator.setFaults({});
    expect(await orderState(order.id)).toMatchObject({ status: 'paid', paid: 1, changes: 1 });
    const log = await outcomes(providerOrderId);
    expect(log.filter((o) => o === 'applied')).toHaveLength(1);
    expect(log.filter((o) => o === 'duplicate')).toHaveLength(14);
  });

  it("pays through the simulator's payment page (what a customer or trainee clicks)", async () => {
    const { order, providerOrderId } = await heldOrder();
    const pageUrl = `${simulator.url}/pay/${providerOrderId}`;
    const before = await (await fetch(pageUrl)).text();
    expect(before).toContain('¥130.00');
    expect(before).toContain('data-status="paying"');
    const paid = await fetch(pageUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
    });
    expect(await paid.text()).toContain('已付款 / Paid');
    await waitFor(async () => (await orderState(order.id)).status === 'paid');
    // Paying again changes nothing; the page says it is final.
    const again = await fetch(pageUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
    });
    expect(await again.text()).toContain('data-status="success"');
    expect(await orderState(order.id)).toMatchObject({ changes: 1 });
  });

  it('rejects forged, wrong-amount, wrong-merchant and unknown-order notifications, changing nothing', async () => {
    for (const corrupt of ['signature', 'amount', 'merchant', 'body'] as const) {
      const { order, providerOrderId } = await heldOrder();
      // Each attempt sends a corrupted copy first, then the genuine one.
      simulator.setFaults({ corrupt });
      const before = await orderState(order.id);
      expect(simulator.pay(providerOrderId)).toBe(true);
      await waitFor(async () => (await orderState(order.id)).status === 'paid');
      simulator.setFaults({});
      const log = await outcomes(providerOrderId);
      const reason = {
        signature: 'rejected:bad_signature',
        amount: 'rejected:amount_mismatch',
        merchant: 'rejected:wrong_merchant',
        body: 'rejected:bad_signature',
      }[corrupt];
      if (corrupt === 'signature' || corrupt === 'body') {
        // Unverifiable notifications are not tied to an order in the log: look them up by time.
        const [last] = await rows<{ outcome: string; reason: string }>(
          database.db,
          sql`select outcome, reason from payment_notifications where outcome = 'rejected'
              order by received_at desc, id desc limit 1`,
        );
        expect(`${last!.outcome}:${last!.reason}`).toBe(reason);
      } else expect(log[0]).toBe(reason);
      expect(before.status).toBe('pending');
      // The genuine copy that followed paid the order, once.
      expect(await orderState(order.id)).toMatchObject({ status: 'paid', changes: 1 });
    }
    // An order we never sent: signed correctly, still refused.
    const body = JSON.stringify({
      event: 'payment',
      outTradeNo: randomUUID().replaceAll('-', ''),
      tradeNo: 'SIMX',
      amount: 100,
      status: 'success',
      merchantId: simulator.merchantId,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const unknown = await handlePaymentNotification(ctx(), runtime, 'simulator', {
      headers: {
        'x-sim-timestamp': timestamp,
        'x-sim-nonce': 'n1',
        'x-sim-signature': signNotification(simulator.secret, timestamp, 'n1', body),
      },
      body,
      ip: '203.0.113.9',
    });
    expect(unknown).toMatchObject({ outcome: 'rejected', reason: 'unknown_order' });
    expect(unknown.answer.body).toBe('fail');
    // A stale (replayed long after) but validly signed one.
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const stale = await handlePaymentNotification(ctx(), runtime, 'simulator', {
      headers: {
        'x-sim-timestamp': old,
        'x-sim-nonce': 'n2',
        'x-sim-signature': signNotification(simulator.secret, old, 'n2', body),
      },
      body,
      ip: null,
    });
    expect(stale).toMatchObject({ outcome: 'rejected', reason: 'stale' });
    const [events] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from audit_log where action = 'payments.notification.rejected' and outcome = 'denied'`,
    );
    expect(events!.n).toBeGreaterThanOrEqual(6);
  });

  it('recovers a payment whose notifications were all lost through the query job', async () => {
    const { order, providerOrderId } = await heldOrder();
    simulator.setFaults({ dropAttempts: 100 });
    expect(simulator.pay(providerOrderId)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    simulator.setFaults({});
    expect((await orderState(order.id)).status).toBe('pending');
    // Too early for the job: nothing happens before queryAfterMs.
    expect((await queryPendingOnlinePayments(ctx(), runtime)).paid).toBe(0);
    clock.advance(3 * 60_000);
    try {
      const swept = await queryPendingOnlinePayments(ctx(), runtime);
      expect(swept.paid).toBeGreaterThanOrEqual(1);
      expect(await orderState(order.id)).toMatchObject({ status: 'paid', paid: 1, changes: 1 });
    } finally {
      clock.set(saleNow);
    }
  });

  it('takes the places again for a payment after the hold expired, or refunds it when they are gone', async () => {
    // 12 places; earlier tests took 7 (one unpaid pending hold among them is closed below).
    const late = await heldOrder(1);
    const full = await heldOrder(1);
    clock.advance(16 * 60_000);
    try {
      const expired = await expireHolds(ctx(), runtime);
      expect(expired.expired).toBeGreaterThanOrEqual(2);
      expect((await orderState(late.order.id)).status).toBe('expired');

      // The customer's payment went through at the provider all the same: places still free → paid.
      expect(simulator.pay(late.providerOrderId, { late: true })).toBe(true);
      await waitFor(async () => (await orderState(late.order.id)).status === 'paid');

      // Now the session is sold out by the box office, then the second late payment arrives.
      const [left] = await rows<{ free: number }>(
        database.db,
        sql`select sum(capacity - sold)::int as free from capacity_pool_stripes s join capacity_pools p on p.id = s.pool_id
            where p.session_id = ${f.sessionIds[0]!}`,
      );
      if (left!.free > 0)
        await sellTickets(ctx(), runtime, f.siteId, {
          visitDate: saleDay,
          sessionId: f.sessionIds[0]!,
          terminal: '01',
          lines: [
            {
              productId: f.products.adult,
              quantity: left!.free,
              holders: [],
              discountDocument: null,
              discountReason: '',
            },
          ],
          payments: [{ method: 'cash', amount: 13000 * left!.free, tendered: 13000 * left!.free }],
          guide: null,
          approval: null,
          contactPhone: '',
        });
      expect(simulator.pay(full.providerOrderId, { late: true })).toBe(true);
      await waitFor(async () => (await orderState(full.order.id)).status === 'refunded');
      const refund = async () =>
        (
          await rows<{ status: string; attempts: number }>(
            database.db,
            sql`select status, attempts from refunds where order_id = ${full.order.id}`,
          )
        )[0]!;
      // The simulator fails the first two refunds: the retry job tries again until it succeeds.
      // The first attempt follows the notification at once (after its transaction).
      await waitFor(async () => (await refund()).attempts === 1);
      expect(await refund()).toMatchObject({ status: 'failed', attempts: 1 });
      for (let i = 0; i < 4 && (await refund()).status !== 'succeeded'; i++) {
        clock.advance(5 * 60_000);
        await retryProviderRefunds(ctx(), runtime);
      }
      expect(await refund()).toMatchObject({ status: 'succeeded', attempts: 3 });
      expect(simulator.payment(full.providerOrderId)?.status).toBe('success');
      const [over] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from capacity_pool_stripes where sold > capacity`,
      );
      expect(over!.n).toBe(0);
    } finally {
      clock.set(saleNow);
    }
  });
});
