import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartOfAccountsProblem, revenueAccount, type ChartOfAccounts } from './chart-of-accounts';
import { ticketsToRecognise, type FinanceDay, type TicketBooking, type TicketSale } from './day';
import { settleDay } from './settlement';
import { simulatedProducts, simulatedRun, type SimulatedRun } from './simulated-days';
import { separateVat } from './vat';
import { isBalanced, ticketGross, voucherTotals, vouchersForDay, type Voucher } from './vouchers';

const chart: ChartOfAccounts = {
  siteId: 'site-1',
  revenue: { default: '6001.01', byProduct: { SENIOR: '6001.02' } },
  outputVat: { account: '2221.01', rateBasisPoints: 600 },
  clearing: { cash: '1001', card: '1012.01', payment_code: '1012.02', online: '1012.03' },
  receivable: { default: '1122', byAgency: { 'ag-2': '1122.02' } },
  deferredRevenue: '2203',
  commission: { account: '6601.05', bookedGross: true },
  overShort: '1901',
};

const booking = (over: Partial<TicketBooking> = {}): TicketBooking => ({
  ticketId: 't1',
  productCode: 'ADULT',
  category: 'adult',
  price: 10_600,
  retailPrice: null,
  soldOn: '2026-12-01',
  visitDate: '2026-12-01',
  agencyId: null,
  free: null,
  ...over,
});

const sale = (over: Partial<TicketSale> = {}): TicketSale => {
  const ticket = booking(over);
  return {
    ...ticket,
    payments: [{ method: 'cash', amount: ticket.price }],
    channel: 'box_office',
    sellerId: 'seller-1',
    ...over,
  };
};

const day = (date: string, rows: Partial<FinanceDay> = {}): FinanceDay => ({
  date,
  sales: [],
  refunds: [],
  rebookings: [],
  shifts: [],
  deferredDue: [],
  ...rows,
});

/** Lines as [account, debit, credit, auxiliary] for reading. */
const lines = (voucher: Voucher | undefined) =>
  voucher?.lines.map((l) => [l.account, l.debit, l.credit, l.auxiliary]);

const adult = { productCode: 'ADULT' };

