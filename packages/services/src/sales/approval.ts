// Approvals at the counter: a second user, present at the window, confirms with their own password.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError, holdsPermission } from '@admit/domain';
import { loadGrants } from '../accounts/grants';
import { dummyPasswordHash, verifyPassword } from '../accounts/passwords';
import type { ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { hitRateLimit } from '../rate-limit';

/**
 * A supervisor approving at the seller's counter with their own login and password (complimentary
 * tickets, large refunds, an over or short drawer): they must hold orders.approve at this site.
 * Rate-limited per login; every refusal is audited.
 */
export async function verifyApprover(
  ctx: ServiceContext,
  siteId: string,
  approval: { loginName: string; password: string },
): Promise<string> {
  const limited = await hitRateLimit(ctx, {
    bucket: `approval:${approval.loginName.toLowerCase()}`,
    limit: 5,
    windowSeconds: 300,
  });
  const [user] = await rows<{ id: string; password_hash: string; status: string; locked_until: Date | null }>(
    ctx.db,
    sql`select id, password_hash, status, locked_until from users where lower(login_name) = lower(${approval.loginName})`,
  );
  const passwordOk = await verifyPassword(
    user?.password_hash ?? (await dummyPasswordHash()),
    approval.password,
  );
  const now = ctx.clock.now();
  const ok =
    limited.allowed &&
    user !== undefined &&
    passwordOk &&
    user.status === 'active' &&
    !(user.locked_until && new Date(user.locked_until) > now) &&
    holdsPermission(await loadGrants(ctx.db, user.id), 'orders.approve', siteId);
  if (!ok) {
    await recordAudit(ctx, {
      action: 'orders.approval.refused',
      outcome: 'denied',
      siteId,
      ...(user ? { target: { type: 'user', id: user.id } } : {}),
      details: { rateLimited: !limited.allowed },
    });
    throw new AppError('approval_invalid');
  }
  return user.id;
}
