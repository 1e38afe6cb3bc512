// Presenters: the explicit fields each API response carries, so nothing leaks by accident.
import type { AuditEntry, GrantView, MeResponse, RoleView, UserSummary } from '@admit/contracts';
import { permissionsAt } from '@admit/domain';
import type { AuthenticatedSession, RoleRecord, UserRecord } from '@admit/services';

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
