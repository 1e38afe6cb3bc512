// Roles: the built-in ones follow the catalogue in @admit/domain (synchronised at every start, so an
// upgrade that changes a built-in role takes effect); custom roles are made by security admins, never
// with more than they hold themselves, and never by editing a role they hold.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { newId, rolePermissions, roles, userRoles, type Queryable } from '@admit/db';
import {
  AppError,
  builtInRoleCodes,
  builtInRoles,
  checkRoleDefinition,
  isPermission,
  permissionAreas,
  permissionCatalogue,
} from '@admit/domain';
import type { ServiceContext } from '../context';
import { inTransaction } from '../context';
import { recordAudit } from '../audit/record';
import { granter, requirePermission } from './authorize';

export type RoleRecord = {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  builtIn: boolean;
  permissions: string[];
  userCount: number;
};

/** Makes the built-in roles in the database match the catalogue. Idempotent; run at every start. */
export async function syncBuiltInRoles(db: Queryable): Promise<void> {
  await db.transaction(async (tx) => {
    for (const code of builtInRoleCodes) {
      const def = builtInRoles[code];
      const [row] = await tx
        .insert(roles)
        .values({
          id: newId(),
          code,
          nameZh: def.name['zh-CN'],
          nameEn: def.name.en,
          descriptionZh: def.description['zh-CN'],
          descriptionEn: def.description.en,
          builtIn: true,
        })
        .onConflictDoUpdate({
          target: roles.code,
          set: {
            nameZh: def.name['zh-CN'],
            nameEn: def.name.en,
            descriptionZh: def.description['zh-CN'],
            descriptionEn: def.description.en,
            builtIn: true,
          },
        })
        .returning({ id: roles.id });
      const roleId = row!.id;
      await tx.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
      await tx.insert(rolePermissions).values(def.permissions.map((permission) => ({ roleId, permission })));
    }
  });
}

export function permissionCatalogueView() {
  return {
    areas: Object.entries(permissionAreas).map(([code, label]) => ({
      code,
      labelZh: label['zh-CN'],
      labelEn: label.en,
    })),
    permissions: Object.entries(permissionCatalogue).map(([code, def]) => ({
      code,
      area: def.area,
      labelZh: def.label['zh-CN'],
      labelEn: def.label.en,
    })),
  };
}

async function loadRoles(db: Queryable, ids?: string[]): Promise<RoleRecord[]> {
  const base = await db
    .select({
      id: roles.id,
      code: roles.code,
      nameZh: roles.nameZh,
      nameEn: roles.nameEn,
      descriptionZh: roles.descriptionZh,
      descriptionEn: roles.descriptionEn,
      builtIn: roles.builtIn,
      permissions: sql<
        string[]
      >`coalesce((select array_agg(rp.permission order by rp.permission) from role_permissions rp where rp.role_id = "roles"."id"), '{}')`,
      userCount: sql<number>`(select count(distinct ur.user_id)::int8 from user_roles ur where ur.role_id = "roles"."id")`,
    })
    .from(roles)
    .where(ids ? inArray(roles.id, ids) : undefined)
    .orderBy(sql`${roles.builtIn} desc`, roles.code);
  return base;
}

export async function listRoles(ctx: ServiceContext): Promise<RoleRecord[]> {
  await requirePermission(ctx, 'users.read');
  return loadRoles(ctx.db);
}

export async function getRolesByIds(db: Queryable, ids: string[]): Promise<RoleRecord[]> {
  return ids.length === 0 ? [] : loadRoles(db, ids);
}

function validatePermissions(ctx: ServiceContext, permissions: string[]): void {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) throw new AppError('unknown_permission', { details: { permissions: unknown } });
  const actor = granter(ctx);
  if (!actor) return;
  const beyond = checkRoleDefinition(actor.grants, permissions);
  if (beyond.length > 0)
    throw new AppError('grant_exceeds_own_permissions', { details: { permissions: beyond } });
}

