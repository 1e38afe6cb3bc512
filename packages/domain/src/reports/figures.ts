// Report arithmetic: the sales figures a summary row carries, added up per bucket and group, with the
// net and the rates derived the same way everywhere (screens, exports, the daily summary e-mail).
// Money is integer fen; a rate is in basis points (10 000 = 100 %), null when there is nothing to
// divide by, rounded half away from zero.
import { bucketStart, type ReportGranularity } from './periods';

export type SalesFigures = {
  ticketsSold: number;
  sales: number;
  ticketsRefunded: number;
  refunds: number;
  refundFees: number;
  net: number;
  freeTickets: number;
  complimentaryTickets: number;
};

export function zeroSalesFigures(): SalesFigures {
  return {
    ticketsSold: 0,
    sales: 0,
    ticketsRefunded: 0,
    refunds: 0,
    refundFees: 0,
    net: 0,
    freeTickets: 0,
    complimentaryTickets: 0,
  };
}

/** Adds `more` into `into` (net recomputed: sales − refunds). */
export function addSalesFigures(into: SalesFigures, more: Omit<SalesFigures, 'net'>): SalesFigures {
  into.ticketsSold += more.ticketsSold;
  into.sales += more.sales;
  into.ticketsRefunded += more.ticketsRefunded;
  into.refunds += more.refunds;
  into.refundFees += more.refundFees;
  into.freeTickets += more.freeTickets;
  into.complimentaryTickets += more.complimentaryTickets;
  into.net = into.sales - into.refunds;
  return into;
}

/** numerator / denominator in basis points, rounded half away from zero; null for a zero denominator. */
export function ratioBasisPoints(numerator: number, denominator: number): number | null {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator))
    throw new RangeError('a rate is taken of whole numbers');
  if (denominator === 0) return null;
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  // Exact integer half-up: floor((2·n·10000 + d) / (2·d)).
  const value = (BigInt(n) * 20_000n + BigInt(d)) / (BigInt(d) * 2n);
  return sign * Number(value);
}

/** The refund rate of a period: tickets refunded per paid ticket sold in it. */
export function refundRateBasisPoints(ticketsSold: number, ticketsRefunded: number): number | null {
  return ratioBasisPoints(ticketsRefunded, ticketsSold);
}

/** A summary row of one day and group, as the report queries read them. */
export type DatedRow<F> = { date: string; key: string | null; figures: F };

/**
 * Adds up dated rows per bucket and key: the result is ordered by bucket, then by key (null last),
 * and every input row is counted in exactly one output row.
 */
export function rollUpByPeriod<F>(
  rows: readonly DatedRow<F>[],
  granularity: ReportGranularity,
  zero: () => F,
  add: (into: F, more: F) => void,
): { period: string; key: string | null; figures: F }[] {
  const out = new Map<string, { period: string; key: string | null; figures: F }>();
  for (const row of rows) {
    const period = bucketStart(row.date, granularity);
    const id = `${period}\u0000${row.key ?? '\u0001'}`;
    let entry = out.get(id);
    if (!entry) out.set(id, (entry = { period, key: row.key, figures: zero() }));
    add(entry.figures, row.figures);
  }
  return [...out.values()].sort((a, b) =>
    a.period !== b.period
      ? a.period < b.period
        ? -1
        : 1
      : a.key === b.key
        ? 0
        : a.key === null
          ? 1
          : b.key === null
            ? -1
            : a.key < b.key
              ? -1
              : 1,
  );
}
