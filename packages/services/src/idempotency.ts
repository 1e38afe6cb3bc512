// Idempotency keys for money-moving requests. A client that retries (a timeout at the box office, a
// channel partner's retry loop) gets the first result again instead of a second sale or refund.
import { and, eq, lt, sql } from 'drizzle-orm';
import { idempotencyKeys, newId } from '@admit/db';
import type { ServiceContext } from './context';

export type IdempotencyClaim =
  | { outcome: 'claimed'; id: string }
  | { outcome: 'replay'; status: number; headers: Record<string, string>; body: string }
  | { outcome: 'in_progress'; retryAfterSeconds: number }
  | { outcome: 'mismatch' };

export type ClaimIdempotencyKeyProps = {
  scope: string;
  key: string;
  requestHash: string;
  /** How long a claim blocks others before it is considered abandoned (the process died). */
  lockSeconds?: number;
  /** How long a completed result is kept for replay. */
  retentionHours?: number;
};

/**
 * Claims a key for this request, or tells the caller what to do instead: replay the stored result,
 * wait for the request in flight, or refuse a reused key. One INSERT … ON CONFLICT decides between two
 * concurrent first requests.
 */
export async function claimIdempotencyKey(
  ctx: ServiceContext,
  { scope, key, requestHash, lockSeconds = 60, retentionHours = 24 }: ClaimIdempotencyKeyProps,
): Promise<IdempotencyClaim> {
  const now = ctx.clock.now();
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000);
  const inserted = await ctx.db
    .insert(idempotencyKeys)
    .values({
      id: newId(now.getTime()),
      scope,
      key,
      requestHash,
      state: 'in_progress',
      lockedUntil,
      createdAt: now,
      expiresAt: new Date(now.getTime() + retentionHours * 3600_000),
    })
    .onConflictDoNothing({ target: [idempotencyKeys.scope, idempotencyKeys.key] })
    .returning({ id: idempotencyKeys.id });
  if (inserted[0]) return { outcome: 'claimed', id: inserted[0].id };

  const [existing] = await ctx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!existing) {
    // Deleted between our insert and select (a 5xx released it): the client may simply retry.
    return { outcome: 'in_progress', retryAfterSeconds: 1 };
  }
  if (existing.requestHash !== requestHash) return { outcome: 'mismatch' };
  if (existing.state === 'completed') {
    return {
      outcome: 'replay',
      status: existing.responseStatus ?? 200,
      headers: existing.responseHeaders ?? {},
      body: existing.responseBody ?? '',
    };
  }
  if (existing.lockedUntil.getTime() > now.getTime()) {
    return {
      outcome: 'in_progress',
      retryAfterSeconds: Math.max(1, Math.ceil((existing.lockedUntil.getTime() - now.getTime()) / 1000)),
    };
  }
  // The first claimant died without an answer: take the claim over, exactly one of us wins.
  const taken = await ctx.db
    .update(idempotencyKeys)
    .set({ lockedUntil })
    .where(
      and(
        eq(idempotencyKeys.id, existing.id),
        eq(idempotencyKeys.state, 'in_progress'),
        lt(idempotencyKeys.lockedUntil, now),
      ),
    )
    .returning({ id: idempotencyKeys.id });
  return taken[0]
    ? { outcome: 'claimed', id: taken[0].id }
    : { outcome: 'in_progress', retryAfterSeconds: 1 };
}

/** Stores the first result so every retry with the same key gets it back. */
export async function completeIdempotencyKey(
  ctx: ServiceContext,
  props: { id: string; status: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await ctx.db
    .update(idempotencyKeys)
    .set({
      state: 'completed',
      responseStatus: props.status,
      responseHeaders: props.headers,
      responseBody: props.body,
      completedAt: ctx.clock.now(),
    })
    .where(and(eq(idempotencyKeys.id, props.id), eq(idempotencyKeys.state, 'in_progress')));
}

/**
 * Forgets a claim whose request failed on our side (5xx): nothing was done, so the client's retry
 * must be allowed to run rather than replay an internal error.
 */
export async function releaseIdempotencyKey(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.id, id), eq(idempotencyKeys.state, 'in_progress')));
}

/** Deletes results past their retention (run by a job). Returns how many were removed. */
export async function sweepIdempotencyKeys(ctx: ServiceContext): Promise<number> {
  const removed = await ctx.db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.expiresAt} < ${ctx.clock.now()}`)
    .returning({ id: idempotencyKeys.id });
  return removed.length;
}
