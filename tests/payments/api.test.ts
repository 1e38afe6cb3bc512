// The payments API: a site's provider accounts (secrets write-only, shown as hints, test connection,
// audited), the notification route taking the exact body a provider signed, and its answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock, signNotification, startPaymentSimulator, type RunningSimulator } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleNow, type SaleFixture } from '../sales/fixture';

describe('payments API', () => {
  let t: TestApp;
  let f: SaleFixture;
  let admin: TestClient;
  let seller: TestClient;
  let simulator: RunningSimulator;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    simulator = await startPaymentSimulator({ merchantId: 'SIM-SITE-1' });
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_PAYMENT_SIMULATOR: 'off' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 10, code: 'PAPI' });
    await createTestUser(t.database.db, { loginName: 'p.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'p.seller', roles: ['seller'] });
    admin = await loggedIn(t.app, 'p.admin');
    seller = await loggedIn(t.app, 'p.seller');
  });
  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  const account = (secret: string) => ({
    label: '模拟支付',
    enabled: true,
    merchantId: 'SIM-SITE-1',
    settings: { url: simulator.url },
    secrets: { secret },
  });

  it('keeps secrets write-only, tests the connection, and audits without the secret', async () => {
    const url = `/api/v1/sites/${f.siteId}/payment-accounts/simulator`;
    expect(
      (await seller.request(url, { method: 'PUT', payload: account(simulator.secret) })).statusCode,
    ).toBe(403);
    const saved = await admin.request(url, { method: 'PUT', payload: account(simulator.secret) });
    expect(saved.statusCode, saved.body).toBe(200);
    const view = saved.json<{ id: string; secretHints: Record<string, string>; notifyUrl: string }>();
    expect(saved.body).not.toContain(simulator.secret);
    expect(view.secretHints.secret).toBe(`••••${simulator.secret.slice(-4)}`);
    expect(view.notifyUrl).toMatch(new RegExp(`/api/v1/payments/notify/${view.id}$`));

    const tested = await admin.request(`/api/v1/sites/${f.siteId}/payment-accounts/${view.id}/test`, {
      method: 'POST',
    });
    expect(tested.json()).toMatchObject({ lastTestOk: true });

    // A wrong secret: the simulator's answers no longer verify. An empty secret keeps the stored one.
    await admin.request(url, { method: 'PUT', payload: account('not-the-secret-at-all') });
    const failing = await admin.request(`/api/v1/sites/${f.siteId}/payment-accounts/${view.id}/test`, {
      method: 'POST',
    });
    expect(failing.json()).toMatchObject({ lastTestOk: false });
    await admin.request(url, { method: 'PUT', payload: account(simulator.secret) });
    const kept = await admin.request(url, { method: 'PUT', payload: { ...account(''), label: 'renamed' } });
    expect(kept.json()).toMatchObject({ label: 'renamed', secretHints: view.secretHints });

    const audit = await rows<{ details: unknown }>(
      t.database.db,
      sql`select details from audit_log where action like 'payments.account.%'`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(audit)).not.toContain(simulator.secret);
  });

  it('takes the raw body at the notification route and answers like the provider expects', async () => {
    const [acct] = await rows<{ id: string }>(
      t.database.db,
      sql`select id from payment_accounts where site_id = ${f.siteId} and provider = 'simulator'`,
    );
    const body = JSON.stringify({
      event: 'payment',
      outTradeNo: '00000000000000000000000000000000',
      tradeNo: 'SIMX',
      amount: 100,
      status: 'success',
      merchantId: 'SIM-SITE-1',
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const post = (key: string, signature: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/payments/notify/${key}`,
        headers: {
          'content-type': 'application/json',
          'x-sim-timestamp': timestamp,
          'x-sim-nonce': 'nonce-1',
          'x-sim-signature': signature,
        },
        payload: body,
      });
    // Signed right, for an order we never sent: refused ('fail', so a real provider would retry).
    const unknown = await post(acct!.id, signNotification(simulator.secret, timestamp, 'nonce-1', body));
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toBe('fail');
    const forged = await post(acct!.id, signNotification('forged', timestamp, 'nonce-1', body));
    expect(forged.body).toBe('fail');
    const nowhere = await post('no-such-account', 'x');
    expect(nowhere.statusCode).toBe(404);
    const logged = await rows<{ reason: string }>(
      t.database.db,
      sql`select reason from payment_notifications where account_id = ${acct!.id} order by received_at, id`,
    );
    expect(logged.map((l) => l.reason)).toEqual(['unknown_order', 'bad_signature']);
  });

  it('lets only a settings admin switch the simulator faults, and says when no simulator runs', async () => {
    const faults = { duplicates: 3, corrupt: 'amount' };
    const bySeller = await seller.request('/api/v1/payments/simulator/faults', {
      method: 'PUT',
      payload: faults,
    });
    expect(bySeller.statusCode).toBe(403);
    const byAdmin = await admin.request('/api/v1/payments/simulator/faults', {
      method: 'PUT',
      payload: faults,
    });
    // This app runs without the installation's simulator (ADMIT_PAYMENT_SIMULATOR=off).
    expect(byAdmin.statusCode).toBe(503);
    expect(byAdmin.json()).toMatchObject({ error: { code: 'payment_provider_unavailable' } });
    const bad = await admin.request('/api/v1/payments/simulator/faults', {
      method: 'PUT',
      payload: { duplicates: 1000 },
    });
    expect(bad.statusCode).toBe(400);
  });
});
