// First start: an empty database gets one site and one administrator whose one-time password is
// returned to the caller to print on the console (never to a log file). Safe when several nodes start
// together: an advisory lock lets one of them do it.
import { count, sql } from 'drizzle-orm';
import { newId, roles, sites, userRoles, users, type Db } from '@admit/db';
import { firstAdminRoles } from '@admit/domain';
import { systemContext, type Clock } from '../context';
import { recordAudit } from '../audit/record';
import { generateTemporaryPassword, hashPassword } from './passwords';
import { syncBuiltInRoles } from './roles';

const BOOTSTRAP_LOCK_KEY = 7_264_339_042;

export type FirstAdmin = { loginName: string; password: string; siteCode: string };

export async function ensureFirstAdmin(db: Db, options: { clock?: Clock } = {}): Promise<FirstAdmin | null> {
  await syncBuiltInRoles(db);
  const password = generateTemporaryPassword();
  const passwordHash = await hashPassword(password);
  const ctx = systemContext(db, 'bootstrap', options.clock ? { clock: options.clock } : {});
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) return null;
    const now = ctx.clock.now();
    const [site] = await tx.select({ id: sites.id, code: sites.code }).from(sites).limit(1);
    const siteId = site?.id ?? newId(now.getTime());
    const siteCode = site?.code ?? 'MAIN';
    if (!site) {
      await tx.insert(sites).values({
        id: siteId,
        code: siteCode,
        nameZh: '示例景区',
        nameEn: 'Demo scenic area',
        timeZone: 'Asia/Shanghai',
      });
    }
    const userId = newId(now.getTime());
    await tx.insert(users).values({
      id: userId,
      loginName: 'admin',
      displayName: '系统管理员',
      passwordHash,
      mustChangePassword: true,
      createdAt: now,
      updatedAt: now,
    });
    const roleRows = await tx.select({ id: roles.id, code: roles.code }).from(roles);
    await tx.insert(userRoles).values(
      firstAdminRoles.map((code) => ({
        id: newId(now.getTime()),
        userId,
        roleId: roleRows.find((r) => r.code === code)!.id,
        siteId: null,
        grantedBy: null,
        grantedAt: now,
      })),
    );
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'users.user.bootstrapped',
        target: { type: 'user', id: userId },
        details: { roles: [...firstAdminRoles], siteId },
      },
    );
    return { loginName: 'admin', password, siteCode };
  });
}
