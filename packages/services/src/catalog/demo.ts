// The demo and the starter templates: a scenic area, a museum with free timed reservations, a theatre
// with evening performances and a ferry route, following the national ticket policy in DESIGN.md.
// Built only through the catalog services, so the demo is audited and valid like any admin's work.
import { count } from 'drizzle-orm';
import { sites, users, type Db } from '@admit/db';
import { addDays, businessDate, type AfterSalePolicy } from '@admit/domain';
import { systemContext, type Clock, type ServiceContext } from '../context';
import { createGate, createSite, type SiteInput } from './sites';
import { createProduct, listProducts, type ProductInput } from './products';
import { createAgency } from '../sales/agencies';
import { saveChannel, setChannelPrices } from '../channels/channels';
import { createPriceVersion, importHolidayCalendar, setGroupRule, type PriceRuleInput } from './prices';
import { generateSessions } from './sessions';
import { defaultShopSettings, updateShopSettings, type ShopSettings } from '../shop/settings';
import { chartTemplate, setChart } from '../finance/chart';

export const siteTemplates = ['scenic_area', 'museum', 'theatre', 'ferry'] as const;
export type SiteTemplate = (typeof siteTemplates)[number];

const refundable: AfterSalePolicy = { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'none' } };
const refundBeforeDay: AfterSalePolicy = {
  allowed: true,
  untilMinutesBeforeStart: 24 * 60,
  fee: { kind: 'percent', basisPoints: 1000 },
};
const noRefund: AfterSalePolicy = { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' } };

function product(
  code: string,
  nameZh: string,
  nameEn: string,
  category: ProductInput['category'],
  listPrice: number,
  extra: Partial<ProductInput> = {},
): ProductInput {
  return {
    code,
    nameZh,
    nameEn,
    descriptionZh: '',
    descriptionEn: '',
    category,
    eligibilityZh: '',
    eligibilityEn: '',
    requiredDocuments: [],
    listPrice,
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
    refundPolicy: refundable,
    rebookPolicy: refundable,
    countsTowardsDailyMax: true,
    sortOrder: 0,
    comboParts: [],
    ...extra,
  };
}

type TemplateProduct = ProductInput & { weekendPrice?: number; inSessions?: boolean };

type TemplateDefinition = {
  gates: { code: string; nameZh: string; nameEn: string; direction: 'entry' | 'exit' | 'both' }[];
  products: TemplateProduct[];
  group?: { product: string; minQuantity: number; price: number; guide: string; freeGuidePlaces: number };
  sessions: {
    kind: 'timeslot' | 'performance' | 'departure';
    times: string[];
    durationMinutes: number;
    capacity: number;
    weekdays?: number[];
    nameZh?: string;
    nameEn?: string;
    routeFrom?: string;
    routeTo?: string;
  }[];
};

const templates: Record<SiteTemplate, TemplateDefinition> = {
  scenic_area: {
    gates: [
      { code: 'E1', nameZh: '东门检票口', nameEn: 'East entrance', direction: 'entry' },
      { code: 'E2', nameZh: '南门检票口', nameEn: 'South entrance', direction: 'entry' },
      { code: 'X1', nameZh: '出口', nameEn: 'Exit', direction: 'exit' },
    ],
    products: [
      { ...product('ADULT', '成人票', 'Adult', 'adult', 12000, { sortOrder: 1 }), weekendPrice: 14000 },
      product('CHILD', '儿童免票', 'Child (free)', 'free', 0, {
        sortOrder: 2,
        maxAge: 6,
        eligibilityZh: '6周岁（含）以下或身高1.2米（含）以下儿童，须由成人陪同',
        eligibilityEn: 'Children aged 6 and under or 1.2 m and under, with an adult',
        requiredDocuments: ['height_check', 'id_card'],
      }),
      {
        ...product('HALF', '优惠票（半价）', 'Reduced (half price)', 'student', 6000, {
          sortOrder: 3,
          eligibilityZh: '6–18周岁未成年人、全日制学生、60–64周岁老年人',
          eligibilityEn: 'Ages 6–18, full-time students, seniors aged 60–64',
          requiredDocuments: ['id_card', 'student_card'],
        }),
        weekendPrice: 8000,
      },
      product('SENIOR', '老年人免票', 'Senior 65+ (free)', 'free', 0, {
        sortOrder: 4,
        minAge: 65,
        eligibilityZh: '65周岁及以上老年人',
        eligibilityEn: 'Seniors aged 65 and over',
        requiredDocuments: ['id_card'],
      }),
      product('SOLDIER', '军人免票', 'Active soldier (free)', 'free', 0, {
        sortOrder: 5,
        eligibilityZh: '现役军人、消防救援人员凭有效证件',
        eligibilityEn: 'Active soldiers and fire-and-rescue staff with their card',
        requiredDocuments: ['soldier_card', 'fire_rescue_card'],
      }),
      product('DISABLED', '残疾人免票', 'Disabled person (free)', 'free', 0, {
        sortOrder: 6,
        eligibilityZh: '残疾人、残疾军人凭有效证件',
        eligibilityEn: 'Disabled persons and disabled veterans with their card',
        requiredDocuments: ['disability_card', 'veteran_disability_card'],
      }),
      {
        ...product('GROUP', '团队票', 'Group', 'group', 12000, {
          sortOrder: 7,
          eligibilityZh: '10人及以上团队',
          eligibilityEn: 'Groups of 10 or more',
          minPerOrder: 1,
          maxPerOrder: 200,
          // Groups come through agencies (the box office and the channel API), not the shop.
          channels: ['box_office', 'api'],
        }),
        weekendPrice: 14000,
      },
      product('GUIDE', '导游', 'Tour guide', 'other', 12000, {
        sortOrder: 8,
        eligibilityZh: '持导游证带团的导游',
        eligibilityEn: 'Licensed tour guides leading a group',
        requiredDocuments: ['guide_card'],
        channels: ['box_office', 'api'],
      }),
      {
        ...product('CABLE', '索道往返', 'Cable car (return)', 'addon', 8000, {
          sortOrder: 9,
          validity: { kind: 'day' },
          countsTowardsDailyMax: false,
          refundPolicy: refundBeforeDay,
        }),
        inSessions: false,
      },
    ],
    group: { product: 'GROUP', minQuantity: 10, price: 10000, guide: 'GUIDE', freeGuidePlaces: 1 },
    sessions: [
      {
        kind: 'timeslot',
        times: ['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
        durationMinutes: 60,
        capacity: 300,
      },
    ],
  },
  museum: {
    gates: [
      { code: 'M1', nameZh: '主入口', nameEn: 'Main entrance', direction: 'both' },
      { code: 'M2', nameZh: '团体入口', nameEn: 'Group entrance', direction: 'entry' },
    ],
    products: [
      product('RESERVE', '免费预约', 'Free timed reservation', 'free', 0, {
        realName: true,
        maxPerOrder: 5,
        channels: ['online', 'box_office'],
        releaseDaysAhead: 7,
        releaseTime: '09:00',
        eligibilityZh: '实名预约，凭身份证入馆',
        eligibilityEn: 'Reserved in your name; enter with your ID card',
        requiredDocuments: ['id_card'],
      }),
    ],
    sessions: [
      {
        kind: 'timeslot',
        times: ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00'],
        durationMinutes: 60,
        capacity: 200,
        weekdays: [0, 2, 3, 4, 5, 6],
      },
    ],
  },
  theatre: {
    gates: [{ code: 'T1', nameZh: '剧场入口', nameEn: 'Theatre entrance', direction: 'entry' }],
    products: [
      product('VIP', 'VIP 座', 'VIP seat', 'adult', 38000, {
        refundPolicy: refundBeforeDay,
        rebookPolicy: refundBeforeDay,
      }),
      product('STANDARD', '普通座', 'Standard seat', 'adult', 18000, {
        refundPolicy: refundBeforeDay,
        rebookPolicy: refundBeforeDay,
      }),
      product('STUDENT', '学生票', 'Student', 'student', 9000, {
        requiredDocuments: ['student_card'],
        eligibilityZh: '全日制学生凭学生证',
        eligibilityEn: 'Full-time students with their card',
        refundPolicy: noRefund,
      }),
    ],
    sessions: [
      {
        kind: 'performance',
        times: ['19:30'],
        durationMinutes: 120,
        capacity: 800,
        nameZh: '晚场演出',
        nameEn: 'Evening performance',
      },
    ],
  },
  ferry: {
    gates: [{ code: 'P1', nameZh: '码头登船口', nameEn: 'Pier boarding gate', direction: 'entry' }],
    products: [
      product('ADULT', '成人船票', 'Adult fare', 'adult', 6000, {
        realName: true,
        requiredDocuments: ['id_card'],
      }),
      product('CHILD', '儿童船票', 'Child fare', 'child', 3000, {
        realName: true,
        minAge: 6,
        maxAge: 14,
        eligibilityZh: '6–14周岁儿童',
        eligibilityEn: 'Children aged 6–14',
        requiredDocuments: ['id_card'],
      }),
    ],
    sessions: [
      {
        kind: 'departure',
        times: ['08:30', '15:00'],
        durationMinutes: 60,
        capacity: 180,
        routeFrom: '东港码头',
        routeTo: '海岛码头',
        nameZh: '东港—海岛',
        nameEn: 'East Harbour – Island',
      },
    ],
  },
};

/** Fills a site with a template's gates, ticket types, prices and the next `days` of sessions. */
export async function applySiteTemplate(
  ctx: ServiceContext,
  siteId: string,
  timeZone: string,
  template: SiteTemplate,
  days = 30,
): Promise<void> {
  const def = templates[template];
  for (const gate of def.gates) await createGate(ctx, siteId, gate);
  const byCode = new Map<string, string>();
  for (const { weekendPrice: _w, inSessions: _i, ...input } of def.products) {
    byCode.set(input.code, (await createProduct(ctx, siteId, input)).id);
  }
  const today = businessDate(ctx.clock.now(), timeZone);
  const rules: PriceRuleInput[] = def.products.flatMap((p) => {
    const productId = byCode.get(p.code)!;
    const base: PriceRuleInput = {
      productId,
      dayType: 'weekday',
      season: null,
      channel: null,
      price: p.listPrice,
    };
    if (p.weekendPrice === undefined) return [base];
    return [
      base,
      { ...base, dayType: 'weekend' as const, price: p.weekendPrice },
      { ...base, dayType: 'holiday' as const, price: p.weekendPrice },
    ];
  });
  await createPriceVersion(ctx, siteId, {
    name: `${today.slice(0, 4)} 标准价`,
    effectiveFrom: `${today.slice(0, 4)}-01-01`,
    effectiveTo: null,
    rules,
  });
  if (def.group) {
    await setGroupRule(ctx, siteId, {
      productId: byCode.get(def.group.product)!,
      minQuantity: def.group.minQuantity,
      price: def.group.price,
      guideProductId: byCode.get(def.group.guide)!,
      freeGuidePlaces: def.group.freeGuidePlaces,
    });
  }
  const sessionProducts = def.products.filter((p) => p.inSessions !== false).map((p) => byCode.get(p.code)!);
  for (const s of def.sessions) {
    await generateSessions(ctx, siteId, {
      kind: s.kind,
      from: today,
      to: addDays(today, days - 1),
      weekdays: s.weekdays ?? [],
      times: { list: s.times },
      durationMinutes: s.durationMinutes,
      capacity: s.capacity,
      productIds: sessionProducts,
      nameZh: s.nameZh ?? '',
      nameEn: s.nameEn ?? '',
      routeFrom: s.routeFrom ?? null,
      routeTo: s.routeTo ?? null,
    });
  }
}

/** The demo's online shop: every site sells online; the scenic area shows rotating codes. */
const demoShop: Record<SiteTemplate, Partial<ShopSettings>> = {
  scenic_area: {
    rotatingCodes: true,
    perIdDailyLimit: 4,
    perPhoneDailyLimit: 5,
    noticeZh: '请按预约时段入园，凭电子票二维码或身份证检票。',
    noticeEn: 'Enter in your booked time slot with the e-ticket QR code or your ID card.',
  },
  museum: {
    perIdDailyLimit: 1,
    perPhoneDailyLimit: 3,
    freeCancelMinutesBefore: 120,
    noShowLimit: 3,
    noShowWindowDays: 90,
    noShowBlockDays: 30,
    noticeZh: '免费预约，每人每天限约 1 次；累计 3 次预约未到场，30 天内不能预约。',
    noticeEn: 'Free timed reservations, one per person a day; 3 no-shows suspend bookings for 30 days.',
  },
  theatre: {},
  ferry: { perIdDailyLimit: 2 },
};

const demoSites: (SiteInput & { template: SiteTemplate })[] = [
  {
    template: 'scenic_area',
    code: 'YUNSHAN',
    nameZh: '云山风景区',
    nameEn: 'Yunshan Scenic Area',
    kind: 'scenic_area',
    timeZone: 'Asia/Shanghai',
    addressZh: '云山路 1 号',
    addressEn: '1 Yunshan Road',
    contactPhone: '0571-12345678',
    openingHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '08:00', closes: '17:30' })),
    dailyMaxCapacity: 2000,
    instantMaxCapacity: 800,
  },
  {
    template: 'museum',
    code: 'MUSEUM',
    nameZh: '城市博物馆',
    nameEn: 'City Museum',
    kind: 'museum',
    timeZone: 'Asia/Shanghai',
    addressZh: '文化路 8 号',
    addressEn: '8 Culture Road',
    contactPhone: '0571-87654321',
    openingHours: [0, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
    dailyMaxCapacity: 1600,
    instantMaxCapacity: 600,
  },
  {
    template: 'theatre',
    code: 'THEATRE',
    nameZh: '滨江大剧院',
    nameEn: 'Riverside Grand Theatre',
    kind: 'venue',
    timeZone: 'Asia/Shanghai',
    addressZh: '滨江大道 99 号',
    addressEn: '99 Riverside Avenue',
    contactPhone: '0571-66668888',
    openingHours: [],
    dailyMaxCapacity: null,
    instantMaxCapacity: 900,
  },
  {
    template: 'ferry',
    code: 'FERRY',
    nameZh: '东港海岛航线',
    nameEn: 'East Harbour Island Ferry',
    kind: 'transport',
    timeZone: 'Asia/Shanghai',
    addressZh: '东港码头',
    addressEn: 'East Harbour Pier',
    contactPhone: '0571-55550000',
    openingHours: [],
    dailyMaxCapacity: null,
    instantMaxCapacity: null,
  },
];

