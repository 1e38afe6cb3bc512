// Test support (not exported from the package): a fast-check arbitrary of a run of consecutive
// business days at a site — sales for today and later dates, split payments, agencies on account,
// channel tickets with a retail price, free and complimentary tickets, refunds (before, on and after
// the visit date), rebookings to other dates, shifts over and short, adjustments of earlier days —
// played through a small model
// of the ticket store, so each day's rows are what the service would read for that day, including
// the tickets sold earlier for a visit that day.
import fc from 'fast-check';
import { addDays } from '../catalog/calendar';
import type {
  Adjustment,
  DeferredTicket,
  FinanceChannel,
  FinanceDay,
  FinancePaymentMethod,
  FreeTicket,
  PaymentPart,
  Rebooking,
  TicketBooking,
  TicketRefund,
  TicketSale,
} from './day';

export const simulatedProducts = ['ADULT', 'CHILD', 'SENIOR'] as const;
export const simulatedAgencies = ['ag-1', 'ag-2'] as const;

const counterMethods = ['cash', 'card', 'payment_code', 'on_account'] as const;
const refundMethods = ['cash', 'card', 'payment_code', 'online'] as const;

const sellCommand = fc.record({
  type: fc.constant('sell' as const),
  product: fc.constantFrom(...simulatedProducts),
  price: fc.integer({ min: 1, max: 50_000 }),
  visitOffset: fc.integer({ min: 0, max: 4 }),
  channel: fc.constantFrom<FinanceChannel>('box_office', 'online', 'api'),
  methods: fc.tuple(fc.constantFrom(...counterMethods), fc.constantFrom(...counterMethods)),
  splitTenths: fc.integer({ min: 0, max: 10 }),
  agency: fc.constantFrom(...simulatedAgencies),
  seller: fc.constantFrom('seller-1', 'seller-2'),
  commission: fc.integer({ min: 0, max: 5_000 }),
  // One ticket in six is given away.
  free: fc.oneof(
    { arbitrary: fc.constant(null), weight: 5 },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom<FreeTicket['kind']>('free', 'complimentary'),
        reason: fc.constantFrom('child_under_6', 'senior_65', 'soldier', 'guest'),
      }),
      weight: 1,
    },
  ),
});

const refundCommand = fc.record({
  type: fc.constant('refund' as const),
  pick: fc.nat(),
  feeBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  method: fc.constantFrom(...refundMethods),
  splitTenths: fc.integer({ min: 0, max: 10 }),
  seller: fc.option(fc.constantFrom('seller-1', 'seller-2')),
});

const rebookCommand = fc.record({
  type: fc.constant('rebook' as const),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  visitOffset: fc.integer({ min: 0, max: 4 }),
  newPrices: fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 3, maxLength: 3 }),
  fee: fc.integer({ min: 0, max: 2_000 }),
  method: fc.constantFrom('cash', 'card'),
});

const shiftCommand = fc.record({
  type: fc.constant('shift' as const),
  difference: fc.integer({ min: -5_000, max: 5_000 }),
  seller: fc.constantFrom('seller-1', 'seller-2'),
});

const adjustCommand = fc.record({
  type: fc.constant('adjust' as const),
  method: fc.constantFrom<FinancePaymentMethod>('cash', 'card', 'payment_code', 'online', 'on_account'),
  amount: fc.integer({ min: -5_000, max: 5_000 }).filter((a) => a !== 0),
  agency: fc.constantFrom(...simulatedAgencies),
  daysBack: fc.integer({ min: 1, max: 3 }),
});

const command = fc.oneof(
  { arbitrary: sellCommand, weight: 5 },
  { arbitrary: refundCommand, weight: 2 },
  { arbitrary: rebookCommand, weight: 2 },
  { arbitrary: shiftCommand, weight: 1 },
  { arbitrary: adjustCommand, weight: 1 },
);

type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

export type SimulatedTicket = { booking: TicketBooking; endedOn: string | null };

export type SimulatedRun = {
  days: FinanceDay[];
  /** Every ticket issued in the run, with the day it was refunded or rebooked (null: it stands). */
  tickets: SimulatedTicket[];
};

/** Splits an amount into two parts by tenths (the first part rounded down). */
function split(amount: number, tenths: number): [number, number] {
  const first = Math.floor((amount * tenths) / 10);
  return [first, amount - first];
}

