// Prices: versions with effective dates (never overlapping within a site), their rules per day type,
// season and channel, group rules, the site's peak dates and seasons, the national holiday calendar
// (imported from CSV each year), and the price quote with its explanation.
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import {
  groupRules,
  holidayCalendar,
  newId,
  priceRules,
  priceVersions,
  products,
  sitePeakDates,
  siteSeasons,
  sites,
  type Queryable,
} from '@admit/db';
import {
  AppError,
  dayTypesOf,
  isCivilDate,
  priceOrder,
  PricingError,
  rangesOverlap,
  seasonOf,
  versionInForce,
  type DayCalendar,
  type DayType,
  type PriceQuote,
  type PriceRequest,
  type PricingCatalog,
  type ProductCategory,
  type SalesChannel,
  type Season,
} from '@admit/domain';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { requirePermission } from '../accounts/authorize';
import { loadSite } from './sites';

export type PriceRuleInput = {
  productId: string;
  dayType: DayType;
  season: Season | null;
  channel: SalesChannel | null;
  price: number;
};
export type PriceVersionInput = {
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  rules: PriceRuleInput[];
};

export async function loadPriceVersions(db: Queryable, siteId: string) {
  const versions = await db
    .select()
    .from(priceVersions)
    .where(eq(priceVersions.siteId, siteId))
    .orderBy(asc(priceVersions.effectiveFrom));
  const rules = versions.length
    ? await db
        .select()
        .from(priceRules)
        .where(
          inArray(
            priceRules.versionId,
            versions.map((v) => v.id),
          ),
        )
    : [];
  return versions.map((v) => ({
    ...v,
    rules: rules
      .filter((r) => r.versionId === v.id)
      .map(({ id, productId, dayType, season, channel, price }) => ({
        id,
        productId,
        dayType,
        season,
        channel,
        price,
      })),
  }));
}

async function checkVersion(
  tx: Queryable,
  siteId: string,
  input: PriceVersionInput,
  exceptId: string | null,
): Promise<void> {
  if (input.effectiveTo !== null && input.effectiveTo < input.effectiveFrom)
    throw new AppError('validation_failed', { details: { field: 'effectiveTo' } });
  const seen = new Set<string>();
  for (const rule of input.rules) {
    if (!Number.isSafeInteger(rule.price) || rule.price < 0)
      throw new AppError('price_negative', { details: { productId: rule.productId } });
    const key = `${rule.productId}|${rule.dayType}|${rule.season ?? ''}|${rule.channel ?? ''}`;
    if (seen.has(key))
      throw new AppError('price_rule_duplicate', {
        details: { productId: rule.productId, dayType: rule.dayType },
      });
    seen.add(key);
  }
  // Serialize price edits of one site, so two admins cannot create overlapping versions at once.
  await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId)).for('update');
  const others = (await tx.select().from(priceVersions).where(eq(priceVersions.siteId, siteId))).filter(
    (v) => v.id !== exceptId,
  );
  const clash = others.find((v) =>
    rangesOverlap(
      { from: v.effectiveFrom, to: v.effectiveTo },
      { from: input.effectiveFrom, to: input.effectiveTo },
    ),
  );
  if (clash)
    throw new AppError('price_versions_overlap', { details: { versionId: clash.id, name: clash.name } });
  const productIds = [...new Set(input.rules.map((r) => r.productId))];
  if (productIds.length > 0) {
    const found = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.siteId, siteId), inArray(products.id, productIds)));
    if (found.length !== productIds.length) throw new AppError('product_not_found');
  }
}

export async function createPriceVersion(ctx: ServiceContext, siteId: string, input: PriceVersionInput) {
  await requirePermission(ctx, 'catalog.write', siteId);
  const id = newId(ctx.clock.now().getTime());
  await inTransaction(ctx, async (tx) => {
    await loadSite(tx.db, siteId);
    await checkVersion(tx.db, siteId, input, null);
    await tx.db.insert(priceVersions).values({
      id,
      siteId,
      name: input.name,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo,
    });
    if (input.rules.length > 0)
      await tx.db.insert(priceRules).values(input.rules.map((r) => ({ id: newId(), versionId: id, ...r })));
    await recordAudit(tx, {
      action: 'catalog.price_version.created',
      siteId,
      target: { type: 'price_version', id },
      details: {
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo,
        rules: input.rules.length,
      },
    });
  });
  return (await loadPriceVersions(ctx.db, siteId)).find((v) => v.id === id)!;
}

