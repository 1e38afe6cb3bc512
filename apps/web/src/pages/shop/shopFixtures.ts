// Sample shop data for the shop's tests, shaped by packages/contracts/src/shop.ts: a scenic area with
// timed sessions, adult/child/real-name/add-on ticket types, its calendar, and orders pending and paid.
import { residentIdCheckCharacter } from '@admit/domain';
import type { Handler } from '../../test/render';
import type { ShopCalendar, ShopOrder, ShopProduct, ShopSession, ShopSite, ShopTicket } from './shopApi';

export const SITE_CODE = 'YUNSHAN';
export const TODAY = '2099-05-03';
export const TOMORROW = '2099-05-04';
export const ORDER_TOKEN = 'tok_0123456789abcdefghijklmnop';

export const ids = {
  morning: '0190a000-0000-7000-8000-00000000d101',
  ten: '0190a000-0000-7000-8000-00000000d102',
  afternoon: '0190a000-0000-7000-8000-00000000d103',
  adult: '0190a000-0000-7000-8000-00000000e001',
  child: '0190a000-0000-7000-8000-00000000e002',
  student: '0190a000-0000-7000-8000-00000000e003',
  guide: '0190a000-0000-7000-8000-00000000e004',
  ticket1: '0190a000-0000-7000-8000-00000000f001',
  ticket2: '0190a000-0000-7000-8000-00000000f002',
} as const;

/** A valid resident ID number (GB 11643 check character computed). */
export function residentId(first17: string): string {
  return `${first17}${residentIdCheckCharacter(first17)}`;
}

export function shopProduct(overrides: Partial<ShopProduct> & Pick<ShopProduct, 'id' | 'code'>): ShopProduct {
  return {
    nameZh: overrides.code,
    nameEn: overrides.code,
    descriptionZh: '',
    descriptionEn: '',
    category: 'adult',
    price: 10000,
    realName: false,
    requiredDocuments: [],
    eligibilityZh: '',
    eligibilityEn: '',
    minAge: null,
    maxAge: null,
    minPerOrder: 1,
    maxPerOrder: 10,
    bySession: true,
    addon: false,
    refundable: true,
    refundUntilMinutesBeforeStart: 60,
    rebookable: true,
    autoRefundAtExpiry: false,
    ...overrides,
  };
}

export const adult = shopProduct({ id: ids.adult, code: 'ADULT', nameZh: '成人票', nameEn: 'Adult' });
export const child = shopProduct({
  id: ids.child,
  code: 'CHILD',
  nameZh: '儿童票',
  nameEn: 'Child',
  category: 'child',
  price: 5000,
  eligibilityZh: '身高 1.2–1.5 米',
  eligibilityEn: '1.2–1.5 m tall',
  requiredDocuments: ['height_check'],
});
export const student = shopProduct({
  id: ids.student,
  code: 'STUDENT',
  nameZh: '学生票',
  nameEn: 'Student',
  category: 'student',
  price: 6000,
  realName: true,
  requiredDocuments: ['student_card'],
  minAge: 6,
  maxAge: 24,
});
export const guide = shopProduct({
  id: ids.guide,
  code: 'GUIDE',
  nameZh: '讲解服务',
  nameEn: 'Guided tour',
  category: 'addon',
  price: 2000,
  bySession: false,
  addon: true,
  refundable: false,
  maxPerOrder: 2,
});

export function shopSession(id: string, date: string, time: string, remaining: number): ShopSession {
  const startsAt = new Date(`${date}T${time}:00+08:00`);
  return {
    id,
    nameZh: '',
    nameEn: '',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    remaining,
    soldOut: remaining === 0,
    products: [ids.adult, ids.child, ids.student].map((productId) => ({ productId, remaining })),
  };
}

export function shopSite(date: string, overrides: Partial<ShopSite> = {}): ShopSite {
  return {
    site: {
      code: SITE_CODE,
      nameZh: '云山景区',
      nameEn: 'Yunshan Scenic Area',
      kind: 'scenic_area',
      addressZh: '云山路 1 号',
      addressEn: '1 Yunshan Road',
      timeZone: 'Asia/Shanghai',
      noticeZh: '请按预约时段入园。',
      noticeEn: 'Please enter in your time slot.',
      contactPhone: '0571-88888888',
    },
    rules: {
      holdMinutes: 15,
      perIdDailyLimit: 5,
      perPhoneDailyLimit: 10,
      freeCancelMinutesBefore: 120,
      rotatingCodes: true,
    },
    today: TODAY,
    date,
    closed: null,
    dailyRemaining: null,
    sessions: [
      shopSession(ids.morning, date, '08:00', 0),
      shopSession(ids.ten, date, '10:00', 12),
      shopSession(ids.afternoon, date, '14:00', 300),
    ],
    products: [adult, child, student, guide],
    ...overrides,
  };
}

export function shopCalendar(): ShopCalendar {
  const statuses: ShopCalendar['days'][number]['status'][] = ['few', 'available', 'sold_out', 'closed'];
  const days = Array.from({ length: 31 }, (_, i) => {
    const date = new Date(Date.UTC(2099, 4, 3 + i)).toISOString().slice(0, 10);
    const status = i < 4 ? statuses[i]! : i > 20 ? 'not_released' : 'available';
    return { date, status, remaining: status === 'available' ? 500 : null };
  });
  return { today: TODAY, days };
}

export function shopTicket(overrides: Partial<ShopTicket> & Pick<ShopTicket, 'id' | 'number'>): ShopTicket {
  return {
    productNameZh: '成人票',
    productNameEn: 'Adult',
    category: 'adult',
    price: 10000,
    status: 'valid',
    holderName: null,
    holderDocument: null,
    validFrom: '2099-05-04T02:00:00.000Z',
    validUntil: '2099-05-04T04:00:00.000Z',
    entriesAllowed: 1,
    entriesUsed: 0,
    code: null,
    rotation: null,
    refundable: true,
    rebookable: true,
    ...overrides,
  };
}

export function shopOrder(overrides: Partial<ShopOrder> = {}): ShopOrder {
  return {
    number: 'YUNSHAN-990504-W1-0001',
    status: 'pending',
    siteCode: SITE_CODE,
    wechatJsapi: false,
    siteNameZh: '云山景区',
    siteNameEn: 'Yunshan Scenic Area',
    timeZone: 'Asia/Shanghai',
    visitDate: TOMORROW,
    session: {
      id: ids.ten,
      nameZh: '',
      nameEn: '',
      startsAt: '2099-05-04T02:00:00.000Z',
      endsAt: '2099-05-04T04:00:00.000Z',
    },
    total: 25000,
    refunded: 0,
    free: false,
    holdExpiresAt: null,
    cancellableUntil: null,
    contactPhone: '138****5678',
    createdAt: '2099-05-03T06:00:00.000Z',
    payment: { status: 'pending', provider: null },
    tickets: [
      shopTicket({ id: ids.ticket1, number: '9905040000011' }),
      shopTicket({ id: ids.ticket2, number: '9905040000022' }),
    ],
    ...overrides,
  };
}

/** The shop endpoints of a site, for renderApp's fake server. */
export function shopRoutes(routes: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    'GET /api/v1/shop/sites': {
      status: 200,
      body: { sites: [shopSite(TOMORROW).site] },
    },
    [`GET /api/v1/shop/sites/${SITE_CODE}`]: ({ query }) => ({
      status: 200,
      body: shopSite(query.get('date') ?? TODAY),
    }),
    [`GET /api/v1/shop/sites/${SITE_CODE}/calendar`]: { status: 200, body: shopCalendar() },
    ...routes,
  };
}
