// Scanning at a gate through the real app: a signed code admits once and then answers where and when
// it was used; a forged code, a training code, a refunded ticket are refused; a typed ticket number
// and an ID-card swipe find the ticket; the site's instantaneous maximum holds entries until exits.
import { randomUUID, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { encodeSignedPart, encodeTicketCode, residentIdCheckCharacter } from '@admit/domain';
import { createGate, fixedClock, listGates, systemContext } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

type Json = Record<string, unknown>;
type Order = { id: string; tickets: { id: string; code: string | null }[] };

function residentId(birth: string, serial = '123'): string {
  const first17 = `110101${birth.replaceAll('-', '')}${serial}`;
  return first17 + residentIdCheckCharacter(first17);
}

describe('gate scan', () => {
  let t: TestApp;
  let seller: TestClient;
  let gate: TestClient;
  let f: SaleFixture;
  let gateA: string;
  let gateB: string;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 50, code: 'GATE' });
    const ctx = systemContext(t.database.db, 'test', { clock });
    for (const code of ['GA', 'GB'])
      await createGate(ctx, f.siteId, {
        code,
        nameZh: code === 'GA' ? '东门' : '南门',
        nameEn: code,
        direction: 'both',
      });
    const gates = await listGates(ctx, f.siteId);
    gateA = gates.find((g) => g.code === 'GA')!.id;
    gateB = gates.find((g) => g.code === 'GB')!.id;
    await createTestUser(t.database.db, { loginName: 'g.seller', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 'g.gate', roles: ['gate_staff'] });
    seller = await loggedIn(t.app, 'g.seller');
    gate = await loggedIn(t.app, 'g.gate');
    await seller.request(`/api/v1/sites/${f.siteId}/shifts`, { method: 'POST', payload: { floatAmount: 0 } });
  });
  afterAll(async () => t?.close());

  const sell = async (lines: Json[], total: number): Promise<Order> => {
    const res = await seller.request(`/api/v1/sites/${f.siteId}/orders`, {
      method: 'POST',
      payload: {
        visitDate: saleDay,
        sessionId: f.sessionIds[0],
        lines,
        payments: [{ method: 'cash', amount: total, tendered: total }],
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ order: Order }>().order;
  };
  const scan = (body: Json, gateId = gateA) =>
    gate.request(`/api/v1/sites/${f.siteId}/gate/scan`, { method: 'POST', payload: { gateId, ...body } });

  it('admits a signed code once, then says when and at which gate it was used', async () => {
    const order = await sell([{ productId: f.products.adult, quantity: 1 }], 13000);
    const first = await scan({ code: order.tickets[0]!.code });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ result: 'ok', category: 'adult', entriesLeft: 0 });
    clock.advance(60_000);
    const again = (await scan({ code: order.tickets[0]!.code }, gateB)).json<{
      result: string;
      lastEntry: { gateName: string; at: string };
    }>();
    expect(again).toMatchObject({
      result: 'already_used',
      lastEntry: { gateName: '东门', gateId: gateA, at: saleNow.toISOString() },
    });
    const checkins = await rows<{ result: string }>(
      t.database.db,
      sql`select result from checkins where ticket_id = ${order.tickets[0]!.id} order by scanned_at`,
    );
    expect(checkins.map((c) => c.result)).toEqual(['ok', 'already_used']);
    const todayAt = async (gateId: string) =>
      (await gate.request(`/api/v1/sites/${f.siteId}/gate/today?gateId=${gateId}`)).json<{
        entriesAtGate: number;
        entriesAtSite: number;
        refusedAtGate: number;
      }>();
    expect(await todayAt(gateA)).toMatchObject({ entriesAtGate: 1, refusedAtGate: 0 });
    expect(await todayAt(gateB)).toMatchObject({ entriesAtGate: 0, refusedAtGate: 1, entriesAtSite: 1 });
    clock.set(saleNow);
  });

  it('refuses a forged code, an unknown key and a training code', async () => {
    const order = await sell([{ productId: f.products.adult, quantity: 1 }], 13000);
    const code = order.tickets[0]!.code!;
    const forged = code.slice(0, 60) + (code[60] === 'A' ? 'B' : 'A') + code.slice(61);
    expect((await scan({ code: forged })).json()).toMatchObject({ result: 'invalid_signature' });
    const { privateKey } = generateKeyPairSync('ed25519');
    const fields = {
      keyId: 999,
      ticketId: order.tickets[0]!.id,
      validFrom: new Date('2026-12-01T01:00:00Z'),
      validUntil: new Date('2026-12-01T05:00:00Z'),
      entries: 1,
      training: false,
    };
    const signed = encodeSignedPart(fields);
    expect(
      (await scan({ code: encodeTicketCode(signed, sign(null, signed, privateKey)) })).json(),
    ).toMatchObject({
      result: 'invalid_signature',
      reason: 'unknown_key',
    });
    expect((await scan({ code: 'NOT-A-TICKET' })).json()).toMatchObject({ result: 'unknown_ticket' });
  });

  it('refuses a refunded ticket and finds tickets by number and by ID card', async () => {
    const order = await sell([{ productId: f.products.adult, quantity: 2 }], 26000);
    const refund = await seller.request(`/api/v1/sites/${f.siteId}/orders/${order.id}/refunds`, {
      method: 'POST',
      payload: { ticketIds: [order.tickets[0]!.id], void: true },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect((await scan({ code: order.tickets[0]!.code })).json()).toMatchObject({ result: 'revoked' });
    const [ticket] = await rows<{ number: string }>(
      t.database.db,
      sql`select number from tickets where id = ${order.tickets[1]!.id}`,
    );
    expect((await scan({ ticketNumber: ticket!.number })).json()).toMatchObject({ result: 'ok' });

    const id = residentId('1988-08-08', '321');
    await sell(
      [{ productId: f.products.named, quantity: 1, holders: [{ documentNumber: id, name: '王小明' }] }],
      5000,
    );
    expect((await scan({ documentNumber: id.toLowerCase() })).json()).toMatchObject({
      result: 'ok',
      holderName: '王**',
    });
    expect((await scan({ documentNumber: id })).json()).toMatchObject({ result: 'already_used' });
  });

  it('holds entries at the instantaneous maximum and resumes after exits', async () => {
    await t.database.db.execute(sql`update sites set instant_max_capacity = 2 where id = ${f.siteId}`);
    await t.database.db.execute(sql`delete from occupancy_stripes where site_id = ${f.siteId}`);
    const order = await sell([{ productId: f.products.adult, quantity: 3 }], 39000);
    const results = [];
    for (const ticket of order.tickets)
      results.push((await scan({ code: ticket.code })).json<{ result: string }>().result);
    expect(results).toEqual(['ok', 'ok', 'capacity_reached']);
    const held = order.tickets[2]!;
    const [unused] = await rows<{ entries_used: number }>(
      t.database.db,
      sql`select entries_used from tickets where id = ${held.id}`,
    );
    expect(unused?.entries_used).toBe(0);
    const exit = await gate.request(`/api/v1/sites/${f.siteId}/gate/exit`, {
      method: 'POST',
      payload: { gateId: gateB },
    });
    expect(exit.json()).toEqual({ inside: 1 });
    expect((await scan({ code: held.code })).json()).toMatchObject({
      result: 'ok',
      occupancy: { inside: 2, max: 2, warning: true },
    });
    await t.database.db.execute(sql`update sites set instant_max_capacity = null where id = ${f.siteId}`);
  });
});