export async function updatePriceVersion(
  ctx: ServiceContext,
  siteId: string,
  versionId: string,
  input: PriceVersionInput,
) {
  await requirePermission(ctx, 'catalog.write', siteId);
  await inTransaction(ctx, async (tx) => {
    const [existing] = await tx.db
      .select()
      .from(priceVersions)
      .where(and(eq(priceVersions.id, versionId), eq(priceVersions.siteId, siteId)));
    if (!existing) throw new AppError('price_version_not_found');
    await checkVersion(tx.db, siteId, input, versionId);
    await tx.db
      .update(priceVersions)
      .set({ name: input.name, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo })
      .where(eq(priceVersions.id, versionId));
    await tx.db.delete(priceRules).where(eq(priceRules.versionId, versionId));
    if (input.rules.length > 0)
      await tx.db.insert(priceRules).values(input.rules.map((r) => ({ id: newId(), versionId, ...r })));
    await recordAudit(tx, {
      action: 'catalog.price_version.updated',
      siteId,
      target: { type: 'price_version', id: versionId },
      details: {
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo,
        rules: input.rules.length,
      },
    });
  });
  return (await loadPriceVersions(ctx.db, siteId)).find((v) => v.id === versionId)!;
}

export async function listPriceVersions(ctx: ServiceContext, siteId: string) {
  await requirePermission(ctx, 'catalog.read', siteId);
  return loadPriceVersions(ctx.db, siteId);
}

export type GroupRuleInput = {
  productId: string;
  minQuantity: number;
  price: number;
  guideProductId: string | null;
  freeGuidePlaces: number;
};

export async function setGroupRule(ctx: ServiceContext, siteId: string, input: GroupRuleInput) {
  await requirePermission(ctx, 'catalog.write', siteId);
  if (!Number.isSafeInteger(input.price) || input.price < 0) throw new AppError('price_negative');
  return inTransaction(ctx, async (tx) => {
    const ids = [input.productId, ...(input.guideProductId ? [input.guideProductId] : [])];
    const found = await tx.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.siteId, siteId), inArray(products.id, ids)));
    if (found.length !== new Set(ids).size) throw new AppError('product_not_found');
    const [rule] = await tx.db
      .insert(groupRules)
      .values({ id: newId(), siteId, ...input })
      .onConflictDoUpdate({ target: groupRules.productId, set: { ...input } })
      .returning();
    await recordAudit(tx, {
      action: 'catalog.group_rule.set',
      siteId,
      target: { type: 'product', id: input.productId },
      details: { ...input },
    });
    return rule!;
  });
}

export async function listGroupRules(ctx: ServiceContext, siteId: string) {
  await requirePermission(ctx, 'catalog.read', siteId);
  return ctx.db.select().from(groupRules).where(eq(groupRules.siteId, siteId));
}

export type SiteCalendarInput = {
  peakDates: { date: string; name: string }[];
  seasons: { dateFrom: string; dateTo: string; season: Season }[];
};

export async function setSiteCalendar(ctx: ServiceContext, siteId: string, input: SiteCalendarInput) {
  await requirePermission(ctx, 'catalog.write', siteId);
  if (input.seasons.some((s) => s.dateTo < s.dateFrom))
    throw new AppError('validation_failed', { details: { field: 'seasons' } });
  await inTransaction(ctx, async (tx) => {
    await loadSite(tx.db, siteId);
    await tx.db.delete(sitePeakDates).where(eq(sitePeakDates.siteId, siteId));
    await tx.db.delete(siteSeasons).where(eq(siteSeasons.siteId, siteId));
    const peaks = [...new Map(input.peakDates.map((p) => [p.date, p])).values()];
    if (peaks.length) await tx.db.insert(sitePeakDates).values(peaks.map((p) => ({ siteId, ...p })));
    if (input.seasons.length)
      await tx.db.insert(siteSeasons).values(input.seasons.map((s) => ({ id: newId(), siteId, ...s })));
    await recordAudit(tx, {
      action: 'catalog.calendar.set',
      siteId,
      target: { type: 'site', id: siteId },
      details: { peakDates: peaks.length, seasons: input.seasons.length },
    });
  });
  return getSiteCalendar(ctx.db, siteId);
}

