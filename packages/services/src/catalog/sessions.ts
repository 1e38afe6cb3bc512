// Sessions (time slots, performances, departures) and their capacity pools. A generation is previewed
// with the same pure planner that then writes it; duplicates are refused. Capacity edits never go
// below what is sold and held; a session can be closed to new sales, reopened, or cancelled for good.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  capacityPools,
  capacityPoolStripes,
  newId,
  products,
  sessionProducts,
  sessions,
  sites,
  type Queryable,
} from '@admit/db';
import {
  AppError,
  duplicatesOf,
  planSessions,
  restripe,
  scheduleProblems,
  splitCapacity,
  type PlannedSession,
  type ScheduleSpec,
} from '@admit/domain';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { requirePermission } from '../accounts/authorize';
import { loadSite } from './sites';

export type SessionKind = 'timeslot' | 'performance' | 'departure';

export type GenerateSessionsInput = ScheduleSpec & {
  kind: SessionKind;
  productIds: string[];
  nameZh: string;
  nameEn: string;
  routeFrom: string | null;
  routeTo: string | null;
};

/** A session pool of this size is split into stripes so concurrent sales lock different rows. */
export function sessionStripeCount(capacity: number): number {
  return capacity >= 200 ? 4 : capacity >= 50 ? 2 : 1;
}
export const dailyPoolStripes = 8;

async function plan(db: Queryable, siteId: string, input: GenerateSessionsInput) {
  const problems = scheduleProblems(input);
  if (problems.length > 0) throw new AppError('schedule_invalid', { details: { problems } });
  const site = await loadSite(db, siteId);
  const closed = new Set(site.closedDates.map((c) => c.date));
  const planned = planSessions(input, { timeZone: site.timeZone, closedDates: closed });
  const skippedClosedDates = site.closedDates
    .map((c) => c.date)
    .filter((d) => d >= input.from && d <= input.to);
  const existing = planned.length
    ? await db
        .select({ startsAt: sessions.startsAt })
        .from(sessions)
        .where(
          and(
            eq(sessions.siteId, siteId),
            eq(sessions.kind, input.kind),
            sql`coalesce(${sessions.routeFrom}, '') = ${input.routeFrom ?? ''}`,
            sql`coalesce(${sessions.routeTo}, '') = ${input.routeTo ?? ''}`,
            inArray(sessions.businessDate, [...new Set(planned.map((p) => p.date))]),
          ),
        )
    : [];
  return {
    site,
    planned,
    skippedClosedDates,
    duplicates: duplicatesOf(
      planned,
      existing.map((e) => e.startsAt),
    ),
  };
}

export async function previewSessions(ctx: ServiceContext, siteId: string, input: GenerateSessionsInput) {
  await requirePermission(ctx, 'catalog.write', siteId);
  const { planned, skippedClosedDates, duplicates } = await plan(ctx.db, siteId, input);
  return { sessions: planned, skippedClosedDates, duplicates };
}

/** Creates the daily-maximum pool of a business day if the site has a daily maximum. */
export async function ensureDailyPool(
  db: Queryable,
  siteId: string,
  businessDate: string,
  dailyMax: number | null,
): Promise<void> {
  if (dailyMax === null) return;
  const id = newId();
  const inserted = await db
    .insert(capacityPools)
    .values({ id, siteId, kind: 'daily', businessDate })
    .onConflictDoNothing()
    .returning({ id: capacityPools.id });
  if (inserted.length === 0) return;
  await db
    .insert(capacityPoolStripes)
    .values(
      splitCapacity(dailyMax, dailyPoolStripes).map((capacity, stripe) => ({ poolId: id, stripe, capacity })),
    );
}

