// The catalog API's refusals, each with its stable code, and the happy paths the admin screens use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, capacityPools, capacityPoolStripes } from '@admit/db';
import { testApp, type TestApp } from '../../../../tests/support/app';
import { createTestUser, loggedIn, type TestClient } from '../../../../tests/support/accounts';

type Json = Record<string, unknown>;

describe('catalog API', () => {
  let t: TestApp;
  let admin: TestClient;
  let seller: TestClient;
  let siteId: string;
  let adultId: string;

  const site = {
    code: 'hill',
    nameZh: '青山',
    nameEn: 'Green Hill',
    kind: 'scenic_area',
    timeZone: 'Asia/Shanghai',
    dailyMaxCapacity: 1000,
    instantMaxCapacity: 400,
  };
  const product = (overrides: Json = {}) => ({
    code: `P${Math.random().toString(36).slice(2, 8)}`,
    nameZh: '成人票',
    nameEn: 'Adult',
    category: 'adult',
    listPrice: 12000,
    ...overrides,
  });

  beforeAll(async () => {
    t = await testApp();
    await createTestUser(t.database.db, { loginName: 'cat.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'cat.seller', roles: ['seller'] });
    admin = await loggedIn(t.app, 'cat.admin');
    seller = await loggedIn(t.app, 'cat.seller');
    const created = await admin.request('/api/v1/catalog/sites', { method: 'POST', payload: site });
    expect(created.statusCode, created.body).toBe(201);
    siteId = created.json<{ id: string; code: string }>().id;
    expect(created.json()).toMatchObject({ code: 'HILL', dailyMaxCapacity: 1000 });
    const adult = await admin.request(`/api/v1/catalog/sites/${siteId}/products`, {
      method: 'POST',
      payload: product({ code: 'ADULT' }),
    });
    expect(adult.statusCode, adult.body).toBe(201);
    adultId = adult.json<{ id: string }>().id;
  });
  afterAll(async () => t?.close());

  const expectError = (res: { statusCode: number; json: () => unknown }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: { code } });
  };

  it('refuses an unknown time zone', async () => {
    const res = await admin.request('/api/v1/catalog/sites', {
      method: 'POST',
      payload: { ...site, code: 'TZ1', timeZone: 'Asia/Beijing' },
    });
    expectError(res, 400, 'unknown_time_zone');
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}`, {
        method: 'PATCH',
        payload: { timeZone: 'Nowhere/Town' },
      }),
      400,
      'unknown_time_zone',
    );
  });

  it('refuses a negative price', async () => {
    const res = await admin.request(`/api/v1/catalog/sites/${siteId}/products`, {
      method: 'POST',
      payload: product({ listPrice: -100 }),
    });
    expectError(res, 400, 'price_negative');
  });

  it('refuses a sale window that ends before it starts', async () => {
    const res = await admin.request(`/api/v1/catalog/sites/${siteId}/products`, {
      method: 'POST',
      payload: product({
        saleStartsAt: '2026-12-10T00:00:00+08:00',
        saleEndsAt: '2026-12-01T00:00:00+08:00',
      }),
    });
    expectError(res, 400, 'sale_window_end_before_start');
  });

  it('refuses a maximum per order below the minimum, also when editing', async () => {
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}/products`, {
        method: 'POST',
        payload: product({ minPerOrder: 10, maxPerOrder: 2 }),
      }),
      400,
      'max_per_order_below_min',
    );
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}/products/${adultId}`, {
        method: 'PATCH',
        payload: { minPerOrder: 50 },
      }),
      400,
      'max_per_order_below_min',
    );
  });

  it('refuses a taken ticket type code', async () => {
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}/products`, {
        method: 'POST',
        payload: product({ code: 'ADULT' }),
      }),
      409,
      'product_code_taken',
    );
  });

  it('refuses overlapping price versions', async () => {
    const rules = [{ productId: adultId, dayType: 'weekday', price: 12000 }];
    const first = await admin.request(`/api/v1/catalog/sites/${siteId}/price-versions`, {
      method: 'POST',
      payload: { name: '2026', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31', rules },
    });
    expect(first.statusCode, first.body).toBe(201);
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}/price-versions`, {
        method: 'POST',
        payload: { name: 'overlap', effectiveFrom: '2026-12-01', effectiveTo: null, rules },
      }),
      409,
      'price_versions_overlap',
    );
    const next = await admin.request(`/api/v1/catalog/sites/${siteId}/price-versions`, {
      method: 'POST',
      payload: {
        name: '2027',
        effectiveFrom: '2027-01-01',
        effectiveTo: null,
        rules: [{ productId: adultId, dayType: 'weekday', price: 13000 }],
      },
    });
    expect(next.statusCode).toBe(201);
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}/price-versions`, {
        method: 'POST',
        payload: {
          name: 'neg',
          effectiveFrom: '2030-01-01',
          effectiveTo: null,
          rules: [{ productId: adultId, dayType: 'weekday', price: -1 }],
        },
      }),
      400,
      'price_negative',
    );
  });

  it('previews and generates sessions, refuses a duplicate generation, and keeps capacity above what is sold', async () => {
    const schedule = {
      from: '2026-12-01',
      to: '2026-12-07',
      times: { first: '08:00', last: '16:00', everyMinutes: 60 },
      durationMinutes: 60,
      capacity: 300,
      productIds: [adultId],
    };
    const preview = await admin.request(`/api/v1/catalog/sites/${siteId}/sessions/preview`, {
      method: 'POST',
      payload: schedule,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json<{ sessions: unknown[] }>().sessions).toHaveLength(63);
    const generated = await admin.request(`/api/v1/catalog/sites/${siteId}/sessions/generate`, {
      method: 'POST',
      payload: schedule,
    });
    expect(generated.json()).toEqual({ created: 63 });
    const again = await admin.request(`/api/v1/catalog/sites/${siteId}/sessions/generate`, {
      method: 'POST',
      payload: schedule,
    });
    expectError(again, 409, 'sessions_would_duplicate');
    expect(again.json<{ error: { details: { count: number } } }>().error.details.count).toBe(63);

    const list = await admin.request(
      `/api/v1/catalog/sites/${siteId}/sessions?from=2026-12-01&to=2026-12-01`,
    );
    const [first] = list.json<{ sessions: { id: string; startsAt: string; capacity: number }[] }>().sessions;
    expect(first).toMatchObject({ startsAt: '2026-12-01T00:00:00.000Z', capacity: 300 });
    const [pool] = await t.database.db
      .select()
      .from(capacityPools)
      .where(eq(capacityPools.sessionId, first!.id));
    await t.database.db
      .update(capacityPoolStripes)
      .set({ sold: 50 })
      .where(eq(capacityPoolStripes.poolId, pool!.id));
    expectError(
      await admin.request(`/api/v1/catalog/sites/${siteId}/sessions/${first!.id}`, {
        method: 'PATCH',
        payload: { capacity: 199 },
      }),
      409,
      'capacity_below_sold',
    );
    const raised = await admin.request(`/api/v1/catalog/sites/${siteId}/sessions/${first!.id}`, {
      method: 'PATCH',
      payload: { capacity: 400 },
    });
    expect(raised.json()).toMatchObject({ capacity: 400, sold: 200, remaining: 200 });

    const availability = await seller.request(`/api/v1/catalog/sites/${siteId}/availability?date=2026-12-01`);
    expect(availability.statusCode).toBe(200);
    const day = availability.json<{
      dailyRemaining: number;
      sessions: { remaining: number; products: { remaining: number }[] }[];
    }>();
    expect(day.sessions).toHaveLength(9);
    expect(day.dailyRemaining).toBe(1000);
    expect(day.sessions[0]!.products[0]!.remaining).toBe(200);
  });

  it('explains a price', async () => {
    const res = await seller.request(`/api/v1/catalog/sites/${siteId}/price-quote`, {
      method: 'POST',
      payload: { date: '2027-03-03', quantities: [{ productId: adultId, quantity: 2 }] },
    });
    expect(res.json()).toMatchObject({
      total: 26000,
      priceVersion: { name: '2027' },
      lines: [{ unitPrice: 13000, explanation: { rule: 'price_rule', dayType: 'weekday' } }],
    });
  });

  it('imports the holiday calendar and names a bad line', async () => {
    const ok = await admin.request('/api/v1/catalog/holidays', {
      method: 'POST',
      payload: { csv: 'date,kind,name\n2027-10-01,holiday,国庆节\n2027-09-26,workday,调休上班\n' },
    });
    expect(ok.json()).toEqual({ imported: 2, year: 2027 });
    const bad = await admin.request('/api/v1/catalog/holidays', {
      method: 'POST',
      payload: { csv: '2027-02-30,holiday,x' },
    });
    expectError(bad, 400, 'holiday_csv_invalid');
  });

  it('lets a seller read the catalog but not change it, and audits every change', async () => {
    expect((await seller.request(`/api/v1/catalog/sites/${siteId}/products`)).statusCode).toBe(200);
    expectError(
      await seller.request(`/api/v1/catalog/sites/${siteId}/products`, {
        method: 'POST',
        payload: product(),
      }),
      403,
      'permission_denied',
    );
    const actions = (await t.database.db.select({ action: auditLog.action }).from(auditLog)).map(
      (a) => a.action,
    );
    for (const action of [
      'catalog.site.created',
      'catalog.product.created',
      'catalog.price_version.created',
      'catalog.sessions.generated',
      'catalog.session.updated',
      'catalog.holidays.imported',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('creates a site from a starter template', async () => {
    const res = await admin.request('/api/v1/catalog/sites', {
      method: 'POST',
      payload: {
        ...site,
        code: 'FERRY2',
        nameZh: '新航线',
        nameEn: 'New route',
        kind: 'transport',
        template: 'ferry',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    const products = (await admin.request(`/api/v1/catalog/sites/${id}/products`)).json<{
      products: { code: string }[];
    }>().products;
    expect(products.map((p) => p.code).sort()).toEqual(['ADULT', 'CHILD']);
  });
});
