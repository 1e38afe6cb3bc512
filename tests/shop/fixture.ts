// A site in the shop: a paid adult ticket (refundable, refunded automatically at expiry), a child
// ticket, a free real-name reservation (the museum's), hourly sessions over two months, and the
// installation's payment simulator. Built through the real catalog and shop services.
import {
  createPriceVersion,
  createProduct,
  createSalesRuntime,
  createSite,
  defaultShopSettings,
  fixedClock,
  generateSessions,
  logChannels,
  PaymentProviders,
  SimulatorProvider,
  startPaymentSimulator,
  systemContext,
  updateShopSettings,
  type NotificationLog,
  type Outbox,
  type ProductInput,
  type RunningSimulator,
  type SalesRuntime,
  type ShopDeps,
  type ShopSettings,
} from '@admit/services';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { keyRing } from '../audit/helpers';
import { productBase } from '../sales/fixture';

/** 10:00 in Shanghai on 2026-12-01; the shop sells from this day on. */
export const shopNow = new Date('2026-12-01T02:00:00Z');
export const shopDay = '2026-12-02';

const base: ProductInput = {
  ...productBase,
  refundPolicy: { allowed: true, untilMinutesBeforeStart: 60, fee: { kind: 'none' } },
  rebookPolicy: { allowed: true, untilMinutesBeforeStart: 60, fee: { kind: 'none' } },
};

export type ShopFixture = {
  code: string;
  siteId: string;
  products: { adult: string; child: string; free: string; named: string };
  /** Session ids by `YYYY-MM-DD HH:MM` (Shanghai). */
  sessions: Map<string, string>;
  runtime: SalesRuntime;
  deps: ShopDeps;
  outbox: Outbox;
  log: NotificationLog;
  simulator: RunningSimulator;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
};

export async function createShopFixture(
  db: Queryable,
  options: { code: string; capacity?: number; settings?: Partial<ShopSettings>; days?: number },
): Promise<ShopFixture> {
  const clock = fixedClock(shopNow);
  const ctx = systemContext(db, 'test', { clock });
  const simulator = await startPaymentSimulator({ now: () => clock.now().getTime(), timeScale: 0.0005 });
  const provider = new SimulatorProvider(simulator.url, simulator.secret, 8000, simulator.merchantId);
  const runtime = createSalesRuntime({
    encryption: keyRing(),
    lookup: keyRing(),
    payments: new PaymentProviders({ wechat: provider, alipay: provider }),
    catalogCacheMs: 0,
  });
  const site = await createSite(ctx, {
    code: options.code,
    nameZh: '测试景区',
    nameEn: 'Test Scenic Area',
    kind: 'scenic_area',
    timeZone: 'Asia/Shanghai',
    addressZh: '测试路 1 号',
    addressEn: '1 Test Road',
    contactPhone: '',
    openingHours: [],
    dailyMaxCapacity: null,
    instantMaxCapacity: null,
  });
  const make = async (p: Partial<ProductInput> & { code: string }) =>
    (await createProduct(ctx, site.id, { ...base, nameZh: p.code, nameEn: p.code, ...p })).id;
  const products = {
    adult: await make({ code: 'ADULT', listPrice: 8000, sortOrder: 1, autoRefundAtExpiry: true }),
    child: await make({ code: 'CHILD', category: 'child', listPrice: 4000, sortOrder: 2 }),
    free: await make({ code: 'FREE', category: 'adult', listPrice: 0, realName: true, sortOrder: 3 }),
    named: await make({ code: 'NAMED', listPrice: 5000, realName: true, sortOrder: 4 }),
  };
  await createPriceVersion(ctx, site.id, {
    name: '2026',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    rules: [],
  });
  const days = options.days ?? 3;
  const to = new Date(Date.UTC(2026, 11, 1 + days - 1)).toISOString().slice(0, 10);
  const generated = await generateSessions(ctx, site.id, {
    kind: 'timeslot',
    from: '2026-12-01',
    to,
    times: { list: ['10:00', '14:00'] },
    durationMinutes: 120,
    capacity: options.capacity ?? 50,
    productIds: Object.values(products),
    nameZh: '',
    nameEn: '',
    routeFrom: null,
    routeTo: null,
  });
  const sessions = new Map<string, string>();
  for (const s of await rows<{ id: string; day: string; at: string }>(
    db,
    sql`select id, business_date::text as day, to_char(starts_at at time zone 'Asia/Shanghai', 'HH24:MI') as at
        from sessions where id in (${sql.join(
          generated.sessionIds.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  ))
    sessions.set(`${s.day} ${s.at}`, s.id);
  await updateShopSettings(ctx, site.id, { ...defaultShopSettings, enabled: true, ...options.settings });
  const channels = logChannels();
  const outboxRing = keyRing();
  const outbox: Outbox = { channels: { sms: channels.sms, email: channels.email }, ring: () => outboxRing };
  return {
    code: options.code,
    siteId: site.id,
    products,
    sessions,
    runtime,
    outbox,
    log: channels.log,
    deps: { notices: { outbox, publicUrl: () => 'http://shop.test' } },
    simulator,
    clock,
    close: () => simulator.close(),
  };
}

/** A valid resident ID number (GB 11643 check digit) from a 17-digit body. */
export function residentId(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}
