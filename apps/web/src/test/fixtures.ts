// Sample server data for component tests, shaped by the contracts in @admit/contracts.
import type { MeResponse, RoleView, UserSummary } from '@admit/contracts';
import { builtInRoles, permissionAreas, permissionCatalogue } from '@admit/domain';
import type { PermissionCatalogue, Site } from '../api/roles';

export const ids = {
  admin: '0190a000-0000-7000-8000-000000000001',
  seller: '0190a000-0000-7000-8000-000000000002',
  newUser: '0190a000-0000-7000-8000-000000000003',
  site: '0190a000-0000-7000-8000-0000000000a1',
  roleSeller: '0190a000-0000-7000-8000-0000000000b1',
  roleAdmin: '0190a000-0000-7000-8000-0000000000b2',
  roleSecurity: '0190a000-0000-7000-8000-0000000000b3',
  roleAuditor: '0190a000-0000-7000-8000-0000000000b4',
  roleCustom: '0190a000-0000-7000-8000-0000000000b5',
} as const;

function builtIn(id: string, code: keyof typeof builtInRoles, userCount = 0): RoleView {
  const role = builtInRoles[code];
  return {
    id,
    code,
    nameZh: role.name['zh-CN'],
    nameEn: role.name.en,
    descriptionZh: role.description['zh-CN'],
    descriptionEn: role.description.en,
    builtIn: true,
    permissions: [...role.permissions],
    userCount,
  };
}

export const sampleRoles: RoleView[] = [
  builtIn(ids.roleSeller, 'seller', 1),
  builtIn(ids.roleAdmin, 'admin', 1),
  builtIn(ids.roleSecurity, 'security_admin', 1),
  builtIn(ids.roleAuditor, 'auditor', 1),
  {
    id: ids.roleCustom,
    code: 'night_auditor',
    nameZh: '夜审',
    nameEn: 'Night auditor',
    descriptionZh: '夜间核对',
    descriptionEn: 'Checks at night',
    builtIn: false,
    permissions: ['reports.read', 'orders.read'],
    userCount: 0,
  },
];

export const sampleCatalogue: PermissionCatalogue = {
  areas: Object.entries(permissionAreas).map(([code, label]) => ({
    code,
    labelZh: label['zh-CN'],
    labelEn: label.en,
  })),
  permissions: Object.entries(permissionCatalogue).map(([code, definition]) => ({
    code,
    area: definition.area,
    labelZh: definition.label['zh-CN'],
    labelEn: definition.label.en,
  })),
};

export const sampleSites: Site[] = [
  { id: ids.site, code: 'MAIN', nameZh: '主景区', nameEn: 'Main site', timeZone: 'Asia/Shanghai' },
];

const adminPermissions = [
  ...new Set([
    ...builtInRoles.admin.permissions,
    ...builtInRoles.security_admin.permissions,
    ...builtInRoles.auditor.permissions,
  ]),
];

export const adminMe: MeResponse = {
  id: ids.admin,
  loginName: 'admin',
  displayName: '系统管理员',
  mustChangePassword: false,
  locale: null,
  permissions: adminPermissions,
  grants: [],
  csrfToken: 'csrf-admin',
};

export const sellerMe: MeResponse = {
  id: ids.seller,
  loginName: 'seller01',
  displayName: '张售票',
  mustChangePassword: false,
  locale: null,
  permissions: [...builtInRoles.seller.permissions],
  grants: [],
  csrfToken: 'csrf-seller',
};

export function userSummary(
  overrides: Partial<UserSummary> & Pick<UserSummary, 'id' | 'loginName'>,
): UserSummary {
  return {
    displayName: overrides.loginName,
    phone: null,
    status: 'active',
    mustChangePassword: false,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: '2026-01-05T02:00:00.000Z',
    roles: [],
    ...overrides,
  };
}

export const adminSummary = userSummary({
  id: ids.admin,
  loginName: 'admin',
  displayName: '系统管理员',
  lastLoginAt: '2026-01-05T03:04:05.000Z',
  roles: [
    {
      roleId: ids.roleAdmin,
      roleCode: 'admin',
      roleNameZh: '系统管理员',
      roleNameEn: 'Administrator',
      siteId: null,
    },
  ],
});
