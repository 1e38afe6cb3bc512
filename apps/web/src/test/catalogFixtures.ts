// Sample catalog data for component tests: the demo's scenic area with a few of its ticket types.
import type { GateView, ProductView, SessionView, SiteView } from '../api/catalog';
import type { FakeServer } from './render';

export const catalogIds = {
  site: '0190a000-0000-7000-8000-0000000000c1',
  adult: '0190a000-0000-7000-8000-0000000000d1',
  child: '0190a000-0000-7000-8000-0000000000d2',
  group: '0190a000-0000-7000-8000-0000000000d3',
  guide: '0190a000-0000-7000-8000-0000000000d4',
  cable: '0190a000-0000-7000-8000-0000000000d5',
  version: '0190a000-0000-7000-8000-0000000000e1',
  groupRule: '0190a000-0000-7000-8000-0000000000e2',
  northGate: '0190a000-0000-7000-8000-0000000000f1',
  southGate: '0190a000-0000-7000-8000-0000000000f2',
  exitGate: '0190a000-0000-7000-8000-0000000000f3',
} as const;

export const yunshan: SiteView = {
  id: catalogIds.site,
  code: 'YUNSHAN',
  nameZh: '云山风景区',
  nameEn: 'Yunshan Scenic Area',
  kind: 'scenic_area',
  timeZone: 'Asia/Shanghai',
  addressZh: '云山路 1 号',
  addressEn: '1 Yunshan Road',
  contactPhone: '0571-12345678',
  openingHours: [],
  dailyMaxCapacity: 2000,
  instantMaxCapacity: 800,
  active: true,
  closedDates: [],
};

function product(
  id: string,
  code: string,
  nameZh: string,
  nameEn: string,
  category: ProductView['category'],
  listPrice: number,
  sortOrder: number,
): ProductView {
  return {
    id,
    siteId: catalogIds.site,
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
    refundPolicy: { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' } },
    rebookPolicy: { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' } },
    countsTowardsDailyMax: true,
    autoRefundAtExpiry: false,
    active: true,
    sortOrder,
    comboParts: [],
  };
}

export const yunshanProducts: ProductView[] = [
  product(catalogIds.adult, 'ADULT', '成人票', 'Adult', 'adult', 12000, 1),
  product(catalogIds.child, 'CHILD', '儿童免票', 'Child (free)', 'free', 0, 2),
  product(catalogIds.group, 'GROUP', '团队票', 'Group', 'group', 12000, 7),
  product(catalogIds.guide, 'GUIDE', '导游', 'Tour guide', 'other', 12000, 8),
  product(catalogIds.cable, 'CABLE', '索道往返', 'Cable car (return)', 'addon', 8000, 9),
];

export const yunshanGates: GateView[] = [
  {
    id: catalogIds.northGate,
    siteId: catalogIds.site,
    code: 'NORTH',
    nameZh: '北门',
    nameEn: 'North gate',
    direction: 'entry',
    active: true,
  },
  {
    id: catalogIds.southGate,
    siteId: catalogIds.site,
    code: 'SOUTH',
    nameZh: '南门',
    nameEn: 'South gate',
    direction: 'both',
    active: true,
  },
  {
    id: catalogIds.exitGate,
    siteId: catalogIds.site,
    code: 'EXIT',
    nameZh: '出口',
    nameEn: 'Exit',
    direction: 'exit',
    active: true,
  },
];

/** A session of the scenic area at `time` (site time, UTC+8) on `date`. */
export function sessionAt(
  id: string,
  date: string,
  time: string,
  overrides: Partial<SessionView> = {},
): SessionView {
  const startsAt = new Date(`${date}T${time}:00+08:00`);
  return {
    id,
    siteId: catalogIds.site,
    kind: 'timeslot',
    nameZh: '',
    nameEn: '',
    businessDate: date,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    routeFrom: null,
    routeTo: null,
    status: 'open',
    capacity: 300,
    sold: 0,
    held: 0,
    remaining: 300,
    productIds: [catalogIds.adult, catalogIds.child],
    ...overrides,
  };
}

const sitePath = `/api/v1/catalog/sites/${catalogIds.site}`;

/** The routes every catalog tab needs, plus the test's own. */
export function catalogRoutes(routes: FakeServer['routes'] = {}): FakeServer['routes'] {
  return {
    'GET /api/v1/catalog/sites': { status: 200, body: { sites: [yunshan] } },
    [`GET ${sitePath}/products`]: { status: 200, body: { products: yunshanProducts } },
    [`GET ${sitePath}/gates`]: { status: 200, body: { gates: yunshanGates } },
    ...routes,
  };
}

export function catalogPath(rest: string): string {
  return `${sitePath}${rest}`;
}
