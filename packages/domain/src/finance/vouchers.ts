// The accounting vouchers (记账凭证) of one business day, from the day's rows and the site's chart of
// accounts: one voucher per kind of business (sales, recognition of deferred revenue, refunds,
// rebookings, cash over and short, adjustments of earlier days), lines summed per account and auxiliary (ticket type, agency,
// seller). Every voucher balances exactly: each ticket is booked as whole amounts on both sides, and
// VAT is separated per revenue line so net + tax is the line's gross to the fen.
//
// How a ticket is booked:
// - sold for today (or an earlier date): Dr clearing (or the agency's receivable) / Cr revenue net + Cr VAT;
// - sold for a later visit date: Dr clearing / Cr deferred revenue (预收账款) at the gross;
// - on its visit date, unless refunded or rebooked by then: Dr deferred / Cr revenue net + Cr VAT;
// - refunded: the side it is on (deferred or revenue) is debited, the money back credited to where
//   it goes, and the fee kept credited to revenue (net + VAT);
// - rebooked: the old ticket is reversed like a refund, the new one booked like a sale, the fee kept
//   is revenue, and only the difference moves money;
// - a channel ticket when commissions are booked gross: the gross is the retail price, and
//   retail − settlement is debited to commission expense at booking (credited back at reversal);
// - an adjustment: the method's clearing account (or the agency's receivable) against the over/short
//   account (待处理财产损溢), debited when there was more money than recorded and credited when less,
//   until finance finds out where it belongs and transfers it in the ledger.
import {
  assertFinanceDay,
  bookedAsDeferred,
  recognisedBy,
  ticketsToRecognise,
  type FinanceDay,
  type PaymentPart,
  type TicketBooking,
} from './day';
import {
  chartOfAccountsProblem,
  paymentAccount,
  revenueAccount,
  type ChartOfAccounts,
} from './chart-of-accounts';
import { separateVat } from './vat';

export const voucherKinds = [
  'sales',
  'recognition',
  'refunds',
  'rebookings',
  'over_short',
  'adjustments',
] as const;
export type VoucherKind = (typeof voucherKinds)[number];

/** What a line is about, for the ledger's auxiliary accounting (辅助核算). Empty when nothing applies. */
export type VoucherAuxiliary = { productCode?: string; agencyId?: string; sellerId?: string };

/** One line of a voucher: exactly one of debit and credit is non-zero, both whole fen ≥ 0. */
export type VoucherLine = { account: string; debit: number; credit: number; auxiliary: VoucherAuxiliary };

export type Voucher = {
  /** The business day the voucher is dated on. */
  date: string;
  kind: VoucherKind;
  /** 摘要, in the ledger's language (Chinese), e.g. "2026-12-01 售票". */
  summary: string;
  /** Debit lines first, then credit lines; each side by account, then auxiliary. */
  lines: VoucherLine[];
};

const summaries: Record<VoucherKind, string> = {
  sales: '售票',
  recognition: '预收账款结转收入',
  refunds: '退票',
  rebookings: '改签',
  over_short: '长短款',
  adjustments: '日结调整',
};

/** Σ debit and Σ credit of a voucher. */
export function voucherTotals(voucher: Pick<Voucher, 'lines'>): { debit: number; credit: number } {
  let debit = 0;
  let credit = 0;
  for (const line of voucher.lines) {
    debit += line.debit;
    credit += line.credit;
  }
  return { debit, credit };
}

export function isBalanced(voucher: Pick<Voucher, 'lines'>): boolean {
  const { debit, credit } = voucherTotals(voucher);
  return debit === credit;
}

/**
 * What a ticket is booked at: its gross (the retail price of a channel ticket when commissions are
 * booked gross, else what the site receives) and the commission (gross − price). The same figures at
 * its booking and at its reversal, so they cancel.
 */
export function ticketGross(
  chart: Pick<ChartOfAccounts, 'commission'>,
  ticket: Pick<TicketBooking, 'price' | 'retailPrice'>,
): { gross: number; commission: number } {
  if (!chart.commission.bookedGross || ticket.retailPrice === null)
    return { gross: ticket.price, commission: 0 };
  return { gross: ticket.retailPrice, commission: ticket.retailPrice - ticket.price };
}