export async function getSiteCalendar(db: Queryable, siteId: string) {
  const peakDates = await db
    .select({ date: sitePeakDates.date, name: sitePeakDates.name })
    .from(sitePeakDates)
    .where(eq(sitePeakDates.siteId, siteId))
    .orderBy(asc(sitePeakDates.date));
  const seasons = await db
    .select({ dateFrom: siteSeasons.dateFrom, dateTo: siteSeasons.dateTo, season: siteSeasons.season })
    .from(siteSeasons)
    .where(eq(siteSeasons.siteId, siteId))
    .orderBy(asc(siteSeasons.dateFrom));
  return { peakDates, seasons };
}

/**
 * Imports the national holiday calendar from CSV: `date,kind,name` per line, kind `holiday` or
 * `workday` (a make-up working day, 调休). The years in the file replace those years' entries.
 */
export async function importHolidayCalendar(
  ctx: ServiceContext,
  csv: string,
): Promise<{ imported: number; years: number[] }> {
  await requirePermission(ctx, 'catalog.write');
  const entries: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [];
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || (index === 0 && /^date\s*,/i.test(line))) return;
    const [date = '', kind = '', ...name] = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (!isCivilDate(date) || (kind !== 'holiday' && kind !== 'workday')) {
      throw new AppError('holiday_csv_invalid', { details: { line: index + 1, text: line.slice(0, 80) } });
    }
    entries.push({ date, kind, name: name.join(',').slice(0, 60) });
  });
  if (entries.length === 0) throw new AppError('holiday_csv_invalid', { details: { reason: 'no rows' } });
  const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))].sort();
  await inTransaction(ctx, async (tx) => {
    for (const year of years) {
      await tx.db
        .delete(holidayCalendar)
        .where(and(gte(holidayCalendar.date, `${year}-01-01`), lte(holidayCalendar.date, `${year}-12-31`)));
    }
    const unique = [...new Map(entries.map((e) => [e.date, e])).values()];
    await tx.db.insert(holidayCalendar).values(unique);
    await recordAudit(tx, { action: 'catalog.holidays.imported', details: { years, rows: unique.length } });
  });
  return { imported: entries.length, years };
}

/** Everything pricing needs for a site, read once (a quote, a sale, the explainer). */
export async function loadPricingCatalog(
  db: Queryable,
  siteId: string,
): Promise<PricingCatalog & { versionNames: Map<string, string> }> {
  const productRows = await db
    .select({ id: products.id, category: products.category, listPrice: products.listPrice })
    .from(products)
    .where(eq(products.siteId, siteId));
  const versions = await loadPriceVersions(db, siteId);
  const groups = await db.select().from(groupRules).where(eq(groupRules.siteId, siteId));
  const holidays = await db.select().from(holidayCalendar);
  const { peakDates, seasons } = await getSiteCalendar(db, siteId);
  const calendar: DayCalendar = {
    holidays: new Map(holidays.map((h) => [h.date, h.kind])),
    peakDates: new Set(peakDates.map((p) => p.date)),
    seasons: seasons.map((s) => ({ from: s.dateFrom, to: s.dateTo, season: s.season })),
  };
  return {
    products: productRows.map((p) => ({ ...p, category: p.category as ProductCategory })),
    versions: versions.map((v) => ({
      id: v.id,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      rules: v.rules,
    })),
    groupRules: groups.map((g) => ({ ...g })),
    calendar,
    versionNames: new Map(versions.map((v) => [v.id, v.name])),
  };
}

export type ExplainedQuote = PriceQuote & {
  dayTypes: DayType[];
  season: Season | null;
  priceVersion: { id: string; name: string } | null;
};

/** A price quote with the rule behind each line: the price explainer of the admin screens. */
export async function quotePrice(
  ctx: ServiceContext,
  siteId: string,
  request: PriceRequest,
): Promise<ExplainedQuote> {
  await requirePermission(ctx, 'catalog.read', siteId);
  await loadSite(ctx.db, siteId);
  const catalog = await loadPricingCatalog(ctx.db, siteId);
  let quote: PriceQuote;
  try {
    quote = priceOrder(catalog, request);
  } catch (error) {
    if (error instanceof PricingError) {
      throw new AppError(error.code === 'unknown_product' ? 'product_not_found' : 'validation_failed', {
        details: { productId: error.productId },
      });
    }
    throw error;
  }
  const version = versionInForce(catalog.versions, request.date);
  return {
    ...quote,
    dayTypes: dayTypesOf(request.date, catalog.calendar),
    season: seasonOf(request.date, catalog.calendar),
    priceVersion: version ? { id: version.id, name: catalog.versionNames.get(version.id) ?? '' } : null,
  };
}
