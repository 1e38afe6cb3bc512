// The catalog as the sale path needs it — the site, its ticket types, everything pricing reads —
// cached per site for a short time, because every sale reads it and it changes rarely; likewise a
// session's status, times and pools. Capacity is never cached: the sale's conditional updates decide.
import { AppError, orderSiteCode, type PricingCatalog } from '@admit/domain';
import type { Queryable } from '@admit/db';
import { loadPricingCatalog } from '../catalog/prices';
import { loadProducts, type ProductRecord } from '../catalog/products';
import { loadSite } from '../catalog/sites';

export type SaleCatalog = {
  site: {
    id: string;
    code: string;
    orderCode: string;
    nameZh: string;
    nameEn: string;
    timeZone: string;
    active: boolean;
  };
  products: Map<string, ProductRecord>;
  /** In box-office order: sort order, then code. */
  productList: ProductRecord[];
  pricing: PricingCatalog;
};

export class SaleCatalogCache {
  private readonly entries = new Map<string, { at: number; value: Promise<SaleCatalog> }>();
  private readonly other = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly ttlMs: number) {}

  get(db: Queryable, siteId: string): Promise<SaleCatalog> {
    const now = Date.now();
    const hit = this.entries.get(siteId);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load(db, siteId);
    if (this.ttlMs > 0) {
      this.entries.set(siteId, { at: now, value });
      value.catch(() => this.entries.delete(siteId));
    }
    return value;
  }

  /** Anything else the sale path reads on every sale and may see up to the same TTL late (sessions). */
  memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.other.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    if (this.ttlMs > 0) {
      if (this.other.size > 5000) this.other.clear();
      this.other.set(key, { at: now, value });
      value.catch(() => this.other.delete(key));
    }
    return value;
  }

  invalidate(siteId?: string): void {
    if (siteId) this.entries.delete(siteId);
    else this.entries.clear();
    this.other.clear();
  }
}

async function load(db: Queryable, siteId: string): Promise<SaleCatalog> {
  const site = await loadSite(db, siteId);
  if (!site.active) throw new AppError('site_not_found');
  const productList = await loadProducts(db, siteId);
  const pricing = await loadPricingCatalog(db, siteId);
  return {
    site: {
      id: site.id,
      code: site.code,
      orderCode: orderSiteCode(site.code),
      nameZh: site.nameZh,
      nameEn: site.nameEn,
      timeZone: site.timeZone,
      active: site.active,
    },
    products: new Map(productList.map((p) => [p.id, p])),
    productList,
    pricing,
  };
}
