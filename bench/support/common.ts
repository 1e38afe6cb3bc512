// What every benchmark needs: a database of its own next to the given URL, percentiles, a throwaway
// key ring, and a ticket type and site to sell. Not a benchmark itself (scripts/test.mjs runs only
// bench/*.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { KeyRing, ProductInput, SiteInput } from '@admit/services';

export function withDatabase(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the server's `postgres` database (create and drop the bench's own). */
export async function adminQuery(url: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function benchKeyRing(): KeyRing {
  const key = randomBytes(32);
  return { currentId: 'bench', keys: new Map([['bench', key]]), current: key };
}

export const benchProduct = (code: string, extra: Partial<ProductInput> = {}): ProductInput => ({
  code,
  nameZh: code,
  nameEn: code,
  descriptionZh: '',
  descriptionEn: '',
  category: 'adult',
  eligibilityZh: '',
  eligibilityEn: '',
  requiredDocuments: [],
  listPrice: 12000,
  validity: { kind: 'session' },
  entries: { kind: 'single' },
  realName: false,
  minAge: null,
  maxAge: null,
  channels: ['box_office', 'online', 'api'],
  saleStartsAt: null,
  saleEndsAt: null,
  releaseDaysAhead: null,
  releaseTime: null,
  minPerOrder: 1,
  maxPerOrder: 20,
  refundPolicy: { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'none' } },
  rebookPolicy: { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'none' } },
  countsTowardsDailyMax: true,
  sortOrder: 0,
  comboParts: [],
  ...extra,
});

export const benchSite = (extra: Partial<SiteInput> = {}): SiteInput => ({
  code: 'BENCH',
  nameZh: '压测景区',
  nameEn: 'Bench Scenic Area',
  kind: 'scenic_area',
  timeZone: 'Asia/Shanghai',
  addressZh: '',
  addressEn: '',
  contactPhone: '',
  openingHours: [],
  dailyMaxCapacity: null,
  instantMaxCapacity: null,
  ...extra,
});