describe('vouchers of a day', () => {
  it('books a sale for today to revenue net of VAT, and an agency sale to its receivable', () => {
    const vouchers = vouchersForDay(
      chart,
      day('2026-12-01', {
        sales: [
          sale(),
          sale({
            ticketId: 't2',
            price: 21_200,
            agencyId: 'ag-1',
            payments: [{ method: 'on_account', amount: 21_200 }],
          }),
        ],
      }),
    );
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]).toMatchObject({ date: '2026-12-01', kind: 'sales', summary: '2026-12-01 售票' });
    expect(lines(vouchers[0])).toEqual([
      ['1001', 10_600, 0, {}],
      ['1122', 21_200, 0, { agencyId: 'ag-1' }],
      ['2221.01', 0, 1_800, adult],
      ['6001.01', 0, 30_000, adult],
    ]);
  });

  it('defers a sale for a later date and recognises it on the visit date', () => {
    const ticket = sale({ visitDate: '2026-12-03', payments: [{ method: 'payment_code', amount: 10_600 }] });
    expect(lines(vouchersForDay(chart, day('2026-12-01', { sales: [ticket] }))[0])).toEqual([
      ['1012.02', 10_600, 0, {}],
      ['2203', 0, 10_600, adult],
    ]);
    const onVisit = vouchersForDay(chart, day('2026-12-03', { deferredDue: [{ ...ticket, endedOn: null }] }));
    expect(onVisit.map((v) => v.kind)).toEqual(['recognition']);
    expect(lines(onVisit[0])).toEqual([
      ['2203', 10_600, 0, adult],
      ['2221.01', 0, 600, adult],
      ['6001.01', 0, 10_000, adult],
    ]);
  });

  it('never recognises a ticket refunded or rebooked by the end of its visit date', () => {
    const due = booking({ soldOn: '2026-12-01', visitDate: '2026-12-03' });
    const on = (endedOn: string | null) =>
      ticketsToRecognise(day('2026-12-03', { deferredDue: [{ ...due, endedOn }] })).length;
    expect(on(null)).toBe(1);
    expect(on('2026-12-02')).toBe(0);
    expect(on('2026-12-03')).toBe(0);
    // Refunded the day after its visit (settled late): it was standing at the end of its day.
    expect(on('2026-12-04')).toBe(1);
  });

  it('reverses a refund from deferred revenue before the visit and from revenue after, keeping the fee', () => {
    const refund = (date: string) =>
      vouchersForDay(
        chart,
        day(date, {
          refunds: [
            {
              ticket: booking({ visitDate: '2026-12-03' }),
              amount: 9_540,
              fee: 1_060,
              payments: [{ method: 'payment_code', amount: 9_540 }],
              channel: 'box_office',
              sellerId: 'seller-2',
            },
          ],
        }),
      );
    for (const before of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      expect(refund(before)[0]?.kind).toBe('refunds');
      expect(lines(refund(before)[0])).toEqual([
        ['2203', 10_600, 0, adult],
        ['1012.02', 0, 9_540, {}],
        ['2221.01', 0, 60, adult],
        ['6001.01', 0, 1_000, adult],
      ]);
    }
    expect(lines(refund('2026-12-04')[0])).toEqual([
      ['2221.01', 600, 0, adult],
      ['6001.01', 10_000, 0, adult],
      ['1012.02', 0, 9_540, {}],
      ['2221.01', 0, 60, adult],
      ['6001.01', 0, 1_000, adult],
    ]);
  });

  it('books a channel ticket at retail with the commission as expense when commissions are gross', () => {
    const channelSale = sale({
      price: 8_000,
      retailPrice: 10_600,
      agencyId: 'ag-2',
      channel: 'api',
      sellerId: null,
      payments: [{ method: 'on_account', amount: 8_000 }],
    });
    expect(lines(vouchersForDay(chart, day('2026-12-01', { sales: [channelSale] }))[0])).toEqual([
      ['1122.02', 8_000, 0, { agencyId: 'ag-2' }],
      ['6601.05', 2_600, 0, { agencyId: 'ag-2' }],
      ['2221.01', 0, 600, adult],
      ['6001.01', 0, 10_000, adult],
    ]);
    const net = { ...chart, commission: { ...chart.commission, bookedGross: false } };
    expect(lines(vouchersForDay(net, day('2026-12-01', { sales: [channelSale] }))[0])).toEqual([
      ['1122.02', 8_000, 0, { agencyId: 'ag-2' }],
      ['2221.01', 0, 453, adult],
      ['6001.01', 0, 7_547, adult],
    ]);
  });

  it('rebooks a deferred ticket to today: deferred reversed, new price and fee to revenue, difference paid', () => {
    const from = booking({ soldOn: '2026-12-01', visitDate: '2026-12-03' });
    const to = booking({ ticketId: 't2', price: 12_720, soldOn: '2026-12-02', visitDate: '2026-12-02' });
    const vouchers = vouchersForDay(
      chart,
      day('2026-12-02', {
        rebookings: [
          {
            rebookingId: 'r1',
            tickets: [{ from, to, fee: 500 }],
            paid: [{ method: 'cash', amount: 2_620 }],
            repaid: [],
            channel: 'box_office',
            sellerId: 'seller-1',
          },
        ],
      }),
    );
    expect(vouchers.map((v) => v.kind)).toEqual(['rebookings']);
    // 13 220 gross: 12 471.70 net → 12 472, tax 748.
    expect(lines(vouchers[0])).toEqual([
      ['1001', 2_620, 0, {}],
      ['2203', 10_600, 0, adult],
      ['2221.01', 0, 748, adult],
      ['6001.01', 0, 12_472, adult],
    ]);
  });

  it('books a shift over to the over/short account and a shift short from it', () => {
    const vouchers = vouchersForDay(
      chart,
      day('2026-12-01', {
        shifts: [
          { shiftId: 'a', sellerId: 'seller-1', difference: 300 },
          { shiftId: 'b', sellerId: 'seller-2', difference: -200 },
          { shiftId: 'c', sellerId: 'seller-2', difference: 0 },
        ],
      }),
    );
    expect(vouchers.map((v) => [v.kind, v.summary])).toEqual([['over_short', '2026-12-01 长短款']]);
    expect(lines(vouchers[0])).toEqual([
      ['1001', 300, 0, {}],
      ['1901', 200, 0, { sellerId: 'seller-2' }],
      ['1001', 0, 200, {}],
      ['1901', 0, 300, { sellerId: 'seller-1' }],
    ]);
  });

  it('books an adjustment against the over/short account: more money debited to its method, less credited', () => {
    const vouchers = vouchersForDay(
      chart,
      day('2026-12-05', {
        adjustments: [
          { adjustmentId: 'x1', method: 'cash', agencyId: null, amount: 500, correctsDate: '2026-12-01' },
          {
            adjustmentId: 'x2',
            method: 'on_account',
            agencyId: 'ag-2',
            amount: -800,
            correctsDate: '2026-12-02',
          },
          { adjustmentId: 'x3', method: 'online', agencyId: null, amount: -100, correctsDate: '2026-12-02' },
        ],
      }),
    );
    expect(vouchers.map((v) => [v.kind, v.summary])).toEqual([['adjustments', '2026-12-05 日结调整']]);
    expect(lines(vouchers[0])).toEqual([
      ['1001', 500, 0, {}],
      ['1901', 900, 0, {}],
      ['1012.03', 0, 100, {}],
      ['1122.02', 0, 800, { agencyId: 'ag-2' }],
      ['1901', 0, 500, {}],
    ]);
  });

  it('books nothing for free and complimentary tickets, and nothing for a quiet day', () => {
    const free = sale({ price: 0, payments: [], free: { kind: 'free', reason: 'child_under_6' } });
    expect(vouchersForDay(chart, day('2026-12-01', { sales: [free] }))).toEqual([]);
    expect(vouchersForDay(chart, day('2026-12-01'))).toEqual([]);
  });

  it('refuses a day whose rows do not add up', () => {
    const bad = (rows: Partial<FinanceDay>) => () => vouchersForDay(chart, day('2026-12-01', rows));
    expect(bad({ sales: [sale({ payments: [{ method: 'cash', amount: 10_000 }] })] })).toThrow(
      /payments do not add up/,
    );
    expect(bad({ sales: [sale({ soldOn: '2026-11-30' })] })).toThrow(/not sold on the day/);
    expect(bad({ sales: [sale({ price: 100, free: { kind: 'complimentary', reason: 'guest' } })] })).toThrow(
      /free with a price/,
    );
    expect(bad({ sales: [sale({ payments: [{ method: 'on_account', amount: 10_600 }] })] })).toThrow(
      /on account without agency/,
    );
    expect(bad({ sales: [sale({ price: 8_000, retailPrice: 7_000 })] })).toThrow(/retail price below price/);
    expect(
      bad({
        refunds: [
          {
            ticket: booking(),
            amount: 10_000,
            fee: 0,
            payments: [{ method: 'cash', amount: 10_000 }],
            channel: 'box_office',
            sellerId: null,
          },
        ],
      }),
    ).toThrow(/amount \+ fee is not the price/);
    expect(bad({ deferredDue: [{ ...booking({ visitDate: '2026-12-02' }), endedOn: null }] })).toThrow(
      /not due on the day/,
    );
  });

  it('checks a chart of accounts names every account and a VAT rate in range', () => {
    expect(chartOfAccountsProblem(chart)).toBeNull();
    expect(chartOfAccountsProblem({ ...chart, deferredRevenue: ' ' })).toBe('deferredRevenue');
    expect(chartOfAccountsProblem({ ...chart, clearing: { ...chart.clearing, online: '' } })).toBe(
      'clearing.online',
    );
    expect(
      chartOfAccountsProblem({ ...chart, outputVat: { account: '2221', rateBasisPoints: 10_001 } }),
    ).toBe('outputVat.rateBasisPoints');
  });
});

