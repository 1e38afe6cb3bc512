// The permission catalogue and the built-in roles. Services check these names; the web app shows or
// hides screens by them; docs/permissions.md is generated from this file. A permission is granted
// through a role, to one site or to all sites.
import type { Locale } from './locale';

type Text = Record<Locale, string>;

export const permissionAreas = {
  sales: { 'zh-CN': '售票', en: 'Box office' },
  gate: { 'zh-CN': '检票', en: 'Gate' },
  catalog: { 'zh-CN': '票务配置', en: 'Catalog' },
  finance: { 'zh-CN': '财务', en: 'Finance' },
  reports: { 'zh-CN': '报表', en: 'Reports' },
  system: { 'zh-CN': '系统', en: 'System' },
  security: { 'zh-CN': '安全', en: 'Security' },
  audit: { 'zh-CN': '审计', en: 'Audit' },
} as const satisfies Record<string, Text>;
export type PermissionArea = keyof typeof permissionAreas;

type PermissionDefinition = { area: PermissionArea; label: Text };

export const permissionCatalogue = {
  'orders.sell': { area: 'sales', label: { 'zh-CN': '售票', en: 'Sell tickets' } },
  'orders.refund': { area: 'sales', label: { 'zh-CN': '退票', en: 'Refund tickets' } },
  'orders.rebook': { area: 'sales', label: { 'zh-CN': '改签', en: 'Rebook tickets' } },
  'orders.read': { area: 'sales', label: { 'zh-CN': '查询订单', en: 'Look up orders' } },
  'orders.reprint': { area: 'sales', label: { 'zh-CN': '补打门票', en: 'Reprint tickets' } },
  'orders.approve': {
    area: 'sales',
    label: { 'zh-CN': '审批赠票与大额退款', en: 'Approve complimentary tickets and large refunds' },
  },
  'shifts.operate': { area: 'sales', label: { 'zh-CN': '开班与交班', en: 'Open and close own shift' } },
  'groups.book': {
    area: 'sales',
    label: { 'zh-CN': '团队预订（旅行社）', en: 'Book tour groups (travel agencies)' },
  },
  'checkin.redeem': { area: 'gate', label: { 'zh-CN': '检票核销', en: 'Check tickets at a gate' } },
  'catalog.read': { area: 'catalog', label: { 'zh-CN': '查看票务配置', en: 'View the catalog' } },
  'catalog.write': {
    area: 'catalog',
    label: { 'zh-CN': '维护场馆、票种、价格与场次', en: 'Edit sites, ticket types, prices and sessions' },
  },
  'finance.settle': {
    area: 'finance',
    label: { 'zh-CN': '交班审核与日结', en: 'Confirm shifts and daily settlement' },
  },
  'finance.reconcile': {
    area: 'finance',
    label: { 'zh-CN': '对账', en: 'Reconcile with payment providers' },
  },
  'finance.vouchers': { area: 'finance', label: { 'zh-CN': '导出凭证', en: 'Export accounting vouchers' } },
  'finance.invoices': { area: 'finance', label: { 'zh-CN': '开具发票', en: 'Issue invoices' } },
  'reports.read': { area: 'reports', label: { 'zh-CN': '查看报表', en: 'View reports and dashboards' } },
  'settings.manage': { area: 'system', label: { 'zh-CN': '系统设置', en: 'Change system settings' } },
  'devices.manage': {
    area: 'system',
    label: { 'zh-CN': '管理终端与闸机', en: 'Manage terminals and gate devices' },
  },
  'channels.manage': {
    area: 'system',
    label: { 'zh-CN': '管理渠道与接口密钥', en: 'Manage channels and API keys' },
  },
  'data.import': { area: 'system', label: { 'zh-CN': '导入历史数据', en: 'Import legacy data' } },
  'users.read': { area: 'security', label: { 'zh-CN': '查看用户', en: 'View users' } },
  'users.manage': {
    area: 'security',
    label: { 'zh-CN': '管理用户与授权', en: 'Create, disable and grant roles to users' },
  },
  'roles.manage': {
    area: 'security',
    label: { 'zh-CN': '管理自定义角色', en: 'Create and edit custom roles' },
  },
  'pii.read': {
    area: 'security',
    label: { 'zh-CN': '查看完整证件号与手机号', en: 'See full ID and phone numbers' },
  },
  'audit.read': { area: 'audit', label: { 'zh-CN': '查看审计日志', en: 'Read the audit log' } },
} as const satisfies Record<string, PermissionDefinition>;

export type Permission = keyof typeof permissionCatalogue;
export const allPermissions = Object.keys(permissionCatalogue) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(permissionCatalogue, value);
}

type RoleDefinition = { name: Text; description: Text; permissions: readonly Permission[] };

/**
 * Built-in roles, one per job in DESIGN.md. `admin`, `security_admin` and `auditor` separate system,
 * security and audit duties (三员分立): the first administrator of a new installation holds all three;
 * a site that separates them gives each to a different person.
 */
