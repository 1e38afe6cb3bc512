// Writing audit rows. Every privileged action calls recordAudit inside its own transaction, so the
// row commits or rolls back with the change. Rows are plain inserts (no chaining, no counters), so
// concurrent transactions never wait on each other here; the sealer chains them later.
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { newId, type auditLog } from '@admit/db';
import type { ServiceContext } from '../context';

export type AuditEntryInput = {
  /** `<area>.<object>.<verb>`, e.g. `users.user.created`. */
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  target?: { type: string; id: string };
  siteId?: string | null;
  /** References, field names, digests — never raw personal data (ID or phone numbers, names). */
  details?: Record<string, unknown>;
};

const actionPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}$/;

/** Canonical JSON: object keys sorted, so equal values always give equal digests. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A SHA-256 digest of a value, for recording what a before/after state was without storing it. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function actorColumns(ctx: ServiceContext): {
  actorType: (typeof auditLog.$inferInsert)['actorType'];
  actorId: string | null;
} {
  const actor = ctx.actor;
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId };
    case 'device':
      return { actorType: 'device', actorId: actor.deviceId };
    case 'api_key':
      return { actorType: 'api_key', actorId: actor.apiKeyId };
    case 'system':
      return { actorType: 'system', actorId: actor.name };
    case 'anonymous':
      return { actorType: 'anonymous', actorId: null };
  }
}

/**
 * The audit row's INSERT as a statement to run inside the caller's transaction — for a hot path that
 * folds it into one round trip with its own writes (a data-modifying WITH). recordAudit runs it alone.
 */
export function auditInsert(ctx: ServiceContext, entry: AuditEntryInput): { id: string; query: SQL } {
  if (!actionPattern.test(entry.action))
    throw new Error(`audit action must be <area>.<object>.<verb>: ${entry.action}`);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const { actorType, actorId } = actorColumns(ctx);
  return {
    id,
    query: sql`insert into audit_log (id, occurred_at, action, outcome, actor_type, actor_id, site_id, target_type, target_id, ip, request_id, details)
        values (${id}, ${now}, ${entry.action}, ${entry.outcome ?? 'success'}, ${actorType}, ${actorId}, ${entry.siteId ?? ctx.siteId},
                ${entry.target?.type ?? null}, ${entry.target?.id ?? null}, ${ctx.ip}, ${ctx.requestId}, ${JSON.stringify(entry.details ?? {})}::jsonb)`,
  };
}

export async function recordAudit(ctx: ServiceContext, entry: AuditEntryInput): Promise<string> {
  // A raw insert: on the sale path the query builder's per-call cost (~0.1 ms of CPU) was the largest
  // share of an audit row (bench/audit-concurrency.ts).
  const { id, query } = auditInsert(ctx, entry);
  await ctx.db.execute(query);
  return id;
}
