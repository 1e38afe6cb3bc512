// User management. Security administrators create users (with a one-time password), change their
// details, disable and re-enable them, reset passwords, unlock them and grant roles per site. Every
// change is audited without personal data; disabling or resetting ends the user's auth sessions.
import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  authSessions,
  newId,
  rolePermissions,
  roles,
  sites,
  userRoles,
  users,
  type Queryable,
} from '@admit/db';
import { AppError, checkGrantChange, maskMobile, normalizeMobile } from '@admit/domain';
import type { ServiceContext, TxContext } from '../context';
import { inTransaction } from '../context';
import { requireKeys } from '../keys';
import { decryptPii, encryptPii, piiLookup } from '../pii';
import { recordAudit } from '../audit/record';
import { granter, requirePermission } from './authorize';
import { generateTemporaryPassword, hashPassword } from './passwords';

export type UserRecord = {
  id: string;
  loginName: string;
  displayName: string;
  phone: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  roles: {
    roleId: string;
    roleCode: string;
    roleNameZh: string;
    roleNameEn: string;
    siteId: string | null;
  }[];
};

export type GrantRequest = { roleId: string; siteId: string | null };

async function loadUsers(ctx: ServiceContext, where: SQL | undefined): Promise<UserRecord[]> {
  const rows = await ctx.db
    .select({
      id: users.id,
      loginName: users.loginName,
      displayName: users.displayName,
      phoneCipher: users.phoneCipher,
      status: users.status,
      mustChangePassword: users.mustChangePassword,
      lockedUntil: users.lockedUntil,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.loginName})`))
    .limit(500);
  if (rows.length === 0) return [];
  const grantRows = await ctx.db
    .select({
      userId: userRoles.userId,
      roleId: userRoles.roleId,
      siteId: userRoles.siteId,
      roleCode: roles.code,
      roleNameZh: roles.nameZh,
      roleNameEn: roles.nameEn,
    })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(
      inArray(
        userRoles.userId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(roles.code);
  const keys = ctx.keys;
  return rows.map(({ phoneCipher, ...row }) => ({
    ...row,
    phone:
      phoneCipher && keys
        ? maskMobile(decryptPii(keys.piiEncryption, phoneCipher))
        : phoneCipher
          ? '***********'
          : null,
    roles: grantRows.filter((g) => g.userId === row.id).map(({ userId: _userId, ...g }) => g),
  }));
}

async function loadUser(ctx: ServiceContext, id: string): Promise<UserRecord> {
  const [user] = await loadUsers(ctx, eq(users.id, id));
  if (!user) throw new AppError('user_not_found');
  return user;
}

function phoneColumns(ctx: ServiceContext, phone: string | null | undefined) {
  if (phone === undefined) return {};
  if (phone === null || phone.trim() === '') return { phoneCipher: null, phoneLookup: null };
  const normalized = normalizeMobile(phone);
  if (!normalized) throw new AppError('phone_invalid');
  const keys = requireKeys(ctx.keys);
  return {
    phoneCipher: encryptPii(keys.piiEncryption, normalized),
    phoneLookup: piiLookup(keys.piiLookup, normalized),
  };
}

/** The permissions of each requested grant's role; unknown roles and sites are refused. */
async function resolveGrants(db: Queryable, grants: GrantRequest[]) {
  const roleIds = [...new Set(grants.map((g) => g.roleId))];
  const siteIds = [...new Set(grants.flatMap((g) => (g.siteId ? [g.siteId] : [])))];
  const found = roleIds.length
    ? await db
        .select({ id: roles.id, code: roles.code, permission: rolePermissions.permission })
        .from(roles)
        .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
        .where(inArray(roles.id, roleIds))
    : [];
  const known = new Set(found.map((r) => r.id));
  if (roleIds.some((id) => !known.has(id))) throw new AppError('role_not_found');
  if (siteIds.length > 0) {
    const siteRows = await db.select({ id: sites.id }).from(sites).where(inArray(sites.id, siteIds));
    if (siteRows.length !== siteIds.length) throw new AppError('site_not_found');
  }
  return grants.map((g) => ({
    ...g,
    roleCode: found.find((r) => r.id === g.roleId)!.code,
    permissions: found.filter((r) => r.id === g.roleId && r.permission !== null).map((r) => r.permission!),
  }));
}

function grantKey(g: GrantRequest): string {
  return `${g.roleId}@${g.siteId ?? '*'}`;
}

export type CreateUserProps = {
  loginName: string;
  displayName: string;
  phone?: string;
  grants: GrantRequest[];
};

export async function createUser(
  ctx: ServiceContext,
  props: CreateUserProps,
): Promise<{ user: UserRecord; temporaryPassword: string }> {
  await requirePermission(ctx, 'users.manage');
  const actor = granter(ctx);
  const id = newId(ctx.clock.now().getTime());
  const grants = await resolveGrants(ctx.db, dedupe(props.grants));
  assertMayGrant(actor, id, grants);
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await inTransaction(ctx, async (tx) => {
    await assertLoginNameFree(tx, props.loginName);
    await tx.db.insert(users).values({
      id,
      loginName: props.loginName,
      displayName: props.displayName,
      ...phoneColumns(ctx, props.phone),
      passwordHash,
      mustChangePassword: true,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    await insertGrants(tx, id, grants, actor?.userId ?? null);
    await recordAudit(tx, {
      action: 'users.user.created',
      target: { type: 'user', id },
      details: {
        grants: grants.map((g) => ({ role: g.roleCode, siteId: g.siteId })),
        phoneSet: Boolean(props.phone),
      },
    });
  });
  return { user: await loadUser(ctx, id), temporaryPassword };
}

function assertMayGrant(
  actor: ReturnType<typeof granter>,
  targetUserId: string,
  changes: { siteId: string | null; permissions: readonly string[] }[],
): void {
  if (!actor) return;
  const refusal = checkGrantChange({
    actorId: actor.userId,
    actorGrants: actor.grants,
    targetUserId,
    changes,
  });
  if (refusal)
    throw new AppError(refusal === 'own_roles' ? 'cannot_change_own_roles' : 'grant_exceeds_own_permissions');
}

function dedupe(grants: GrantRequest[]): GrantRequest[] {
  return [...new Map(grants.map((g) => [grantKey(g), g])).values()];
}

async function assertLoginNameFree(tx: TxContext, loginName: string): Promise<void> {
  const [taken] = await tx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.loginName}) = lower(${loginName})`);
  if (taken) throw new AppError('login_name_taken');
}

