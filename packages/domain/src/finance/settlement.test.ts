import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumParts, type FinanceDay, type TicketBooking, type TicketSale } from './day';
import { settleDay, type MoneyFigures, type SettlementFigures } from './settlement';
import { simulatedRun } from './simulated-days';

const booking = (over: Partial<TicketBooking>): TicketBooking => ({
  ticketId: 't',
  productCode: 'ADULT',
  category: 'adult',
  price: 10_000,
  retailPrice: null,
  soldOn: '2026-12-01',
  visitDate: '2026-12-01',
  agencyId: null,
  free: null,
  ...over,
});

const sale = (over: Partial<TicketSale>): TicketSale => {
  const ticket = booking(over);
  return {
    ...ticket,
    payments: [{ method: 'cash', amount: ticket.price }],
    channel: 'box_office',
    sellerId: 'seller-1',
    ...over,
  };
};

const zero = {
  sales: 0,
  refunds: 0,
  rebookings: 0,
  adjustments: 0,
  net: 0,
  feesKept: 0,
  ticketsSold: 0,
  ticketsRefunded: 0,
  ticketsRebooked: 0,
};

const busyDay: FinanceDay = {
  date: '2026-12-01',
  sales: [
    sale({
      ticketId: 'a',
      payments: [
        { method: 'cash', amount: 6_000 },
        { method: 'card', amount: 4_000 },
      ],
    }),
    sale({
      ticketId: 'b',
      productCode: 'CHILD',
      price: 5_000,
      visitDate: '2026-12-03',
      payments: [{ method: 'online', amount: 5_000 }],
      channel: 'online',
      sellerId: null,
    }),
    sale({
      ticketId: 'c',
      price: 8_000,
      retailPrice: 10_000,
      agencyId: 'ag-1',
      payments: [{ method: 'on_account', amount: 8_000 }],
      channel: 'api',
      sellerId: null,
    }),
    sale({
      ticketId: 'd',
      productCode: 'CHILD',
      price: 0,
      payments: [],
      free: { kind: 'free', reason: 'child_under_6' },
    }),
    sale({
      ticketId: 'e',
      price: 0,
      payments: [],
      free: { kind: 'complimentary', reason: 'guest' },
      sellerId: 'seller-2',
    }),
  ],
  refunds: [
    {
      ticket: booking({ ticketId: 'f', soldOn: '2026-11-30' }),
      amount: 9_000,
      fee: 1_000,
      payments: [{ method: 'cash', amount: 9_000 }],
      channel: 'box_office',
      sellerId: 'seller-2',
    },
  ],
  rebookings: [
    {
      rebookingId: 'r',
      tickets: [
        {
          from: booking({ ticketId: 'g', productCode: 'CHILD', price: 5_000, soldOn: '2026-11-29' }),
          to: booking({ ticketId: 'h', productCode: 'CHILD', price: 6_000, visitDate: '2026-12-02' }),
          fee: 200,
        },
      ],
      paid: [{ method: 'cash', amount: 1_200 }],
      repaid: [],
      channel: 'box_office',
      sellerId: 'seller-1',
    },
  ],
  shifts: [
    { shiftId: 's1', sellerId: 'seller-1', difference: 300 },
    { shiftId: 's2', sellerId: 'seller-2', difference: -500 },
  ],
  deferredDue: [],
};

