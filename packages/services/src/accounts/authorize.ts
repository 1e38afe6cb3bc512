// Permission checks for services and routes. A refusal is itself audited (authz.permission.denied),
// written outside any transaction of the refused operation so it is kept. The `system` actor (the
// operator's CLI on the server, background jobs) acts for the installation and is not restricted.
import { AppError, holdsPermission, type Grant, type Permission } from '@admit/domain';
import type { ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

/** What a gate device may do, at its own site only. */
const devicePermissions: readonly Permission[] = ['checkin.redeem'];

/** What an API key's scopes let it do through the services every channel shares, at its channel's sites. */
const scopePermissions: Partial<Record<Permission, string>> = {
  'orders.sell': 'orders.create',
  'orders.read': 'orders.read',
  'orders.refund': 'orders.refund',
  'orders.rebook': 'orders.rebook',
};

export function can(ctx: ServiceContext, permission: Permission, siteId: string | null = null): boolean {
  if (ctx.actor.kind === 'system') return true;
  if (ctx.actor.kind === 'device')
    return devicePermissions.includes(permission) && siteId === ctx.actor.siteId;
  if (ctx.actor.kind === 'api_key') {
    const scope = scopePermissions[permission];
    return (
      scope !== undefined &&
      ctx.actor.scopes.includes(scope) &&
      siteId !== null &&
      ctx.actor.siteIds.includes(siteId)
    );
  }
  return ctx.actor.kind === 'user' && holdsPermission(ctx.actor.grants, permission, siteId);
}

export function requireUser(ctx: ServiceContext): Extract<ServiceContext['actor'], { kind: 'user' }> {
  if (ctx.actor.kind !== 'user') throw new AppError('authentication_required');
  return ctx.actor;
}

/**
 * Who is granting, for the grant rules: a user with their grants, or null for the system actor,
 * whose grants are not limited by its own.
 */
export function granter(ctx: ServiceContext): { userId: string; grants: readonly Grant[] } | null {
  if (ctx.actor.kind === 'system') return null;
  return requireUser(ctx);
}

/**
 * Throws 403 permission_denied unless the actor holds the permission (at the site, or for all sites
 * when siteId is null). Call it before opening the operation's transaction.
 */
export async function requirePermission(
  ctx: ServiceContext,
  permission: Permission,
  siteId: string | null = null,
  /** What was refused, for the audit row (e.g. the HTTP method and route). */
  refused: Record<string, string> = {},
): Promise<void> {
  if (ctx.actor.kind === 'system') return;
  if (ctx.actor.kind !== 'device' && ctx.actor.kind !== 'api_key') requireUser(ctx);
  if (can(ctx, permission, siteId)) return;
  await recordAudit(ctx, {
    action: 'authz.permission.denied',
    outcome: 'denied',
    siteId,
    details: { permission, ...refused },
  });
  throw new AppError('permission_denied', { details: { permission, siteId } });
}
