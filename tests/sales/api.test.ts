// The sell API through the real app: every refusal with its stable code (and nothing written when
// refused), the happy paths of each counter payment, idempotent retries, the payment simulator's
// answers (declined, password wait, timeout), printing and reprint permission, agencies on account.
import { randomUUID, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { decodeTicketCode, residentIdCheckCharacter } from '@admit/domain';
import {
  fixedClock,
  publicKeyFromRaw,
  checkCapacityInvariant,
  sitePublicKeys,
  sweepPendingPayments,
  systemContext,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, poolInvariant, saleDay, saleNow, type SaleFixture } from './fixture';

type Json = Record<string, unknown>;
type SaleBody = {
  order: {
    id: string;
    number: string;
    status: string;
    total: number;
    tickets: {
      id: string;
      code: string | null;
      price: number;
      status: string;
      holderDocument: string | null;
      printCount: number;
    }[];
    payments: { method: string; status: string; waitingForCustomer: boolean; change: number | null }[];
  };
  change: number;
  warnings: { code: string; ticketIndex: number }[];
};

function residentId(birth: string, serial = '123'): string {
  const first17 = `110101${birth.replaceAll('-', '')}${serial}`;
  return first17 + residentIdCheckCharacter(first17);
}

describe('sell API', () => {
  let t: TestApp;
  let seller: TestClient;
  let supervisor: TestClient;
  let admin: TestClient;
  let f: SaleFixture;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({
      clock,
      env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_SIMULATOR_PASSWORD_MS: '300' },
    });
    f = await createSaleFixture(t.database.db, { clock, capacity: 30, code: 'APITEST' });
    await createTestUser(t.database.db, { loginName: 'api.seller', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 'api.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'api.finance', roles: ['finance'] });
    seller = await loggedIn(t.app, 'api.seller');
    admin = await loggedIn(t.app, 'api.admin');
    supervisor = await loggedIn(t.app, 'api.finance');
    for (const client of [seller, admin]) {
      const shift = await client.request(`/api/v1/sites/${f.siteId}/shifts`, {
        method: 'POST',
        payload: { floatAmount: 50000 },
      });
      expect(shift.statusCode, shift.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const sell = (body: Json, client: TestClient = seller, key: string = randomUUID()) =>
    client.request(`/api/v1/sites/${f.siteId}/orders`, {
      method: 'POST',
      payload: { visitDate: saleDay, sessionId: f.sessionIds[0], ...body },
      headers: { 'idempotency-key': key },
    });
  const cash = (amount: number, tendered = amount) => [{ method: 'cash', amount, tendered }];
  const line = (productId: string, quantity = 1, extra: Json = {}) => ({ productId, quantity, ...extra });
  const expectError = async (res: Awaited<ReturnType<typeof sell>>, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ error: { code } });
  };
  const orderCount = async () =>
    Number((await rows<{ n: number }>(t.database.db, sql`select count(*)::int8 as n from orders`))[0]!.n);

  it('sells 2 adults + 1 child for exact cash: paid, priced by the domain, signed codes, audited', async () => {
    const res = await sell({
      lines: [line(f.products.adult, 2), line(f.products.child, 1, { discountDocument: 'height_check' })],
      payments: cash(26000),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<SaleBody>();
    expect(body.order).toMatchObject({ status: 'paid', total: 26000 });
    expect(body.order.number).toMatch(/^APITEST-261201-01-\d{4}$/);
    expect(body.order.tickets.map((x) => x.price).sort()).toEqual([0, 13000, 13000]);
    const keys = await seller.request(`/api/v1/sites/${f.siteId}/signing-keys`);
    expect(keys.json()).toEqual(await sitePublicKeys(t.database.db, f.siteId));
    const [key] = keys.json<{ publicKey: string }[]>();
    for (const ticket of body.order.tickets) {
      const decoded = decodeTicketCode(ticket.code!)!;
      expect(decoded.ticketId).toBe(ticket.id);
      expect(
        verify(
          null,
          decoded.signed,
          publicKeyFromRaw(Buffer.from(key!.publicKey, 'base64')),
          decoded.signature,
        ),
      ).toBe(true);
    }
    const audit = await rows<{ details: Json }>(
      t.database.db,
      sql`select details from audit_log where action = 'orders.order.sold' and target_id = ${body.order.id}`,
    );
    expect(audit[0]?.details).toMatchObject({ total: 26000, tickets: { ADULT: 2, CHILD: 1 } });
  });

  it('gives change, and never sells twice for one Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { lines: [line(f.products.adult)], payments: cash(13000, 20000) };
    const before = await orderCount();
    const first = await sell(body, seller, key);
    const again = await sell(body, seller, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<SaleBody>().order.id).toBe(first.json<SaleBody>().order.id);
    expect(first.json<SaleBody>().change).toBe(7000);
    expect(await orderCount()).toBe(before + 1);
    await expectError(
      await sell({ ...body, payments: cash(13000, 13000) }, seller, key),
      409,
      'idempotency_key_reused',
    );
  });

  it('refuses a sale over the places left with sold_out, writing nothing', async () => {
    const before = await orderCount();
    await expectError(
      await sell({ lines: [line(f.products.group, 31)], payments: cash(310000) }),
      409,
      'sold_out',
    );
    expect(await orderCount()).toBe(before);
    const inv = await poolInvariant(t.database.db, f.siteId, f.sessionIds[0]!);
    expect(Number(inv.session_sold)).toBe(Number(inv.session_tickets));
    expect((await checkCapacityInvariant(t.database.db)).problems).toEqual([]);
  });

  it('refuses a closed session and a sale window not open', async () => {
    await t.database.db.execute(sql`update sessions set status = 'closed' where id = ${f.sessionIds[1]}`);
    await expectError(
      await sell({ sessionId: f.sessionIds[1], lines: [line(f.products.adult)], payments: cash(13000) }),
      409,
      'session_closed',
    );
    await t.database.db.execute(sql`update sessions set status = 'open' where id = ${f.sessionIds[1]}`);
    await expectError(
      await sell({ lines: [line(f.products.later)], payments: cash(9000) }),
      422,
      'sale_window_not_open',
    );
  });

  it('checks real-name documents, discount documents and per-order limits', async () => {
    await expectError(
      await sell({ lines: [line(f.products.named)], payments: cash(5000) }),
      422,
      'real_name_required',
    );
    const bad = residentId('1990-05-17').slice(0, 17) + (residentId('1990-05-17').endsWith('1') ? '2' : '1');
    await expectError(
      await sell({
        lines: [line(f.products.named, 1, { holders: [{ documentNumber: bad }] })],
        payments: cash(5000),
      }),
      422,
      'id_number_invalid',
    );
    await expectError(
      await sell({ lines: [line(f.products.student)], payments: cash(6000) }),
      422,
      'discount_document_required',
    );
    await expectError(
      await sell({ lines: [line(f.products.named, 5)], payments: cash(25000) }),
      422,
      'over_per_order_maximum',
    );
    const ok = await sell({
      lines: [
        line(f.products.named, 2, {
          holders: [
            { documentNumber: residentId('1990-05-17'), name: '张三' },
            { documentKind: 'passport', documentNumber: 'E12345678', name: 'Ann Lee' },
          ],
        }),
        line(f.products.child, 1, { discountDocument: 'id_card' }),
      ],
      payments: cash(10000),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const body = ok.json<SaleBody>();
    expect(body.order.tickets.map((x) => x.holderDocument)).toContain(
      '110***********' + residentId('1990-05-17').slice(-4),
    );
    // The child ticket type is for ages 6 and under: an adult's ID on it is a warning, not a refusal.
    const warned = await sell({
      lines: [
        line(f.products.named, 1, {
          holders: [{ documentNumber: residentId('1985-01-01', '456') }],
        }),
      ],
      payments: cash(5000),
    });
    expect(warned.statusCode).toBe(201);
    const child = await sell({
      sessionId: f.sessionIds[1],
      lines: [
        line(f.products.child, 1, {
          discountDocument: 'id_card',
          holders: [{ documentNumber: residentId('1985-01-01', '789') }],
        }),
      ],
      payments: cash(0),
    });
    expect(child.statusCode, child.body).toBe(201);
    expect(child.json<SaleBody>().warnings).toEqual([{ code: 'age_does_not_fit', ticketIndex: 0 }]);
  });

  it('needs a supervisor for complimentary tickets', async () => {
    await expectError(
      await sell({ lines: [line(f.products.comp)], payments: cash(0) }),
      403,
      'approval_required',
    );
    await expectError(
      await sell({
        lines: [line(f.products.comp)],
        payments: cash(0),
        approval: { loginName: 'api.seller', password: 'Ticket-Office-2026' },
      }),
      403,
      'approval_invalid',
    );
    const approved = await sell({
      lines: [line(f.products.comp)],
      payments: cash(0),
      approval: { loginName: 'api.admin', password: 'Ticket-Office-2026' },
    });
    expect(approved.statusCode, approved.body).toBe(201);
    expect((await sell({ lines: [line(f.products.comp)], payments: cash(0) }, admin)).statusCode).toBe(201);
  });

  it('refuses payments that do not add up', async () => {
    await expectError(
      await sell({ lines: [line(f.products.adult)], payments: cash(12000) }),
      422,
      'payment_amount_mismatch',
    );
    await expectError(
      await sell({
        lines: [line(f.products.adult)],
        payments: [{ method: 'cash', amount: 13000, tendered: 10000 }],
      }),
      422,
      'cash_tendered_insufficient',
    );
  });

  it('sells on account within the agency’s deposit and credit limit, and refuses beyond it', async () => {
    const created = await admin.request(`/api/v1/sites/${f.siteId}/agencies`, {
      method: 'POST',
      payload: { code: 'cits', name: '国旅', creditLimit: 10000 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const agency = created.json<{ id: string; available: number }>();
    expect(agency.available).toBe(10000);
    const deposit = await supervisor.request(`/api/v1/sites/${f.siteId}/agencies/${agency.id}/deposits`, {
      method: 'POST',
      payload: { amount: 20000, reference: 'BANK-1' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(deposit.json()).toMatchObject({ balance: 20000, available: 30000 });
    const onAccount = (n: number) => ({
      lines: [line(f.products.group, n)],
      payments: [{ method: 'on_account', amount: n * 10000, agencyId: agency.id }],
      guide: { name: '李导', licence: 'D-3301-001234' },
    });
    await expectError(await sell({ ...onAccount(2), guide: null }), 422, 'guide_required');
    expect((await sell(onAccount(2))).statusCode).toBe(201);
    await expectError(await sell(onAccount(2)), 402, 'agency_credit_exceeded');
    const after = await admin.request(`/api/v1/sites/${f.siteId}/agencies`);
    expect(
      after.json<{ code: string; balance: number; available: number }[]>().find((a) => a.code === 'CITS'),
    ).toMatchObject({
      balance: 0,
      available: 10000,
    });
  });

  it('splits a payment between cash and card', async () => {
    const res = await sell({
      lines: [line(f.products.adult, 2)],
      payments: [
        { method: 'cash', amount: 6000, tendered: 10000 },
        { method: 'card', amount: 20000, reference: 'POS-778812' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<SaleBody>().change).toBe(4000);
  });

  describe('payment codes through the simulator', () => {
    const code = (suffix: string) => `1345678901234567${suffix}`;
    const payByCode = (suffix: string) =>
      sell({
        lines: [line(f.products.adult)],
        payments: [{ method: 'payment_code', amount: 13000, authCode: code(suffix) }],
      });

    it('is paid at once', async () => {
      const res = await payByCode('00');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<SaleBody>().order.payments[0]).toMatchObject({
        method: 'payment_code',
        status: 'succeeded',
      });
    });

    it('declines insufficient funds and gives the places back', async () => {
      const before = await poolInvariant(t.database.db, f.siteId, f.sessionIds[0]!);
      const res = await payByCode('01');
      await expectError(res, 402, 'payment_declined');
      expect(res.json()).toMatchObject({ error: { details: { reason: 'insufficient_funds' } } });
      const after = await poolInvariant(t.database.db, f.siteId, f.sessionIds[0]!);
      expect(after.session_sold).toBe(before.session_sold);
      expect(Number(after.session_sold)).toBe(Number(after.session_tickets));
    });

    it('waits while the customer enters the password, then the query finds it paid', async () => {
      const res = await payByCode('02');
      expect(res.statusCode, res.body).toBe(202);
      const pending = res.json<SaleBody>();
      expect(pending.order.status).toBe('pending');
      expect(pending.order.payments[0]?.waitingForCustomer).toBe(true);
      expect(pending.order.tickets.every((x) => x.code === null)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      const queried = await seller.request(
        `/api/v1/sites/${f.siteId}/orders/${pending.order.id}/payment-query`,
        { method: 'POST' },
      );
      expect(queried.statusCode, queried.body).toBe(200);
      expect(queried.json<SaleBody>().order.status).toBe('paid');
      expect(queried.json<SaleBody>().order.tickets.every((x) => x.code !== null)).toBe(true);
    });

    it('cancels when the customer gives up, and the seller can cancel a wait', async () => {
      const res = await payByCode('03');
      expect(res.statusCode).toBe(202);
      await new Promise((r) => setTimeout(r, 400));
      const queried = await seller.request(
        `/api/v1/sites/${f.siteId}/orders/${res.json<SaleBody>().order.id}/payment-query`,
        { method: 'POST' },
      );
      await expectError(queried, 402, 'payment_declined');
      const waiting = await payByCode('02');
      const cancelled = await seller.request(
        `/api/v1/sites/${f.siteId}/orders/${waiting.json<SaleBody>().order.id}/payment-cancel`,
        { method: 'POST' },
      );
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json<SaleBody>().order.status).toBe('cancelled');
    });
  });

  it('settles payment codes the seller walked away from (the sweep job)', async () => {
    const code = (suffix: string) => `2845678901234567${suffix}`;
    const waiting = await sell({
      lines: [line(f.products.adult)],
      payments: [{ method: 'payment_code', amount: 13000, authCode: code('02') }],
    });
    const givesUp = await sell({
      lines: [line(f.products.adult)],
      payments: [{ method: 'payment_code', amount: 13000, authCode: code('03') }],
    });
    expect([waiting.statusCode, givesUp.statusCode]).toEqual([202, 202]);
    await new Promise((r) => setTimeout(r, 400));
    const swept = await sweepPendingPayments(systemContext(t.database.db, 'sweep', { clock }), t.app.sales, {
      queryAfterMs: 0,
    });
    expect(swept).toMatchObject({ paid: 1, cancelled: 1 });
    const status = async (res: typeof waiting) =>
      (await seller.request(`/api/v1/sites/${f.siteId}/orders/${res.json<SaleBody>().order.id}`)).json<{
        status: string;
      }>().status;
    expect([await status(waiting), await status(givesUp)]).toEqual(['paid', 'cancelled']);
  });

  it('prints, and reprints only with the reprint permission', async () => {
    const sold = (await sell({ lines: [line(f.products.adult)], payments: cash(13000) })).json<SaleBody>();
    const print = (client: TestClient, format: 'json' | 'pdf' = 'json') =>
      client.request(`/api/v1/sites/${f.siteId}/orders/${sold.order.id}/print`, {
        method: 'POST',
        payload: { format },
      });
    const first = await print(seller);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ reprint: false });
    await expectError(await print(seller), 403, 'permission_denied');
    const reprint = await print(admin, 'pdf');
    expect(reprint.statusCode).toBe(200);
    expect(reprint.headers['content-type']).toContain('application/pdf');
    const audit = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int8 as n from audit_log where action = 'orders.ticket.reprinted' and target_id = ${sold.order.id}`,
    );
    expect(Number(audit[0]!.n)).toBe(1);
  });

  it('loads the box office: prices of the day, sessions with places, the session to preselect', async () => {
    const res = await seller.request(`/api/v1/sites/${f.siteId}/box-office`);
    expect(res.statusCode, res.body).toBe(200);
    const day = res.json<{
      today: string;
      suggestedSessionId: string;
      products: { code: string; price: number }[];
    }>();
    expect(day.today).toBe(saleDay);
    expect(day.suggestedSessionId).toBe(f.sessionIds[0]);
    expect(day.products.find((p) => p.code === 'ADULT')?.price).toBe(13000);
  });
});