async function insertGrants(tx: TxContext, userId: string, grants: GrantRequest[], grantedBy: string | null) {
  if (grants.length === 0) return;
  await tx.db.insert(userRoles).values(
    grants.map((g) => ({
      id: newId(tx.clock.now().getTime()),
      userId,
      roleId: g.roleId,
      siteId: g.siteId,
      grantedBy,
      grantedAt: tx.clock.now(),
    })),
  );
}

export async function listUsers(
  ctx: ServiceContext,
  filter: { q?: string; status?: 'active' | 'disabled' },
): Promise<UserRecord[]> {
  await requirePermission(ctx, 'users.read');
  const q = filter.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return loadUsers(
    ctx,
    and(
      filter.status ? eq(users.status, filter.status) : undefined,
      pattern ? or(ilike(users.loginName, pattern), ilike(users.displayName, pattern)) : undefined,
    ),
  );
}

export async function getUser(ctx: ServiceContext, id: string): Promise<UserRecord> {
  await requirePermission(ctx, 'users.read');
  return loadUser(ctx, id);
}

export async function updateUser(
  ctx: ServiceContext,
  id: string,
  props: { displayName?: string; phone?: string | null },
): Promise<UserRecord> {
  await requirePermission(ctx, 'users.manage');
  const phone = phoneColumns(ctx, props.phone);
  await inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(users)
      .set({
        ...(props.displayName ? { displayName: props.displayName } : {}),
        ...phone,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('user_not_found');
    await recordAudit(tx, {
      action: 'users.user.updated',
      target: { type: 'user', id },
      details: { fields: Object.keys(props).filter((k) => props[k as keyof typeof props] !== undefined) },
    });
  });
  return loadUser(ctx, id);
}

export async function revokeUserSessions(
  tx: ServiceContext,
  userId: string,
  reason: string,
  exceptSessionId?: string,
) {
  await tx.db
    .update(authSessions)
    .set({ revokedAt: tx.clock.now(), revokeReason: reason })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        exceptSessionId ? sql`${authSessions.id} <> ${exceptSessionId}` : undefined,
      ),
    );
}

