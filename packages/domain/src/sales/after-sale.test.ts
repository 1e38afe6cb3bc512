import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterSaleDecision,
  afterSaleFee,
  allocateRefund,
  countedCash,
  drawerDifference,
  isVoidable,
  type RefundablePayment,
} from './after-sale';

const starts = new Date('2026-12-01T02:00:00Z');
const ticket = { price: 12000, entriesUsed: 0, startsAt: starts };
const policy = {
  allowed: true,
  untilMinutesBeforeStart: 24 * 60,
  fee: { kind: 'percent' as const, basisPoints: 1000 },
};

describe('refund and rebook decisions', () => {
  it('never after a redemption, whatever the policy', () => {
    expect(
      afterSaleDecision('refund', policy, { ...ticket, entriesUsed: 1 }, new Date('2026-11-01T00:00:00Z')),
    ).toEqual({
      allowed: false,
      code: 'ticket_already_used',
    });
  });

  it('closes the window the policy says before the start', () => {
    expect(afterSaleDecision('refund', policy, ticket, new Date('2026-11-30T02:00:00Z'))).toEqual({
      allowed: true,
      fee: 1200,
    });
    expect(afterSaleDecision('refund', policy, ticket, new Date('2026-11-30T02:00:01Z'))).toEqual({
      allowed: false,
      code: 'refund_window_closed',
    });
    expect(
      afterSaleDecision('rebook', { ...policy, allowed: false }, ticket, new Date('2026-11-01T00:00:00Z')),
    ).toEqual({
      allowed: false,
      code: 'rebook_not_allowed',
    });
    expect(
      afterSaleDecision('refund', { ...policy, untilMinutesBeforeStart: null }, ticket, starts),
    ).toMatchObject({ allowed: true });
  });

  it('rounds percentage fees half up and never charges more than the price', () => {
    expect(afterSaleFee({ kind: 'percent', basisPoints: 1000 }, 12345)).toBe(1235);
    expect(afterSaleFee({ kind: 'fixed', amount: 99999 }, 500)).toBe(500);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (bp, price) => {
          const fee = afterSaleFee({ kind: 'percent', basisPoints: bp }, price);
          expect(fee).toBeGreaterThanOrEqual(0);
          expect(fee).toBeLessThanOrEqual(price);
        },
      ),
    );
  });
});

describe('refund allocation', () => {
  it('gives money back the way it came, providers first and cash last', () => {
    const payments: RefundablePayment[] = [
      { id: 'a', method: 'cash', refundable: 5000 },
      { id: 'b', method: 'payment_code', refundable: 8000 },
    ];
    expect(allocateRefund(10000, payments)).toEqual([
      { paymentId: 'b', method: 'payment_code', amount: 8000 },
      { paymentId: 'a', method: 'cash', amount: 2000 },
    ]);
    expect(allocateRefund(14000, payments)).toBeNull();
  });

  it('always adds up and never exceeds a payment (property)', () => {
    const method = fc.constantFrom<RefundablePayment['method']>('cash', 'card', 'payment_code', 'on_account');
    fc.assert(
      fc.property(
        fc.array(fc.record({ method, refundable: fc.integer({ min: 0, max: 50_000 }) }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 200_000 }),
        (ps, amount) => {
          const payments = ps.map((p, i) => ({ ...p, id: `p${i}` }));
          const total = payments.reduce((s, p) => s + p.refundable, 0);
          const out = allocateRefund(amount, payments);
          if (amount > total) {
            expect(out).toBeNull();
            return;
          }
          expect(out!.reduce((s, x) => s + x.amount, 0)).toBe(amount);
          for (const x of out!)
            expect(x.amount).toBeLessThanOrEqual(payments.find((p) => p.id === x.paymentId)!.refundable);
        },
      ),
    );
  });
});

describe('voids and drawers', () => {
  it('voids only in the same shift within the window', () => {
    const sale = { shiftId: 's1', createdAt: new Date('2026-12-01T02:00:00Z') };
    expect(
      isVoidable(sale, { shiftId: 's1', now: new Date('2026-12-01T02:09:00Z'), windowMinutes: 10 }),
    ).toBe(true);
    expect(
      isVoidable(sale, { shiftId: 's1', now: new Date('2026-12-01T02:11:00Z'), windowMinutes: 10 }),
    ).toBe(false);
    expect(
      isVoidable(sale, { shiftId: 's2', now: new Date('2026-12-01T02:01:00Z'), windowMinutes: 10 }),
    ).toBe(false);
  });

  it('counts cash by denomination and names the difference', () => {
    expect(countedCash({ '10000': 3, '500': 1, '10': 4 })).toBe(30540);
    expect(countedCash({ '300': 1 })).toBeNull();
    expect(countedCash({ '100': -1 })).toBeNull();
    expect(drawerDifference(30000, 30540)).toEqual({ kind: 'over', amount: 540 });
    expect(drawerDifference(30000, 29900)).toEqual({ kind: 'short', amount: -100 });
    expect(drawerDifference(30000, 30000)).toEqual({ kind: 'balanced', amount: 0 });
  });
});
