// Gate devices: registered by an admin through a one-time code, scanning under their token at their
// own gate only, refused elsewhere and for anything but checking tickets, and stopped by a revoke.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGate, fixedClock, listGates, systemContext } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

describe('gate devices', () => {
  let t: TestApp;
  let admin: TestClient;
  let f: SaleFixture;
  let gateA: string;
  let gateB: string;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 50, code: 'DEV' });
    const ctx = systemContext(t.database.db, 'test', { clock });
    for (const code of ['DA', 'DB'])
      await createGate(ctx, f.siteId, { code, nameZh: code, nameEn: code, direction: 'entry' });
    const gates = await listGates(ctx, f.siteId);
    gateA = gates.find((g) => g.code === 'DA')!.id;
    gateB = gates.find((g) => g.code === 'DB')!.id;
    await createTestUser(t.database.db, { loginName: 'd.admin', roles: ['admin'] });
    admin = await loggedIn(t.app, 'd.admin');
    await admin.request(`/api/v1/sites/${f.siteId}/shifts`, { method: 'POST', payload: { floatAmount: 0 } });
  });
  afterAll(async () => t?.close());

  const asDevice = (token: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: payload === undefined ? 'GET' : 'POST',
      url,
      headers: { authorization: `Device ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('registers by a one-time code, scans at its own gate only, and stops when revoked', async () => {
    const started = await admin.request(`/api/v1/sites/${f.siteId}/devices`, {
      method: 'POST',
      payload: { gateId: gateA, name: '东门手持机' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const { registrationCode, device, registrationUrl } = started.json<{
      registrationCode: string;
      device: { id: string };
      registrationUrl: string;
    }>();
    expect(registrationUrl).toMatch(new RegExp(`/gate#register=${registrationCode}$`));
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/register',
      payload: { code: registrationCode },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { token } = registered.json<{ token: string }>();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/register',
      payload: { code: registrationCode },
    });
    expect(again.json()).toMatchObject({ error: { code: 'device_registration_invalid' } });

    const me = (await asDevice(token, '/api/v1/devices/me')).json<Record<string, string>>();
    expect(me).toMatchObject({ deviceId: device.id, siteId: f.siteId, gateId: gateA });
    expect(me.gateNameZh).toBeTruthy();
    expect(me.siteNameZh).toBeTruthy();
    const sold = await admin.request(`/api/v1/sites/${f.siteId}/orders`, {
      method: 'POST',
      payload: {
        visitDate: saleDay,
        sessionId: f.sessionIds[0],
        lines: [{ productId: f.products.adult, quantity: 1 }],
        payments: [{ method: 'cash', amount: 13000, tendered: 13000 }],
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    const code = sold.json<{ order: { tickets: { code: string }[] } }>().order.tickets[0]!.code;
    const elsewhere = await asDevice(token, `/api/v1/sites/${f.siteId}/gate/scan`, { gateId: gateB, code });
    expect(elsewhere.json()).toMatchObject({ error: { code: 'permission_denied' } });
    const scanned = await asDevice(token, `/api/v1/sites/${f.siteId}/gate/scan`, { gateId: gateA, code });
    expect(scanned.json()).toMatchObject({ result: 'ok' });
    const notForDevices = await asDevice(
      token,
      `/api/v1/sites/${f.siteId}/orders?from=${saleDay}&to=${saleDay}`,
    );
    expect(notForDevices.json()).toMatchObject({ error: { code: 'permission_denied' } });

    const revoked = await admin.request(`/api/v1/sites/${f.siteId}/devices/${device.id}/revoke`, {
      method: 'POST',
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    const after = await asDevice(token, `/api/v1/sites/${f.siteId}/gate/scan`, { gateId: gateA, code });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'device_revoked' } });
  });
});
