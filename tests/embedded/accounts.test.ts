// Every account service on the embedded engine (PGlite), whatever engine the rest of the suite uses.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, roles, users } from '@admit/db';
import { defaultAuthPolicy } from '@admit/domain';
import {
  authenticate,
  changePassword,
  createRole,
  createUser,
  decryptPii,
  deleteRole,
  encryptPii,
  ensureFirstAdmin,
  fixedClock,
  getUser,
  hitRateLimit,
  listRoles,
  listSites,
  listUsers,
  loadGrants,
  login,
  logout,
  piiLookup,
  piiLookupCandidates,
  requirePermission,
  resetUserPassword,
  revealUserPhone,
  setUserGrants,
  setUserStatus,
  sweepRateLimitCounters,
  systemContext,
  unlockUser,
  updateOwnLocale,
  updateRole,
  updateUser,
  usePasswordHashingCostForTests,
  type ServiceContext,
  type ServiceKeys,
} from '@admit/services';
import { embeddedTestDatabase, type TestDatabase } from '../support/database';

const ring = () => {
  const key = randomBytes(32);
  return { currentId: 'k1', current: key, keys: new Map([['k1', key]]) };
};

describe('account services on the embedded engine (PGlite)', () => {
  let database: TestDatabase;
  const clock = fixedClock(new Date('2026-11-26T02:00:00Z'));
  const keys: ServiceKeys = { piiEncryption: ring(), piiLookup: ring(), auditSeal: ring() };
  let system: ServiceContext;

  beforeAll(async () => {
    usePasswordHashingCostForTests();
    database = await embeddedTestDatabase();
    system = { ...systemContext(database.db, 'test', { clock }), keys };
  });
  afterAll(async () => database?.dispose());

  const asUser = async (userId: string): Promise<ServiceContext> => ({
    ...system,
    actor: { kind: 'user', userId, authSessionId: null, grants: await loadGrants(database.db, userId) },
  });

  it('bootstraps one site and a first administrator, once', async () => {
    const first = await ensureFirstAdmin(database.db, { clock });
    expect(first).toMatchObject({ loginName: 'admin', siteCode: 'MAIN' });
    expect(await ensureFirstAdmin(database.db, { clock })).toBeNull();
    const session = await login(
      system,
      { loginName: 'admin', password: first!.password, userAgent: 'test', previousToken: null },
      defaultAuthPolicy,
    );
    const auth = await authenticate(system, session.token, defaultAuthPolicy);
    expect(auth.user.mustChangePassword).toBe(true);
    expect(auth.grants.map((g) => g.roleCode).sort()).toEqual(['admin', 'auditor', 'security_admin']);
    const rotated = await changePassword(system, {
      userId: auth.user.id,
      currentPassword: first!.password,
      newPassword: 'Embedded-Boss-2026',
      userAgent: null,
    });
    await expect(authenticate(system, session.token, defaultAuthPolicy)).rejects.toMatchObject({
      code: 'session_expired',
    });
    await updateOwnLocale(system, auth.user.id, 'en');
    expect((await authenticate(system, rotated.token, defaultAuthPolicy)).user.locale).toBe('en');
    await logout(system, rotated.sessionId);
    await expect(authenticate(system, rotated.token, defaultAuthPolicy)).rejects.toMatchObject({
      code: 'session_expired',
    });
  });

  it('manages users, grants and phone numbers with permission checks and audit rows', async () => {
    const [admin] = await database.db.select().from(users).where(eq(users.loginName, 'admin'));
    const ctx = await asUser(admin!.id);
    const [site] = await listSites(ctx);
    const roleRows = await listRoles(ctx);
    const seller = roleRows.find((r) => r.code === 'seller')!;
    const { user, temporaryPassword } = await createUser(ctx, {
      loginName: 'emb.seller',
      displayName: '窗口一',
      phone: '13800001111',
      grants: [{ roleId: seller.id, siteId: site!.id }],
    });
    expect(temporaryPassword).toHaveLength(14);
    expect((await listUsers(ctx, { q: 'emb' })).map((u) => u.loginName)).toEqual(['emb.seller']);
    expect((await getUser(ctx, user.id)).phone).toBe('138****1111');
    expect(await revealUserPhone(ctx, user.id)).toBe('13800001111');
    await updateUser(ctx, user.id, { displayName: '窗口二', phone: null });
    await setUserGrants(ctx, user.id, [{ roleId: seller.id, siteId: null }]);
    await setUserStatus(ctx, user.id, 'disabled');
    await setUserStatus(ctx, user.id, 'active');
    await unlockUser(ctx, user.id);
    const reset = await resetUserPassword(ctx, user.id);
    expect(reset.temporaryPassword).not.toBe(temporaryPassword);

    const sellerCtx = await asUser(user.id);
    await expect(listUsers(sellerCtx, {})).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(requirePermission(sellerCtx, 'orders.sell', site!.id)).resolves.toBeUndefined();
    const denials = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'authz.permission.denied'));
    expect(denials).toHaveLength(1);
  });

  it('manages custom roles', async () => {
    const [admin] = await database.db.select().from(users).where(eq(users.loginName, 'admin'));
    const ctx = await asUser(admin!.id);
    const role = await createRole(ctx, {
      code: 'night_cashier',
      nameZh: '夜间收银',
      nameEn: 'Night cashier',
      descriptionZh: '',
      descriptionEn: '',
      permissions: ['orders.sell', 'orders.read'],
    });
    expect((await updateRole(ctx, role.id, { permissions: ['orders.sell'] })).permissions).toEqual([
      'orders.sell',
    ]);
    await deleteRole(ctx, role.id);
    expect(await database.db.select().from(roles).where(eq(roles.code, 'night_cashier'))).toEqual([]);
  });

  it('counts rate-limit hits per window and sweeps old windows', async () => {
    const hit = () => hitRateLimit(system, { bucket: 'login:ip:1.2.3.4', limit: 2, windowSeconds: 60 });
    expect((await hit()).allowed).toBe(true);
    expect((await hit()).allowed).toBe(true);
    expect(await hit()).toMatchObject({ allowed: false, hits: 3 });
    clock.advance(2 * 3600_000);
    expect((await hit()).allowed).toBe(true);
    expect(await sweepRateLimitCounters(system)).toBe(1);
  });

  it('encrypts personal data and finds it by keyed hash, across a key rotation', () => {
    const stored = encryptPii(keys.piiEncryption, '110101199003077777');
    expect(stored).not.toContain('1101011990');
    expect(decryptPii(keys.piiEncryption, stored)).toBe('110101199003077777');
    const lookup = piiLookup(keys.piiLookup, '13800001111');
    const newKey = randomBytes(32);
    const rotated = {
      currentId: 'k2',
      current: newKey,
      keys: new Map([...keys.piiLookup.keys, ['k2', newKey]]),
    };
    expect(piiLookupCandidates(rotated, '13800001111')).toContain(lookup);
    expect(piiLookup(rotated, '13800001111')).not.toBe(lookup);
  });
});