// The accounts money moves through, as opposed to revenue, tax, deferral and expense.
const moneyAccounts = new Set(['1001', '1012.01', '1012.02', '1012.03', '1122', '1122.02']);
const revenueAccounts = new Set(simulatedProducts.map((p) => revenueAccount(chart, p)));

/** Σ credit − Σ debit on the lines that pass the filter. */
function creditBalance(
  vouchers: readonly Voucher[],
  keep: (line: Voucher['lines'][number]) => boolean,
): number {
  return vouchers.flatMap((v) => v.lines.filter(keep)).reduce((sum, l) => sum + l.credit - l.debit, 0);
}

const charts = fc.record({
  rate: fc.constantFrom(0, 300, 600, 900, 1_300),
  bookedGross: fc.boolean(),
});

describe('vouchers over a run of days (property)', () => {
  const runs = fc.tuple(simulatedRun, charts);
  const withChart = (c: { rate: number; bookedGross: boolean }): ChartOfAccounts => ({
    ...chart,
    outputVat: { ...chart.outputVat, rateBasisPoints: c.rate },
    commission: { ...chart.commission, bookedGross: c.bookedGross },
  });

  it('every voucher balances, every line is one-sided whole fen, and VAT adds up per revenue line', () => {
    fc.assert(
      fc.property(runs, ([run, c]: [SimulatedRun, { rate: number; bookedGross: boolean }]) => {
        const mapping = withChart(c);
        for (const d of run.days) {
          for (const voucher of vouchersForDay(mapping, d)) {
            expect(voucher.date).toBe(d.date);
            expect(isBalanced(voucher)).toBe(true);
            expect(voucherTotals(voucher).debit).toBeGreaterThan(0);
            for (const line of voucher.lines) {
              expect(Number.isSafeInteger(line.debit) && Number.isSafeInteger(line.credit)).toBe(true);
              expect(line.debit >= 0 && line.credit >= 0).toBe(true);
              expect(line.debit > 0 !== line.credit > 0).toBe(true);
            }
            // Each revenue line and the VAT line of the same side and ticket type split one gross.
            for (const line of voucher.lines.filter((l) => revenueAccounts.has(l.account))) {
              const side = (l: typeof line) => (l.debit > 0 ? 'debit' : 'credit');
              const vat = voucher.lines.find(
                (l) =>
                  l.account === mapping.outputVat.account &&
                  l.auxiliary.productCode === line.auxiliary.productCode &&
                  side(l) === side(line),
              );
              const net = line.debit + line.credit;
              const tax = vat ? vat.debit + vat.credit : 0;
              expect(separateVat(net + tax, c.rate)).toEqual({ net, tax });
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('recognises each ticket’s deferred revenue exactly once, never for a ticket refunded or rebooked by then', () => {
    fc.assert(
      fc.property(simulatedRun, (run) => {
        const recognised = run.days.flatMap((d) => ticketsToRecognise(d).map((t) => t.ticketId));
        expect(new Set(recognised).size).toBe(recognised.length);
        const expected = run.tickets
          .filter(
            ({ booking: b, endedOn }) =>
              b.visitDate > b.soldOn && (endedOn === null || endedOn > b.visitDate),
          )
          .map(({ booking: b }) => b.ticketId);
        expect([...recognised].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('deferred revenue holds exactly the standing future tickets each night, and nets to zero once their dates pass', () => {
    fc.assert(
      fc.property(runs, ([run, c]: [SimulatedRun, { rate: number; bookedGross: boolean }]) => {
        const mapping = withChart(c);
        const booked: Voucher[] = [];
        for (const d of run.days) {
          booked.push(...vouchersForDay(mapping, d));
          for (const product of simulatedProducts) {
            // Tickets issued by tonight for a later visit, sold before it, and neither refunded nor rebooked.
            const outstanding = run.tickets
              .filter(
                ({ booking: b, endedOn }) =>
                  b.productCode === product &&
                  b.soldOn <= d.date &&
                  b.visitDate > d.date &&
                  (endedOn === null || endedOn > d.date),
              )
              .reduce((sum, { booking: b }) => sum + ticketGross(mapping, b).gross, 0);
            expect(
              creditBalance(
                booked,
                (l) => l.account === mapping.deferredRevenue && l.auxiliary.productCode === product,
              ),
            ).toBe(outstanding);
          }
        }
        // The run ends after every visit date: nothing is left deferred.
        expect(creditBalance(booked, (l) => l.account === mapping.deferredRevenue)).toBe(0);
        // What is left in revenue + VAT is the standing tickets' gross plus every fee kept; in commission
        // expense, the standing channel tickets' commissions.
        const standing = run.tickets
          .filter((t) => t.endedOn === null)
          .map((t) => ticketGross(mapping, t.booking));
        const fees = run.days.reduce(
          (sum, d) =>
            sum +
            d.refunds.reduce((s, r) => s + r.fee, 0) +
            d.rebookings.reduce((s, b) => s + b.tickets.reduce((t, p) => t + p.fee, 0), 0),
          0,
        );
        expect(
          creditBalance(
            booked,
            (l) => revenueAccounts.has(l.account) || l.account === mapping.outputVat.account,
          ),
        ).toBe(standing.reduce((sum, t) => sum + t.gross, 0) + fees);
        expect(0 - creditBalance(booked, (l) => l.account === mapping.commission.account)).toBe(
          standing.reduce((sum, t) => sum + t.commission, 0),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('the adjustments voucher moves the money accounts by the day’s adjustments and the over/short account the other way', () => {
    fc.assert(
      fc.property(runs, ([run, c]: [SimulatedRun, { rate: number; bookedGross: boolean }]) => {
        const mapping = withChart(c);
        for (const d of run.days) {
          const adjusted = (d.adjustments ?? []).reduce((sum, a) => sum + a.amount, 0);
          const voucher = vouchersForDay(mapping, d).find((v) => v.kind === 'adjustments');
          if ((d.adjustments ?? []).length === 0) expect(voucher).toBeUndefined();
          if (!voucher) continue;
          expect(isBalanced(voucher)).toBe(true);
          expect(0 - creditBalance([voucher], (l) => moneyAccounts.has(l.account))).toBe(adjusted);
          expect(creditBalance([voucher], (l) => l.account === mapping.overShort)).toBe(adjusted);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the money accounts move by the settlement’s net and the cash over/short, day by day', () => {
    fc.assert(
      fc.property(runs, ([run, c]: [SimulatedRun, { rate: number; bookedGross: boolean }]) => {
        const mapping = withChart(c);
        for (const d of run.days) {
          const settlement = settleDay(d);
          const moved = 0 - creditBalance(vouchersForDay(mapping, d), (l) => moneyAccounts.has(l.account));
          expect(moved).toBe(settlement.totals.net + settlement.overShort.net);
        }
      }),
      { numRuns: 100 },
    );
  });
});
