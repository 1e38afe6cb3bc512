// Browsing the audit log, newest first, a page at a time, for holders of `audit.read`.
import { and, desc, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, users, uuidV7Time } from '@admit/db';
import type { AuditEntry, AuditQuery } from '@admit/contracts';
import type { ServiceContext } from '../context';
import { requirePermission } from '../accounts/authorize';

export type AuditListQuery = Omit<AuditQuery, 'limit'> & { limit?: number };
export type AuditListPage = { entries: AuditEntry[]; nextCursor: string | null };

/** `like` pattern for a literal prefix (action names may contain `_`, a wildcard). */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Filters: `from` (inclusive) and `to` (exclusive) on occurred_at; `action` exact, or a prefix when it
 * ends with a dot (`auth.`); actorId, targetType, targetId and outcome exact. `before` continues after
 * that entry (the previous page's `nextCursor`).
 */
export async function listAuditLog(ctx: ServiceContext, query: AuditListQuery): Promise<AuditListPage> {
  await requirePermission(ctx, 'audit.read');
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const where: (SQL | undefined)[] = [];
  if (query.from) where.push(gte(auditLog.occurredAt, new Date(query.from)));
  if (query.to) where.push(lt(auditLog.occurredAt, new Date(query.to)));
  if (query.action) {
    where.push(
      query.action.endsWith('.')
        ? like(auditLog.action, prefixPattern(query.action))
        : eq(auditLog.action, query.action),
    );
  }
  if (query.actorId) where.push(eq(auditLog.actorId, query.actorId));
  if (query.targetType) where.push(eq(auditLog.targetType, query.targetType));
  if (query.targetId) where.push(eq(auditLog.targetId, query.targetId));
  if (query.outcome) where.push(eq(auditLog.outcome, query.outcome));
  if (query.before) {
    const [cursor] = await ctx.db
      .select({ occurredAt: auditLog.occurredAt })
      .from(auditLog)
      .where(eq(auditLog.id, query.before));
    // A cursor row purged meanwhile: its UUIDv7 still carries (about) when it happened.
    const at = cursor?.occurredAt ?? uuidV7Time(query.before);
    where.push(
      or(lt(auditLog.occurredAt, at), and(eq(auditLog.occurredAt, at), lt(auditLog.id, query.before))),
    );
  }

  const found = await ctx.db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      action: auditLog.action,
      outcome: auditLog.outcome,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      siteId: auditLog.siteId,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
      requestId: auditLog.requestId,
      details: auditLog.details,
      sealId: auditLog.sealId,
      displayName: users.displayName,
      loginName: users.loginName,
    })
    .from(auditLog)
    .leftJoin(
      users,
      and(eq(auditLog.actorType, 'user'), eq(auditLog.actorId, sql<string>`${users.id}::text`)),
    )
    .where(and(...where))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(limit + 1);

  const page = found.slice(0, limit);
  const entries: AuditEntry[] = page.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.displayName === null ? null : `${row.displayName} (${row.loginName})`,
    siteId: row.siteId,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    requestId: row.requestId,
    details: row.details,
    sealed: row.sealId !== null,
  }));
  return { entries, nextCursor: found.length > limit ? (page.at(-1)?.id ?? null) : null };
}
