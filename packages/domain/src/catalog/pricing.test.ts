import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayTypesOf, type DayCalendar } from './calendar';
import { priceOrder, PricingError, type PricingCatalog, type PriceRule } from './pricing';

const calendar: DayCalendar = {
  holidays: new Map([
    ['2026-10-01', 'holiday'],
    ['2026-10-02', 'holiday'],
    ['2026-10-10', 'workday'], // a Saturday worked to make up for the National Day week (调休)
  ]),
  peakDates: new Set(['2026-10-02']),
  seasons: [{ from: '2026-04-01', to: '2026-10-31', season: 'high' }],
};

const rule = (
  id: string,
  productId: string,
  dayType: PriceRule['dayType'],
  price: number,
  extra: Partial<PriceRule> = {},
): PriceRule => ({
  id,
  productId,
  dayType,
  price,
  season: null,
  channel: null,
  ...extra,
});

const catalog: PricingCatalog = {
  products: [
    { id: 'adult', category: 'adult', listPrice: 12000 },
    { id: 'half', category: 'student', listPrice: 6000 },
    { id: 'child', category: 'free', listPrice: 0 },
    { id: 'group', category: 'group', listPrice: 12000 },
    { id: 'guide', category: 'other', listPrice: 12000 },
    { id: 'cable', category: 'addon', listPrice: 8000 },
  ],
  versions: [
    {
      id: 'v2026',
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-12-31',
      rules: [
        rule('adult-weekday', 'adult', 'weekday', 12000),
        rule('adult-weekend', 'adult', 'weekend', 14000),
        rule('adult-holiday', 'adult', 'holiday', 14000),
        rule('adult-peak', 'adult', 'peak', 16000),
        rule('adult-online', 'adult', 'weekday', 11000, { channel: 'online' }),
        rule('half-weekend', 'half', 'weekend', 8000),
        rule('half-high', 'half', 'weekday', 7000, { season: 'high' }),
      ],
    },
  ],
  groupRules: [
    {
      id: 'group10',
      productId: 'group',
      minQuantity: 10,
      price: 10000,
      guideProductId: 'guide',
      freeGuidePlaces: 1,
    },
  ],
  calendar,
};

const price = (
  date: string,
  quantities: [string, number][],
  channel: 'box_office' | 'online' | 'api' = 'box_office',
) =>
  priceOrder(catalog, {
    date,
    channel,
    quantities: quantities.map(([productId, quantity]) => ({ productId, quantity })),
  });

describe('day types', () => {
  it('knows weekends, holidays, make-up working days and peak dates', () => {
    expect(dayTypesOf('2026-11-25', calendar)).toEqual(['weekday']);
    expect(dayTypesOf('2026-11-28', calendar)).toEqual(['weekend', 'weekday']);
    expect(dayTypesOf('2026-10-01', calendar)).toEqual(['holiday', 'weekday']);
    expect(dayTypesOf('2026-10-10', calendar)).toEqual(['weekday']);
    expect(dayTypesOf('2026-10-02', calendar)).toEqual(['peak', 'holiday', 'weekday']);
  });
});