type Side = 'debit' | 'credit';

/** Collects one voucher's amounts, summed per side, account and auxiliary; revenue is split from VAT at the end. */
function voucherBuilder(chart: ChartOfAccounts) {
  const plain = new Map<
    string,
    { side: Side; account: string; auxiliary: VoucherAuxiliary; amount: number }
  >();
  const revenue = new Map<string, { side: Side; productCode: string; gross: number }>();

  const post = (side: Side, account: string, amount: number, auxiliary: VoucherAuxiliary = {}) => {
    if (amount === 0) return;
    const key = JSON.stringify([
      side,
      account,
      auxiliary.productCode,
      auxiliary.agencyId,
      auxiliary.sellerId,
    ]);
    const entry = plain.get(key);
    if (entry) entry.amount += amount;
    else plain.set(key, { side, account, auxiliary, amount });
  };

  /** Ticket revenue including VAT, to be split per side and ticket type. */
  const postRevenue = (side: Side, productCode: string, gross: number) => {
    if (gross === 0) return;
    const key = JSON.stringify([side, productCode]);
    const entry = revenue.get(key);
    if (entry) entry.gross += gross;
    else revenue.set(key, { side, productCode, gross });
  };

  const postMoney = (side: Side, parts: readonly PaymentPart[], ticketAgency: string | null) => {
    for (const part of parts) {
      const agencyId = part.method === 'on_account' ? (part.agencyId ?? ticketAgency) : null;
      post(side, paymentAccount(chart, part.method, agencyId), part.amount, agencyId ? { agencyId } : {});
    }
  };

  /** A ticket issued on `date`: credited to revenue or deferred revenue, commission debited. */
  const book = (ticket: TicketBooking) => {
    const { gross, commission } = ticketGross(chart, ticket);
    if (bookedAsDeferred(ticket))
      post('credit', chart.deferredRevenue, gross, { productCode: ticket.productCode });
    else postRevenue('credit', ticket.productCode, gross);
    post('debit', chart.commission.account, commission, ticket.agencyId ? { agencyId: ticket.agencyId } : {});
  };

  /** A ticket taken back on `date` (refund, rebooking): debited from the side it is on, commission credited back. */
  const reverse = (ticket: TicketBooking, date: string) => {
    const { gross, commission } = ticketGross(chart, ticket);
    if (recognisedBy(ticket, date)) postRevenue('debit', ticket.productCode, gross);
    else post('debit', chart.deferredRevenue, gross, { productCode: ticket.productCode });
    post(
      'credit',
      chart.commission.account,
      commission,
      ticket.agencyId ? { agencyId: ticket.agencyId } : {},
    );
  };

  const build = (date: string, kind: VoucherKind): Voucher | null => {
    const lines: VoucherLine[] = [];
    const line = (side: Side, account: string, amount: number, auxiliary: VoucherAuxiliary) => {
      if (amount !== 0)
        lines.push({
          account,
          debit: side === 'debit' ? amount : 0,
          credit: side === 'credit' ? amount : 0,
          auxiliary,
        });
    };
    for (const entry of plain.values()) line(entry.side, entry.account, entry.amount, entry.auxiliary);
    for (const entry of revenue.values()) {
      const { net, tax } = separateVat(entry.gross, chart.outputVat.rateBasisPoints);
      const auxiliary = { productCode: entry.productCode };
      line(entry.side, revenueAccount(chart, entry.productCode), net, auxiliary);
      line(entry.side, chart.outputVat.account, tax, auxiliary);
    }
    if (lines.length === 0) return null;
    lines.sort(compareLines);
    return { date, kind, summary: `${date} ${summaries[kind]}`, lines };
  };

  return { post, postRevenue, postMoney, book, reverse, build };
}

function compareLines(a: VoucherLine, b: VoucherLine): number {
  const side = (l: VoucherLine) => (l.debit > 0 ? 0 : 1);
  const aux = (l: VoucherLine) =>
    `${l.auxiliary.productCode ?? ''}\u0000${l.auxiliary.agencyId ?? ''}\u0000${l.auxiliary.sellerId ?? ''}`;
  return (
    side(a) - side(b) ||
    (a.account < b.account ? -1 : a.account > b.account ? 1 : 0) ||
    (aux(a) < aux(b) ? -1 : aux(a) > aux(b) ? 1 : 0)
  );
}

