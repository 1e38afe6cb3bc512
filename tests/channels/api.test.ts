// Channel partners and their API keys through the real app: an administrator adds a partner for a
// site with its prices and issues a key (shown once; the database keeps only a hash); the partner
// reads availability with its settlement and retail prices; a wrong, revoked or misplaced key is 401;
// a key without the scope, or at a site its channel does not sell, is 403 (audited); over its own rate
// limit, 429; someone without channels.manage cannot manage partners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

describe('channel partners and API keys', () => {
  let t: TestApp;
  let f: SaleFixture;
  let other: SaleFixture;
  let admin: TestClient;
  let seller: TestClient;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 30, code: 'CHAN' });
    other = await createSaleFixture(t.database.db, { clock, capacity: 30, code: 'CHOTHER' });
    await createTestUser(t.database.db, { loginName: 'c.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'c.seller', roles: ['seller'] });
    admin = await loggedIn(t.app, 'c.admin');
    seller = await loggedIn(t.app, 'c.seller');
  });
  afterAll(async () => {
    await t?.close();
  });

  const withKey = (key: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

  it('issues a key once, keeps only its hash, and answers availability with the channel prices', async () => {
    expect(
      (
        await seller.request('/api/v1/channels', {
          method: 'POST',
          payload: { code: 'ota1', name: 'OTA One', siteIds: [f.siteId] },
        })
      ).statusCode,
    ).toBe(403);
    const created = await admin.request('/api/v1/channels', {
      method: 'POST',
      payload: { code: 'ota1', name: 'OTA One', siteIds: [f.siteId] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const channel = created.json<{ id: string; code: string }>();
    expect(channel.code).toBe('OTA1');
    const taken = await admin.request('/api/v1/channels', {
      method: 'POST',
      payload: { code: 'OTA1', name: 'Again', siteIds: [] },
    });
    expect(taken.json()).toMatchObject({ error: { code: 'channel_code_taken' } });

    const prices = await admin.request(`/api/v1/channels/${channel.id}/prices`, {
      method: 'PUT',
      payload: { prices: [{ productId: f.products.adult, settlementPrice: 10000, retailPrice: 12800 }] },
    });
    expect(prices.statusCode, prices.body).toBe(200);
    // A ticket type of a site the channel does not sell cannot be priced for it.
    const elsewhere = await admin.request(`/api/v1/channels/${channel.id}/prices`, {
      method: 'PUT',
      payload: { prices: [{ productId: other.products.adult, settlementPrice: 1, retailPrice: 1 }] },
    });
    expect(elsewhere.json()).toMatchObject({ error: { code: 'product_not_found' } });

    const issued = await admin.request(`/api/v1/channels/${channel.id}/api-keys`, {
      method: 'POST',
      payload: { name: 'production', scopes: ['availability.read', 'orders.read'], rateLimitPerMinute: 5 },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { key, apiKey } = issued.json<{ key: string; apiKey: { id: string; prefix: string } }>();
    expect(key).toMatch(new RegExp(`^admit_${apiKey.prefix}_[A-Za-z0-9_-]{43}$`));
    const stored = await rows<{ key_hash: string }>(t.database.db, sql`select key_hash from api_keys`);
    expect(JSON.stringify(stored)).not.toContain(key.split('_').pop()!);
    const listed = await admin.request(`/api/v1/channels/${channel.id}/api-keys`);
    expect(listed.body).not.toContain(key.split('_').pop()!);

    const answer = await withKey(key, `/api/v1/channel/sites/chan/availability?date=${saleDay}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json<{
      products: { code: string; price: number; settlementPrice: number; retailPrice: number }[];
      sessions: { remaining: number }[];
    }>();
    expect(body.products.find((p) => p.code === 'ADULT')).toMatchObject({
      price: 13000,
      settlementPrice: 10000,
      retailPrice: 12800,
    });
    expect(body.sessions.map((s) => s.remaining)).toEqual([30, 30]);

    // Not this channel's site: 403, and the refusal is audited against the key.
    const notOurs = await withKey(key, `/api/v1/channel/sites/CHOTHER/availability`);
    expect(notOurs.statusCode).toBe(403);
    const [denied] = await rows<{ actor_type: string; actor_id: string }>(
      t.database.db,
      sql`select actor_type, actor_id from audit_log where action = 'authz.permission.denied' and actor_type = 'api_key'`,
    );
    expect(denied).toMatchObject({ actor_type: 'api_key', actor_id: apiKey.id });

    // Its own rate limit: five a minute (two used above), then 429 with Retry-After.
    expect((await withKey(key, `/api/v1/channel/sites/CHAN/availability`)).statusCode).toBe(200);
    expect((await withKey(key, `/api/v1/channel/sites/CHAN/availability`)).statusCode).toBe(200);
    expect((await withKey(key, `/api/v1/channel/sites/CHAN/availability`)).statusCode).toBe(200);
    const limited = await withKey(key, `/api/v1/channel/sites/CHAN/availability`);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // A key is for the channel API only, and a wrong or revoked one is 401.
    expect((await withKey(key, '/api/v1/catalog/sites')).statusCode).toBe(401);
    expect(
      (await withKey(`${key.slice(0, -1)}x`, `/api/v1/channel/sites/CHAN/availability`)).statusCode,
    ).toBe(401);
    expect((await withKey('admit_nonsense', `/api/v1/channel/sites/CHAN/availability`)).json()).toMatchObject(
      {
        error: { code: 'api_key_invalid' },
      },
    );
    await admin.request(`/api/v1/channels/${channel.id}/api-keys/${apiKey.id}/revoke`, { method: 'POST' });
    expect((await withKey(key, `/api/v1/channel/sites/CHAN/availability`)).statusCode).toBe(401);
  });

  it('refuses a key without the scope', async () => {
    const [channel] = await rows<{ id: string }>(
      t.database.db,
      sql`select id from channels where code = 'OTA1'`,
    );
    const issued = await admin.request(`/api/v1/channels/${channel!.id}/api-keys`, {
      method: 'POST',
      payload: { name: 'orders only', scopes: ['orders.read'] },
    });
    const { key } = issued.json<{ key: string }>();
    const refused = await withKey(key, `/api/v1/channel/sites/CHAN/availability`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'permission_denied', details: { scope: 'availability.read' } },
    });
  });
});
