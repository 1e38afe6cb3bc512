// The column layouts the ledgers import vouchers in (docs/vouchers.md names the sources), as pure
// functions from numbered vouchers to rows: one row per voucher line, the voucher's header fields
// repeated on each, the lines of a voucher together. The service writes the rows as CSV or xlsx.
//
// kingdee  Kingdee's standard voucher format (标准凭证格式; KIS 标准版 EXPVCH.TXT, also read by K/3's
//          凭证引入): FDate … FPreparer, amounts in yuan, FDC D/C, the customer (客户) as 核算项目 1.
// yonyou   Yonyou U8's 总账工具 凭证引入 layout: 制单日期, 凭证类别字, 凭证号, 附单据数, 摘要,
//          科目编码, 借方金额, 贷方金额, then the optional columns (制单人, 客户编码 …).
//
// Ticket types and sellers are not ledger auxiliaries (辅助核算) the ledgers know, so they go into
// the line's summary (摘要); agencies are the ledgers' customers, on the receivable lines only.
import type { VoucherLine } from './vouchers';

/** A stored voucher with its number, as exported. */
export type NumberedVoucher = {
  /** The business date it is dated on. */
  date: string;
  /** The accounting period 'YYYY-MM' its number runs in. */
  period: string;
  /** The voucher word (凭证字): 记, 收, 付, 转… */
  word: string;
  number: number;
  summary: string;
  lines: readonly VoucherLine[];
};

/** What the rows name beside the ids the vouchers carry. */
export type ExportNames = {
  account(code: string): string;
  product(code: string): string;
  agency(id: string): { code: string; name: string } | null;
  seller(id: string): string;
  /** The accounts that carry the customer (客户) auxiliary: the agencies' receivables. */
  customerAccounts: ReadonlySet<string>;
  /** 制单人: who generated the vouchers. */
  preparer: string;
};

/** A cell: text, a plain number, or money in fen (written in yuan with two decimals). */
export type LayoutCell = string | number | { fen: number } | null;

export type VoucherLayoutId = 'kingdee' | 'yonyou';

export type VoucherLayout = {
  id: VoucherLayoutId;
  header: readonly string[];
  rows(voucher: NumberedVoucher, names: ExportNames): LayoutCell[][];
};

/** The line's summary: the voucher's, then what the ledger cannot hold as an auxiliary; cut to `max`. */
function lineSummary(
  voucher: NumberedVoucher,
  line: VoucherLine,
  names: ExportNames,
  customer: boolean,
  max: number,
): string {
  const parts = [voucher.summary];
  if (line.auxiliary.productCode) parts.push(names.product(line.auxiliary.productCode));
  if (line.auxiliary.agencyId && !customer) parts.push(names.agency(line.auxiliary.agencyId)?.name ?? '');
  if (line.auxiliary.sellerId) parts.push(names.seller(line.auxiliary.sellerId));
  return [...parts.filter((p) => p !== '').join(' ')].slice(0, max).join('');
}

function customerOf(line: VoucherLine, names: ExportNames) {
  if (!line.auxiliary.agencyId || !names.customerAccounts.has(line.account)) return null;
  return names.agency(line.auxiliary.agencyId);
}

const kingdeeHeader = [
  'FDate',
  'FPeriod',
  'FGroup',
  'FNum',
  'FEntryID',
  'FExp',
  'FAcctID',
  'FClsName1',
  'FObjID1',
  'FObjName1',
  'FClsName2',
  'FObjID2',
  'FObjName2',
  'FClsName3',
  'FObjID3',
  'FObjName3',
  'FClsName4',
  'FObjID4',
  'FObjName4',
  'FTransID',
  'FCyID',
  'FExchRate',
  'FDC',
  'FFCyAmt',
  'FQty',
  'FPrice',
  'FDebit',
  'FCredit',
  'FSettlCode',
  'FSettleNo',
  'FPreparer',
] as const;

export const kingdeeLayout: VoucherLayout = {
  id: 'kingdee',
  header: kingdeeHeader,
  rows(voucher, names) {
    const period = Number(voucher.period.slice(5, 7));
    return voucher.lines.map((line, entry) => {
      const customer = customerOf(line, names);
      const debit = line.debit > 0;
      return [
        voucher.date,
        period,
        voucher.word,
        voucher.number,
        // Entries count from 0 in the standard format.
        entry,
        lineSummary(voucher, line, names, customer !== null, 40),
        line.account,
        customer ? '客户' : null,
        customer?.code ?? null,
        customer?.name ?? null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        'RMB',
        1,
        debit ? 'D' : 'C',
        { fen: debit ? line.debit : line.credit },
        0,
        0,
        { fen: line.debit },
        { fen: line.credit },
        null,
        null,
        names.preparer,
      ];
    });
  },
};

const yonyouHeader = [
  '制单日期',
  '凭证类别字',
  '凭证号',
  '附单据数',
  '摘要',
  '科目编码',
  '借方金额',
  '贷方金额',
  '数量',
  '外币',
  '汇率',
  '制单人',
  '结算方式',
  '票号',
  '发生日期',
  '部门编码',
  '个人编码',
  '客户编码',
  '供应商编码',
  '业务员',
  '项目编码',
] as const;

export const yonyouLayout: VoucherLayout = {
  id: 'yonyou',
  header: yonyouHeader,
  rows(voucher, names) {
    return voucher.lines.map((line) => {
      const customer = customerOf(line, names);
      return [
        voucher.date,
        voucher.word,
        voucher.number,
        0,
        lineSummary(voucher, line, names, customer !== null, 60),
        line.account,
        { fen: line.debit },
        { fen: line.credit },
        null,
        null,
        null,
        names.preparer,
        null,
        null,
        voucher.date,
        null,
        null,
        customer?.code ?? null,
        null,
        null,
        null,
      ];
    });
  },
};

export const voucherLayouts: Record<VoucherLayoutId, VoucherLayout> = {
  kingdee: kingdeeLayout,
  yonyou: yonyouLayout,
};

/** Where a layout writes each voucher's debit and credit, for reading an export back. */
export const layoutAmountColumns: Record<VoucherLayoutId, { number: number; debit: number; credit: number }> =
  {
    kingdee: { number: 3, debit: 26, credit: 27 },
    yonyou: { number: 2, debit: 6, credit: 7 },
  };