describe('priceOrder', () => {
  it('prices an adult by the day type of the date', () => {
    expect(price('2026-11-25', [['adult', 1]]).total).toBe(12000);
    expect(price('2026-11-28', [['adult', 1]]).total).toBe(14000);
    expect(price('2026-10-01', [['adult', 1]]).total).toBe(14000);
    expect(price('2026-10-02', [['adult', 1]]).total).toBe(16000);
    expect(price('2026-10-10', [['adult', 1]]).lines[0]?.explanation).toMatchObject({
      rule: 'price_rule',
      priceRuleId: 'adult-weekday',
    });
  });

  it('lets a channel price beat the price for every channel', () => {
    expect(price('2026-11-25', [['adult', 2]], 'online')).toMatchObject({
      total: 22000,
      lines: [{ explanation: { priceRuleId: 'adult-online' } }],
    });
    // The online rule is a weekday rule: on a weekend the weekend price for every channel applies.
    expect(price('2026-11-28', [['adult', 1]], 'online').total).toBe(14000);
  });

  it('prefers a season rule to an all-season rule of the same day type, and falls back to the list price', () => {
    expect(price('2026-06-03', [['half', 1]]).lines[0]).toMatchObject({
      unitPrice: 7000,
      explanation: { priceRuleId: 'half-high' },
    });
    expect(price('2026-11-25', [['half', 1]]).lines[0]).toMatchObject({
      unitPrice: 6000,
      explanation: { rule: 'list_price' },
    });
    expect(price('2027-02-03', [['adult', 1]]).lines[0]).toMatchObject({
      unitPrice: 12000,
      explanation: { rule: 'list_price' },
    });
  });

  it('keeps free tickets free on any day, and says why', () => {
    const quote = price('2026-10-02', [['child', 2]]);
    expect(quote.total).toBe(0);
    expect(quote.lines[0]?.explanation).toEqual({ rule: 'free_category', category: 'free' });
  });

  it('applies the group price from ten people, with one guide free', () => {
    const nine = price('2026-11-25', [['group', 9]]);
    expect(nine.total).toBe(9 * 12000);
    const group = price('2026-11-25', [
      ['group', 10],
      ['guide', 2],
    ]);
    expect(group.lines).toEqual([
      expect.objectContaining({
        productId: 'group',
        quantity: 10,
        unitPrice: 10000,
      }),
      expect.objectContaining({
        productId: 'guide',
        quantity: 1,
        unitPrice: 0,
      }),
      expect.objectContaining({ productId: 'guide', quantity: 1, unitPrice: 12000 }),
    ]);
    expect(group.lines.map((l) => l.explanation.rule)).toEqual(['group', 'group_guide_free', 'list_price']);
    expect(group.total).toBe(10 * 10000 + 12000);
  });

  it('refuses unknown ticket types and impossible quantities', () => {
    expect(() => price('2026-11-25', [['ghost', 1]])).toThrow(PricingError);
    expect(() => price('2026-11-25', [['adult', -1]])).toThrow(PricingError);
    expect(() => price('2026-11-25', [['adult', 1.5]])).toThrow(PricingError);
  });

  const productIds = catalog.products.map((p) => p.id);
  const orders = fc.array(fc.tuple(fc.constantFrom(...productIds), fc.integer({ min: 0, max: 30 })), {
    maxLength: 8,
  });
  const dates = fc
    .date({ min: new Date('2025-06-01'), max: new Date('2027-06-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const channels = fc.constantFrom('box_office' as const, 'online' as const, 'api' as const);

  it('is never negative, and the total is the sum of the lines', () => {
    fc.assert(
      fc.property(orders, dates, channels, (order, date, channel) => {
        const quote = price(date, order, channel);
        for (const line of quote.lines) {
          expect(line.unitPrice).toBeGreaterThanOrEqual(0);
          expect(line.amount).toBe(line.unitPrice * line.quantity);
        }
        expect(quote.total).toBe(quote.lines.reduce((s, l) => s + l.amount, 0));
        const requested = new Map<string, number>();
        for (const [id, q] of order) requested.set(id, (requested.get(id) ?? 0) + q);
        for (const [id, q] of requested) {
          expect(quote.lines.filter((l) => l.productId === id).reduce((s, l) => s + l.quantity, 0)).toBe(q);
        }
      }),
    );
  });

  it('gives the same total however the order lines are arranged', () => {
    fc.assert(
      fc.property(orders, dates, channels, fc.integer(), (order, date, channel, seed) => {
        const shuffled = [...order].sort(
          (a, b) =>
            ((a[0].charCodeAt(0) * 31 + a[1] + seed) % 7) - ((b[0].charCodeAt(0) * 31 + b[1] + seed) % 7),
        );
        expect(price(date, shuffled, channel).total).toBe(price(date, order, channel).total);
      }),
    );
  });

  it('lets the documented rule win when several apply: free category, then group, then day type, channel, season', () => {
    fc.assert(
      fc.property(dates, channels, fc.integer({ min: 1, max: 20 }), (date, channel, n) => {
        const quote = price(
          date,
          [
            ['child', n],
            ['group', n],
            ['adult', n],
          ],
          channel,
        );
        const line = (id: string) => quote.lines.find((l) => l.productId === id)!;
        expect(line('child').explanation.rule).toBe('free_category');
        expect(line('group').explanation.rule).toBe(n >= 10 ? 'group' : 'list_price');
        const adult = line('adult').explanation;
        if (adult.rule === 'price_rule') {
          const types = dayTypesOf(date, calendar);
          // No applicable rule for a more specific day type than the one chosen, for this channel or all.
          const chosen = types.indexOf(adult.dayType);
          const better = catalog.versions[0]!.rules.filter(
            (r) =>
              r.productId === 'adult' &&
              types.indexOf(r.dayType) >= 0 &&
              types.indexOf(r.dayType) < chosen &&
              (r.channel === null || r.channel === channel),
          );
          expect(better).toEqual([]);
        }
      }),
    );
  });
});
