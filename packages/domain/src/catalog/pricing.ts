// Pricing: catalog + date + channel + quantities → priced lines and a total in fen, each line saying
// which rule decided it (the price explainer). Pure: no I/O, no clock.
//
// The rules, in the order that decides (documented for sellers and auditors):
//   1. A free or complimentary ticket type costs 0 (national policy: children 6 and under, seniors 65+,
//      soldiers…), whatever else applies.
//   2. A group rule: when an order holds at least `minQuantity` of the group ticket type, each costs the
//      group price; up to `freeGuidePlaces` tickets of the guide type in the same order cost 0.
//   3. A price rule of the price version in force on the date: the most specific day type the date has
//      (peak, holiday, weekend, then weekday — the base) with a rule decides; among its rules one for
//      this channel beats one for every channel, and one for the date's season beats one for every
//      season. (So a weekday channel discount does not leak into weekend prices.)
//   4. Otherwise the ticket type's list price.
import { dayTypesOf, seasonOf, type DayCalendar, type DayType, type Season } from './calendar';

export type SalesChannel = 'box_office' | 'online' | 'api';
export const salesChannels: readonly SalesChannel[] = ['box_office', 'online', 'api'];

export type ProductCategory =
  'adult' | 'child' | 'student' | 'senior' | 'group' | 'free' | 'complimentary' | 'addon' | 'other';

export type PricedProduct = { id: string; category: ProductCategory; listPrice: number };

export type PriceRule = {
  id: string;
  productId: string;
  dayType: DayType;
  season: Season | null;
  /** null: every channel. */
  channel: SalesChannel | null;
  price: number;
};

export type PriceVersion = {
  id: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  rules: readonly PriceRule[];
};

export type GroupRule = {
  id: string;
  productId: string;
  minQuantity: number;
  price: number;
  guideProductId: string | null;
  freeGuidePlaces: number;
};

export type PricingCatalog = {
  products: readonly PricedProduct[];
  versions: readonly PriceVersion[];
  groupRules: readonly GroupRule[];
  calendar: DayCalendar;
};

export type Explanation =
  | { rule: 'free_category'; category: ProductCategory }
  | { rule: 'group'; groupRuleId: string; minQuantity: number }
  | { rule: 'group_guide_free'; groupRuleId: string; freeGuidePlaces: number }
  | {
      rule: 'price_rule';
      priceRuleId: string;
      versionId: string;
      dayType: DayType;
      season: Season | null;
      channel: SalesChannel | null;
      dayTypesOfDate: DayType[];
    }
  | { rule: 'list_price'; dayTypesOfDate: DayType[] }
  /** A channel partner's agreed price (channel_prices): it pays us the settlement price. */
  | { rule: 'channel_price'; channelId: string; settlementPrice: number; retailPrice: number };

export type PricedLine = {
  productId: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  explanation: Explanation;
};
export type PriceQuote = { date: string; channel: SalesChannel; lines: PricedLine[]; total: number };

export type PriceRequest = {
  date: string;
  channel: SalesChannel;
  quantities: readonly { productId: string; quantity: number }[];
};

export class PricingError extends Error {
  constructor(
    readonly code: 'unknown_product' | 'invalid_quantity',
    readonly productId: string,
  ) {
    super(`${code}: ${productId}`);
    this.name = 'PricingError';
  }
}

export function versionInForce(versions: readonly PriceVersion[], date: string): PriceVersion | null {
  // Versions never overlap (validated when saved); the latest start wins if data says otherwise.
  let found: PriceVersion | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo)) {
      if (!found || v.effectiveFrom > found.effectiveFrom) found = v;
    }
  }
  return found;
}

function ruleFor(
  version: PriceVersion | null,
  productId: string,
  channel: SalesChannel,
  dayTypes: DayType[],
  season: Season | null,
): PriceRule | null {
  if (!version) return null;
  const candidates = version.rules.filter(
    (r) =>
      r.productId === productId &&
      (r.channel === null || r.channel === channel) &&
      dayTypes.includes(r.dayType) &&
      (r.season === null || r.season === season),
  );
  const rank = (r: PriceRule) =>
    [dayTypes.indexOf(r.dayType), r.channel === null ? 1 : 0, r.season === null ? 1 : 0, r.id] as const;
  candidates.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
  return candidates[0] ?? null;
}

/** Prices an order. Lines come out in the order of the request, quantities of one product merged. */
export function priceOrder(catalog: PricingCatalog, request: PriceRequest): PriceQuote {
  const merged = new Map<string, number>();
  for (const { productId, quantity } of request.quantities) {
    if (!Number.isSafeInteger(quantity) || quantity < 0)
      throw new PricingError('invalid_quantity', productId);
    if (!catalog.products.some((p) => p.id === productId))
      throw new PricingError('unknown_product', productId);
    merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  }
  const dayTypes = dayTypesOf(request.date, catalog.calendar);
  const season = seasonOf(request.date, catalog.calendar);
  const version = versionInForce(catalog.versions, request.date);

  // Group rules that apply, and how many guide places each makes free.
  const activeGroups = catalog.groupRules
    .filter((g) => (merged.get(g.productId) ?? 0) >= g.minQuantity)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const guidePlaces = new Map<string, { ruleId: string; places: number }>();
  for (const g of activeGroups) {
    if (g.guideProductId && g.freeGuidePlaces > 0 && !guidePlaces.has(g.guideProductId)) {
      guidePlaces.set(g.guideProductId, { ruleId: g.id, places: g.freeGuidePlaces });
    }
  }

  const lines: PricedLine[] = [];
  for (const [productId, quantity] of merged) {
    if (quantity === 0) continue;
    const product = catalog.products.find((p) => p.id === productId)!;
    if (product.category === 'free' || product.category === 'complimentary') {
      lines.push({
        productId,
        quantity,
        unitPrice: 0,
        amount: 0,
        explanation: { rule: 'free_category', category: product.category },
      });
      continue;
    }
    const group = activeGroups.find((g) => g.productId === productId);
    if (group) {
      lines.push({
        productId,
        quantity,
        unitPrice: group.price,
        amount: group.price * quantity,
        explanation: { rule: 'group', groupRuleId: group.id, minQuantity: group.minQuantity },
      });
      continue;
    }
    let remaining = quantity;
    const guide = guidePlaces.get(productId);
    if (guide) {
      const free = Math.min(guide.places, remaining);
      lines.push({
        productId,
        quantity: free,
        unitPrice: 0,
        amount: 0,
        explanation: { rule: 'group_guide_free', groupRuleId: guide.ruleId, freeGuidePlaces: guide.places },
      });
      remaining -= free;
      if (remaining === 0) continue;
    }
    const rule = ruleFor(version, productId, request.channel, dayTypes, season);
    const unitPrice = rule ? rule.price : product.listPrice;
    lines.push({
      productId,
      quantity: remaining,
      unitPrice,
      amount: unitPrice * remaining,
      explanation: rule
        ? {
            rule: 'price_rule',
            priceRuleId: rule.id,
            versionId: version!.id,
            dayType: rule.dayType,
            season: rule.season,
            channel: rule.channel,
            dayTypesOfDate: dayTypes,
          }
        : { rule: 'list_price', dayTypesOfDate: dayTypes },
    });
  }
  return {
    date: request.date,
    channel: request.channel,
    lines,
    total: lines.reduce((sum, l) => sum + l.amount, 0),
  };
}
