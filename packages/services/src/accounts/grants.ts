// Loading a user's grants (role + site + the role's permissions), the input of every permission check.
import { eq, sql } from 'drizzle-orm';
import { rolePermissions, roles, userRoles, type Queryable } from '@admit/db';
import type { Grant } from '@admit/domain';

export type GrantDetail = Grant & { roleCode: string; roleNameZh: string; roleNameEn: string };

export async function loadGrants(db: Queryable, userId: string): Promise<GrantDetail[]> {
  const grantRows = await db
    .select({
      roleId: userRoles.roleId,
      siteId: userRoles.siteId,
      roleCode: roles.code,
      roleNameZh: roles.nameZh,
      roleNameEn: roles.nameEn,
      permissions: sql<
        string[]
      >`coalesce(array_agg(${rolePermissions.permission}) filter (where ${rolePermissions.permission} is not null), '{}')`,
    })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .where(eq(userRoles.userId, userId))
    .groupBy(userRoles.id, userRoles.roleId, userRoles.siteId, roles.code, roles.nameZh, roles.nameEn)
    .orderBy(roles.code);
  return grantRows;
}
