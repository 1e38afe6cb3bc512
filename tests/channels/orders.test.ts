// Orders through the channel API, through the real app: a partner's order is priced at its settlement
// price and drawn on its account at the site; the same Idempotency-Key twice is one order and the same
// answer, the same key with another body is 409; a key without the scope is 403; the partner's own
// reference finds the order and cannot be used twice; another partner's order is 404; refunds and
// rebookings follow the ticket types' rules and give the account its money back; and an allocation is
// the partner's only stock while it stands — beyond it `sold_out` while general sale still has places
// — until it is released back to general sale before the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock, releaseDueAllocations, systemContext } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, poolInvariant, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

type Order = {
  id: string;
  number: string;
  status: string;
  total: number;
  externalReference: string | null;
  tickets: { id: string; number: string; price: number; status: string; code: string | null }[];
};

describe('orders through the channel API', () => {
  let t: TestApp;
  let f: SaleFixture;
  let admin: TestClient;
  let channelId: string;
  let agencyId: string;
  let key: string;
  let readOnlyKey: string;
  let otherKey: string;
  const clock = fixedClock(saleNow);
  let idem = 0;

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 30, code: 'CHORD' });
    await createTestUser(t.database.db, { loginName: 'o.admin', roles: ['admin'] });
    admin = await loggedIn(t.app, 'o.admin');
    const agency = await admin.request(`/api/v1/sites/${f.siteId}/agencies`, {
      method: 'POST',
      payload: { code: 'OTA', name: 'OTA 账户', creditLimit: 1_000_000 },
    });
    expect(agency.statusCode, agency.body).toBe(201);
    agencyId = agency.json<{ id: string }>().id;
    const channel = await admin.request('/api/v1/channels', {
      method: 'POST',
      payload: { code: 'ota', name: 'OTA', siteIds: [f.siteId], accounts: { [f.siteId]: agencyId } },
    });
    expect(channel.statusCode, channel.body).toBe(201);
    expect(channel.json()).toMatchObject({ accounts: { [f.siteId]: agencyId } });
    channelId = channel.json<{ id: string }>().id;
    await admin.request(`/api/v1/channels/${channelId}/prices`, {
      method: 'PUT',
      payload: {
        prices: [
          { productId: f.products.adult, settlementPrice: 10000, retailPrice: 12800 },
          { productId: f.products.named, settlementPrice: 4000, retailPrice: 5000 },
          { productId: f.products.comp, settlementPrice: 0, retailPrice: 0 },
        ],
      },
    });
    const issue = async (id: string, scopes: string[]) => {
      const issued = await admin.request(`/api/v1/channels/${id}/api-keys`, {
        method: 'POST',
        payload: { name: `key ${scopes.length}`, scopes, rateLimitPerMinute: 1000 },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      return issued.json<{ key: string }>().key;
    };
    key = await issue(channelId, [
      'availability.read',
      'orders.create',
      'orders.read',
      'orders.refund',
      'tickets.read',
    ]);
    readOnlyKey = await issue(channelId, ['availability.read', 'orders.read']);
    const other = await admin.request('/api/v1/channels', {
      method: 'POST',
      payload: { code: 'other', name: 'Other', siteIds: [f.siteId] },
    });
    otherKey = await issue(other.json<{ id: string }>().id, ['orders.create', 'orders.read', 'tickets.read']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = (
    withKey: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    idempotencyKey: string | null = method === 'POST' ? `k-${++idem}` : null,
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${withKey}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const order = (quantity: number, extra: Record<string, unknown> = {}) => ({
    site: 'CHORD',
    visitDate: saleDay,
    sessionId: f.sessionIds[1],
    lines: [{ productId: f.products.adult, quantity }],
    ...extra,
  });
  const balance = async () =>
    Number(
      (
        await rows<{ balance: number }>(
          t.database.db,
          sql`select balance from agencies where id = ${agencyId}`,
        )
      )[0]!.balance,
    );

  it('creates an order once per Idempotency-Key, at the settlement price, on the channel account', async () => {
    const body = order(2, { externalReference: 'OTA-1001' });
    const first = await call(key, 'POST', '/api/v1/channel/orders', body, 'order-1');
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<Order>();
    expect(created).toMatchObject({ status: 'paid', total: 20000, externalReference: 'OTA-1001' });
    expect(created.number).toMatch(/^CHORD-\d{6}-AP-\d{4}$/);
    expect(created.tickets.map((x) => [x.price, x.status])).toEqual([
      [10000, 'valid'],
      [10000, 'valid'],
    ]);
    expect(created.tickets.every((x) => typeof x.code === 'string' && x.code.length > 20)).toBe(true);

    const again = await call(key, 'POST', '/api/v1/channel/orders', body, 'order-1');
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    const reused = await call(key, 'POST', '/api/v1/channel/orders', order(3), 'order-1');
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    const missing = await call(key, 'POST', '/api/v1/channel/orders', order(1), null);
    expect(missing.statusCode).toBe(400);

    const [count] = await rows<{ n: number; channel_id: string }>(
      t.database.db,
      sql`select count(*)::int as n, max(channel_id::text) as channel_id from orders where external_reference = 'OTA-1001'`,
    );
    expect(count).toEqual({ n: 1, channel_id: channelId });
    expect(await balance()).toBe(-20000);
    const ledger = await rows<{ kind: string; amount: number }>(
      t.database.db,
      sql`select kind, amount from agency_ledger where agency_id = ${agencyId} order by created_at`,
    );
    expect(ledger.map((l) => [l.kind, Number(l.amount)])).toEqual([['sale', -20000]]);

    // The partner's reference is unique to it, and finds the order.
    const taken = await call(
      key,
      'POST',
      '/api/v1/channel/orders',
      order(1, { externalReference: 'OTA-1001' }),
    );
    expect(taken.json()).toMatchObject({ error: { code: 'external_reference_taken' } });
    const found = await call(key, 'GET', '/api/v1/channel/orders?externalReference=OTA-1001');
    expect(found.json()).toMatchObject({ id: created.id });
    const byId = await call(readOnlyKey, 'GET', `/api/v1/channel/orders/${created.id}`);
    expect(byId.json()).toMatchObject({ id: created.id, total: 20000 });
    // Another partner does not see it.
    expect((await call(otherKey, 'GET', `/api/v1/channel/orders/${created.id}`)).statusCode).toBe(404);
    expect(
      (await call(otherKey, 'GET', `/api/v1/channel/tickets/${created.tickets[0]!.number}`)).statusCode,
    ).toBe(404);

    const ticket = await call(key, 'GET', `/api/v1/channel/tickets/${created.tickets[0]!.number}`);
    expect(ticket.json()).toMatchObject({
      status: 'valid',
      entriesUsed: 0,
      entriesAllowed: 1,
      orderId: created.id,
    });
  });

  it('refuses what the key may not do (403), what the channel has no price for, and a site without an account', async () => {
    const denied = await call(readOnlyKey, 'POST', '/api/v1/channel/orders', order(1));
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'permission_denied' } });
    const [audited] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'authz.permission.denied' and actor_type = 'api_key'`,
    );
    expect(audited!.n).toBeGreaterThan(0);
    const unpriced = await call(key, 'POST', '/api/v1/channel/orders', {
      ...order(1),
      lines: [{ productId: f.products.child, quantity: 1 }],
    });
    expect(unpriced.json()).toMatchObject({ error: { code: 'product_not_offered' } });
    const comp = await call(key, 'POST', '/api/v1/channel/orders', {
      ...order(1),
      lines: [{ productId: f.products.comp, quantity: 1 }],
    });
    expect(comp.json()).toMatchObject({ error: { code: 'product_not_offered' } });
    const noAccount = await call(otherKey, 'POST', '/api/v1/channel/orders', order(1));
    expect(noAccount.json()).toMatchObject({ error: { code: 'channel_account_missing' } });
    // Real-name ticket types need a valid document per ticket, as at every channel.
    const named = await call(key, 'POST', '/api/v1/channel/orders', {
      ...order(1),
      lines: [
        {
          productId: f.products.named,
          quantity: 1,
          holders: [{ documentNumber: '110101199003071234', name: '张三' }],
        },
      ],
    });
    expect(named.statusCode).toBe(422);
    expect(named.json()).toMatchObject({
      error: { code: 'id_number_invalid', details: { problem: 'id_number_checksum' } },
    });
  });

  it('refunds through the API back to the account, and queues the webhooks of the channel', async () => {
    await t.database.db.execute(
      sql`insert into webhook_endpoints (id, channel_id, url, secret_encrypted, events)
          values (gen_random_uuid(), ${channelId}, 'http://127.0.0.1:9/hook', 'unused-in-this-test',
                  array['order.paid', 'order.refunded', 'ticket.redeemed'])`,
    );
    const created = (
      await call(key, 'POST', '/api/v1/channel/orders', order(2, { externalReference: 'OTA-2002' }))
    ).json<Order>();
    const before = await balance();
    const refunded = await call(key, 'POST', `/api/v1/channel/orders/${created.id}/refund`, {
      ticketIds: [created.tickets[0]!.id],
      reason: '客人行程取消',
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.json()).toMatchObject({
      refunded: 10000,
      fee: 0,
      order: { status: 'partially_refunded' },
    });
    expect(await balance()).toBe(before + 10000);
    // The rest, with no tickets named; nothing left then.
    expect((await call(key, 'POST', `/api/v1/channel/orders/${created.id}/refund`, {})).json()).toMatchObject(
      {
        refunded: 10000,
        order: { status: 'refunded' },
      },
    );
    expect((await call(key, 'POST', `/api/v1/channel/orders/${created.id}/refund`, {})).json()).toMatchObject(
      {
        error: { code: 'ticket_not_refundable' },
      },
    );
    const deliveries = await rows<{
      event: string;
      event_key: string;
      payload: { type: string; data: Record<string, unknown> };
    }>(
      t.database.db,
      sql`select event, event_key, payload from webhook_deliveries where channel_id = ${channelId} order by created_at, event`,
    );
    expect(deliveries.map((d) => d.event)).toEqual(['order.paid', 'order.refunded', 'order.refunded']);
    expect(deliveries[0]!.payload).toMatchObject({
      type: 'order.paid',
      data: { orderId: created.id, externalReference: 'OTA-2002', amount: 20000, status: 'paid' },
    });
    expect(deliveries[1]!.payload.data).toMatchObject({
      orderId: created.id,
      amount: 10000,
      status: 'partially_refunded',
      tickets: [{ ticketId: created.tickets[0]!.id, ticketNumber: created.tickets[0]!.number }],
    });
    // The rebook scope is not this key's.
    expect(
      (
        await call(key, 'POST', `/api/v1/channel/orders/${created.id}/rebook`, {
          ticketIds: [created.tickets[0]!.id],
          toSessionId: f.sessionIds[0],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('rebooks to another session at the same settlement price', async () => {
    const issued = await admin.request(`/api/v1/channels/${channelId}/api-keys`, {
      method: 'POST',
      payload: { name: 'rebook', scopes: ['orders.create', 'orders.rebook'], rateLimitPerMinute: 1000 },
    });
    const rebookKey = issued.json<{ key: string }>().key;
    const created = (await call(rebookKey, 'POST', '/api/v1/channel/orders', order(1))).json<Order>();
    const before = await balance();
    const moved = await call(rebookKey, 'POST', `/api/v1/channel/orders/${created.id}/rebook`, {
      ticketIds: [created.tickets[0]!.id],
      toSessionId: f.sessionIds[0],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const body = moved.json<{ difference: number; newTicketIds: string[]; order: Order }>();
    expect(body.difference).toBe(0);
    const fresh = body.order.tickets.find((x) => x.id === body.newTicketIds[0])!;
    expect(fresh).toMatchObject({ price: 10000, status: 'valid' });
    expect(body.order.tickets.find((x) => x.id === created.tickets[0]!.id)).toMatchObject({
      status: 'revoked',
    });
    expect(await balance()).toBe(before);
  });

  it('sells only its allocation while it stands, then gives the rest back to general sale', async () => {
    const session = f.sessionIds[1]!;
    const generalLeft = async () => {
      const day = await admin.request(`/api/v1/sites/${f.siteId}/box-office?date=${saleDay}`);
      expect(day.statusCode, day.body).toBe(200);
      return day
        .json<{ sessions: { id: string; remaining: number }[] }>()
        .sessions.find((s) => s.id === session)!.remaining;
    };
    const channelLeft = async () =>
      (await call(key, 'GET', `/api/v1/channel/sites/CHORD/availability?date=${saleDay}`))
        .json<{ sessions: { id: string; remaining: number }[] }>()
        .sessions.find((s) => s.id === session)!.remaining;

    const before = await generalLeft();
    const allocated = await admin.request(`/api/v1/channels/${channelId}/allocations`, {
      method: 'POST',
      payload: {
        siteId: f.siteId,
        from: saleDay,
        to: saleDay,
        scope: 'session',
        quantity: 5,
        releaseMinutesBefore: 60,
      },
    });
    expect(allocated.statusCode, allocated.body).toBe(201);
    const result = allocated.json<{
      created: { id: string; releaseAt: string; quantity: number }[];
      skipped: unknown[];
    }>();
    // The 09:00 session's release time (08:00) has passed (it is 10:00): only the 13:00 one, released at 12:00.
    expect(result.created).toHaveLength(1);
    expect(result.skipped).toEqual([
      { businessDate: saleDay, sessionId: f.sessionIds[0], reason: 'release_time_passed' },
    ]);
    expect(result.created[0]).toMatchObject({ quantity: 5, releaseAt: '2026-12-01T04:00:00.000Z' });
    expect(await generalLeft()).toBe(before - 5);
    expect(await channelLeft()).toBe(5);
    const again = await admin.request(`/api/v1/channels/${channelId}/allocations`, {
      method: 'POST',
      payload: {
        siteId: f.siteId,
        from: saleDay,
        to: saleDay,
        scope: 'session',
        quantity: 5,
        releaseMinutesBefore: 60,
      },
    });
    expect(again.json()).toMatchObject({
      created: [],
      skipped: [{ reason: 'release_time_passed' }, { reason: 'allocation_exists' }],
    });

    // Six at once is beyond the allocation: sold out, while general sale has places.
    const beyond = await call(key, 'POST', '/api/v1/channel/orders', order(6));
    expect(beyond.statusCode).toBe(409);
    expect(beyond.json()).toMatchObject({ error: { code: 'sold_out', details: { allocation: true } } });
    expect(await generalLeft()).toBeGreaterThan(6);
    // Seven partners' customers at once for the five places: exactly five sold.
    const racing = await Promise.all(
      Array.from({ length: 7 }, () => call(key, 'POST', '/api/v1/channel/orders', order(1))),
    );
    expect(racing.filter((r) => r.statusCode === 201)).toHaveLength(5);
    expect(
      racing.filter((r) => r.statusCode !== 201).map((r) => r.json<{ error: { code: string } }>().error.code),
    ).toEqual(['sold_out', 'sold_out']);
    expect(await channelLeft()).toBe(0);

    // A refund puts the place back into the allocation, for the partner.
    const sold = racing.filter((r) => r.statusCode === 201).map((r) => r.json<Order>());
    const one = sold[0]!;
    await call(key, 'POST', `/api/v1/channel/orders/${one.id}/refund`, {});
    expect(await channelLeft()).toBe(1);

    // Not yet time: nothing moves. At 12:00 the rest goes back to general sale; the partner then sells
    // from general stock like everyone.
    const generalBefore = await generalLeft();
    expect(await releaseDueAllocations(systemContext(t.database.db, 'test', { clock }))).toBe(0);
    clock.set(new Date('2026-12-01T04:00:00Z'));
    try {
      admin = await loggedIn(t.app, 'o.admin'); // two hours idle
      expect(await releaseDueAllocations(systemContext(t.database.db, 'test', { clock }))).toBe(1);
      expect(await generalLeft()).toBe(generalBefore + 1);
      expect(await channelLeft()).toBe(generalBefore + 1);
      const listed = await admin.request(`/api/v1/channels/${channelId}/allocations`);
      expect(listed.json()).toMatchObject([
        { quantity: 5, capacity: 4, sold: 4, releasedAt: '2026-12-01T04:00:00.000Z' },
      ]);
      const general = await call(key, 'POST', '/api/v1/channel/orders', order(6));
      expect(general.statusCode, general.body).toBe(201);
      // A refund of a ticket sold from the released allocation reaches general sale at the next run.
      await call(key, 'POST', `/api/v1/channel/orders/${sold[1]!.id}/refund`, {});
      const afterRefund = await generalLeft();
      expect(await releaseDueAllocations(systemContext(t.database.db, 'test', { clock }))).toBe(1);
      expect(await generalLeft()).toBe(afterRefund + 1);
      // Every movement of the channel's account is in its ledger (the statement is built from it).
      const [ledger] = await rows<{ balance: number; total: number }>(
        t.database.db,
        sql`select a.balance, (select sum(amount) from agency_ledger where agency_id = a.id)::int8 as total
            from agencies a where a.id = ${agencyId}`,
      );
      expect(Number(ledger!.total)).toBe(Number(ledger!.balance));
      const invariant = await poolInvariant(t.database.db, f.siteId, session);
      expect(invariant.session_sold).toBe(invariant.session_tickets);
      expect(invariant.min_free).toBeGreaterThanOrEqual(0);
    } finally {
      clock.set(saleNow);
    }
  });
});
