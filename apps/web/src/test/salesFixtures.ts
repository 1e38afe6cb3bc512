// Sample selling data for component tests: the demo scenic area's box office on one day, and the
// answers the selling API gives, shaped by the contracts in @admit/contracts.
import type { BoxOffice, OrderView, SaleResponse, ShiftView } from '../api/sales';
import { catalogIds } from './catalogFixtures';
import type { FakeServer } from './render';

export const salesIds = {
  morning: '0190a000-0000-7000-8000-000000000101',
  noon: '0190a000-0000-7000-8000-000000000102',
  evening: '0190a000-0000-7000-8000-000000000103',
  order: '0190a000-0000-7000-8000-000000000201',
  agency: '0190a000-0000-7000-8000-000000000301',
  shift: '0190a000-0000-7000-8000-000000000501',
} as const;

export const SELL_DATE = '2099-05-04';

function session(id: string, time: string, remaining: number) {
  const startsAt = new Date(`${SELL_DATE}T${time}:00+08:00`);
  return {
    id,
    kind: 'timeslot',
    nameZh: '',
    nameEn: '',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    status: 'open',
    remaining,
    products: [
      { productId: catalogIds.adult, remaining },
      { productId: catalogIds.child, remaining },
    ],
  };
}

function product(
  id: string,
  code: string,
  nameZh: string,
  nameEn: string,
  category: BoxOffice['products'][number]['category'],
  price: number,
  extra: Partial<BoxOffice['products'][number]> = {},
): BoxOffice['products'][number] {
  return {
    id,
    code,
    nameZh,
    nameEn,
    category,
    price,
    explanation: { rule: 'list_price', dayTypesOfDate: ['weekday'] },
    realName: false,
    requiredDocuments: [],
    minAge: null,
    maxAge: null,
    minPerOrder: 1,
    maxPerOrder: 20,
    eligibilityZh: '',
    eligibilityEn: '',
    bySession: true,
    ...extra,
  };
}

export const boxOffice: BoxOffice = {
  site: {
    id: catalogIds.site,
    code: 'YUNSHAN',
    nameZh: '云山风景区',
    nameEn: 'Yunshan Scenic Area',
    timeZone: 'Asia/Shanghai',
  },
  today: SELL_DATE,
  date: SELL_DATE,
  suggestedSessionId: salesIds.noon,
  dailyRemaining: 1500,
  sessions: [
    session(salesIds.morning, '08:00', 0),
    session(salesIds.noon, '12:00', 300),
    session(salesIds.evening, '16:00', 120),
  ],
  products: [
    product(catalogIds.adult, 'ADULT', '成人票', 'Adult', 'adult', 12000),
    product(catalogIds.child, 'CHILD', '儿童免票', 'Child (free)', 'free', 0, {
      requiredDocuments: ['height_check', 'id_card'],
      maxAge: 6,
      explanation: { rule: 'free_category', category: 'free' },
    }),
    product(catalogIds.cable, 'CABLE', '索道往返', 'Cable car (return)', 'addon', 8000, { bySession: false }),
  ],
  agencies: [{ id: salesIds.agency, code: 'CITS', name: '国旅', available: 500000, active: true }],
  canApprove: false,
};

export function orderView(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: salesIds.order,
    number: 'YUNSHAN-990504-01-0001',
    siteId: catalogIds.site,
    siteCode: 'YUNSHAN',
    siteNameZh: '云山风景区',
    siteNameEn: 'Yunshan Scenic Area',
    channel: 'box_office',
    status: 'paid',
    visitDate: SELL_DATE,
    sessionId: salesIds.noon,
    sessionStartsAt: `${SELL_DATE}T04:00:00.000Z`,
    sessionEndsAt: `${SELL_DATE}T05:00:00.000Z`,
    sessionNameZh: '',
    sessionNameEn: '',
    total: 24000,
    paid: 24000,
    sellerName: '张售票',
    agencyId: null,
    guideName: null,
    createdAt: '2099-05-04T03:00:00.000Z',
    tickets: [],
    payments: [],
    ...overrides,
  };
}

export const openShiftView: ShiftView = {
  id: salesIds.shift,
  siteId: catalogIds.site,
  userId: '0190a000-0000-7000-8000-000000000002',
  userName: '张售票',
  terminal: '03',
  status: 'open',
  businessDate: SELL_DATE,
  openedAt: '2099-05-04T00:30:00.000Z',
  floatAmount: 50000,
  firstSerial: null,
  lastSerial: null,
  closedAt: null,
  counted: null,
  countedCash: null,
  expectedCash: null,
  difference: null,
  differenceReason: null,
  confirmedAt: null,
};

export function saleResponse(order: OrderView, change = 0): SaleResponse {
  return { order, change, warnings: [] };
}

const sitePath = `/api/v1/sites/${catalogIds.site}`;

export function salesPath(rest: string): string {
  return `${sitePath}${rest}`;
}

/** The routes the sell screen needs (sites, the day, price quotes at the box-office prices) plus the test's own. */
export function sellRoutes(routes: FakeServer['routes'] = {}): FakeServer['routes'] {
  return {
    'GET /api/v1/catalog/sites': {
      status: 200,
      body: {
        sites: [
          {
            id: catalogIds.site,
            code: 'YUNSHAN',
            nameZh: '云山风景区',
            nameEn: 'Yunshan Scenic Area',
            kind: 'scenic_area',
            timeZone: 'Asia/Shanghai',
            addressZh: '',
            addressEn: '',
            contactPhone: '',
            openingHours: [],
            dailyMaxCapacity: 2000,
            instantMaxCapacity: 800,
            active: true,
            closedDates: [],
          },
        ],
      },
    },
    [`GET ${sitePath}/box-office`]: { status: 200, body: boxOffice },
    [`GET ${sitePath}/shifts/current`]: { status: 200, body: { shift: openShiftView } },
    [`POST /api/v1/catalog/sites/${catalogIds.site}/price-quote`]: (request) => {
      const body = request.body as { date: string; quantities: { productId: string; quantity: number }[] };
      const lines = body.quantities.map(({ productId, quantity }) => {
        const unitPrice = boxOffice.products.find((p) => p.id === productId)?.price ?? 0;
        return { productId, quantity, unitPrice, amount: unitPrice * quantity, explanation: {} };
      });
      return {
        status: 200,
        body: {
          date: body.date,
          channel: 'box_office',
          dayTypes: ['weekday'],
          season: null,
          priceVersion: null,
          lines,
          total: lines.reduce((sum, line) => sum + line.amount, 0),
        },
      };
    },
    ...routes,
  };
}