export const builtInRoles = {
  seller: {
    name: { 'zh-CN': '售票员', en: 'Seller' },
    description: {
      'zh-CN': '窗口售票、退票、改签、查询与交班（补打门票须主管权限）',
      en: 'Sells, refunds, rebooks and looks up at the box office; closes shifts (reprints need a supervisor)',
    },
    permissions: [
      'orders.sell',
      'orders.refund',
      'orders.rebook',
      'orders.read',
      'shifts.operate',
      'catalog.read',
    ],
  },
  gate_staff: {
    name: { 'zh-CN': '检票员', en: 'Gate staff' },
    description: { 'zh-CN': '在检票口核销门票', en: 'Checks tickets at a gate' },
    permissions: ['checkin.redeem', 'catalog.read'],
  },
  admin: {
    name: { 'zh-CN': '系统管理员', en: 'Administrator' },
    description: {
      'zh-CN': '全部业务与系统配置：场馆、票种、价格、场次、终端、渠道与设置，以及售票、检票、财务与报表',
      en: 'All business and system work: sites, ticket types, prices, sessions, devices, channels, settings, selling, gates, finance and reports',
    },
    // Everything except the security and audit duties, which security_admin and auditor carry (三员分立).
    // Under the grant rule (nobody grants what they do not hold) whoever hands out business roles needs
    // them, so the first administrator holds admin + security_admin + auditor.
    permissions: allPermissions.filter(
      (p) => !['users.manage', 'roles.manage', 'pii.read', 'audit.read'].includes(p),
    ),
  },
  finance: {
    name: { 'zh-CN': '财务', en: 'Finance' },
    description: {
      'zh-CN': '交班审核、日结、对账、凭证与发票',
      en: 'Shift confirmation, daily settlement, reconciliation, vouchers and invoices',
    },
    permissions: [
      'finance.settle',
      'finance.reconcile',
      'finance.vouchers',
      'finance.invoices',
      'orders.read',
      'reports.read',
      'catalog.read',
    ],
  },
  statistician: {
    name: { 'zh-CN': '统计员', en: 'Statistician' },
    description: { 'zh-CN': '只读查看报表与数据看板', en: 'Reads reports and dashboards' },
    permissions: ['reports.read', 'catalog.read'],
  },
  security_admin: {
    name: { 'zh-CN': '安全管理员', en: 'Security administrator' },
    description: {
      'zh-CN': '用户、角色与授权管理',
      en: 'Manages users, roles and grants',
    },
    permissions: ['users.read', 'users.manage', 'roles.manage', 'pii.read'],
  },
  auditor: {
    name: { 'zh-CN': '安全审计员', en: 'Auditor' },
    description: { 'zh-CN': '查看与核验审计日志', en: 'Reads and verifies the audit log' },
    permissions: ['audit.read', 'users.read'],
  },
  agency: {
    name: { 'zh-CN': '旅行社', en: 'Travel agency' },
    description: {
      'zh-CN': '旅行社门户：为本旅行社预订团队、导入名单、查看团队（须关联到旅行社账户）',
      en: 'The agency portal: books its own tour groups and imports their name lists (the user is linked to the agency)',
    },
    permissions: ['groups.book'],
  },
} satisfies Record<string, RoleDefinition>;

export type BuiltInRoleCode = keyof typeof builtInRoles;
export const builtInRoleCodes = Object.keys(builtInRoles) as BuiltInRoleCode[];

/** The roles the first administrator of a new installation receives, for all sites. */
export const firstAdminRoles: readonly BuiltInRoleCode[] = ['admin', 'security_admin', 'auditor'];

/** A role granted to a user, for one site or (siteId null) all sites, with the role's permissions. */
export type Grant = { roleId: string; siteId: string | null; permissions: readonly string[] };

/**
 * Whether the grants allow `permission` at `siteId`. A global action (siteId null) needs an all-sites
 * grant: a grant for one site never reaches beyond it.
 */
export function holdsPermission(
  grants: readonly Grant[],
  permission: Permission,
  siteId: string | null,
): boolean {
  return grants.some(
    (g) =>
      (g.siteId === null || (siteId !== null && g.siteId === siteId)) && g.permissions.includes(permission),
  );
}

/** Every permission held at `siteId` (or anywhere, with 'any'), for menus and the session. */
export function permissionsAt(grants: readonly Grant[], siteId: string | null | { any: true }): Permission[] {
  const held = new Set<string>();
  for (const g of grants) {
    const inScope =
      typeof siteId === 'object' && siteId !== null ? true : g.siteId === null || g.siteId === siteId;
    if (inScope) for (const p of g.permissions) held.add(p);
  }
  return allPermissions.filter((p) => held.has(p));
}

export type GrantChange = {
  actorId: string;
  actorGrants: readonly Grant[];
  targetUserId: string;
  /** Grants to add or remove, each with the permissions of its role. */
  changes: readonly { siteId: string | null; permissions: readonly string[] }[];
};

export type GrantRefusal = 'own_roles' | 'grant_exceeds_own_permissions';

/**
 * Nobody changes their own roles, and nobody grants or revokes a role carrying a permission they do
 * not hold themselves at that scope. Returns the reason for a refusal, or null when allowed.
 */
export function checkGrantChange({
  actorId,
  actorGrants,
  targetUserId,
  changes,
}: GrantChange): GrantRefusal | null {
  if (actorId === targetUserId) return 'own_roles';
  for (const change of changes) {
    for (const permission of change.permissions) {
      if (!isPermission(permission) || !holdsPermission(actorGrants, permission, change.siteId)) {
        return 'grant_exceeds_own_permissions';
      }
    }
  }
  return null;
}

/** A custom role may only carry permissions its author holds for all sites. */
export function checkRoleDefinition(
  actorGrants: readonly Grant[],
  permissions: readonly string[],
): Permission[] {
  return permissions.filter(
    (p) => !isPermission(p) || !holdsPermission(actorGrants, p, null),
  ) as Permission[];
}
