// Sites and their gates and closed dates. Writes need catalog.write (at the site, or for all sites to
// create one); every change is audited.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { gates, newId, siteClosedDates, sites, type Queryable } from '@admit/db';
import { AppError, isValidTimeZone } from '@admit/domain';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { can, requirePermission } from '../accounts/authorize';

export type SiteInput = {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'scenic_area' | 'museum' | 'venue' | 'transport';
  timeZone: string;
  addressZh: string;
  addressEn: string;
  contactPhone: string;
  openingHours: { weekday: number; opens: string; closes: string }[];
  dailyMaxCapacity: number | null;
  instantMaxCapacity: number | null;
};

export type SiteRecord = typeof sites.$inferSelect & { closedDates: { date: string; reason: string }[] };

function checkSite(input: Partial<SiteInput>): void {
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    throw new AppError('unknown_time_zone', { details: { timeZone: input.timeZone } });
  }
  for (const value of [input.dailyMaxCapacity, input.instantMaxCapacity]) {
    if (value !== undefined && value !== null && (!Number.isSafeInteger(value) || value < 1))
      throw new AppError('capacity_invalid');
  }
}

export async function loadSite(db: Queryable, siteId: string): Promise<SiteRecord> {
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) throw new AppError('site_not_found');
  const closed = await db
    .select({ date: siteClosedDates.date, reason: siteClosedDates.reason })
    .from(siteClosedDates)
    .where(eq(siteClosedDates.siteId, siteId))
    .orderBy(asc(siteClosedDates.date));
  return { ...site, closedDates: closed };
}

export async function createSite(ctx: ServiceContext, input: SiteInput): Promise<SiteRecord> {
  await requirePermission(ctx, 'catalog.write');
  checkSite(input);
  const id = newId(ctx.clock.now().getTime());
  await inTransaction(ctx, async (tx) => {
    const [taken] = await tx.db.select({ id: sites.id }).from(sites).where(eq(sites.code, input.code));
    if (taken) throw new AppError('site_code_taken');
    await tx.db
      .insert(sites)
      .values({ id, ...input, createdAt: ctx.clock.now(), updatedAt: ctx.clock.now() });
    await recordAudit(tx, {
      action: 'catalog.site.created',
      siteId: id,
      target: { type: 'site', id },
      details: { code: input.code },
    });
  });
  return loadSite(ctx.db, id);
}

export async function updateSite(
  ctx: ServiceContext,
  siteId: string,
  patch: Partial<Omit<SiteInput, 'code'>> & { active?: boolean },
): Promise<SiteRecord> {
  await requirePermission(ctx, 'catalog.write', siteId);
  checkSite(patch);
  await inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(sites)
      .set({ ...patch, updatedAt: ctx.clock.now() })
      .where(eq(sites.id, siteId))
      .returning({ id: sites.id });
    if (updated.length === 0) throw new AppError('site_not_found');
    await recordAudit(tx, {
      action: 'catalog.site.updated',
      siteId,
      target: { type: 'site', id: siteId },
      details: { fields: Object.keys(patch) },
    });
  });
  return loadSite(ctx.db, siteId);
}

export async function getSite(ctx: ServiceContext, siteId: string): Promise<SiteRecord> {
  await requirePermission(ctx, 'catalog.read', siteId);
  return loadSite(ctx.db, siteId);
}

/** The sites whose catalog the caller may read. */
export async function listCatalogSites(ctx: ServiceContext): Promise<SiteRecord[]> {
  const all = await ctx.db.select().from(sites).orderBy(asc(sites.code));
  const visible = all.filter((s) => can(ctx, 'catalog.read', s.id));
  if (visible.length === 0) {
    if (all.length > 0) await requirePermission(ctx, 'catalog.read');
    return [];
  }
  const closed = await ctx.db
    .select()
    .from(siteClosedDates)
    .where(
      inArray(
        siteClosedDates.siteId,
        visible.map((s) => s.id),
      ),
    )
    .orderBy(asc(siteClosedDates.date));
  return visible.map((s) => ({
    ...s,
    closedDates: closed.filter((c) => c.siteId === s.id).map(({ date, reason }) => ({ date, reason })),
  }));
}

export async function setClosedDates(
  ctx: ServiceContext,
  siteId: string,
  dates: { date: string; reason: string }[],
): Promise<SiteRecord> {
  await requirePermission(ctx, 'catalog.write', siteId);
  await inTransaction(ctx, async (tx) => {
    await loadSite(tx.db, siteId);
    await tx.db.delete(siteClosedDates).where(eq(siteClosedDates.siteId, siteId));
    const unique = [...new Map(dates.map((d) => [d.date, d])).values()];
    if (unique.length > 0) await tx.db.insert(siteClosedDates).values(unique.map((d) => ({ siteId, ...d })));
    await recordAudit(tx, {
      action: 'catalog.site.closed_dates_set',
      siteId,
      target: { type: 'site', id: siteId },
      details: { dates: unique.map((d) => d.date) },
    });
  });
  return loadSite(ctx.db, siteId);
}

export type GateInput = {
  code: string;
  nameZh: string;
  nameEn: string;
  direction: 'entry' | 'exit' | 'both';
};

export async function createGate(ctx: ServiceContext, siteId: string, input: GateInput) {
  await requirePermission(ctx, 'catalog.write', siteId);
  const id = newId(ctx.clock.now().getTime());
  await inTransaction(ctx, async (tx) => {
    await loadSite(tx.db, siteId);
    const [taken] = await tx.db
      .select({ id: gates.id })
      .from(gates)
      .where(and(eq(gates.siteId, siteId), eq(gates.code, input.code)));
    if (taken) throw new AppError('gate_code_taken');
    await tx.db.insert(gates).values({ id, siteId, ...input });
    await recordAudit(tx, {
      action: 'catalog.gate.created',
      siteId,
      target: { type: 'gate', id },
      details: { code: input.code, direction: input.direction },
    });
  });
  const [gate] = await ctx.db.select().from(gates).where(eq(gates.id, id));
  return gate!;
}

export async function updateGate(
  ctx: ServiceContext,
  siteId: string,
  gateId: string,
  patch: Partial<Omit<GateInput, 'code'>> & { active?: boolean },
) {
  await requirePermission(ctx, 'catalog.write', siteId);
  const [gate] = await inTransaction(ctx, async (tx) => {
    const updated = await tx.db
      .update(gates)
      .set({ ...patch, updatedAt: ctx.clock.now() })
      .where(and(eq(gates.id, gateId), eq(gates.siteId, siteId)))
      .returning();
    if (updated.length === 0) throw new AppError('gate_not_found');
    await recordAudit(tx, {
      action: 'catalog.gate.updated',
      siteId,
      target: { type: 'gate', id: gateId },
      details: { fields: Object.keys(patch) },
    });
    return updated;
  });
  return gate!;
}

export async function listGates(ctx: ServiceContext, siteId: string) {
  await requirePermission(ctx, 'catalog.read', siteId);
  return ctx.db.select().from(gates).where(eq(gates.siteId, siteId)).orderBy(asc(gates.code));
}