/**
 * The vouchers of a business day, in the order sales, recognition, refunds, rebookings, over/short,
 * adjustments; a kind with nothing to book has no voucher. Throws a RangeError when the day's rows do not add up
 * (see `assertFinanceDay`) or the chart of accounts is incomplete. Free and complimentary tickets book nothing (their price is 0).
 *
 * The deferred amount is recomputed from the chart at recognition and reversal: changing
 * `commission.bookedGross` while channel tickets are deferred leaves the difference in deferred revenue.
 */
export function vouchersForDay(chart: ChartOfAccounts, day: FinanceDay): Voucher[] {
  const problem = chartOfAccountsProblem(chart);
  if (problem) throw new RangeError(`chart of accounts: ${problem} is missing or invalid`);
  assertFinanceDay(day);
  const vouchers: Voucher[] = [];
  const add = (voucher: Voucher | null) => {
    if (!voucher) return;
    const { debit, credit } = voucherTotals(voucher);
    // Cannot happen for a day that passed assertFinanceDay; a guard so a bug never reaches a ledger.
    if (debit !== credit) throw new Error(`${voucher.kind} voucher of ${day.date} does not balance`);
    vouchers.push(voucher);
  };

  const sales = voucherBuilder(chart);
  for (const sale of day.sales) {
    sales.postMoney('debit', sale.payments, sale.agencyId);
    sales.book(sale);
  }
  add(sales.build(day.date, 'sales'));

  const recognition = voucherBuilder(chart);
  for (const ticket of ticketsToRecognise(day)) {
    const { gross } = ticketGross(chart, ticket);
    recognition.post('debit', chart.deferredRevenue, gross, { productCode: ticket.productCode });
    recognition.postRevenue('credit', ticket.productCode, gross);
  }
  add(recognition.build(day.date, 'recognition'));

  const refunds = voucherBuilder(chart);
  for (const refund of day.refunds) {
    refunds.reverse(refund.ticket, day.date);
    refunds.postMoney('credit', refund.payments, refund.ticket.agencyId);
    refunds.postRevenue('credit', refund.ticket.productCode, refund.fee);
  }
  add(refunds.build(day.date, 'refunds'));

  const rebookings = voucherBuilder(chart);
  for (const rebooking of day.rebookings) {
    const agency = rebooking.tickets[0]?.from.agencyId ?? null;
    for (const { from, to, fee } of rebooking.tickets) {
      rebookings.reverse(from, day.date);
      rebookings.book(to);
      rebookings.postRevenue('credit', to.productCode, fee);
    }
    rebookings.postMoney('debit', rebooking.paid, agency);
    rebookings.postMoney('credit', rebooking.repaid, agency);
  }
  add(rebookings.build(day.date, 'rebookings'));

  const overShort = voucherBuilder(chart);
  for (const shift of day.shifts) {
    const seller = { sellerId: shift.sellerId };
    if (shift.difference > 0) {
      overShort.post('debit', chart.clearing.cash, shift.difference);
      overShort.post('credit', chart.overShort, shift.difference, seller);
    } else if (shift.difference < 0) {
      overShort.post('debit', chart.overShort, -shift.difference, seller);
      overShort.post('credit', chart.clearing.cash, -shift.difference);
    }
  }
  add(overShort.build(day.date, 'over_short'));

  const adjustments = voucherBuilder(chart);
  for (const adjustment of day.adjustments ?? []) {
    const account = paymentAccount(chart, adjustment.method, adjustment.agencyId);
    const auxiliary = adjustment.agencyId ? { agencyId: adjustment.agencyId } : {};
    const [money, other] =
      adjustment.amount > 0 ? (['debit', 'credit'] as const) : (['credit', 'debit'] as const);
    adjustments.post(money, account, Math.abs(adjustment.amount), auxiliary);
    adjustments.post(other, chart.overShort, Math.abs(adjustment.amount));
  }
  add(adjustments.build(day.date, 'adjustments'));

  return vouchers;
}
