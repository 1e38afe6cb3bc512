// Sample finance answers for the finance tabs' component tests, shaped by @admit/contracts: a busy
// day's settlement (not yet settled), its month, a day's vouchers, a chart of accounts.
import type { MeResponse } from '@admit/contracts';
import { addDays } from '@admit/domain';
import { catalogIds } from '../../../test/catalogFixtures';
import { adminMe } from '../../../test/fixtures';
import { sellRoutes } from '../../../test/salesFixtures';
import type { FakeServer } from '../../../test/render';
import { todayAtSite } from '../../../format';
import type { SettlementDayView, SettlementView } from './api';
import type { VoucherList } from '../vouchers/api';
import type { ChartView } from '../accounts/api';

export const financeIds = {
  seller: '0190a000-0000-7000-8000-000000000b01',
  shift: '0190a000-0000-7000-8000-000000000b02',
  settlement: '0190a000-0000-7000-8000-000000000b03',
  agency: '0190a000-0000-7000-8000-000000000b04',
  adjustment: '0190a000-0000-7000-8000-000000000b05',
  voucher1: '0190a000-0000-7000-8000-000000000b06',
  voucher2: '0190a000-0000-7000-8000-000000000b07',
} as const;

/** The day the settlement tab opens on: yesterday at the site. */
export const yesterday = addDays(todayAtSite('Asia/Shanghai'), -1);

export function financePathOf(rest: string): string {
  return `/api/v1/finance/sites/${catalogIds.site}${rest}`;
}

export const financeMe: MeResponse = {
  ...adminMe,
  loginName: 'finance',
  displayName: '财务小王',
  permissions: ['finance.settle', 'finance.vouchers', 'reports.read', 'catalog.read', 'orders.read'],
};

export const statisticianMe: MeResponse = {
  ...adminMe,
  loginName: 'stats',
  displayName: '统计员',
  permissions: ['reports.read', 'catalog.read'],
};

const zero = {
  sales: 0,
  refunds: 0,
  rebookings: 0,
  adjustments: 0,
  net: 0,
  feesKept: 0,
  ticketsSold: 0,
  ticketsRefunded: 0,
  ticketsRebooked: 0,
};

export function settlementOf(date: string, over: Partial<SettlementView> = {}): SettlementView {
  return {
    site: { id: catalogIds.site, code: 'YUNSHAN', timeZone: 'Asia/Shanghai' },
    date,
    figures: {
      date,
      totals: {
        sales: 113_000,
        refunds: 9_000,
        rebookings: 1_000,
        adjustments: 0,
        net: 105_000,
        feesKept: 1_000,
        ticketsSold: 10,
        ticketsRefunded: 1,
        ticketsRebooked: 1,
      },
      byPaymentMethod: [
        { method: 'cash', sales: 58_000, refunds: 9_000, rebookings: 1_000, adjustments: 0, net: 50_000 },
        { method: 'card', sales: 13_000, refunds: 0, rebookings: 0, adjustments: 0, net: 13_000 },
        { method: 'on_account', sales: 42_000, refunds: 0, rebookings: 0, adjustments: 0, net: 42_000 },
      ],
      byTicketType: [
        { ...zero, productCode: 'ADULT', sales: 93_000, rebookings: 1_000, net: 94_000, ticketsSold: 8 },
        {
          ...zero,
          productCode: 'BOAT',
          sales: 20_000,
          refunds: 9_000,
          net: 11_000,
          feesKept: 1_000,
          ticketsSold: 2,
        },
      ],
      byChannel: [
        { ...zero, channel: 'box_office', sales: 113_000, refunds: 9_000, rebookings: 1_000, net: 105_000 },
      ],
      bySeller: [
        { ...zero, sellerId: financeIds.seller, sales: 100_000, net: 92_000 },
        { ...zero, sellerId: null, sales: 13_000, net: 13_000 },
      ],
      free: { issued: 1, returned: 0, byReason: [{ reason: '身高1.2米以下', issued: 1, returned: 0 }] },
      complimentary: { issued: 1, returned: 0, byReason: [{ reason: '嘉宾', issued: 1, returned: 0 }] },
      overShort: { over: 500, short: 0, net: 500 },
    },
    adjustments: [],
    names: {
      products: {
        ADULT: { nameZh: '成人票', nameEn: 'Adult' },
        BOAT: { nameZh: '游船票', nameEn: 'Boat' },
      },
      users: { [financeIds.seller]: '售票员小李' },
      agencies: { [financeIds.agency]: { code: 'TA', name: '春秋旅行社' } },
    },
    readiness: {
      dayOver: true,
      unconfirmedShifts: [{ id: financeIds.shift, userName: '售票员小李', terminal: '01', status: 'closed' }],
      ready: false,
      pending: { count: 0, amount: 0 },
    },
    confirmed: null,
    ...over,
  };
}

