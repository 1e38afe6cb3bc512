// A site to sell from, built through the real catalog services: ticket types for every rule the sale
// checks (paid adult, free child with a document, real-name, discounted, complimentary, group and
// guide, a day add-on), a price version, and sessions on a fixed day whose capacity the test chooses.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  createPriceVersion,
  createProduct,
  createSite,
  generateSessions,
  systemContext,
  type Clock,
  type ProductInput,
} from '@admit/services';

/** 10:00 in Shanghai on the fixture's day. */
export const saleDay = '2026-12-01';
export const saleNow = new Date('2026-12-01T02:00:00Z');

/** A ticket type with every rule at its plainest; fixtures override what they test. */
export const productBase: ProductInput = {
  code: '',
  nameZh: '',
  nameEn: '',
  descriptionZh: '',
  descriptionEn: '',
  category: 'adult',
  eligibilityZh: '',
  eligibilityEn: '',
  requiredDocuments: [],
  listPrice: 0,
  validity: { kind: 'session' },
  entries: { kind: 'single' },
  realName: false,
  minAge: null,
  maxAge: null,
  channels: ['box_office', 'online', 'api'],
  saleStartsAt: null,
  saleEndsAt: null,
  releaseDaysAhead: null,
  releaseTime: null,
  minPerOrder: 1,
  maxPerOrder: 20,
  refundPolicy: { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'none' } },
  rebookPolicy: { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'none' } },
  countsTowardsDailyMax: true,
  sortOrder: 0,
  comboParts: [],
};

export type SaleFixture = {
  siteId: string;
  products: Record<
    'adult' | 'child' | 'named' | 'student' | 'comp' | 'group' | 'guide' | 'cable' | 'later',
    string
  >;
  /** Sessions of the day in start order: 09:00, 13:00. */
  sessionIds: string[];
};

export async function createSaleFixture(
  db: Queryable,
  options: { code?: string; capacity?: number; dailyMax?: number | null; clock: Clock },
): Promise<SaleFixture> {
  const ctx = systemContext(db, 'test', { clock: options.clock });
  const site = await createSite(ctx, {
    code: options.code ?? `S${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    nameZh: '测试景区',
    nameEn: 'Test Scenic Area',
    kind: 'scenic_area',
    timeZone: 'Asia/Shanghai',
    addressZh: '',
    addressEn: '',
    contactPhone: '',
    openingHours: [],
    dailyMaxCapacity: options.dailyMax === undefined ? 1000 : options.dailyMax,
    instantMaxCapacity: null,
  });
  const make = async (p: Partial<ProductInput> & { code: string }) =>
    (await createProduct(ctx, site.id, { ...productBase, nameZh: p.code, nameEn: p.code, ...p })).id;
  const products: SaleFixture['products'] = {
    adult: await make({ code: 'ADULT', listPrice: 12000, sortOrder: 1 }),
    child: await make({
      code: 'CHILD',
      category: 'free',
      requiredDocuments: ['height_check', 'id_card'],
      maxAge: 6,
      sortOrder: 2,
    }),
    named: await make({ code: 'NAMED', listPrice: 5000, realName: true, sortOrder: 3, maxPerOrder: 4 }),
    student: await make({
      code: 'STUDENT',
      category: 'student',
      listPrice: 6000,
      requiredDocuments: ['student_card'],
      sortOrder: 4,
    }),
    comp: await make({ code: 'COMP', category: 'complimentary', sortOrder: 5 }),
    group: await make({ code: 'GROUP', category: 'group', listPrice: 10000, maxPerOrder: 200, sortOrder: 6 }),
    guide: await make({ code: 'GUIDE', category: 'other', listPrice: 10000, sortOrder: 7 }),
    cable: await make({
      code: 'CABLE',
      category: 'addon',
      listPrice: 8000,
      validity: { kind: 'day' },
      countsTowardsDailyMax: false,
      sortOrder: 8,
    }),
    later: await make({
      code: 'LATER',
      listPrice: 9000,
      saleStartsAt: new Date(options.clock.now().getTime() + 86_400_000),
      sortOrder: 9,
    }),
  };
  await createPriceVersion(ctx, site.id, {
    name: '2026',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    rules: [{ productId: products.adult, dayType: 'weekday', season: null, channel: null, price: 13000 }],
  });
  const sessionProducts = Object.entries(products)
    .filter(([k]) => k !== 'cable')
    .map(([, id]) => id);
  const { sessionIds } = await generateSessions(ctx, site.id, {
    kind: 'timeslot',
    from: saleDay,
    to: saleDay,
    times: { list: ['09:00', '13:00'] },
    durationMinutes: 240,
    capacity: options.capacity ?? 100,
    productIds: sessionProducts,
    nameZh: '',
    nameEn: '',
    routeFrom: null,
    routeTo: null,
  });
  return { siteId: site.id, products, sessionIds };
}

/** sold + held of a session's pool and of the day's pool, and what the live tickets say. */
export async function poolInvariant(db: Queryable, siteId: string, sessionId: string) {
  const [row] = await rows<{
    session_sold: number;
    session_capacity: number;
    session_tickets: number;
    daily_sold: number | null;
    daily_capacity: number | null;
    daily_tickets: number;
    min_free: number;
  }>(
    db,
    sql`select
          (select sum(st.sold)::int8 from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
             where p.session_id = ${sessionId}) as session_sold,
          (select sum(st.capacity)::int8 from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
             where p.session_id = ${sessionId}) as session_capacity,
          (select count(*)::int8 from tickets where session_id = ${sessionId} and status in ('valid', 'pending')) as session_tickets,
          (select sum(st.sold)::int8 from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
             where p.site_id = ${siteId} and p.kind = 'daily') as daily_sold,
          (select sum(st.capacity)::int8 from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
             where p.site_id = ${siteId} and p.kind = 'daily') as daily_capacity,
          (select count(*)::int8 from tickets where site_id = ${siteId} and counts_towards_daily_max and status in ('valid', 'pending')) as daily_tickets,
          (select min(st.capacity - st.sold - st.held)::int8 from capacity_pool_stripes st join capacity_pools p on p.id = st.pool_id
             where p.site_id = ${siteId}) as min_free`,
  );
  return row!;
}