async function insertSessions(
  tx: Queryable,
  siteId: string,
  input: GenerateSessionsInput,
  planned: PlannedSession[],
  dailyMax: number | null,
) {
  for (const date of new Set(planned.map((p) => p.date))) await ensureDailyPool(tx, siteId, date, dailyMax);
  const created: string[] = [];
  // Batches keep a month of hourly slots to a handful of statements.
  for (let i = 0; i < planned.length; i += 200) {
    const batch = planned.slice(i, i + 200).map((p) => ({ ...p, id: newId(), poolId: newId() }));
    await tx.insert(sessions).values(
      batch.map((p) => ({
        id: p.id,
        siteId,
        kind: input.kind,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        businessDate: p.date,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
        routeFrom: input.routeFrom,
        routeTo: input.routeTo,
      })),
    );
    await tx.insert(capacityPools).values(
      batch.map((p) => ({
        id: p.poolId,
        siteId,
        kind: 'session' as const,
        sessionId: p.id,
        businessDate: p.date,
      })),
    );
    await tx.insert(capacityPoolStripes).values(
      batch.flatMap((p) =>
        splitCapacity(p.capacity, sessionStripeCount(p.capacity)).map((capacity, stripe) => ({
          poolId: p.poolId,
          stripe,
          capacity,
        })),
      ),
    );
    await tx
      .insert(sessionProducts)
      .values(batch.flatMap((p) => input.productIds.map((productId) => ({ sessionId: p.id, productId }))));
    created.push(...batch.map((p) => p.id));
  }
  return created;
}

export async function generateSessions(
  ctx: ServiceContext,
  siteId: string,
  input: GenerateSessionsInput,
): Promise<{ created: number; sessionIds: string[] }> {
  await requirePermission(ctx, 'catalog.write', siteId);
  return inTransaction(ctx, async (tx) => {
    // One generation at a time per site, so two admins cannot create the same slots twice.
    await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId)).for('update');
    const { site, planned, duplicates } = await plan(tx.db, siteId, input);
    if (duplicates.length > 0) {
      throw new AppError('sessions_would_duplicate', {
        details: {
          duplicates: duplicates.slice(0, 20).map((d) => ({ date: d.date, startTime: d.startTime })),
          count: duplicates.length,
        },
      });
    }
    const found = await tx.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.siteId, siteId), inArray(products.id, input.productIds)));
    if (found.length !== new Set(input.productIds).size) throw new AppError('product_not_found');
    const sessionIds = await insertSessions(tx.db, siteId, input, planned, site.dailyMaxCapacity);
    await recordAudit(tx, {
      action: 'catalog.sessions.generated',
      siteId,
      target: { type: 'site', id: siteId },
      details: {
        kind: input.kind,
        from: input.from,
        to: input.to,
        count: sessionIds.length,
        capacity: input.capacity,
      },
    });
    return { created: sessionIds.length, sessionIds };
  });
}

export type SessionRecord = {
  id: string;
  siteId: string;
  kind: SessionKind;
  nameZh: string;
  nameEn: string;
  businessDate: string;
  startsAt: Date;
  endsAt: Date;
  routeFrom: string | null;
  routeTo: string | null;
  status: 'open' | 'closed' | 'cancelled';
  capacity: number;
  sold: number;
  held: number;
  remaining: number;
  productIds: string[];
};

export async function loadSessions(
  db: Queryable,
  siteId: string,
  where: { from: string; to: string } | { ids: string[] },
): Promise<SessionRecord[]> {
  const rows = await db
    .select({
      session: sessions,
      capacity: sql<number>`coalesce(sum(${capacityPoolStripes.capacity}), 0)::int8`,
      sold: sql<number>`coalesce(sum(${capacityPoolStripes.sold}), 0)::int8`,
      held: sql<number>`coalesce(sum(${capacityPoolStripes.held}), 0)::int8`,
    })
    .from(sessions)
    .leftJoin(capacityPools, and(eq(capacityPools.sessionId, sessions.id), eq(capacityPools.kind, 'session')))
    .leftJoin(capacityPoolStripes, eq(capacityPoolStripes.poolId, capacityPools.id))
    .where(
      and(
        eq(sessions.siteId, siteId),
        'ids' in where
          ? inArray(sessions.id, where.ids)
          : and(sql`${sessions.businessDate} >= ${where.from}`, sql`${sessions.businessDate} <= ${where.to}`),
      ),
    )
    .groupBy(sessions.id)
    .orderBy(asc(sessions.startsAt));
  if (rows.length === 0) return [];
  const mapping = await db
    .select()
    .from(sessionProducts)
    .where(
      inArray(
        sessionProducts.sessionId,
        rows.map((r) => r.session.id),
      ),
    );
  return rows.map(({ session, capacity, sold, held }) => ({
    ...session,
    capacity,
    sold,
    held,
    remaining: Math.max(0, capacity - sold - held),
    productIds: mapping.filter((m) => m.sessionId === session.id).map((m) => m.productId),
  }));
}

