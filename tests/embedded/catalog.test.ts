// The catalog services on the embedded engine: the demo, availability over pools and stripes, the
// price explainer, session generation and capacity edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { capacityPools, capacityPoolStripes, products, sessions, sites } from '@admit/db';
import {
  getProduct,
  getSite,
  getSiteCalendar,
  listCatalogSites,
  listGates,
  listGroupRules,
  listPriceVersions,
  setClosedDates,
  setSiteCalendar,
  updateGate,
  updatePriceVersion,
  updateProduct,
  updateSite,
  fixedClock,
  getAvailability,
  generateSessions,
  listProducts,
  listSessions,
  previewSessions,
  quotePrice,
  seedDemo,
  systemContext,
  updateSession,
  type ServiceContext,
} from '@admit/services';
import { embeddedTestDatabase, type TestDatabase } from '../support/database';

describe('catalog on the embedded engine (PGlite)', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let scenic: string;
  const clock = fixedClock(new Date('2026-09-28T02:00:00Z'));

  beforeAll(async () => {
    database = await embeddedTestDatabase();
    ctx = systemContext(database.db, 'test', { clock });
    const started = Date.now();
    expect(await seedDemo(database.db, { clock, days: 14 })).toEqual([
      'YUNSHAN',
      'MUSEUM',
      'THEATRE',
      'FERRY',
    ]);
    console.log(`[catalog] demo seeded in ${Date.now() - started} ms`);
    scenic = (await database.db.select().from(sites).where(eq(sites.code, 'YUNSHAN')))[0]!.id;
  }, 120_000);
  afterAll(async () => database?.dispose());

  it('loads the demo only into an empty installation', async () => {
    expect(await seedDemo(database.db, { clock })).toBeNull();
    const count = await database.db
      .select({ n: sql<number>`count(*)::int8` })
      .from(sessions)
      .where(eq(sessions.siteId, scenic));
    expect(count[0]?.n).toBe(14 * 9);
  });

  it('answers availability per session and ticket type, bounded by the daily maximum', async () => {
    const day = await getAvailability(database.db, scenic, '2026-09-30');
    expect(day.sessions).toHaveLength(9);
    expect(day.dailyRemaining).toBe(2000);
    const first = day.sessions[0]!;
    expect(first.remaining).toBe(300);
    expect(first.products.length).toBe(8);
    expect(first.products.every((p) => p.remaining === 300)).toBe(true);

    // Sell most of the daily maximum (through the stripes, as sales will): the daily pool now binds.
    const [daily] = await database.db
      .select()
      .from(capacityPools)
      .where(
        and(
          eq(capacityPools.siteId, scenic),
          eq(capacityPools.businessDate, '2026-09-30'),
          eq(capacityPools.kind, 'daily'),
        ),
      );
    await database.db
      .update(capacityPoolStripes)
      .set({ sold: sql`capacity - 5` })
      .where(eq(capacityPoolStripes.poolId, daily!.id));
    const tight = await getAvailability(database.db, scenic, '2026-09-30');
    expect(tight.dailyRemaining).toBe(8 * 5);
    expect(tight.sessions[0]!.remaining).toBe(300);
    expect(tight.sessions[0]!.products.every((p) => p.remaining === 40)).toBe(true);
  });

  it('filters ticket types by sales channel', async () => {
    const museum = (await database.db.select().from(sites).where(eq(sites.code, 'MUSEUM')))[0]!.id;
    const viaApi = await getAvailability(database.db, museum, '2026-09-30', 'api');
    expect(viaApi.sessions[0]!.products).toEqual([]);
    const online = await getAvailability(database.db, museum, '2026-09-30', 'online');
    expect(online.sessions[0]!.products).toHaveLength(1);
  });

  it('explains why a child’s ticket on a holiday costs nothing, and an adult’s costs ¥140', async () => {
    const list = await listProducts(ctx, scenic);
    const id = (code: string) => list.find((p) => p.code === code)!.id;
    const quote = await quotePrice(ctx, scenic, {
      date: '2026-10-01',
      channel: 'box_office',
      quantities: [
        { productId: id('CHILD'), quantity: 1 },
        { productId: id('ADULT'), quantity: 2 },
      ],
    });
    expect(quote.dayTypes).toEqual(['holiday', 'weekday']);
    expect(quote.lines[0]).toMatchObject({ unitPrice: 0, explanation: { rule: 'free_category' } });
    expect(quote.lines[1]).toMatchObject({
      unitPrice: 14000,
      explanation: { rule: 'price_rule', dayType: 'holiday' },
    });
    expect(quote.total).toBe(28000);
    expect(quote.priceVersion?.name).toMatch(/标准价/);
  });

  it('previews a generation, refuses to duplicate it, and keeps capacity above what is sold', async () => {
    const [adult] = await database.db
      .select()
      .from(products)
      .where(and(eq(products.siteId, scenic), eq(products.code, 'ADULT')));
    const spec = {
      kind: 'timeslot' as const,
      from: '2026-10-20',
      to: '2026-10-26',
      weekdays: [],
      times: { first: '18:00', last: '19:00', everyMinutes: 30 },
      durationMinutes: 30,
      capacity: 120,
      productIds: [adult!.id],
      nameZh: '夜游',
      nameEn: 'Night tour',
      routeFrom: null,
      routeTo: null,
    };
    const preview = await previewSessions(ctx, scenic, spec);
    expect(preview.sessions).toHaveLength(7 * 3);
    expect(preview.duplicates).toEqual([]);
    expect((await generateSessions(ctx, scenic, spec)).created).toBe(21);
    await expect(generateSessions(ctx, scenic, spec)).rejects.toMatchObject({
      code: 'sessions_would_duplicate',
    });

    const [night] = await listSessions(ctx, scenic, { from: '2026-10-20', to: '2026-10-20' }).then((all) =>
      all.filter((s) => s.nameEn === 'Night tour'),
    );
    const [pool] = await database.db
      .select()
      .from(capacityPools)
      .where(eq(capacityPools.sessionId, night!.id));
    await database.db
      .update(capacityPoolStripes)
      .set({ sold: 30 })
      .where(eq(capacityPoolStripes.poolId, pool!.id));
    await expect(updateSession(ctx, scenic, night!.id, { capacity: 59 })).rejects.toMatchObject({
      code: 'capacity_below_sold',
    });
    expect((await updateSession(ctx, scenic, night!.id, { capacity: 60 })).capacity).toBe(60);
    expect((await updateSession(ctx, scenic, night!.id, { status: 'cancelled' })).status).toBe('cancelled');
    await expect(updateSession(ctx, scenic, night!.id, { status: 'open' })).rejects.toMatchObject({
      code: 'session_cancelled',
    });
  });

  it('edits sites, gates, ticket types, price versions and calendars', async () => {
    expect((await listCatalogSites(ctx)).map((site) => site.code)).toEqual([
      'FERRY',
      'MUSEUM',
      'THEATRE',
      'YUNSHAN',
    ]);
    expect((await updateSite(ctx, scenic, { instantMaxCapacity: 900 })).instantMaxCapacity).toBe(900);
    expect((await setClosedDates(ctx, scenic, [{ date: '2026-12-24', reason: '检修' }])).closedDates).toEqual(
      [{ date: '2026-12-24', reason: '检修' }],
    );
    expect((await getSite(ctx, scenic)).closedDates).toHaveLength(1);
    const [gate] = await listGates(ctx, scenic);
    expect((await updateGate(ctx, scenic, gate!.id, { active: false })).active).toBe(false);
    const [adult] = await listProducts(ctx, scenic);
    expect((await updateProduct(ctx, scenic, adult!.id, { maxPerOrder: 30 })).maxPerOrder).toBe(30);
    expect((await getProduct(ctx, scenic, adult!.id)).maxPerOrder).toBe(30);
    const [version] = await listPriceVersions(ctx, scenic);
    const updated = await updatePriceVersion(ctx, scenic, version!.id, {
      name: '2026 新价',
      effectiveFrom: version!.effectiveFrom,
      effectiveTo: null,
      rules: version!.rules,
    });
    expect(updated.name).toBe('2026 新价');
    expect(await listGroupRules(ctx, scenic)).toHaveLength(1);
    await setSiteCalendar(ctx, scenic, {
      peakDates: [{ date: '2026-10-03', name: '黄金周' }],
      seasons: [{ dateFrom: '2026-07-01', dateTo: '2026-08-31', season: 'high' }],
    });
    expect((await getSiteCalendar(database.db, scenic)).peakDates).toEqual([
      { date: '2026-10-03', name: '黄金周' },
    ]);
  });
});
