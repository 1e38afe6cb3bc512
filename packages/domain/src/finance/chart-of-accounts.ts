// The mapping from a site's business to its ledger's chart of accounts (科目): which account each kind
// of money goes to when vouchers are generated. One mapping per site, set by finance; the account
// codes are the ones the ledger (Kingdee, Yonyou) uses, e.g. '6001.01' for ticket revenue.
import type { FinancePaymentMethod } from './day';
import { maxVatRateBasisPoints } from './vat';

export type ChartOfAccounts = {
  /** The site the mapping belongs to (revenue accounts are per site and ticket type). */
  siteId: string;
  /** Ticket revenue (主营业务收入), net of VAT: per ticket type code, else the default. */
  revenue: { default: string; byProduct?: Readonly<Record<string, string>> };
  /** Output VAT (应交税费—应交增值税(销项税额)) and the rate prices include, in basis points (600 = 6%). */
  outputVat: { account: string; rateBasisPoints: number };
  /** Where money in or out by each method waits until the bank or provider settles it (库存现金, 其他货币资金…). */
  clearing: Readonly<Record<Exclude<FinancePaymentMethod, 'on_account'>, string>>;
  /** Agencies buying on account (应收账款): per agency id, else the default with the agency as auxiliary. */
  receivable: { default: string; byAgency?: Readonly<Record<string, string>> };
  /** Money received for tickets for a later visit date (预收账款), recognised on the visit date. */
  deferredRevenue: string;
  /**
   * Channel (OTA) commissions (销售费用—佣金). When `bookedGross`, a channel ticket's revenue is its
   * retail price and retail − settlement is booked as commission expense; otherwise revenue is what
   * the site receives and no commission is booked.
   */
  commission: { account: string; bookedGross: boolean };
  /** Cash over and short of shifts (待处理财产损溢 or 其他应付款/其他应收款). */
  overShort: string;
  /** The ledger's names of the accounts (code → 名称), for the exports that carry a name beside the code. */
  accountNames?: Readonly<Record<string, string>>;
};

/** The ledger's name of an account, or '' when the chart does not name it. */
export function accountName(chart: Pick<ChartOfAccounts, 'accountNames'>, code: string): string {
  return chart.accountNames?.[code] ?? '';
}

/** Every account code a chart maps to, each once, in code order (what the names are wanted for). */
export function chartAccountCodes(chart: ChartOfAccounts): string[] {
  const codes = [
    chart.revenue.default,
    ...Object.values(chart.revenue.byProduct ?? {}),
    chart.outputVat.account,
    ...Object.values(chart.clearing),
    chart.receivable.default,
    ...Object.values(chart.receivable.byAgency ?? {}),
    chart.deferredRevenue,
    chart.commission.account,
    chart.overShort,
  ];
  return [...new Set(codes)].sort();
}

/** The revenue account of a ticket type. */
export function revenueAccount(chart: ChartOfAccounts, productCode: string): string {
  return chart.revenue.byProduct?.[productCode] ?? chart.revenue.default;
}

/** The account a payment or refund by a method moves: the method's clearing account, or the agency's receivable. */
export function paymentAccount(
  chart: ChartOfAccounts,
  method: FinancePaymentMethod,
  agencyId: string | null,
): string {
  if (method !== 'on_account') return chart.clearing[method];
  return (agencyId !== null ? chart.receivable.byAgency?.[agencyId] : undefined) ?? chart.receivable.default;
}

/**
 * An account code as the ledgers write it: letters and digits, with `.`, `-` or `_` between levels
 * (Kingdee '6001.01', Yonyou '600101'); never a space or a character a CSV field would need to quote.
 */
export const accountCodePattern = /^[0-9A-Za-z](?:[0-9A-Za-z._-]{0,38}[0-9A-Za-z])?$/;

/** The longest account name accepted (the ledgers allow 40–80 characters). */
export const maxAccountNameLength = 80;

/** What is wrong with a mapping, or null: every account a code the ledgers accept, a VAT rate in range. */
export function chartOfAccountsProblem(chart: ChartOfAccounts): string | null {
  const named = (code: string | undefined) => typeof code === 'string' && accountCodePattern.test(code);
  if (!named(chart.revenue.default)) return 'revenue.default';
  for (const [product, code] of Object.entries(chart.revenue.byProduct ?? {}))
    if (!named(code)) return `revenue.byProduct.${product}`;
  if (!named(chart.outputVat.account)) return 'outputVat.account';
  const rate = chart.outputVat.rateBasisPoints;
  if (!Number.isInteger(rate) || rate < 0 || rate > maxVatRateBasisPoints) return 'outputVat.rateBasisPoints';
  for (const method of ['cash', 'card', 'payment_code', 'online'] as const)
    if (!named(chart.clearing[method])) return `clearing.${method}`;
  if (!named(chart.receivable.default)) return 'receivable.default';
  for (const [agency, code] of Object.entries(chart.receivable.byAgency ?? {}))
    if (!named(code)) return `receivable.byAgency.${agency}`;
  if (!named(chart.deferredRevenue)) return 'deferredRevenue';
  if (!named(chart.commission.account)) return 'commission.account';
  if (!named(chart.overShort)) return 'overShort';
  for (const [code, name] of Object.entries(chart.accountNames ?? {}))
    if (typeof name !== 'string' || name.length > maxAccountNameLength) return `accountNames.${code}`;
  return null;
}
