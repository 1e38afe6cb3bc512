// Sample answers of the reports API for the reports' component tests, shaped by @admit/contracts.
import type { MeResponse, ReportKind } from '@admit/contracts';
import { builtInRoles } from '@admit/domain';
import { catalogIds } from '../../test/catalogFixtures';
import type { DailySummarySettings, Dashboard, ReportData } from './api';

export const statisticianMe: MeResponse = {
  id: '0190a000-0000-7000-8000-000000000031',
  loginName: 'stats01',
  displayName: '李统计',
  mustChangePassword: false,
  locale: null,
  permissions: [...builtInRoles.statistician.permissions],
  grants: [],
  csrfToken: 'csrf-stats',
};

export const reportIds = {
  site: catalogIds.site,
  adult: catalogIds.adult,
  child: catalogIds.child,
} as const;

const sites = [{ id: reportIds.site, code: 'YUNSHAN', name: '云山风景区', timeZone: 'Asia/Shanghai' }];
const asOf = '2026-05-04T06:30:00.000Z';

const days = Array.from({ length: 30 }, (_, i) => {
  const date = new Date(Date.UTC(2026, 3, 5 + i)).toISOString().slice(0, 10);
  return { date, sales: 100_00 * (i + 1), tickets: i + 1, visitors: i };
});

export const sampleDashboard: Dashboard = {
  sites,
  today: '2026-05-04',
  asOf,
  kpis: {
    sales: 1_234_500,
    tickets: 152,
    visitors: 1_318,
    inside: 312,
    instantMax: 800,
    occupancyBp: 3900,
    refunds: 24_000,
    ticketsRefunded: 3,
    refundRateBp: 197,
  },
  salesByDay: days,
  byTicketType: [
    { key: reportIds.adult, label: '成人票', tickets: 120, sales: 960_000 },
    { key: reportIds.child, label: '儿童票', tickets: 32, sales: 128_000 },
  ],
  byChannel: [
    { key: 'box_office', label: '售票窗口', tickets: 100, sales: 800_000 },
    { key: 'online', label: '线上', tickets: 52, sales: 288_000 },
  ],
  visitorsByHour: Array.from({ length: 24 }, (_, hour) => ({
    hour,
    entries: hour >= 8 && hour < 18 ? 100 : 0,
    exits: hour >= 10 && hour < 19 ? 80 : 0,
  })),
  heatmap: {
    rows: ['1', '2', '3', '4', '5', '6', '7'],
    cells: [
      { row: '6', hour: 10, entries: 420 },
      { row: '7', hour: 11, entries: 512 },
    ],
    max: 512,
  },
};

/** The live figures a moment later than the dashboard's (the occupancy query runs on its own). */
export const sampleOccupancy: ReportData<'occupancy'> = {
  asOf: '2026-05-04T06:31:00.000Z',
  rows: [
    {
      siteId: reportIds.site,
      code: 'YUNSHAN',
      name: '云山风景区',
      businessDate: '2026-05-04',
      inside: 320,
      instantMax: 800,
      occupancyBp: 4000,
      entriesToday: 1_330,
      exitsToday: 1_010,
    },
  ],
  totals: { inside: 320, instantMax: 800, occupancyBp: 4000, entriesToday: 1_330, exitsToday: 1_010 },
};

const salesFigures = {
  ticketsRefunded: 1,
  refunds: 8_000,
  refundFees: 0,
  freeTickets: 2,
  complimentaryTickets: 1,
};

export const sampleSales: ReportData<'sales'> = {
  sites,
  from: '2026-04-05',
  to: '2026-05-04',
  asOf,
  granularity: 'day',
  groupBy: 'ticket_type',
  rows: [
    {
      period: '2026-05-03',
      key: reportIds.adult,
      label: '成人票',
      ticketsSold: 10,
      sales: 80_000,
      net: 72_000,
      ...salesFigures,
    },
    {
      period: '2026-05-04',
      key: reportIds.child,
      label: '儿童票',
      ticketsSold: 4,
      sales: 16_000,
      net: 8_000,
      ...salesFigures,
    },
  ],
  totals: {
    ticketsSold: 14,
    sales: 96_000,
    ticketsRefunded: 2,
    refunds: 16_000,
    refundFees: 0,
    net: 80_000,
    freeTickets: 4,
    complimentaryTickets: 2,
  },
};

