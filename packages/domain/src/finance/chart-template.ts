// The standard chart of accounts a Chinese scenic area starts from (企业会计准则, a general VAT
// taxpayer selling 旅游娱乐/文化体育 services at 6%). Finance adapts the codes to its own ledger: the
// levels below the first are the site's choice, only the first-level codes are national.
//
// Deferred revenue: tickets sold for a later visit are a performance obligation not yet met, which the
// revised revenue standard (CAS 14, 2017) books as 合同负债 (2205); a site still on the old standard
// or on 小企业会计准则 changes it to 预收账款 (2203). Either way the gross (VAT included) waits there and
// VAT is separated when the visit comes, as the VAT obligation of a service paid in advance arises
// when the service is given.
import type { ChartOfAccounts } from './chart-of-accounts';

/** The template, with the accounts' names the exports carry. */
export function standardChartOfAccounts(siteId: string): ChartOfAccounts {
  return {
    siteId,
    revenue: { default: '6001.01', byProduct: {} },
    outputVat: { account: '2221.01.07', rateBasisPoints: 600 },
    clearing: { cash: '1001', card: '1012.01', payment_code: '1012.02', online: '1012.03' },
    receivable: { default: '1122', byAgency: {} },
    deferredRevenue: '2205',
    // Channels buy at the settlement price: what the site receives is its revenue (no commission).
    commission: { account: '6601.01', bookedGross: false },
    overShort: '1901',
    accountNames: {
      '1001': '库存现金',
      '1012.01': '其他货币资金—银行卡收款',
      '1012.02': '其他货币资金—付款码收款',
      '1012.03': '其他货币资金—网上支付',
      '1122': '应收账款',
      '1901': '待处理财产损溢',
      '2205': '合同负债',
      '2221.01.07': '应交税费—应交增值税—销项税额',
      '6001.01': '主营业务收入—门票收入',
      '6601.01': '销售费用—佣金及手续费',
    },
  };
}
