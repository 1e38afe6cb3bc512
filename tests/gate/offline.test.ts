// Offline gates: the bundle a gate keeps (keys that verify the codes, revocations, used entries, an ID
// index under today's derived key), and the sync after a reconnect — a re-upload counts nothing twice,
// and one ticket admitted offline at two gates is a double entry, the first scan in time winning even
// when it is uploaded last.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { residentIdCheckCharacter } from '@admit/domain';
import {
  createGate,
  fixedClock,
  gateIndexHash,
  listGates,
  systemContext,
  verifyTicketCode,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

type Order = { id: string; tickets: { id: string; code: string }[] };

describe('offline gates', () => {
  let t: TestApp;
  let seller: TestClient;
  let gateA: TestClient;
  let gateB: TestClient;
  let f: SaleFixture;
  let east: string;
  let south: string;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 50, code: 'OFFL' });
    const ctx = systemContext(t.database.db, 'test', { clock });
    for (const code of ['EA', 'SO'])
      await createGate(ctx, f.siteId, {
        code,
        nameZh: code === 'EA' ? '东门' : '南门',
        nameEn: code,
        direction: 'entry',
      });
    const gates = await listGates(ctx, f.siteId);
    east = gates.find((g) => g.code === 'EA')!.id;
    south = gates.find((g) => g.code === 'SO')!.id;
    await createTestUser(t.database.db, { loginName: 'o.seller', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 'o.gate1', roles: ['gate_staff'] });
    await createTestUser(t.database.db, { loginName: 'o.gate2', roles: ['gate_staff'] });
    seller = await loggedIn(t.app, 'o.seller');
    gateA = await loggedIn(t.app, 'o.gate1');
    gateB = await loggedIn(t.app, 'o.gate2');
    await seller.request(`/api/v1/sites/${f.siteId}/shifts`, { method: 'POST', payload: { floatAmount: 0 } });
  });
  afterAll(async () => t?.close());

  const sell = async (lines: Record<string, unknown>[], total: number) =>
    (
      await seller.request(`/api/v1/sites/${f.siteId}/orders`, {
        method: 'POST',
        payload: {
          visitDate: saleDay,
          sessionId: f.sessionIds[0],
          lines,
          payments: [{ method: 'cash', amount: total, tendered: total }],
        },
        headers: { 'idempotency-key': randomUUID() },
      })
    ).json<{ order: Order }>().order;

  it('gives a gate what it needs offline: keys that verify codes, revocations, used entries, an ID index', async () => {
    const first17 = '11010119900101777';
    const id = first17 + residentIdCheckCharacter(first17);
    const order = await sell([{ productId: f.products.adult, quantity: 2 }], 26000);
    await sell(
      [{ productId: f.products.named, quantity: 1, holders: [{ documentNumber: id, name: '赵六' }] }],
      5000,
    );
    await seller.request(`/api/v1/sites/${f.siteId}/orders/${order.id}/refunds`, {
      method: 'POST',
      payload: { ticketIds: [order.tickets[0]!.id], void: true },
      headers: { 'idempotency-key': randomUUID() },
    });
    await gateA.request(`/api/v1/sites/${f.siteId}/gate/scan`, {
      method: 'POST',
      payload: { gateId: east, code: order.tickets[1]!.code },
    });
    const bundle = (await gateA.request(`/api/v1/sites/${f.siteId}/gate/bundle`)).json<{
      keys: { keyId: number; publicKey: string }[];
      revokedTicketIds: string[];
      used: { ticketId: string; entriesUsed: number; lastGateId: string | null }[];
      gates: { id: string; nameZh: string }[];
      products: { id: string; category: string }[];
      ticketProducts: Record<string, number>;
      idIndexKey: string;
      idIndex: { hash: string; holderName: string }[];
      rotation: { dayKey: string; stepSeconds: number; toleranceSteps: number } | null;
    }>();
    expect(verifyTicketCode(order.tickets[1]!.code, Buffer.from(bundle.keys[0]!.publicKey, 'base64'))).toBe(
      true,
    );
    expect(bundle.revokedTicketIds).toContain(order.tickets[0]!.id);
    expect(bundle.used).toContainEqual(
      expect.objectContaining({ ticketId: order.tickets[1]!.id, entriesUsed: 1, lastGateId: east }),
    );
    expect(bundle.gates.map((g) => g.id)).toContain(east);
    // A valid ticket's type, so an offline green screen shows its category; not the refunded one.
    const product = bundle.products[bundle.ticketProducts[order.tickets[1]!.id]!];
    expect(product?.category).toBeTruthy();
    expect(bundle.ticketProducts[order.tickets[0]!.id]).toBeUndefined();
    const hash = gateIndexHash(Buffer.from(bundle.idIndexKey, 'base64'), id.toLowerCase());
    expect(bundle.idIndex).toContainEqual(expect.objectContaining({ hash, holderName: '赵*' }));
    // Rotating codes: today's key of the site, and the defaults of a site without shop settings.
    expect(bundle.rotation).toMatchObject({ stepSeconds: 30, toleranceSteps: 2 });
    expect(Buffer.from(bundle.rotation!.dayKey, 'base64url')).toHaveLength(32);
  });

  it('applies uploads once and finds the double entry, the first scan in time winning', async () => {
    const order = await sell([{ productId: f.products.adult, quantity: 1 }], 13000);
    const ticketId = order.tickets[0]!.id;
    const at = (minutes: number) => new Date(saleNow.getTime() + minutes * 60_000).toISOString();
    // South admitted it at 10:05 and uploads first; east admitted it at 10:01 and uploads later.
    const south1 = {
      clientNonce: `s-${randomUUID()}`,
      gateId: south,
      ticketId,
      scannedAt: at(5),
      result: 'ok',
    };
    const east1 = {
      clientNonce: `e-${randomUUID()}`,
      gateId: east,
      ticketId,
      scannedAt: at(1),
      result: 'ok',
    };
    const sync = (client: TestClient, scans: unknown[]) =>
      client.request(`/api/v1/sites/${f.siteId}/gate/sync`, { method: 'POST', payload: { scans } });
    expect((await sync(gateB, [south1])).json()).toEqual([
      { clientNonce: south1.clientNonce, status: 'applied' },
    ]);
    expect((await sync(gateB, [south1])).json()).toEqual([
      { clientNonce: south1.clientNonce, status: 'duplicate' },
    ]);
    expect((await sync(gateA, [east1])).json()).toEqual([
      { clientNonce: east1.clientNonce, status: 'applied' },
    ]);
    const alerts = (
      await gateA.request(`/api/v1/sites/${f.siteId}/gate/alerts?since=${encodeURIComponent(at(-60))}`)
    ).json<{ ticketId: string; gateName: string; scannedAt: string }[]>();
    expect(alerts).toEqual([expect.objectContaining({ ticketId, gateName: '南门', scannedAt: at(5) })]);
    const [ticket] = await rows<{ entries_used: number }>(
      t.database.db,
      sql`select entries_used from tickets where id = ${ticketId}`,
    );
    expect(ticket?.entries_used).toBe(1);
  });
});