export const sampleDailySummary: DailySummarySettings = {
  siteId: reportIds.site,
  enabled: true,
  sendHour: 8,
  recipients: [{ email: 'boss@example.com', locale: 'zh-CN' }],
  lastSent: { businessDate: '2026-05-03', at: '2026-05-04T00:00:05.000Z' },
  updatedAt: '2026-05-01T02:00:00.000Z',
};

const session = (i: number, date: string) => ({
  siteId: reportIds.site,
  sessionId: `0190a000-0000-7000-8000-00000000f${String(i).padStart(3, '0')}`,
  businessDate: date,
  startsAt: `${date}T0${i}:00:00.000Z`,
  endsAt: `${date}T0${i + 1}:00:00.000Z`,
  label: '',
});

export const sampleReports = {
  refunds: {
    sites,
    from: '2026-05-01',
    to: '2026-05-04',
    asOf,
    granularity: 'day',
    groupBy: 'none',
    rows: [
      {
        period: '2026-05-03',
        key: null,
        label: '',
        ticketsSold: 100,
        ticketsRefunded: 3,
        refunds: 24_000,
        refundFees: 1_200,
        refundRateBp: 300,
      },
      {
        period: '2026-05-04',
        key: null,
        label: '',
        ticketsSold: 80,
        ticketsRefunded: 0,
        refunds: 0,
        refundFees: 0,
        refundRateBp: 0,
      },
    ],
    totals: { ticketsSold: 180, ticketsRefunded: 3, refunds: 24_000, refundFees: 1_200, refundRateBp: 167 },
  },
  visitors_by_hour: {
    sites,
    from: '2026-05-04',
    to: '2026-05-04',
    asOf,
    granularity: 'day',
    rows: [
      { period: '2026-05-04', hour: 9, entries: 120, exits: 4 },
      { period: '2026-05-04', hour: 10, entries: 210, exits: 40 },
    ],
    totals: { entries: 330, exits: 44 },
  },
  visitors_by_session: {
    sites,
    from: '2026-05-04',
    to: '2026-05-04',
    asOf,
    rows: [
      { ...session(1, '2026-05-04'), entries: 180, exits: 20 },
      { ...session(2, '2026-05-04'), entries: 150, exits: 24 },
    ],
    totals: { entries: 330, exits: 44 },
  },
  capacity: {
    sites,
    from: '2026-05-04',
    to: '2026-05-04',
    asOf,
    rows: [
      {
        ...session(1, '2026-05-04'),
        capacity: 300,
        sold: 290,
        entered: 180,
        soldRateBp: 9667,
        enteredRateBp: 6207,
      },
      {
        ...session(2, '2026-05-04'),
        capacity: 300,
        sold: 150,
        entered: 150,
        soldRateBp: 5000,
        enteredRateBp: 10_000,
      },
    ],
    totals: { capacity: 600, sold: 440, entered: 330, soldRateBp: 7333, enteredRateBp: 7500 },
  },
  heatmap: {
    sites,
    from: '2026-04-07',
    to: '2026-05-04',
    asOf,
    mode: 'weekday_hour',
    rows: ['1', '2', '3', '4', '5', '6', '7'],
    cells: [
      { row: '6', hour: 10, entries: 420 },
      { row: '7', hour: 11, entries: 512 },
      { row: '7', hour: 12, entries: 300 },
    ],
    max: 512,
    total: 1_232,
  },
  free_tickets: {
    sites,
    from: '2026-04-01',
    to: '2026-05-04',
    asOf,
    granularity: 'month',
    rows: [
      { period: '2026-04-01', kind: 'free', reason: 'soldier_card', issued: 12, returned: 1 },
      { period: '2026-05-01', kind: 'free', reason: 'senior_card', issued: 30, returned: 0 },
      { period: '2026-05-01', kind: 'complimentary', reason: '媒体采访', issued: 4, returned: 0 },
    ],
    totals: { free: { issued: 42, returned: 1 }, complimentary: { issued: 4, returned: 0 } },
  },
} satisfies { [K in Exclude<ReportKind, 'sales' | 'occupancy'>]: ReportData<K> };
