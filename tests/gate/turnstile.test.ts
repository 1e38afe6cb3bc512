// The turnstile API with a controller simulator: authorize → open → the visitor passes → confirm; or
// the visitor turns back and the authorization is rolled back after the confirm window, so the ticket
// can enter again. Authorizations answer fast (the figure is printed; the bench holds the target).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  createGate,
  fixedClock,
  listGates,
  rollBackExpiredAuthorizations,
  systemContext,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

/** A turnstile controller: asks to open, and confirms only if the visitor walks through. */
function controller(client: TestClient, siteId: string, gateId: string) {
  return async (code: string, visitorPasses: boolean) => {
    const started = performance.now();
    const res = await client.request(`/api/v1/sites/${siteId}/gate/turnstile/authorize`, {
      method: 'POST',
      payload: { gateId, code },
    });
    const ms = performance.now() - started;
    const answer = res.json<{ open: boolean; result: string; authorizationId: string | null }>();
    if (answer.open && visitorPasses) {
      const confirmed = await client.request(`/api/v1/sites/${siteId}/gate/turnstile/confirm`, {
        method: 'POST',
        payload: { authorizationId: answer.authorizationId },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
    }
    return { ...answer, ms };
  };
}

describe('turnstile API', () => {
  let t: TestApp;
  let seller: TestClient;
  let staff: TestClient;
  let f: SaleFixture;
  let gateId: string;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_TURNSTILE_CONFIRM_SECONDS: '10' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 50, code: 'TURN' });
    const ctx = systemContext(t.database.db, 'test', { clock });
    await createGate(ctx, f.siteId, {
      code: 'T1',
      nameZh: '闸机1',
      nameEn: 'Turnstile 1',
      direction: 'entry',
    });
    gateId = (await listGates(ctx, f.siteId))[0]!.id;
    await createTestUser(t.database.db, { loginName: 't.seller', roles: ['seller'] });
    await createTestUser(t.database.db, { loginName: 't.gate', roles: ['gate_staff'] });
    seller = await loggedIn(t.app, 't.seller');
    staff = await loggedIn(t.app, 't.gate');
    await seller.request(`/api/v1/sites/${f.siteId}/shifts`, { method: 'POST', payload: { floatAmount: 0 } });
  });
  afterAll(async () => t?.close());

  it('confirms a passage, and rolls back an authorization nobody walked through', async () => {
    const sold = await seller.request(`/api/v1/sites/${f.siteId}/orders`, {
      method: 'POST',
      payload: {
        visitDate: saleDay,
        sessionId: f.sessionIds[0],
        lines: [{ productId: f.products.adult, quantity: 2 }],
        payments: [{ method: 'cash', amount: 26000, tendered: 26000 }],
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    const [passes, turnsBack] = sold.json<{ order: { tickets: { id: string; code: string }[] } }>().order
      .tickets;
    const turnstile = controller(staff, f.siteId, gateId);

    const first = await turnstile(passes!.code, true);
    expect(first).toMatchObject({ open: true, result: 'ok' });
    expect((await turnstile(passes!.code, true)).open).toBe(false);

    const notPassed = await turnstile(turnsBack!.code, false);
    expect(notPassed.open).toBe(true);
    expect((await turnstile(turnsBack!.code, false)).result).toBe('already_used');
    clock.advance(11_000);
    expect(await rollBackExpiredAuthorizations(systemContext(t.database.db, 'job', { clock }))).toBe(1);
    const [ticket] = await rows<{ entries_used: number }>(
      t.database.db,
      sql`select entries_used from tickets where id = ${turnsBack!.id}`,
    );
    expect(ticket?.entries_used).toBe(0);
    const late = await staff.request(`/api/v1/sites/${f.siteId}/gate/turnstile/confirm`, {
      method: 'POST',
      payload: { authorizationId: notPassed.authorizationId },
    });
    expect(late.json()).toMatchObject({ error: { code: 'authorization_expired' } });
    const again = await turnstile(turnsBack!.code, true);
    expect(again).toMatchObject({ open: true, result: 'ok' });
    console.log(
      `turnstile authorize: ${first.ms.toFixed(1)} ms, ${again.ms.toFixed(1)} ms (through HTTP inject)`,
    );
    clock.set(saleNow);
  });
});
