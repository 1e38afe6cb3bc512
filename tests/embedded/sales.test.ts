// Selling on the embedded engine (PGlite, one transaction at a time): a sale with every write of the
// sale path (the inserts and capacity takes in one statement, the slow path near a sold-out pool),
// a refusal that rolls back, and a payment code settled after the password wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@admit/domain';
import {
  admitBatchStats,
  createGate,
  createSalesRuntime,
  fixedClock,
  PaymentProviders,
  sellTickets,
  SimulatorProvider,
  startPaymentSimulator,
  queryOrderPayment,
  scanAtGate,
  systemContext,
  type RunningSimulator,
  type SaleInput,
  type SalesRuntime,
} from '@admit/services';
import { embeddedTestDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, poolInvariant, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

describe('selling on the embedded engine (PGlite)', () => {
  let database: TestDatabase;
  let runtime: SalesRuntime;
  let simulator: RunningSimulator;
  let f: SaleFixture;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    database = await embeddedTestDatabase();
    simulator = await startPaymentSimulator({ passwordMs: 200 });
    const provider = new SimulatorProvider(simulator.url, simulator.secret);
    runtime = createSalesRuntime({
      encryption: keyRing(),
      lookup: keyRing(),
      payments: new PaymentProviders({ wechat: provider, alipay: provider }),
      catalogCacheMs: 0,
    });
    f = await createSaleFixture(database.db, { clock, capacity: 60, dailyMax: 70 });
  });
  afterAll(async () => {
    await simulator?.close();
    await database?.dispose();
  });

  const ctx = () => systemContext(database.db, 'seller', { clock });
  const sale = (quantity: number, payments: SaleInput['payments']): SaleInput => ({
    visitDate: saleDay,
    sessionId: f.sessionIds[0]!,
    terminal: '01',
    lines: [
      { productId: f.products.group, quantity, holders: [], discountDocument: null, discountReason: '' },
    ],
    payments,
    guide: null,
    approval: null,
    contactPhone: '13800138000',
  });

  it('sells until the session is full, spreading the last places over the stripes, then refuses', async () => {
    // 60 places in 2 stripes of 30: 25 + 25 leave 5 + 5, so 8 must come from both stripes.
    for (const n of [25, 25, 8]) {
      const result = await sellTickets(
        ctx(),
        runtime,
        f.siteId,
        sale(n, [{ method: 'cash', amount: n * 10000, tendered: n * 10000 }]),
      );
      expect(result.order.status).toBe('paid');
    }
    await expect(
      sellTickets(ctx(), runtime, f.siteId, sale(3, [{ method: 'cash', amount: 30000, tendered: 30000 }])),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'sold_out');
    const inv = await poolInvariant(database.db, f.siteId, f.sessionIds[0]!);
    expect(Number(inv.session_sold)).toBe(58);
    expect(Number(inv.session_tickets)).toBe(58);
  });

  it('settles a payment code after the customer enters the password', async () => {
    const pending = await sellTickets(
      ctx(),
      runtime,
      f.siteId,
      sale(1, [{ method: 'payment_code', amount: 10000, authCode: '134567890123456702' }]),
    );
    expect(pending.order.status).toBe('pending');
    await new Promise((r) => setTimeout(r, 300));
    const paid = await queryOrderPayment(ctx(), runtime, f.siteId, pending.order.id);
    expect(paid.status).toBe('paid');
    expect(paid.tickets.every((t) => t.code !== null)).toBe(true);
  });

  it('keeps a payment the provider did not answer in time pending, and the query finds it paid', async () => {
    const slow = await startPaymentSimulator({ hangMs: 1500 });
    const provider = new SimulatorProvider(slow.url, slow.secret, 300);
    const impatient: SalesRuntime = {
      ...runtime,
      payments: new PaymentProviders({ wechat: provider, alipay: provider }),
    };
    try {
      const pending = await sellTickets(
        ctx(),
        impatient,
        f.siteId,
        sale(1, [{ method: 'payment_code', amount: 10000, authCode: '134567890123456704' }]),
      );
      expect(pending.order.status).toBe('pending');
      expect(pending.order.payments[0]?.status).toBe('pending');
      const paid = await queryOrderPayment(ctx(), impatient, f.siteId, pending.order.id);
      expect(paid.status).toBe('paid');
    } finally {
      await slow.close();
    }
  });

  it('admits tickets at a gate through the batched statement, each entry once', async () => {
    // The first session is full: two places of the day's last ones, on the second session.
    const { tickets } = (
      await sellTickets(ctx(), runtime, f.siteId, {
        ...sale(2, [{ method: 'cash', amount: 20000, tendered: 20000 }]),
        sessionId: f.sessionIds[1]!,
      })
    ).order;
    const gate = await createGate(ctx(), f.siteId, {
      code: 'E1',
      nameZh: '东门',
      nameEn: 'East',
      direction: 'entry',
    });
    const codes = tickets.map((t) => t.code!);
    const answers = await Promise.all(
      // The second session starts later today: a gate that lets tickets in up to a day early.
      [...codes, ...codes].map((code) =>
        scanAtGate(
          ctx(),
          runtime,
          f.siteId,
          { gateId: gate.id, code },
          { earlyMinutes: 1440, lateMinutes: 0 },
        ),
      ),
    );
    expect(answers.map((a) => a.result).sort()).toEqual(['already_used', 'already_used', 'ok', 'ok']);
    expect(admitBatchStats(database.db).scans).toBeGreaterThanOrEqual(2);
  });
});
