import { describe, expect, it } from 'vitest';
import { assertFinanceDay, type FinanceDay } from '@admit/domain';
import {
  InconsistentMovement,
  orderMovements,
  type OrderRows,
  type PaymentRow,
  type RefundRow,
  type ShiftRow,
  type TicketRow,
} from './movements';

const zone = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
// 2026-12-01 10:00 in Shanghai.
const sold = at('2026-12-01T02:00:00Z');

const ticket = (id: string, over: Partial<TicketRow> = {}): TicketRow => ({
  id,
  orderId: 'o',
  productCode: 'ADULT',
  category: 'adult',
  price: 10_000,
  priceRule: { rule: 'list_price' },
  visitDate: '2026-12-05',
  createdAt: sold,
  rebookedFrom: null,
  discountReason: '',
  ...over,
});

const payment = (id: string, over: Partial<PaymentRow> = {}): PaymentRow => ({
  id,
  orderId: 'o',
  method: 'cash',
  amount: 10_000,
  status: 'succeeded',
  agencyId: null,
  shiftId: null,
  createdAt: sold,
  createdBy: 'seller',
  ...over,
});

const refund = (id: string, over: Partial<RefundRow> = {}): RefundRow => ({
  id,
  groupId: 'g',
  orderId: 'o',
  kind: 'refund',
  method: 'cash',
  amount: 10_000,
  status: 'succeeded',
  agencyId: null,
  shiftId: null,
  createdBy: 'seller',
  createdAt: at('2026-12-02T02:00:00Z'),
  completedAt: at('2026-12-02T02:00:00Z'),
  ...over,
});

const order = (over: Partial<OrderRows> = {}, orderOver: Partial<OrderRows['order']> = {}): OrderRows => ({
  order: {
    id: 'o',
    channel: 'box_office',
    sellerId: 'seller',
    agencyId: null,
    shiftId: null,
    imported: false,
    createdAt: sold,
    paidAt: sold,
    ...orderOver,
  },
  tickets: [ticket('t1'), ticket('t2')],
  payments: [payment('p1', { amount: 20_000 })],
  refunds: [],
  ticketRefunds: [],
  ...over,
});

const noShifts = new Map<string, ShiftRow>();

/** A day made of one order's movements dated on it, checked by the domain. */
function dayOf(rows: OrderRows, date: string, shifts = noShifts): FinanceDay {
  const m = orderMovements(rows, shifts, zone);
  const day: FinanceDay = {
    date,
    sales: m.sale?.date === date ? m.sale.tickets : [],
    refunds: m.refunds.filter((r) => r.date === date).flatMap((r) => r.tickets),
    rebookings: m.rebookings.filter((r) => r.date === date).map((r) => r.rebooking),
    shifts: [],
    deferredDue: [],
  };
  assertFinanceDay(day);
  return day;
}

