// The figures of a daily settlement (日结): what a site's business day took in and gave back, in total
// and broken down by payment method, ticket type, channel and seller, with free and complimentary
// tickets counted apart (they never count as revenue). Each breakdown adds up to the totals: every
// amount is attributed to exactly one key of each breakdown.
//
// sales        what was received for the tickets sold (their prices; channel tickets at settlement)
// refunds      money given back for refunded tickets
// rebookings   the net money of rebookings: paid − given back (new prices + fees − old prices)
// adjustments  corrections of earlier, locked days made today (signed); by payment method only,
//              so the ticket breakdowns (type, channel, seller) add up to the totals less them
// net          sales − refunds + rebookings + adjustments: the money the day took in
// feesKept     refund and rebooking fees the site kept (already inside net; shown for finance)
import {
  assertFinanceDay,
  financePaymentMethods,
  type FinanceChannel,
  type FinanceDay,
  type FinancePaymentMethod,
  type FreeTicket,
  type PaymentPart,
} from './day';

/** Money figures: all a payment method can say. */
export type MoneyFigures = {
  sales: number;
  refunds: number;
  rebookings: number;
  adjustments: number;
  net: number;
};

/** Money figures with the tickets and fees behind them. */
export type SettlementFigures = MoneyFigures & {
  feesKept: number;
  /** Paid tickets sold (free and complimentary ones are counted in `free`/`complimentary`). */
  ticketsSold: number;
  /** Paid tickets refunded. */
  ticketsRefunded: number;
  /** Tickets replaced by a rebooking (each counted once, under its new ticket's key). */
  ticketsRebooked: number;
};

/** Free or complimentary tickets issued (sold or by a rebooking) and returned, by reason. */
export type FreeTicketFigures = {
  issued: number;
  returned: number;
  byReason: { reason: string; issued: number; returned: number }[];
};

export type DailySettlement = {
  date: string;
  totals: SettlementFigures;
  /** Every amount of the day by its method, adjustments included: adds up to the totals. */
  byPaymentMethod: ({ method: FinancePaymentMethod } & MoneyFigures)[];
  /** Ticket business only (no adjustments): adds up to the totals less the adjustments, as do the next two. */
  byTicketType: ({ productCode: string } & SettlementFigures)[];
  byChannel: ({ channel: FinanceChannel } & SettlementFigures)[];
  /** Null seller: online and API sales, refunds made by a job. */
  bySeller: ({ sellerId: string | null } & SettlementFigures)[];
  free: FreeTicketFigures;
  complimentary: FreeTicketFigures;
  /** Shifts' cash differences: over (长款) and short (短款, as a positive amount), net = over − short. */
  overShort: { over: number; short: number; net: number };
};

