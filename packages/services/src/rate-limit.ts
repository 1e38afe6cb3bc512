// Rate limits whose counters live in PostgreSQL, so every app node behind a load balancer counts
// together. Fixed windows: one upsert per hit.
import { sql } from 'drizzle-orm';
import { rateLimitCounters, rows } from '@admit/db';
import type { ServiceContext } from './context';

export type RateLimitResult = { allowed: boolean; hits: number; retryAfterSeconds: number };

export async function hitRateLimit(
  ctx: ServiceContext,
  { bucket, limit, windowSeconds }: { bucket: string; limit: number; windowSeconds: number },
): Promise<RateLimitResult> {
  const now = ctx.clock.now().getTime();
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const [row] = await rows<{ hits: number }>(
    ctx.db,
    sql`insert into ${rateLimitCounters} (bucket, window_start, hits) values (${bucket}, ${windowStart}, 1)
        on conflict (bucket, window_start) do update set hits = ${rateLimitCounters.hits} + 1
        returning hits`,
  );
  const hits = row?.hits ?? 1;
  return {
    allowed: hits <= limit,
    hits,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000)),
  };
}

/** Deletes windows that ended long ago (maintenance job). */
export async function sweepRateLimitCounters(ctx: ServiceContext, olderThanSeconds = 3600): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - olderThanSeconds * 1000);
  const removed = await ctx.db
    .delete(rateLimitCounters)
    .where(sql`${rateLimitCounters.windowStart} < ${before}`)
    .returning({ bucket: rateLimitCounters.bucket });
  return removed.length;
}