describe('daily settlement figures', () => {
  it('adds up a busy day: sales, refunds, rebookings, fees and net, in total and by each breakdown', () => {
    const s = settleDay(busyDay);
    expect(s.totals).toEqual({
      sales: 23_000,
      refunds: 9_000,
      rebookings: 1_200,
      adjustments: 0,
      net: 15_200,
      feesKept: 1_200,
      ticketsSold: 3,
      ticketsRefunded: 1,
      ticketsRebooked: 1,
    });
    expect(s.byPaymentMethod).toEqual([
      { method: 'cash', sales: 6_000, refunds: 9_000, rebookings: 1_200, adjustments: 0, net: -1_800 },
      { method: 'card', sales: 4_000, refunds: 0, rebookings: 0, adjustments: 0, net: 4_000 },
      { method: 'online', sales: 5_000, refunds: 0, rebookings: 0, adjustments: 0, net: 5_000 },
      { method: 'on_account', sales: 8_000, refunds: 0, rebookings: 0, adjustments: 0, net: 8_000 },
    ]);
    expect(s.byTicketType).toEqual([
      {
        ...zero,
        productCode: 'ADULT',
        sales: 18_000,
        refunds: 9_000,
        net: 9_000,
        feesKept: 1_000,
        ticketsSold: 2,
        ticketsRefunded: 1,
      },
      {
        ...zero,
        productCode: 'CHILD',
        sales: 5_000,
        rebookings: 1_200,
        net: 6_200,
        feesKept: 200,
        ticketsSold: 1,
        ticketsRebooked: 1,
      },
    ]);
    expect(s.byChannel.map((c) => [c.channel, c.net, c.ticketsSold])).toEqual([
      ['api', 8_000, 1],
      ['box_office', 2_200, 1],
      ['online', 5_000, 1],
    ]);
    expect(s.bySeller.map((c) => [c.sellerId, c.net, c.ticketsSold, c.ticketsRefunded])).toEqual([
      ['seller-1', 11_200, 1, 0],
      ['seller-2', -9_000, 0, 1],
      [null, 13_000, 2, 0],
    ]);
  });

  it('counts free and complimentary tickets apart, by reason, never as revenue', () => {
    const s = settleDay(busyDay);
    expect(s.free).toEqual({
      issued: 1,
      returned: 0,
      byReason: [{ reason: 'child_under_6', issued: 1, returned: 0 }],
    });
    expect(s.complimentary).toEqual({
      issued: 1,
      returned: 0,
      byReason: [{ reason: 'guest', issued: 1, returned: 0 }],
    });
    const withoutGifts = settleDay({ ...busyDay, sales: busyDay.sales.filter((t) => !t.free) });
    expect(withoutGifts.totals).toEqual(s.totals);
    expect(withoutGifts.free.issued + withoutGifts.complimentary.issued).toBe(0);
  });

  it('reports the shifts’ cash over and short apart from the takings', () => {
    expect(settleDay(busyDay).overShort).toEqual({ over: 300, short: 500, net: -200 });
  });

  it('is all zeros for a quiet day', () => {
    const s = settleDay({ ...busyDay, sales: [], refunds: [], rebookings: [], shifts: [] });
    expect(s.totals).toEqual(zero);
    expect([s.byPaymentMethod, s.byTicketType, s.byChannel, s.bySeller]).toEqual([[], [], [], []]);
    expect(s.overShort).toEqual({ over: 0, short: 0, net: 0 });
  });

  it('counts adjustments of earlier days in the totals and by method, never in the ticket breakdowns', () => {
    const s = settleDay({
      ...busyDay,
      adjustments: [
        { adjustmentId: 'x1', method: 'cash', agencyId: null, amount: 500, correctsDate: '2026-11-30' },
        {
          adjustmentId: 'x2',
          method: 'on_account',
          agencyId: 'ag-1',
          amount: -300,
          correctsDate: '2026-11-28',
        },
        {
          adjustmentId: 'x3',
          method: 'payment_code',
          agencyId: null,
          amount: 150,
          correctsDate: '2026-11-30',
        },
      ],
    });
    const before = settleDay(busyDay);
    expect(s.totals).toEqual({ ...before.totals, adjustments: 350, net: before.totals.net + 350 });
    expect(s.byPaymentMethod).toEqual([
      { method: 'cash', sales: 6_000, refunds: 9_000, rebookings: 1_200, adjustments: 500, net: -1_300 },
      { method: 'card', sales: 4_000, refunds: 0, rebookings: 0, adjustments: 0, net: 4_000 },
      { method: 'payment_code', sales: 0, refunds: 0, rebookings: 0, adjustments: 150, net: 150 },
      { method: 'online', sales: 5_000, refunds: 0, rebookings: 0, adjustments: 0, net: 5_000 },
      { method: 'on_account', sales: 8_000, refunds: 0, rebookings: 0, adjustments: -300, net: 7_700 },
    ]);
    expect([s.byTicketType, s.byChannel, s.bySeller]).toEqual([
      before.byTicketType,
      before.byChannel,
      before.bySeller,
    ]);
  });

  it('refuses an adjustment of today or later, of 0, or on account without its agency', () => {
    const with1 = (a: Partial<NonNullable<FinanceDay['adjustments']>[number]>) => () =>
      settleDay({
        ...busyDay,
        adjustments: [
          {
            adjustmentId: 'x',
            method: 'cash',
            agencyId: null,
            amount: 100,
            correctsDate: '2026-11-30',
            ...a,
          },
        ],
      });
    expect(with1({})).not.toThrow();
    expect(with1({ correctsDate: '2026-12-01' })).toThrow(/must correct an earlier day/);
    expect(with1({ amount: 0 })).toThrow(/not 0/);
    expect(with1({ amount: 1.5 })).toThrow(/whole fen/);
    expect(with1({ method: 'on_account' })).toThrow(/agency exactly when on account/);
    expect(with1({ agencyId: 'ag-1' })).toThrow(/agency exactly when on account/);
  });

  it('refuses a rebooking whose money does not match its difference', () => {
    const [rebooking] = busyDay.rebookings;
    expect(() =>
      settleDay({ ...busyDay, rebookings: [{ ...rebooking!, paid: [{ method: 'cash', amount: 1_000 }] }] }),
    ).toThrow(/paid − repaid is not the difference/);
  });
});