/** An example holiday file; a real installation imports the State Council's notice every year. */
export const exampleHolidayCsv = `date,kind,name
2026-10-01,holiday,国庆节
2026-10-02,holiday,国庆节
2026-10-03,holiday,国庆节
2026-10-04,holiday,国庆节
2026-10-05,holiday,国庆节
2026-10-06,holiday,国庆节
2026-10-07,holiday,国庆节
2027-01-01,holiday,元旦
`;

/**
 * Loads the demo into an empty installation (no sites, no users). Returns the demo sites' codes, or
 * null when the database was not empty.
 */
export async function seedDemo(
  db: Db,
  options: { clock?: Clock; days?: number } = {},
): Promise<string[] | null> {
  const [siteCount] = await db.select({ n: count() }).from(sites);
  const [userCount] = await db.select({ n: count() }).from(users);
  if ((siteCount?.n ?? 0) > 0 || (userCount?.n ?? 0) > 0) return null;
  const ctx = systemContext(db, 'demo', options.clock ? { clock: options.clock } : {});
  await importHolidayCalendar(ctx, exampleHolidayCsv);
  for (const { template, ...input } of demoSites) {
    const site = await createSite(ctx, input);
    await applySiteTemplate(ctx, site.id, site.timeZone, template, options.days ?? 30);
    await updateShopSettings(ctx, site.id, { ...defaultShopSettings, enabled: true, ...demoShop[template] });
    // Finance can generate vouchers from the first settled day: the standard chart, to adapt.
    const { siteId: _site, ...chart } = chartTemplate(site.id);
    await setChart(ctx, site.id, { chart, voucherWord: '记' });
    if (template === 'scenic_area') await seedDemoPartners(ctx, site.id);
  }
  return demoSites.map((s) => s.code);
}

