// The shop's HTTP API on the real app: public reads, booking over the per-IP limit answered with a
// proof-of-work challenge (solved once, used once), the order by its token, paying through the
// simulator, the calendar file, and the admin's shop settings (permission, validation, audit).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { challengeInput, leadingZeroBits } from '@admit/domain';
import { fixedClock } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createShopFixture, shopDay, shopNow, type ShopFixture } from './fixture';

function solve(token: string, difficulty: number): string {
  for (let i = 0; ; i++) {
    const nonce = i.toString(36);
    if (leadingZeroBits(createHash('sha256').update(challengeInput(token, nonce)).digest()) >= difficulty)
      return nonce;
  }
}

describe('shop API', () => {
  let t: TestApp;
  let f: ShopFixture;
  let admin: TestClient;
  let seller: TestClient;
  const clock = fixedClock(shopNow);

  beforeAll(async () => {
    t = await testApp({
      clock,
      env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_SHOP_IP_PER_MINUTE: '3', ADMIT_PAYMENT_SIMULATOR: 'on' },
    });
    f = await createShopFixture(t.database.db, { code: 'SAPI', capacity: 20 });
    await createTestUser(t.database.db, { loginName: 's.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 's.seller', roles: ['seller'] });
    admin = await loggedIn(t.app, 's.admin');
    seller = await loggedIn(t.app, 's.seller');
  });
  afterAll(async () => {
    await f?.close();
    await t?.close();
  });

  const order = (phone: string) => ({
    visitDate: shopDay,
    sessionId: f.sessions.get(`${shopDay} 10:00`)!,
    lines: [{ productId: f.products.adult, quantity: 1 }],
    contactPhone: phone,
  });

  it('lists the site and its day without a login', async () => {
    const sites = await t.app.inject({ url: '/api/v1/shop/sites' });
    expect(sites.statusCode).toBe(200);
    expect(sites.json<{ sites: { code: string }[] }>().sites.map((s) => s.code)).toContain('SAPI');
    const day = await t.app.inject({ url: `/api/v1/shop/sites/sapi?date=${shopDay}` });
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json()).toMatchObject({ date: shopDay, rules: { holdMinutes: 15 } });
    const calendar = await t.app.inject({ url: '/api/v1/shop/sites/SAPI/calendar?days=3' });
    expect(calendar.json<{ days: unknown[] }>().days).toHaveLength(3);
    const missing = await t.app.inject({
      url: '/api/v1/shop/sites/NOPE',
      headers: { 'accept-language': 'en' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'shop_not_open' } });
  });

  it('answers a client over its limit with a challenge that lets one booking through', async () => {
    const post = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/shop/sites/SAPI/orders',
        payload: body,
        remoteAddress: '10.1.1.1',
      });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = await post(order(`1380013800${i}`));
      expect(made.statusCode, made.body).toBe(201);
      tokens.push(made.json<{ token: string }>().token);
    }
    const limited = await post(order('13800138009'));
    expect(limited.statusCode).toBe(429);
    const { challenge } = limited.json<{
      error: { details: { challenge: { token: string; difficulty: number } } };
    }>().error.details;
    expect(challenge.difficulty).toBeGreaterThanOrEqual(16);
    const nonce = solve(challenge.token, challenge.difficulty);
    const wrong = await post({
      ...order('13800138009'),
      challenge: { token: challenge.token, nonce: `${nonce}x` },
    });
    expect(wrong.statusCode).toBe(429);
    const through = await post({ ...order('13800138009'), challenge: { token: challenge.token, nonce } });
    expect(through.statusCode, through.body).toBe(201);
    const replayed = await post({ ...order('13800138009'), challenge: { token: challenge.token, nonce } });
    expect(replayed.statusCode).toBe(429);
    // Another client is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/shop/sites/SAPI/orders',
      payload: order('13900139000'),
      remoteAddress: '10.1.1.2',
    });
    expect(other.statusCode).toBe(201);

    const token = tokens[0]!;
    const view = await t.app.inject({ url: `/api/v1/shop/orders/${token}` });
    expect(view.json()).toMatchObject({ status: 'pending', total: 8000, contactPhone: '138****8000' });
    const paying = await t.app.inject({
      method: 'POST',
      url: `/api/v1/shop/orders/${token}/pay`,
      payload: { kind: 'h5' },
    });
    expect(paying.statusCode, paying.body).toBe(200);
    expect(paying.json()).toMatchObject({ created: { kind: 'redirect' } });
    const ics = await t.app.inject({ url: `/api/v1/shop/orders/${token}/calendar.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain('DTSTART:20261202T020000Z');
    const forged = await t.app.inject({ url: `/api/v1/shop/orders/${token.slice(0, 40)}AAAA` });
    expect(forged.statusCode).toBe(404);
  });

  it('lets an administrator change the shop settings, audited, and nobody else', async () => {
    const url = `/api/v1/sites/${f.siteId}/shop-settings`;
    const current = await admin.request(url);
    expect(current.statusCode).toBe(200);
    const settings = { ...current.json<Record<string, unknown>>(), perIdDailyLimit: 2, rotatingCodes: true };
    expect((await seller.request(url, { method: 'PUT', payload: settings })).statusCode).toBe(403);
    const bad = await admin.request(url, { method: 'PUT', payload: { ...settings, rotationStepSeconds: 5 } });
    expect(bad.statusCode).toBe(400);
    const saved = await admin.request(url, { method: 'PUT', payload: settings });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ perIdDailyLimit: 2, rotatingCodes: true });
    const [audit] = await rows<{ details: { changed: Record<string, unknown> } }>(
      t.database.db,
      sql`select details from audit_log where action = 'catalog.shop_settings.updated' and target_id = ${f.siteId}
          order by occurred_at desc limit 1`,
    );
    expect(audit?.details.changed).toMatchObject({ perIdDailyLimit: { to: 2 }, rotatingCodes: { to: true } });
  });
});