export async function listSessions(ctx: ServiceContext, siteId: string, range: { from: string; to: string }) {
  await requirePermission(ctx, 'catalog.read', siteId);
  return loadSessions(ctx.db, siteId, range);
}

/**
 * Changes a session's capacity (never below what is sold and held: capacity_below_sold) or status.
 * The stripes are locked in order, as every capacity transaction does, so this never deadlocks with
 * a sale.
 */
export async function updateSession(
  ctx: ServiceContext,
  siteId: string,
  sessionId: string,
  patch: { capacity?: number; status?: 'open' | 'closed' | 'cancelled' },
): Promise<SessionRecord> {
  await requirePermission(ctx, 'catalog.write', siteId);
  await inTransaction(ctx, async (tx) => {
    const [session] = await tx.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.siteId, siteId)))
      .for('update');
    if (!session) throw new AppError('session_not_found');
    const details: Record<string, unknown> = {};
    if (patch.capacity !== undefined) {
      if (!Number.isSafeInteger(patch.capacity) || patch.capacity < 0) throw new AppError('capacity_invalid');
      const [pool] = await tx.db
        .select({ id: capacityPools.id })
        .from(capacityPools)
        .where(and(eq(capacityPools.sessionId, sessionId), eq(capacityPools.kind, 'session')));
      const all = await tx.db
        .select()
        .from(capacityPoolStripes)
        .where(eq(capacityPoolStripes.poolId, pool!.id))
        .orderBy(asc(capacityPoolStripes.stripe))
        .for('update');
      // Channels' allocations keep their places; the general stripes take the rest of the new capacity.
      const stripes = all.filter((s) => s.channelId === null);
      const allocated = all.reduce((n, s) => n + (s.channelId === null ? 0 : s.capacity), 0);
      const next = patch.capacity >= allocated ? restripe(stripes, patch.capacity - allocated) : null;
      if (!next) {
        const used = all.reduce((n, s) => n + s.sold + s.held, 0);
        throw new AppError('capacity_below_sold', {
          // Channels' allocations count too: release one first to go below it.
          details: { soldAndHeld: used, allocated, requested: patch.capacity },
        });
      }
      for (const [i, stripe] of stripes.entries()) {
        await tx.db
          .update(capacityPoolStripes)
          .set({ capacity: next[i]! })
          .where(
            and(eq(capacityPoolStripes.poolId, stripe.poolId), eq(capacityPoolStripes.stripe, stripe.stripe)),
          );
      }
      details.capacityBefore = all.reduce((n, s) => n + s.capacity, 0);
      details.capacityAfter = patch.capacity;
    }
    if (patch.status !== undefined && patch.status !== session.status) {
      if (session.status === 'cancelled') throw new AppError('session_cancelled');
      await tx.db
        .update(sessions)
        .set({ status: patch.status, updatedAt: ctx.clock.now() })
        .where(eq(sessions.id, sessionId));
      details.statusBefore = session.status;
      details.statusAfter = patch.status;
    }
    const verb = patch.status === 'cancelled' ? 'cancelled' : 'updated';
    await recordAudit(tx, {
      action: `catalog.session.${verb}`,
      siteId,
      target: { type: 'session', id: sessionId },
      details,
    });
  });
  return (await loadSessions(ctx.db, siteId, { ids: [sessionId] }))[0]!;
}
