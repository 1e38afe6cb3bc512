// Presenters: the explicit fields each API response carries, so nothing leaks by accident.
import type {
  AuditEntry,
  GrantView,
  MeResponse,
  ProductView,
  RoleView,
  SessionView,
  SiteView,
  UserSummary,
} from '@admit/contracts';
import { permissionsAt } from '@admit/domain';
import type {
  AuthenticatedSession,
  ProductRecord,
  RoleRecord,
  SessionRecord,
  SiteRecord,
  UserRecord,
} from '@admit/services';

export function presentMe(
  session: AuthenticatedSession,
  sites: { id: string; nameZh: string; nameEn: string }[],
): MeResponse {
  const grants: GrantView[] = session.grants.map((g) => {
    const site = g.siteId ? sites.find((s) => s.id === g.siteId) : undefined;
    return {
      roleId: g.roleId,
      roleCode: g.roleCode,
      roleNameZh: g.roleNameZh,
      roleNameEn: g.roleNameEn,
      siteId: g.siteId,
      siteNameZh: site?.nameZh ?? null,
      siteNameEn: site?.nameEn ?? null,
    };
  });
  return {
    id: session.user.id,
    loginName: session.user.loginName,
    displayName: session.user.displayName,
    mustChangePassword: session.user.mustChangePassword,
    locale: session.user.locale,
    permissions: permissionsAt(session.grants, { any: true }),
    grants,
    csrfToken: session.csrfToken,
  };
}

export function presentUser(user: UserRecord): UserSummary {
  return {
    id: user.id,
    loginName: user.loginName,
    displayName: user.displayName,
    phone: user.phone,
    status: user.status,
    mustChangePassword: user.mustChangePassword,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    roles: user.roles.map((r) => ({
      roleId: r.roleId,
      roleCode: r.roleCode,
      roleNameZh: r.roleNameZh,
      roleNameEn: r.roleNameEn,
      siteId: r.siteId,
    })),
  };
}

export function presentRole(role: RoleRecord): RoleView {
  return {
    id: role.id,
    code: role.code,
    nameZh: role.nameZh,
    nameEn: role.nameEn,
    descriptionZh: role.descriptionZh,
    descriptionEn: role.descriptionEn,
    builtIn: role.builtIn,
    permissions: role.permissions,
    userCount: role.userCount,
  };
}

export type { AuditEntry };

export function presentSite(site: SiteRecord): SiteView {
  return {
    id: site.id,
    code: site.code,
    nameZh: site.nameZh,
    nameEn: site.nameEn,
    kind: site.kind,
    timeZone: site.timeZone,
    addressZh: site.addressZh,
    addressEn: site.addressEn,
    contactPhone: site.contactPhone,
    openingHours: site.openingHours,
    dailyMaxCapacity: site.dailyMaxCapacity,
    instantMaxCapacity: site.instantMaxCapacity,
    active: site.active,
    closedDates: site.closedDates,
  };
}

export function presentProduct(p: ProductRecord): ProductView {
  return {
    id: p.id,
    siteId: p.siteId,
    code: p.code,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    descriptionZh: p.descriptionZh,
    descriptionEn: p.descriptionEn,
    category: p.category,
    eligibilityZh: p.eligibilityZh,
    eligibilityEn: p.eligibilityEn,
    requiredDocuments: p.requiredDocuments,
    listPrice: p.listPrice,
    validity: p.validity,
    entries: p.entries,
    realName: p.realName,
    minAge: p.minAge,
    maxAge: p.maxAge,
    channels: p.channels,
    saleStartsAt: p.saleStartsAt?.toISOString() ?? null,
    saleEndsAt: p.saleEndsAt?.toISOString() ?? null,
    releaseDaysAhead: p.releaseDaysAhead,
    releaseTime: p.releaseTime,
    minPerOrder: p.minPerOrder,
    maxPerOrder: p.maxPerOrder,
    refundPolicy: p.refundPolicy,
    rebookPolicy: p.rebookPolicy,
    countsTowardsDailyMax: p.countsTowardsDailyMax,
    autoRefundAtExpiry: p.autoRefundAtExpiry,
    active: p.active,
    sortOrder: p.sortOrder,
    comboParts: p.comboParts,
  };
}

export function presentSession(s: SessionRecord): SessionView {
  return {
    id: s.id,
    siteId: s.siteId,
    kind: s.kind,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    businessDate: s.businessDate,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    routeFrom: s.routeFrom,
    routeTo: s.routeTo,
    status: s.status,
    capacity: s.capacity,
    sold: s.sold,
    held: s.held,
    remaining: s.remaining,
    productIds: s.productIds,
  };
}