function zeroFigures(): SettlementFigures {
  return {
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
}

function zeroMoney(): MoneyFigures {
  return { sales: 0, refunds: 0, rebookings: 0, adjustments: 0, net: 0 };
}

type Delta = Partial<SettlementFigures>;

function apply(target: SettlementFigures | MoneyFigures, delta: Delta): void {
  target.sales += delta.sales ?? 0;
  target.refunds += delta.refunds ?? 0;
  target.rebookings += delta.rebookings ?? 0;
  target.adjustments += delta.adjustments ?? 0;
  target.net = target.sales - target.refunds + target.rebookings + target.adjustments;
  if ('feesKept' in target) {
    target.feesKept += delta.feesKept ?? 0;
    target.ticketsSold += delta.ticketsSold ?? 0;
    target.ticketsRefunded += delta.ticketsRefunded ?? 0;
    target.ticketsRebooked += delta.ticketsRebooked ?? 0;
  }
}

/** A breakdown: figures per key, created on first use, listed in key order. */
function breakdown<K extends string | null, F extends SettlementFigures | MoneyFigures>(zero: () => F) {
  const map = new Map<K, F>();
  return {
    add(key: K, delta: Delta) {
      let figures = map.get(key);
      if (!figures) map.set(key, (figures = zero()));
      apply(figures, delta);
    },
    list(): [K, F][] {
      return [...map.entries()].sort(([a], [b]) =>
        a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
      );
    },
  };
}

function freeCounter() {
  const byReason = new Map<string, { issued: number; returned: number }>();
  const figures = { issued: 0, returned: 0 };
  return {
    count(reason: string, field: 'issued' | 'returned') {
      const entry = byReason.get(reason) ?? { issued: 0, returned: 0 };
      entry[field] += 1;
      byReason.set(reason, entry);
      figures[field] += 1;
    },
    result(): FreeTicketFigures {
      return {
        ...figures,
        byReason: [...byReason.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([reason, counts]) => ({ reason, ...counts })),
      };
    },
  };
}

/**
 * The settlement figures of a business day. Throws a RangeError when the rows do not add up (see
 * `assertFinanceDay`). Rebookings are attributed by ticket: each pair adds new price + fee − old price
 * to its new ticket's type, and the money paid or given back to its methods.
 */
export function settleDay(day: FinanceDay): DailySettlement {
  assertFinanceDay(day);
  const totals = zeroFigures();
  const byMethod = breakdown<FinancePaymentMethod, MoneyFigures>(zeroMoney);
  const byType = breakdown<string, SettlementFigures>(zeroFigures);
  const byChannel = breakdown<FinanceChannel, SettlementFigures>(zeroFigures);
  const bySeller = breakdown<string | null, SettlementFigures>(zeroFigures);
  const free = { free: freeCounter(), complimentary: freeCounter() };

  const everywhere = (
    productCode: string,
    channel: FinanceChannel,
    sellerId: string | null,
    delta: Delta,
  ) => {
    apply(totals, delta);
    byType.add(productCode, delta);
    byChannel.add(channel, delta);
    bySeller.add(sellerId, delta);
  };
  const byParts = (
    parts: readonly PaymentPart[],
    field: 'sales' | 'refunds' | 'rebookings',
    sign: 1 | -1,
  ) => {
    for (const p of parts) byMethod.add(p.method, { [field]: sign * p.amount });
  };
  const countFree = (ticket: { free: FreeTicket | null }, field: 'issued' | 'returned') => {
    if (ticket.free) free[ticket.free.kind].count(ticket.free.reason, field);
  };

  for (const sale of day.sales) {
    countFree(sale, 'issued');
    everywhere(sale.productCode, sale.channel, sale.sellerId, {
      sales: sale.price,
      ticketsSold: sale.free ? 0 : 1,
    });
    byParts(sale.payments, 'sales', 1);
  }
  for (const refund of day.refunds) {
    countFree(refund.ticket, 'returned');
    everywhere(refund.ticket.productCode, refund.channel, refund.sellerId, {
      refunds: refund.amount,
      feesKept: refund.fee,
      ticketsRefunded: refund.ticket.free ? 0 : 1,
    });
    byParts(refund.payments, 'refunds', 1);
  }
  for (const rebooking of day.rebookings) {
    for (const { from, to, fee } of rebooking.tickets) {
      countFree(from, 'returned');
      countFree(to, 'issued');
      everywhere(to.productCode, rebooking.channel, rebooking.sellerId, {
        rebookings: to.price + fee,
        feesKept: fee,
        ticketsRebooked: 1,
      });
      everywhere(from.productCode, rebooking.channel, rebooking.sellerId, { rebookings: -from.price });
    }
    byParts(rebooking.paid, 'rebookings', 1);
    byParts(rebooking.repaid, 'rebookings', -1);
  }

  for (const adjustment of day.adjustments ?? []) {
    apply(totals, { adjustments: adjustment.amount });
    byMethod.add(adjustment.method, { adjustments: adjustment.amount });
  }

  const over = day.shifts.reduce((sum, s) => sum + Math.max(0, s.difference), 0);
  const short = day.shifts.reduce((sum, s) => sum + Math.max(0, -s.difference), 0);
  return {
    date: day.date,
    totals,
    byPaymentMethod: byMethod
      .list()
      .sort(([a], [b]) => financePaymentMethods.indexOf(a) - financePaymentMethods.indexOf(b))
      .map(([method, figures]) => ({ method, ...figures })),
    byTicketType: byType.list().map(([productCode, figures]) => ({ productCode, ...figures })),
    byChannel: byChannel.list().map(([channel, figures]) => ({ channel, ...figures })),
    bySeller: bySeller.list().map(([sellerId, figures]) => ({ sellerId, ...figures })),
    free: free.free.result(),
    complimentary: free.complimentary.result(),
    overShort: { over, short, net: over - short },
  };
}