/**
 * The scenic area's partners: a travel agency on account (group bookings, sales on account, its
 * statement) and an OTA selling through the channel API at 90% of the list price, on its own account.
 */
async function seedDemoPartners(ctx: ServiceContext, siteId: string): Promise<void> {
  await createAgency(ctx, siteId, {
    code: 'CITS',
    name: '中国国旅杭州分社',
    contactName: '王经理',
    contactPhone: '13800138000',
    creditLimit: 5_000_000,
  });
  const ota = await createAgency(ctx, siteId, {
    code: 'OTA-DEMO',
    name: '示例旅行平台（渠道结算账户）',
    contactName: '',
    contactPhone: '',
    creditLimit: 20_000_000,
  });
  const channel = await saveChannel(ctx, null, {
    code: 'OTA-DEMO',
    name: '示例旅行平台',
    contactName: '',
    contactPhone: '',
    active: true,
    siteIds: [siteId],
    accounts: { [siteId]: ota.id },
  });
  const offered = (await listProducts(ctx, siteId)).filter(
    (p) => p.channels.includes('api') && p.listPrice > 0 && p.category !== 'complimentary',
  );
  await setChannelPrices(
    ctx,
    channel.id,
    offered.map((p) => ({
      productId: p.id,
      settlementPrice: Math.round(p.listPrice * 0.9),
      retailPrice: p.listPrice,
    })),
  );
}
