import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPayments,
  checkSaleLines,
  entriesAllowed,
  maskDocument,
  maskName,
  orderSiteCode,
  releaseOpensAt,
  saleWindowProblem,
  ticketValidity,
  type PaymentInput,
  type SaleProduct,
} from './sale';
import { residentIdCheckCharacter } from './identity';

const product = (over: Partial<SaleProduct> = {}): SaleProduct => ({
  id: 'p1',
  category: 'adult',
  active: true,
  channels: ['box_office', 'online'],
  saleStartsAt: null,
  saleEndsAt: null,
  releaseDaysAhead: null,
  releaseTime: null,
  minPerOrder: 1,
  maxPerOrder: 20,
  realName: false,
  requiredDocuments: [],
  minAge: null,
  maxAge: null,
  ...over,
});

function residentId(birth: string, serial = '123'): string {
  const first17 = `110101${birth.replaceAll('-', '')}${serial}`;
  return first17 + residentIdCheckCharacter(first17);
}

describe('sale window', () => {
  const tz = 'Asia/Shanghai';
  it('opens a visit date N days ahead at the release time, site time', () => {
    const p = product({ releaseDaysAhead: 7, releaseTime: '09:00' });
    expect(releaseOpensAt(p, '2026-12-10', tz)?.toISOString()).toBe('2026-12-03T01:00:00.000Z');
    expect(saleWindowProblem(p, 'online', '2026-12-10', new Date('2026-12-03T00:59:00Z'), tz)).toMatchObject({
      code: 'sale_window_not_open',
    });
    expect(saleWindowProblem(p, 'online', '2026-12-10', new Date('2026-12-03T01:00:00Z'), tz)).toBeNull();
  });

  it('refuses before the sale starts, after it ends, off channel and inactive', () => {
    const now = new Date('2026-11-26T02:00:00Z');
    expect(
      saleWindowProblem(
        product({ saleStartsAt: new Date('2026-11-27T00:00:00Z') }),
        'box_office',
        '2026-11-27',
        now,
        tz,
      )?.code,
    ).toBe('sale_window_not_open');
    expect(saleWindowProblem(product({ saleEndsAt: now }), 'box_office', '2026-11-26', now, tz)?.code).toBe(
      'sale_window_closed',
    );
    expect(
      saleWindowProblem(product({ channels: ['online'] }), 'box_office', '2026-11-26', now, tz)?.code,
    ).toBe('product_not_on_sale');
    expect(saleWindowProblem(product({ active: false }), 'box_office', '2026-11-26', now, tz)?.code).toBe(
      'product_not_on_sale',
    );
  });
});

describe('sale lines', () => {
  const today = '2026-11-26';
  const byId = (...ps: SaleProduct[]) => new Map(ps.map((p) => [p.id, p]));

  it('counts limits per ticket type across lines', () => {
    const p = product({ maxPerOrder: 3, minPerOrder: 2 });
    const line = (quantity: number) => ({ productId: 'p1', quantity, holders: [], discountDocument: null });
    expect(checkSaleLines([line(2), line(2)], byId(p), today)).toMatchObject({
      ok: false,
      problem: { code: 'over_per_order_maximum', maximum: 3 },
    });
    expect(checkSaleLines([line(1)], byId(p), today)).toMatchObject({
      ok: false,
      problem: { code: 'under_per_order_minimum' },
    });
    expect(checkSaleLines([line(3)], byId(p), today).ok).toBe(true);
  });

  it('needs one valid, distinct document per real-name ticket', () => {
    const p = product({ realName: true });
    const id = residentId('1990-05-17');
    const holder = (documentNumber: string) => ({
      documentKind: 'resident_id' as const,
      documentNumber,
      name: '张三',
    });
    expect(
      checkSaleLines(
        [{ productId: 'p1', quantity: 2, holders: [holder(id)], discountDocument: null }],
        byId(p),
        today,
      ),
    ).toMatchObject({
      ok: false,
      problem: { code: 'real_name_required', ticketIndex: 1 },
    });
    const broken = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(
      checkSaleLines(
        [{ productId: 'p1', quantity: 1, holders: [holder(broken)], discountDocument: null }],
        byId(p),
        today,
      ),
    ).toMatchObject({
      ok: false,
      problem: { code: 'id_number_invalid', problem: 'id_number_checksum' },
    });
    expect(
      checkSaleLines(
        [
          {
            productId: 'p1',
            quantity: 2,
            holders: [holder(id), holder(id.toLowerCase())],
            discountDocument: null,
          },
        ],
        byId(p),
        today,
      ),
    ).toMatchObject({
      ok: false,
      problem: { code: 'id_number_duplicate', ticketIndex: 1 },
    });
    const passport = { documentKind: 'passport' as const, documentNumber: 'E12345678', name: 'Ann Lee' };
    const ok = checkSaleLines(
      [{ productId: 'p1', quantity: 2, holders: [holder(id), passport], discountDocument: null }],
      byId(p),
      today,
    );
    expect(ok).toMatchObject({ ok: true, warnings: [] });
    if (ok.ok)
      expect(ok.holders[0]?.[1]).toMatchObject({
        documentKind: 'passport',
        number: 'E12345678',
        birthDate: null,
      });
  });

  it('warns, without refusing, when the age on the ID does not fit the ticket type', () => {
    const child = product({ id: 'c', category: 'free', maxAge: 6 });
    const holders = [
      { documentKind: 'resident_id' as const, documentNumber: residentId('2010-01-01'), name: '' },
    ];
    const result = checkSaleLines(
      [{ productId: 'c', quantity: 1, holders, discountDocument: null }],
      byId(child),
      today,
    );
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ code: 'age_does_not_fit', ticketIndex: 0, age: 16 }],
    });
  });

  it('needs an accepted document for discounted and free tickets', () => {
    const p = product({ requiredDocuments: ['student_card', 'id_card'] });
    const line = (discountDocument: string | null) => ({
      productId: 'p1',
      quantity: 1,
      holders: [],
      discountDocument,
    });
    expect(checkSaleLines([line(null)], byId(p), today)).toMatchObject({
      ok: false,
      problem: { code: 'discount_document_required' },
    });
    expect(checkSaleLines([line('soldier_card')], byId(p), today)).toMatchObject({
      ok: false,
      problem: { code: 'discount_document_required' },
    });
    expect(checkSaleLines([line('student_card')], byId(p), today).ok).toBe(true);
  });
});