export function monthOf(
  date: string,
  states: Record<string, SettlementDayView['state']>,
): SettlementDayView[] {
  const first = `${date.slice(0, 7)}-01`;
  const days: SettlementDayView[] = [];
  for (let d = first; d.startsWith(date.slice(0, 7)); d = addDays(d, 1))
    days.push({
      date: d,
      state: states[d] ?? (d > date ? 'future' : 'open'),
      net: states[d] === 'settled' ? 105_000 : null,
      shifts: 1,
      unconfirmedShifts: states[d] === 'settled' ? 0 : 1,
    });
  return days;
}

export const sampleVouchers: VoucherList = {
  vouchers: [
    {
      id: financeIds.voucher1,
      businessDate: yesterday,
      kind: 'sales',
      period: yesterday.slice(0, 7),
      word: '记',
      number: 1,
      summary: `${yesterday} 售票`,
      lines: [
        { account: '1001', debit: 10_600, credit: 0, auxiliary: {} },
        { account: '1122', debit: 21_200, credit: 0, auxiliary: { agencyId: financeIds.agency } },
        { account: '2221.01.07', debit: 0, credit: 1_800, auxiliary: { productCode: 'ADULT' } },
        { account: '6001.01', debit: 0, credit: 30_000, auxiliary: { productCode: 'ADULT' } },
      ],
      debitTotal: 31_800,
      creditTotal: 31_800,
      exportCount: 0,
      firstExportedAt: null,
      lastExportedAt: null,
      lastExportedByName: null,
    },
    {
      id: financeIds.voucher2,
      businessDate: yesterday,
      kind: 'over_short',
      period: yesterday.slice(0, 7),
      word: '记',
      number: 2,
      summary: `${yesterday} 长短款`,
      lines: [
        { account: '1001', debit: 500, credit: 0, auxiliary: {} },
        { account: '1901', debit: 0, credit: 500, auxiliary: { sellerId: financeIds.seller } },
      ],
      debitTotal: 500,
      creditTotal: 500,
      exportCount: 1,
      firstExportedAt: '2026-12-02T02:00:00.000Z',
      lastExportedAt: '2026-12-02T02:00:00.000Z',
      lastExportedByName: '财务小王',
    },
  ],
  names: {
    accounts: { '1001': '库存现金', '1122': '应收账款', '6001.01': '主营业务收入—门票收入' },
    products: { ADULT: { nameZh: '成人票', nameEn: 'Adult' } },
    agencies: { [financeIds.agency]: { code: 'TA', name: '春秋旅行社' } },
    users: { [financeIds.seller]: '售票员小李' },
  },
};

export const templateChart: ChartView['chart'] = {
  revenue: { default: '6001.01', byProduct: {} },
  outputVat: { account: '2221.01.07', rateBasisPoints: 600 },
  clearing: { cash: '1001', card: '1012.01', payment_code: '1012.02', online: '1012.03' },
  receivable: { default: '1122', byAgency: {} },
  deferredRevenue: '2205',
  commission: { account: '6601.01', bookedGross: false },
  overShort: '1901',
  accountNames: { '1001': '库存现金', '2205': '合同负债' },
};

/** The routes every finance tab needs (the site list, agencies, products) plus the test's own. */
export function financeRoutes(routes: FakeServer['routes'] = {}): FakeServer['routes'] {
  return sellRoutes({
    [`GET /api/v1/sites/${catalogIds.site}/agencies`]: {
      status: 200,
      body: [
        {
          id: financeIds.agency,
          siteId: catalogIds.site,
          code: 'TA',
          name: '春秋旅行社',
          contactName: '',
          contactPhone: '',
          balance: 0,
          creditLimit: 100_000,
          available: 100_000,
          active: true,
        },
      ],
    },
    ...routes,
  });
}