/** Plays commands, day by day, against a model of the tickets. */
export function playRun(start: string, commandsByDay: readonly (readonly Command[])[]): SimulatedRun {
  const tickets: SimulatedTicket[] = [];
  let serial = 0;
  const days = commandsByDay.map((commands, dayIndex): FinanceDay => {
    const date = addDays(start, dayIndex);
    const sales: TicketSale[] = [];
    const refunds: TicketRefund[] = [];
    const rebookings: Rebooking[] = [];
    const shifts: FinanceDay['shifts'] = [];
    const adjustments: Adjustment[] = [];
    // The tickets sold before today for a visit today, as they stand when the day opens or later.
    const dueToday = tickets.filter((t) => t.booking.visitDate === date && t.booking.soldOn < date);
    const standing = () => tickets.filter((t) => t.endedOn === null);

    for (const c of commands) {
      if (c.type === 'sell') {
        const price = c.free ? 0 : c.price;
        const methods: FinancePaymentMethod[] =
          c.channel === 'box_office' ? [...c.methods] : c.channel === 'online' ? ['online'] : ['on_account'];
        const [first, second] = split(price, c.splitTenths);
        const payments: PaymentPart[] =
          methods.length === 2
            ? [
                { method: methods[0]!, amount: first },
                { method: methods[1]!, amount: second },
              ]
            : [{ method: methods[0]!, amount: price }];
        const onAccount = payments.some((p) => p.method === 'on_account');
        const booking: TicketBooking = {
          ticketId: `t${++serial}`,
          productCode: c.product,
          category: c.product.toLowerCase(),
          price,
          retailPrice: c.channel === 'api' && !c.free ? price + c.commission : null,
          soldOn: date,
          visitDate: addDays(date, c.visitOffset),
          agencyId: onAccount ? c.agency : null,
          free: c.free,
        };
        tickets.push({ booking, endedOn: null });
        sales.push({
          ...booking,
          payments,
          channel: c.channel,
          sellerId: c.channel === 'box_office' ? c.seller : null,
        });
      } else if (c.type === 'refund') {
        const live = standing();
        if (live.length === 0) continue;
        const ticket = live[c.pick % live.length]!;
        const price = ticket.booking.price;
        const fee = Math.floor((price * c.feeBasisPoints) / 10_000);
        const amount = price - fee;
        const [first, second] = split(amount, c.splitTenths);
        const payments: PaymentPart[] = ticket.booking.agencyId
          ? [{ method: 'on_account', amount }]
          : [
              { method: c.method, amount: first },
              { method: 'cash', amount: second },
            ];
        ticket.endedOn = date;
        refunds.push({
          ticket: ticket.booking,
          amount,
          fee,
          payments,
          channel: c.seller ? 'box_office' : 'online',
          sellerId: c.seller,
        });
      } else if (c.type === 'rebook') {
        // Only tickets whose visit is today or later can move.
        const live = standing().filter((t) => t.booking.visitDate >= date);
        const chosen = [...new Set(c.picks.map((p) => (live.length ? p % live.length : -1)))]
          .filter((i) => i >= 0)
          .map((i) => live[i]!);
        if (chosen.length === 0) continue;
        const pairs = chosen.map((old, i) => {
          const from = old.booking;
          const price = from.free ? 0 : c.newPrices[i]!;
          const to: TicketBooking = {
            ...from,
            ticketId: `t${++serial}`,
            price,
            retailPrice: from.retailPrice === null ? null : price + (from.retailPrice - from.price),
            soldOn: date,
            visitDate: addDays(date, c.visitOffset),
          };
          old.endedOn = date;
          tickets.push({ booking: to, endedOn: null });
          return { from, to, fee: Math.min(c.fee, from.price) };
        });
        const difference = pairs.reduce((sum, p) => sum + p.to.price + p.fee - p.from.price, 0);
        const agencyId = pairs[0]!.from.agencyId;
        const money = (amount: number): PaymentPart[] =>
          agencyId ? [{ method: 'on_account', amount, agencyId }] : [{ method: c.method, amount }];
        rebookings.push({
          rebookingId: `r${++serial}`,
          tickets: pairs,
          paid: difference > 0 ? money(difference) : [],
          repaid: difference < 0 ? money(-difference) : [],
          channel: 'box_office',
          sellerId: 'seller-1',
        });
      } else if (c.type === 'shift') {
        shifts.push({ shiftId: `s${++serial}`, sellerId: c.seller, difference: c.difference });
      } else {
        adjustments.push({
          adjustmentId: `a${++serial}`,
          method: c.method,
          agencyId: c.method === 'on_account' ? c.agency : null,
          amount: c.amount,
          correctsDate: addDays(date, -c.daysBack),
        });
      }
    }
    // What the service reads when the day is settled: the due tickets as they stand at its end.
    const deferredDue: DeferredTicket[] = dueToday.map((t) => ({ ...t.booking, endedOn: t.endedOn }));
    return { date, sales, refunds, rebookings, shifts, adjustments, deferredDue };
  });
  return { days, tickets };
}

/**
 * A run of 1–6 busy days followed by five quiet ones, so every visit date (at most four days ahead)
 * falls inside the run.
 */
export const simulatedRun: fc.Arbitrary<SimulatedRun> = fc
  .record({
    start: fc.constantFrom('2026-12-30', '2027-02-26', '2028-02-27', '2026-07-15'),
    busy: fc.array(fc.array(command, { maxLength: 12 }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ start, busy }) => playRun(start, [...busy, [], [], [], [], []]));
