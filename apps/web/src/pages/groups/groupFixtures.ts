// Sample tour-group answers for the groups pages' component tests, shaped by packages/contracts/src/groups.ts:
// an agency's portal user (granted at the Yunshan site only) and gate staff, a 30-person group (a guide,
// a driver, 28 visitors) booked for the morning session, and its name list checked with two bad rows.
import type { MeResponse } from '@admit/contracts';
import { builtInRoles } from '@admit/domain';
import { catalogIds } from '../../test/catalogFixtures';
import type { GroupOptionsView, GroupPreviewView, GroupSummaryView, GroupView } from './api';

export const groupIds = {
  agency: '0190a000-0000-7000-8000-000000000401',
  otherAgency: '0190a000-0000-7000-8000-000000000402',
  session: '0190a000-0000-7000-8000-000000000403',
  group: '0190a000-0000-7000-8000-000000000404',
  order: '0190a000-0000-7000-8000-000000000405',
  earlier: '0190a000-0000-7000-8000-000000000406',
  role: '0190a000-0000-7000-8000-000000000407',
  user: '0190a000-0000-7000-8000-000000000408',
} as const;

export const groupsSitePath = (rest: string) => `/api/v1/sites/${catalogIds.site}${rest}`;

function siteMe(loginName: string, roleCode: 'agency' | 'gate_staff'): MeResponse {
  const role = builtInRoles[roleCode];
  return {
    id: groupIds.user,
    loginName,
    displayName: loginName,
    mustChangePassword: false,
    locale: null,
    permissions: [...role.permissions],
    grants: [
      {
        roleId: groupIds.role,
        roleCode,
        roleNameZh: role.name['zh-CN'],
        roleNameEn: role.name.en,
        siteId: catalogIds.site,
        siteNameZh: '云山风景区',
        siteNameEn: 'Yunshan Scenic Area',
      },
    ],
    csrfToken: 'csrf-group',
  };
}

/** An agency's portal login: groups.book at the site, linked to 春秋旅行社. */
export const agencyMe = siteMe('chunqiu.wang', 'agency');
/** Gate staff at the site: checkin.redeem, so the group lane. */
export const gateMe = siteMe('gate01', 'gate_staff');

export const portalOptions: GroupOptionsView = {
  timeZone: 'Asia/Shanghai',
  today: '2026-12-01',
  date: '2026-12-01',
  agency: { id: groupIds.agency, code: 'TA1', name: '春秋旅行社', available: 1_000_000 },
  agencies: [],
  sessions: [
    {
      id: groupIds.session,
      startsAt: '2026-12-01T01:00:00.000Z',
      endsAt: '2026-12-01T04:00:00.000Z',
      nameZh: '上午场',
      nameEn: 'Morning',
      remaining: 80,
    },
  ],
};

/** What back-office staff are offered: no agency of their own, the site's agencies to choose from. */
export const staffOptions: GroupOptionsView = {
  ...portalOptions,
  agency: null,
  agencies: [
    { id: groupIds.agency, code: 'TA1', name: '春秋旅行社', available: 1_000_000 },
    { id: groupIds.otherAgency, code: 'TA2', name: '青年旅行社', available: 500_000 },
  ],
};

export const earlierGroup: GroupSummaryView = {
  id: groupIds.earlier,
  code: 'G10000017',
  name: '北京老年团',
  siteId: catalogIds.site,
  timeZone: 'Asia/Shanghai',
  agencyId: groupIds.agency,
  agencyName: '春秋旅行社',
  visitDate: '2026-11-20',
  sessionId: groupIds.session,
  sessionStartsAt: '2026-11-20T01:00:00.000Z',
  sessionEndsAt: '2026-11-20T04:00:00.000Z',
  orderId: groupIds.order,
  orderNumber: 'YUNSHAN-TG-20261120-0001',
  total: 96_000,
  status: 'closed',
  visitors: 12,
  guides: 1,
  drivers: 0,
  admittedCount: 11,
  admittedAt: '2026-11-20T01:30:00.000Z',
  noShows: 2,
  noShowRefund: 16_000,
  settledAt: '2026-11-20T01:30:00.000Z',
  createdAt: '2026-11-10T02:00:00.000Z',
};

const member = (row: number, role: 'visitor' | 'guide' | 'driver', name: string) => ({
  row,
  name,
  role,
  documentKind: 'resident_id',
  document: '310101********0012',
  ticketNumber: `48120393${String(row).padStart(5, '0')}`,
  ticketStatus: 'valid',
  admitted: false,
  price: role === 'visitor' ? 8000 : 0,
});

export const bookedGroup: GroupView = {
  ...earlierGroup,
  id: groupIds.group,
  code: 'G12345674',
  name: '上海夕阳红团',
  visitDate: '2026-12-01',
  sessionStartsAt: '2026-12-01T01:00:00.000Z',
  sessionEndsAt: '2026-12-01T04:00:00.000Z',
  orderNumber: 'YUNSHAN-TG-20261201-0001',
  total: 224_000,
  status: 'booked',
  visitors: 28,
  guides: 1,
  drivers: 1,
  admittedCount: null,
  admittedAt: null,
  noShows: 0,
  noShowRefund: 0,
  settledAt: null,
  createdAt: '2026-11-28T02:00:00.000Z',
  admissible: 30,
  members: [
    member(2, 'guide', '王导游'),
    member(3, 'driver', '李师傅'),
    ...Array.from({ length: 28 }, (_, i) => member(i + 4, 'visitor', `游客${i + 3}`)),
  ],
};

/** The 30-name list with list numbers 7 and 19 (spreadsheet rows 8 and 20) in error. */
export const previewWithErrors: GroupPreviewView = {
  agencyId: groupIds.agency,
  members: bookedGroup.members.slice(0, 28).map((m) => ({
    row: m.row,
    serial: String(m.row - 1),
    name: m.name,
    role: m.role,
    documentKind: m.documentKind,
    document: m.document,
  })),
  errors: [
    {
      row: 8,
      column: 'documentNumber',
      code: 'id_number_checksum',
      message: '身份证号码校验位不正确',
    },
    {
      row: 20,
      column: 'documentNumber',
      code: 'id_number_checksum',
      message: '身份证号码校验位不正确',
    },
  ],
  problems: [],
  counts: { visitors: 26, guides: 1, drivers: 1 },
  quote: [
    {
      productId: catalogIds.group,
      productNameZh: '团队票',
      productNameEn: 'Group ticket',
      quantity: 26,
      unitPrice: 8000,
      amount: 208_000,
      explanation: {},
    },
    {
      productId: catalogIds.adult,
      productNameZh: '导游司机票',
      productNameEn: 'Guide ticket',
      quantity: 2,
      unitPrice: 0,
      amount: 0,
      explanation: {},
    },
  ],
  total: 208_000,
  available: 1_000_000,
};
