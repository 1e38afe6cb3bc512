// Ticket types (票种): validated by the domain rules, combo parts with their revenue shares, audited.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { newId, productComboParts, products, sites, type Queryable } from '@admit/db';
import {
  AppError,
  comboSharesValid,
  productProblems,
  type AfterSalePolicy,
  type Entries,
  type ProductCategory,
  type SalesChannel,
  type Validity,
} from '@admit/domain';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { requirePermission } from '../accounts/authorize';
import { loadSite } from './sites';

export type ComboPart = { siteId: string; gateIds: string[]; shareBasisPoints: number };

export type ProductInput = {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: ProductCategory;
  eligibilityZh: string;
  eligibilityEn: string;
  requiredDocuments: string[];
  listPrice: number;
  validity: Validity;
  entries: Entries;
  realName: boolean;
  minAge: number | null;
  maxAge: number | null;
  channels: SalesChannel[];
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
  releaseDaysAhead: number | null;
  releaseTime: string | null;
  minPerOrder: number;
  maxPerOrder: number;
  refundPolicy: AfterSalePolicy;
  rebookPolicy: AfterSalePolicy;
  countsTowardsDailyMax: boolean;
  autoRefundAtExpiry?: boolean;
  sortOrder: number;
  comboParts: ComboPart[];
};

type ProductRow = typeof products.$inferSelect;
export type ProductRecord = Omit<
  ProductRow,
  'validity' | 'entries' | 'refundPolicy' | 'rebookPolicy' | 'category' | 'channels'
> & {
  category: ProductCategory;
  channels: SalesChannel[];
  validity: Validity;
  entries: Entries;
  refundPolicy: AfterSalePolicy;
  rebookPolicy: AfterSalePolicy;
  comboParts: ComboPart[];
};

function check(input: ProductInput): void {
  const problems = productProblems(input);
  if (problems.length > 0) throw new AppError(problems[0]!, { details: { rules: problems } });
  if (input.comboParts.length > 0 && !comboSharesValid(input.comboParts.map((p) => p.shareBasisPoints))) {
    throw new AppError('combo_shares_invalid');
  }
}

export async function loadProducts(db: Queryable, siteId: string, ids?: string[]): Promise<ProductRecord[]> {
  const rows = await db
    .select()
    .from(products)
    .where(and(eq(products.siteId, siteId), ids ? inArray(products.id, ids) : undefined))
    .orderBy(asc(products.sortOrder), asc(products.code));
  if (rows.length === 0) return [];
  const parts = await db
    .select()
    .from(productComboParts)
    .where(
      inArray(
        productComboParts.comboProductId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((row) => ({
    ...row,
    category: row.category as ProductCategory,
    channels: row.channels as SalesChannel[],
    validity: row.validity as Validity,
    entries: row.entries as Entries,
    refundPolicy: row.refundPolicy as AfterSalePolicy,
    rebookPolicy: row.rebookPolicy as AfterSalePolicy,
    comboParts: parts
      .filter((p) => p.comboProductId === row.id)
      .map((p) => ({ siteId: p.siteId, gateIds: p.gateIds, shareBasisPoints: p.shareBasisPoints })),
  }));
}

async function loadProduct(db: Queryable, siteId: string, id: string): Promise<ProductRecord> {
  const [found] = await loadProducts(db, siteId, [id]);
  if (!found) throw new AppError('product_not_found');
  return found;
}

async function writeComboParts(db: Queryable, productId: string, parts: ComboPart[]): Promise<void> {
  await db.delete(productComboParts).where(eq(productComboParts.comboProductId, productId));
  if (parts.length === 0) return;
  const siteIds = [...new Set(parts.map((p) => p.siteId))];
  const found = await db.select({ id: sites.id }).from(sites).where(inArray(sites.id, siteIds));
  if (found.length !== siteIds.length) throw new AppError('site_not_found');
  await db
    .insert(productComboParts)
    .values(parts.map((p) => ({ id: newId(), comboProductId: productId, ...p })));
}

export async function createProduct(
  ctx: ServiceContext,
  siteId: string,
  input: ProductInput,
): Promise<ProductRecord> {
  await requirePermission(ctx, 'catalog.write', siteId);
  check(input);
  const id = newId(ctx.clock.now().getTime());
  const { comboParts, ...columns } = input;
  await inTransaction(ctx, async (tx) => {
    await loadSite(tx.db, siteId);
    const [taken] = await tx.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.siteId, siteId), eq(products.code, input.code)));
    if (taken) throw new AppError('product_code_taken');
    await tx.db
      .insert(products)
      .values({ id, siteId, ...columns, createdAt: ctx.clock.now(), updatedAt: ctx.clock.now() });
    await writeComboParts(tx.db, id, comboParts);
    await recordAudit(tx, {
      action: 'catalog.product.created',
      siteId,
      target: { type: 'product', id },
      details: { code: input.code, category: input.category, listPrice: input.listPrice },
    });
  });
  return loadProduct(ctx.db, siteId, id);
}

export async function updateProduct(
  ctx: ServiceContext,
  siteId: string,
  productId: string,
  patch: Partial<Omit<ProductInput, 'code'>> & { active?: boolean },
): Promise<ProductRecord> {
  await requirePermission(ctx, 'catalog.write', siteId);
  await inTransaction(ctx, async (tx) => {
    const before = await loadProduct(tx.db, siteId, productId);
    const { comboParts, active, ...rest } = patch;
    const merged: ProductInput = { ...before, ...rest, comboParts: comboParts ?? before.comboParts };
    check(merged);
    await tx.db
      .update(products)
      .set({ ...rest, ...(active === undefined ? {} : { active }), updatedAt: ctx.clock.now() })
      .where(eq(products.id, productId));
    if (comboParts) await writeComboParts(tx.db, productId, comboParts);
    await recordAudit(tx, {
      action: 'catalog.product.updated',
      siteId,
      target: { type: 'product', id: productId },
      details: {
        fields: Object.keys(patch),
        ...(patch.listPrice !== undefined
          ? { listPriceBefore: before.listPrice, listPriceAfter: patch.listPrice }
          : {}),
      },
    });
  });
  return loadProduct(ctx.db, siteId, productId);
}

export async function listProducts(ctx: ServiceContext, siteId: string): Promise<ProductRecord[]> {
  await requirePermission(ctx, 'catalog.read', siteId);
  return loadProducts(ctx.db, siteId);
}

export async function getProduct(
  ctx: ServiceContext,
  siteId: string,
  productId: string,
): Promise<ProductRecord> {
  await requirePermission(ctx, 'catalog.read', siteId);
  return loadProduct(ctx.db, siteId, productId);
}
