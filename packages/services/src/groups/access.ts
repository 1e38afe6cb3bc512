// Who acts for which travel agency. A portal user (role `agency`, permission `groups.book`) is linked
// to one agency (agency_users) and sees and books only that agency's groups, at its site. Back-office
// staff who hold `groups.book` and sell at the site (`orders.sell`) are not linked and may book for any
// agency of the site, naming it. Links are listed, made and removed by whoever manages users
// (`users.manage`) from the agencies page; making and removing one are audited.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError } from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type LinkedAgency = { agencyId: string; siteId: string; name: string; code: string };

export async function linkedAgency(ctx: ServiceContext): Promise<LinkedAgency | null> {
  if (ctx.actor.kind !== 'user') return null;
  const [row] = await rows<{ agency_id: string; site_id: string; name: string; code: string }>(
    ctx.db,
    sql`select a.id as agency_id, a.site_id, a.name, a.code
        from agency_users u join agencies a on a.id = u.agency_id where u.user_id = ${ctx.actor.userId}`,
  );
  return row ? { agencyId: row.agency_id, siteId: row.site_id, name: row.name, code: row.code } : null;
}

/**
 * The agency a booking is for: the portal user's own (a different one named is refused as unknown),
 * or the one back-office staff name. Checks `groups.book` at the site first.
 */
export async function agencyForBooking(
  ctx: ServiceContext,
  siteId: string,
  requested: string | null,
): Promise<string> {
  await requirePermission(ctx, 'groups.book', siteId);
  const linked = await linkedAgency(ctx);
  if (linked) {
    if (linked.siteId !== siteId || (requested !== null && requested !== linked.agencyId))
      throw new AppError('agency_not_found');
    return linked.agencyId;
  }
  if (requested === null || (ctx.actor.kind === 'user' && !can(ctx, 'orders.sell', siteId)))
    throw new AppError('agency_user_not_linked');
  const [agency] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from agencies where id = ${requested} and site_id = ${siteId}`,
  );
  if (!agency) throw new AppError('agency_not_found');
  return agency.id;
}

/**
 * Which groups of the site the actor may see: a portal user their agency's only; staff who read
 * orders, admit groups at the lane (`checkin.redeem`) or book for any agency (`groups.book` with
 * `orders.sell`) all of them. Null means all. Someone holding `groups.book` alone who is not (or no
 * longer) linked to an agency — a portal user just unlinked — sees none: agency_user_not_linked.
 */
export async function visibleAgency(ctx: ServiceContext, siteId: string): Promise<string | null> {
  const linked = await linkedAgency(ctx);
  if (linked) {
    await requirePermission(ctx, 'groups.book', siteId);
    if (linked.siteId !== siteId) throw new AppError('permission_denied', { details: { siteId } });
    return linked.agencyId;
  }
  if (!can(ctx, 'orders.read', siteId) && !can(ctx, 'checkin.redeem', siteId)) {
    await requirePermission(ctx, 'groups.book', siteId);
    if (ctx.actor.kind === 'user' && !can(ctx, 'orders.sell', siteId))
      throw new AppError('agency_user_not_linked');
  }
  return null;
}

/** The agency of the site, or agency_not_found (an agency of another site is not found either). */
async function requireAgency(ctx: ServiceContext, siteId: string, agencyId: string): Promise<void> {
  const [agency] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from agencies where id = ${agencyId} and site_id = ${siteId}`,
  );
  if (!agency) throw new AppError('agency_not_found');
}

export type AgencyPortalUser = {
  userId: string;
  loginName: string;
  displayName: string;
  status: 'active' | 'disabled';
  linkedAt: Date;
};

/** The users linked to an agency of the site (its portal logins), by login name. */
export async function listAgencyUsers(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
): Promise<AgencyPortalUser[]> {
  await requirePermission(ctx, 'users.manage', siteId);
  await requireAgency(ctx, siteId, agencyId);
  const found = await rows<{
    user_id: string;
    login_name: string;
    display_name: string;
    status: 'active' | 'disabled';
    created_at: Date | string;
  }>(
    ctx.db,
    sql`select u.id as user_id, u.login_name, u.display_name, u.status, au.created_at
        from agency_users au join users u on u.id = au.user_id
        where au.agency_id = ${agencyId}
        order by u.login_name`,
  );
  return found.map((r) => ({
    userId: r.user_id,
    loginName: r.login_name,
    displayName: r.display_name,
    status: r.status,
    linkedAt: new Date(r.created_at),
  }));
}

/**
 * Links a user to an agency of the site (or moves them from another agency of the same site); audited
 * with the agency they came from. The user must hold a role granted at this site — a login of another
 * site (or with only all-site grants) is not made an agency's portal user here — and a user linked to
 * an agency of another site is not moved away from it: both are agency_user_other_site.
 */
export async function linkAgencyUser(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  userId: string,
): Promise<void> {
  await requirePermission(ctx, 'users.manage', siteId);
  await requireAgency(ctx, siteId, agencyId);
  const [user] = await rows<{ id: string; has_role: boolean }>(
    ctx.db,
    sql`select u.id, exists (select 1 from user_roles r where r.user_id = u.id and r.site_id = ${siteId}) as has_role
        from users u where u.id = ${userId}`,
  );
  if (!user) throw new AppError('not_found', { details: { userId } });
  if (!user.has_role)
    throw new AppError('agency_user_other_site', { details: { userId: 'no role at this site' } });
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    const [previous] = await rows<{ agency_id: string; site_id: string }>(
      tx.db,
      sql`select au.agency_id, a.site_id from agency_users au join agencies a on a.id = au.agency_id
          where au.user_id = ${userId} for update of au`,
    );
    if (previous && previous.site_id !== siteId)
      throw new AppError('agency_user_other_site', {
        details: { userId: 'linked to an agency of another site' },
      });
    await tx.db.execute(
      sql`insert into agency_users (user_id, agency_id, created_by, created_at)
          values (${userId}, ${agencyId}, ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${now})
          on conflict (user_id) do update set agency_id = excluded.agency_id, created_by = excluded.created_by,
                                              created_at = excluded.created_at`,
    );
    await recordAudit(tx, {
      action: 'groups.agency_user.linked',
      siteId,
      target: { type: 'user', id: userId },
      details: { agencyId, previousAgencyId: previous?.agency_id ?? null },
    });
  });
}

/**
 * Unlinks a portal user from the agency: from then on they see no agency's groups (and book none
 * until linked again). A user not linked to this agency is not found. Audited.
 */
export async function unlinkAgencyUser(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  userId: string,
): Promise<void> {
  await requirePermission(ctx, 'users.manage', siteId);
  await requireAgency(ctx, siteId, agencyId);
  await inTransaction(ctx, async (tx) => {
    const removed = await rows<{ user_id: string }>(
      tx.db,
      sql`delete from agency_users where user_id = ${userId} and agency_id = ${agencyId} returning user_id`,
    );
    if (removed.length === 0) throw new AppError('not_found', { details: { userId } });
    await recordAudit(tx, {
      action: 'groups.agency_user.unlinked',
      siteId,
      target: { type: 'user', id: userId },
      details: { agencyId },
    });
  });
}