describe('an order’s movements', () => {
  it('shares a split payment over the tickets in a fixed order', () => {
    const rows = order({
      payments: [
        payment('p2', { method: 'card', amount: 12_000 }),
        payment('p1', { method: 'cash', amount: 8_000 }),
      ],
    });
    expect(dayOf(rows, '2026-12-01').sales.map((s) => s.payments)).toEqual([
      [
        { method: 'cash', amount: 8_000 },
        { method: 'card', amount: 2_000 },
      ],
      [{ method: 'card', amount: 10_000 }],
    ]);
  });

  it('reads a rebooking’s fee from its money and shares it by the old prices', () => {
    const moment = at('2026-12-02T03:00:00Z');
    const rows = order({
      tickets: [
        ticket('t1'),
        ticket('t2', { price: 5_000 }),
        ticket('n1', { price: 11_000, createdAt: moment, rebookedFrom: 't1', visitDate: '2026-12-02' }),
        ticket('n2', { price: 6_000, createdAt: moment, rebookedFrom: 't2', visitDate: '2026-12-02' }),
      ],
      payments: [
        payment('p1', { amount: 15_000 }),
        // New prices 170 − old 150 = 20, and a fee of 6 paid with it.
        payment('p2', { amount: 2_600, createdAt: moment }),
      ],
    });
    const [rebooking] = dayOf(rows, '2026-12-02').rebookings;
    expect(rebooking!.tickets.map((p) => [p.from.ticketId, p.to.ticketId, p.fee])).toEqual([
      ['t1', 'n1', 400],
      ['t2', 'n2', 200],
    ]);
    expect(rebooking!.paid).toEqual([{ method: 'cash', amount: 2_600 }]);
  });

  it('holds a refund request back until all its parts succeeded, and dates it by the last', () => {
    const rows = (status: RefundRow['status'], completedAt: Date | null) =>
      order({
        payments: [
          payment('p1', { amount: 12_000 }),
          payment('p2', { method: 'payment_code', amount: 8_000 }),
        ],
        ticketRefunds: [
          { ticketId: 't1', groupId: 'g', price: 10_000, fee: 1_000, createdAt: at('2026-12-02T02:00:00Z') },
        ],
        refunds: [
          refund('r1', { amount: 5_000 }),
          refund('r2', { method: 'payment_code', amount: 4_000, status, completedAt }),
        ],
      });
    expect(orderMovements(rows('failed', null), noShifts, zone).refunds).toEqual([]);
    const done = dayOf(rows('succeeded', at('2026-12-03T16:30:00Z')), '2026-12-04');
    expect(done.refunds.map((r) => [r.amount, r.fee, r.payments])).toEqual([
      [
        9_000,
        1_000,
        [
          { method: 'cash', amount: 5_000 },
          { method: 'payment_code', amount: 4_000 },
        ],
      ],
    ]);
  });

  it('dates a sale in a shift by the shift unless it succeeded after the shift closed', () => {
    const shifts = new Map([
      ['s', { id: 's', businessDate: '2026-11-30', closedAt: at('2026-12-01T01:00:00Z') }],
    ]);
    const inShift = order({}, { shiftId: 's', paidAt: at('2026-12-01T00:30:00Z') });
    expect(orderMovements(inShift, shifts, zone).sale?.date).toBe('2026-11-30');
    const late = order({}, { shiftId: 's', paidAt: at('2026-12-01T02:00:00Z') });
    expect(orderMovements(late, shifts, zone).sale?.date).toBe('2026-12-01');
  });

  it('books an imported order’s tickets without counting its sale', () => {
    const m = orderMovements(order({}, { imported: true }), noShifts, zone);
    expect(m.sale).toBeNull();
    expect([...m.tickets.values()].map((t) => t.booking.soldOn)).toEqual(['2026-12-01', '2026-12-01']);
  });

  it('names free and complimentary tickets and takes a channel’s retail price', () => {
    const rows = order({
      tickets: [
        ticket('t1', { price: 0, category: 'free', discountReason: '儿童' }),
        ticket('t2', { price: 0, category: 'other', priceRule: { rule: 'group_guide_free' } }),
        ticket('t3', { price: 0, category: 'complimentary' }),
        ticket('t4', { price: 8_000, priceRule: { rule: 'channel_price', retailPrice: 9_000 } }),
      ],
      payments: [payment('p1', { amount: 8_000 })],
    });
    const m = orderMovements(rows, noShifts, zone);
    expect(m.sale!.tickets.map((s) => [s.free, s.retailPrice])).toEqual([
      [{ kind: 'free', reason: '儿童' }, null],
      [{ kind: 'free', reason: 'guide' }, null],
      [{ kind: 'complimentary', reason: 'ADULT' }, null],
      [null, 9_000],
    ]);
  });

  it('refuses an order whose money does not add up to its tickets', () => {
    expect(() =>
      orderMovements(order({ payments: [payment('p1', { amount: 19_000 })] }), noShifts, zone),
    ).toThrow(InconsistentMovement);
  });
});