describe('payments', () => {
  it('gives change on cash and refuses short or mismatched payments', () => {
    expect(checkPayments(26000, [{ method: 'cash', amount: 26000, tendered: 30000 }])).toEqual({
      ok: true,
      change: 4000,
    });
    expect(checkPayments(26000, [{ method: 'cash', amount: 26000, tendered: 20000 }])).toEqual({
      ok: false,
      problem: 'cash_tendered_insufficient',
    });
    expect(checkPayments(26000, [{ method: 'card', amount: 25000, reference: 'T1' }])).toEqual({
      ok: false,
      problem: 'payment_amount_mismatch',
    });
    expect(checkPayments(0, [{ method: 'cash', amount: 0, tendered: 0 }])).toEqual({ ok: true, change: 0 });
    expect(
      checkPayments(100, [
        { method: 'cash', amount: 50, tendered: 50 },
        { method: 'cash', amount: 50, tendered: 50 },
      ]),
    ).toEqual({ ok: false, problem: 'payment_methods_invalid' });
    expect(checkPayments(100, [{ method: 'online', amount: 100 }])).toEqual({ ok: true, change: 0 });
    expect(
      checkPayments(100, [
        { method: 'online', amount: 50 },
        { method: 'card', amount: 50, reference: 'T1' },
      ]),
    ).toEqual({ ok: false, problem: 'payment_methods_invalid' });
  });

  it('accepts any split that adds up to the total, and only those (property)', () => {
    const method = fc.constantFrom<PaymentInput['method']>('cash', 'card', 'payment_code', 'on_account');
    fc.assert(
      fc.property(
        fc.uniqueArray(method, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: -5, max: 5 }),
        (methods, amounts, delta) => {
          const payments: PaymentInput[] = methods.map((m, i) => {
            const amount = amounts[i]!;
            if (m === 'cash') return { method: m, amount, tendered: amount + 500 };
            if (m === 'card') return { method: m, amount, reference: 'T' };
            if (m === 'payment_code') return { method: m, amount, authCode: '134567890123456789' };
            return { method: m, amount, agencyId: 'a' };
          });
          const sum = payments.reduce((s, p) => s + p.amount, 0);
          const result = checkPayments(sum + delta, payments);
          expect(result.ok).toBe(delta === 0);
          if (result.ok) expect(result.change).toBe(methods.includes('cash') ? 500 : 0);
        },
      ),
    );
  });
});

describe('tickets', () => {
  const tz = 'Asia/Shanghai';
  it('admits in the session, the day or the range in the site zone', () => {
    const session = { startsAt: new Date('2026-11-26T02:00:00Z'), endsAt: new Date('2026-11-26T03:00:00Z') };
    expect(ticketValidity({ kind: 'session' }, '2026-11-26', session, tz)).toEqual({
      validFrom: session.startsAt,
      validUntil: session.endsAt,
    });
    expect(ticketValidity({ kind: 'day' }, '2026-11-26', null, tz)).toEqual({
      validFrom: new Date('2026-11-25T16:00:00Z'),
      validUntil: new Date('2026-11-26T16:00:00Z'),
    });
    expect(ticketValidity({ kind: 'days', days: 3 }, '2026-11-26', null, tz).validUntil).toEqual(
      new Date('2026-11-28T16:00:00Z'),
    );
    expect(
      ticketValidity({ kind: 'range', from: '2026-12-01', to: '2026-12-31' }, '2026-11-26', null, tz),
    ).toEqual({
      validFrom: new Date('2026-11-30T16:00:00Z'),
      validUntil: new Date('2026-12-31T16:00:00Z'),
    });
    expect([
      entriesAllowed({ kind: 'single' }),
      entriesAllowed({ kind: 'multi', count: 3 }),
      entriesAllowed({ kind: 'unlimited', minIntervalMinutes: 0 }),
    ]).toEqual([1, 3, 0]);
  });

  it('masks documents and names, and makes a site code fit an order number', () => {
    expect(maskDocument('110101199005171234')).toBe('110***********1234');
    expect(maskName('张三丰')).toBe('张**');
    expect(orderSiteCode('yun-shan_scenic-area-2')).toBe('YUNSHANSCENI');
    expect(orderSiteCode('A')).toBe('AXX');
  });
});