const moneyFields = [
  'sales',
  'refunds',
  'rebookings',
  'adjustments',
  'net',
] as const satisfies readonly (keyof MoneyFigures)[];
const allFields = [
  ...moneyFields,
  'feesKept',
  'ticketsSold',
  'ticketsRefunded',
  'ticketsRebooked',
] as const satisfies readonly (keyof SettlementFigures)[];

function sumOf<T extends Record<string, unknown>>(rows: readonly T[], field: keyof T): number {
  return rows.reduce((sum, row) => sum + (row[field] as number), 0);
}

describe('daily settlement figures (property)', () => {
  it('every breakdown adds up to the totals, and the totals to the rows', () => {
    fc.assert(
      fc.property(simulatedRun, (run) => {
        for (const day of run.days) {
          const s = settleDay(day);
          // The ticket breakdowns leave the adjustments out (they belong to no ticket).
          const ticketTotal = (field: (typeof allFields)[number]) =>
            field === 'adjustments'
              ? 0
              : field === 'net'
                ? s.totals.net - s.totals.adjustments
                : s.totals[field];
          for (const field of allFields) {
            expect(sumOf(s.byTicketType, field)).toBe(ticketTotal(field));
            expect(sumOf(s.byChannel, field)).toBe(ticketTotal(field));
            expect(sumOf(s.bySeller, field)).toBe(ticketTotal(field));
          }
          for (const field of moneyFields) expect(sumOf(s.byPaymentMethod, field)).toBe(s.totals[field]);
          for (const row of [
            s.totals,
            ...s.byPaymentMethod,
            ...s.byTicketType,
            ...s.byChannel,
            ...s.bySeller,
          ])
            expect(row.net).toBe(row.sales - row.refunds + row.rebookings + row.adjustments);
          expect(s.totals.adjustments).toBe((day.adjustments ?? []).reduce((sum, a) => sum + a.amount, 0));

          expect(s.totals.sales).toBe(day.sales.reduce((sum, t) => sum + t.price, 0));
          expect(s.totals.refunds).toBe(day.refunds.reduce((sum, r) => sum + r.amount, 0));
          expect(s.totals.rebookings).toBe(
            day.rebookings.reduce((sum, b) => sum + sumParts(b.paid) - sumParts(b.repaid), 0),
          );
          const gifts = day.sales.filter((t) => t.free).length;
          expect(s.totals.ticketsSold + gifts).toBe(day.sales.length);
          const giftsIssued =
            gifts + day.rebookings.flatMap((b) => b.tickets).filter((p) => p.to.free).length;
          expect(s.free.issued + s.complimentary.issued).toBe(giftsIssued);
          expect(sumOf(s.free.byReason, 'issued') + sumOf(s.complimentary.byReason, 'issued')).toBe(
            giftsIssued,
          );
          expect(s.overShort.net).toBe(day.shifts.reduce((sum, x) => sum + x.difference, 0));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('free and complimentary tickets never move money: taking them out changes only their counts', () => {
    fc.assert(
      fc.property(simulatedRun, (run) => {
        for (const day of run.days) {
          const s = settleDay(day);
          const paidOnly = settleDay({ ...day, sales: day.sales.filter((t) => !t.free) });
          for (const field of allFields) expect(paidOnly.totals[field]).toBe(s.totals[field]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