export async function setUserStatus(
  ctx: ServiceContext,
  id: string,
  status: 'active' | 'disabled',
): Promise<UserRecord> {
  await requirePermission(ctx, 'users.manage');
  if (status === 'disabled' && granter(ctx)?.userId === id) throw new AppError('cannot_disable_self');
  await inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(users)
      .set({ status, updatedAt: ctx.clock.now() })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('user_not_found');
    if (status === 'disabled') await revokeUserSessions(tx, id, 'user_disabled');
    await recordAudit(tx, {
      action: status === 'disabled' ? 'users.user.disabled' : 'users.user.enabled',
      target: { type: 'user', id },
    });
  });
  return loadUser(ctx, id);
}

export async function unlockUser(ctx: ServiceContext, id: string): Promise<UserRecord> {
  await requirePermission(ctx, 'users.manage');
  await inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(users)
      .set({ lockedUntil: null, failedLoginCount: 0, updatedAt: ctx.clock.now() })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('user_not_found');
    await recordAudit(tx, { action: 'users.user.unlocked', target: { type: 'user', id } });
  });
  return loadUser(ctx, id);
}

/** A new one-time password; the user must change it at next login, and every auth session ends. */
export async function resetUserPassword(
  ctx: ServiceContext,
  id: string,
): Promise<{ temporaryPassword: string }> {
  await requirePermission(ctx, 'users.manage');
  // One's own password is changed with the current one (changePassword), never reset.
  if (granter(ctx)?.userId === id) throw new AppError('cannot_change_own_roles');
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        failedLoginCount: 0,
        lockedUntil: null,
        updatedAt: ctx.clock.now(),
      })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError('user_not_found');
    await revokeUserSessions(tx, id, 'password_reset');
    await recordAudit(tx, { action: 'users.password.reset', target: { type: 'user', id } });
  });
  return { temporaryPassword };
}

/**
 * Replaces a user's grants. Refused when the actor edits their own roles, or adds or removes a role
 * carrying a permission the actor does not hold at that scope.
 */
export async function setUserGrants(
  ctx: ServiceContext,
  id: string,
  requested: GrantRequest[],
): Promise<UserRecord> {
  await requirePermission(ctx, 'users.manage');
  const actor = granter(ctx);
  if (actor?.userId === id) throw new AppError('cannot_change_own_roles');
  const wanted = dedupe(requested);
  await inTransaction(ctx, async (tx) => {
    const [target] = await tx.db.select({ id: users.id }).from(users).where(eq(users.id, id)).for('update');
    if (!target) throw new AppError('user_not_found');
    const current = await tx.db
      .select({ roleId: userRoles.roleId, siteId: userRoles.siteId })
      .from(userRoles)
      .where(eq(userRoles.userId, id));
    const currentKeys = new Set(current.map(grantKey));
    const wantedKeys = new Set(wanted.map(grantKey));
    const added = wanted.filter((g) => !currentKeys.has(grantKey(g)));
    const removed = current.filter((g) => !wantedKeys.has(grantKey(g)));
    const changes = await resolveGrants(tx.db, [...added, ...removed]);
    assertMayGrant(actor, id, changes);
    for (const g of removed) {
      await tx.db
        .delete(userRoles)
        .where(
          and(
            eq(userRoles.userId, id),
            eq(userRoles.roleId, g.roleId),
            g.siteId ? eq(userRoles.siteId, g.siteId) : isNull(userRoles.siteId),
          ),
        );
    }
    await insertGrants(tx, id, added, actor?.userId ?? null);
    const codeOf = (g: GrantRequest) => ({
      role: changes.find((c) => c.roleId === g.roleId)?.roleCode,
      siteId: g.siteId,
    });
    await recordAudit(tx, {
      action: 'users.grants.changed',
      target: { type: 'user', id },
      details: { added: added.map(codeOf), removed: removed.map(codeOf) },
    });
  });
  return loadUser(ctx, id);
}

/** The full phone number, for a holder of pii.read; each reveal is audited. */
export async function revealUserPhone(ctx: ServiceContext, id: string): Promise<string | null> {
  await requirePermission(ctx, 'pii.read');
  const keys = requireKeys(ctx.keys);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select({ phoneCipher: users.phoneCipher }).from(users).where(eq(users.id, id));
    if (!row) throw new AppError('user_not_found');
    await recordAudit(tx, { action: 'pii.phone.revealed', target: { type: 'user', id } });
    return row.phoneCipher ? decryptPii(keys.piiEncryption, row.phoneCipher) : null;
  });
}