export type CreateRoleProps = {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  permissions: string[];
};

export async function createRole(ctx: ServiceContext, props: CreateRoleProps): Promise<RoleRecord> {
  await requirePermission(ctx, 'roles.manage');
  const permissions = [...new Set(props.permissions)].sort();
  validatePermissions(ctx, permissions);
  const id = await inTransaction(ctx, async (tx) => {
    const [taken] = await tx.db.select({ id: roles.id }).from(roles).where(eq(roles.code, props.code));
    if (taken) throw new AppError('role_code_taken');
    const roleId = newId(ctx.clock.now().getTime());
    await tx.db.insert(roles).values({
      id: roleId,
      code: props.code,
      nameZh: props.nameZh,
      nameEn: props.nameEn,
      descriptionZh: props.descriptionZh,
      descriptionEn: props.descriptionEn,
      builtIn: false,
    });
    if (permissions.length > 0)
      await tx.db.insert(rolePermissions).values(permissions.map((permission) => ({ roleId, permission })));
    await recordAudit(tx, {
      action: 'roles.role.created',
      target: { type: 'role', id: roleId },
      details: { code: props.code, permissions },
    });
    return roleId;
  });
  return (await loadRoles(ctx.db, [id]))[0]!;
}

async function editableRole(ctx: ServiceContext, roleId: string) {
  const [role] = await ctx.db.select().from(roles).where(eq(roles.id, roleId));
  if (!role) throw new AppError('role_not_found');
  if (role.builtIn) throw new AppError('role_built_in');
  if (granter(ctx)?.grants.some((g) => g.roleId === roleId)) throw new AppError('cannot_change_own_roles');
  return role;
}

export async function updateRole(
  ctx: ServiceContext,
  roleId: string,
  props: Partial<Omit<CreateRoleProps, 'code'>>,
): Promise<RoleRecord> {
  await requirePermission(ctx, 'roles.manage');
  await editableRole(ctx, roleId);
  const permissions = props.permissions ? [...new Set(props.permissions)].sort() : undefined;
  if (permissions) validatePermissions(ctx, permissions);
  await inTransaction(ctx, async (tx) => {
    const [before] = await loadRoles(tx.db, [roleId]);
    await tx.db
      .update(roles)
      .set({
        ...(props.nameZh !== undefined ? { nameZh: props.nameZh } : {}),
        ...(props.nameEn !== undefined ? { nameEn: props.nameEn } : {}),
        ...(props.descriptionZh !== undefined ? { descriptionZh: props.descriptionZh } : {}),
        ...(props.descriptionEn !== undefined ? { descriptionEn: props.descriptionEn } : {}),
        updatedAt: ctx.clock.now(),
      })
      .where(eq(roles.id, roleId));
    if (permissions) {
      await tx.db.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
      if (permissions.length > 0)
        await tx.db.insert(rolePermissions).values(permissions.map((permission) => ({ roleId, permission })));
    }
    await recordAudit(tx, {
      action: 'roles.role.updated',
      target: { type: 'role', id: roleId },
      details: {
        fields: Object.keys(props),
        permissionsBefore: before?.permissions,
        ...(permissions ? { permissionsAfter: permissions } : {}),
      },
    });
  });
  return (await loadRoles(ctx.db, [roleId]))[0]!;
}

export async function deleteRole(ctx: ServiceContext, roleId: string): Promise<void> {
  await requirePermission(ctx, 'roles.manage');
  const role = await editableRole(ctx, roleId);
  await inTransaction(ctx, async (tx) => {
    const [holders] = await tx.db
      .select({ n: count() })
      .from(userRoles)
      .where(and(eq(userRoles.roleId, roleId)));
    if ((holders?.n ?? 0) > 0) throw new AppError('role_in_use');
    await tx.db.delete(roles).where(eq(roles.id, roleId));
    await recordAudit(tx, {
      action: 'roles.role.deleted',
      target: { type: 'role', id: roleId },
      details: { code: role.code },
    });
  });
}
