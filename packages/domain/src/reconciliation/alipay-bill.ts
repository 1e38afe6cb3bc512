// Alipay's merchant bill (支付宝对账单), as downloaded through alipay.data.dataservice.bill.downloadurl
// .query: a zip of GBK-encoded CSV files, of which we read the detail file (明细), not the summary (汇总).
// Two kinds, told apart by their header row:
// - bill_type=trade, 业务明细 (what our API calls produced): columns 支付宝交易号, 商户订单号, 业务类型
//   (交易 | 退款), 商品名称, 创建时间, 完成时间, 门店编号, 门店名称, 操作员, 终端号, 对方账户,
//   订单金额（元）, 商家实收（元）, … , 退款批次号/请求号 (a refund's out_request_no), 服务费（元）,
//   分润（元）, 备注. A refund's amounts are negative.
// - bill_type=signcustomer, 账务明细 (every movement of the account balance): 账务流水号, 业务流水号
//   (the trade number), 商户订单号, 商品名称, 发生时间, 对方账号, 收入金额（+元）, 支出金额（-元）,
//   账户余额（元）, 交易渠道, 业务类型 (在线支付, 交易退款, 收费, 提现, 转账…), 备注.
// Both open with '#' comment lines (#支付宝业务明细查询, #账号：[…], #起始日期：[…], a dashed
// #----…明细列表----… line), then the header row, the detail rows, and '#' footer lines: the end marker,
// #交易合计：3笔，… / #退款合计：1笔，… (trade) or #支出合计：0笔，… / #收入合计：18笔，… (account),
// #导出时间：[…]. Cells are often padded with a tab ("2017080221001004\t"); titles use full-width
// brackets. Times are Beijing time, "yyyy-MM-dd HH:mm:ss".
// Relied on: Alipay's notes on the bill download (bill types, GBK "ANSI" encoding, csv.zip; reposted at
// developer.aliyun.com/article/707638) and the column lists, comment and footer lines of real files as
// reproduced by open-source parsers and their test fixtures; Alipay's own file samples were not at hand.
import {
  providerTimeZone,
  splitStatementCsvLine,
  statementCell,
  statementColumnKey,
  statementHeader,
  statementTextLines,
  statementTime,
  statementYuanToFen,
  type ParsedStatement,
  type StatementLineKind,
} from './statement-line';

const tradeColumns = {
  providerReference: '支付宝交易号',
  ourReference: '商户订单号',
  kind: '业务类型',
  amount: '订单金额(元)',
  time: '完成时间',
} as const;
/** Optional in a trade bill: older files have no refund request number column. */
const refundRequestColumn = '退款批次号/请求号';

const accountColumns = {
  providerReference: '业务流水号',
  ourReference: '商户订单号',
  kind: '业务类型',
  income: '收入金额(+元)',
  expense: '支出金额(-元)',
  time: '发生时间',
} as const;

/** 业务类型 of an account bill that are a payment or a refund; the rest (fees, transfers) are not ours. */
const accountKinds: Record<string, StatementLineKind> = {
  在线支付: 'payment',
  交易付款: 'payment',
  交易收款: 'payment',
  交易: 'payment',
  交易退款: 'refund',
  退款: 'refund',
  在线退款: 'refund',
};

const tradeKinds: Record<string, StatementLineKind> = { 交易: 'payment', 退款: 'refund' };

/** Parses an Alipay detail bill (业务明细 or 账务明细), decoded to text. */
export function parseAlipayBill(text: string): ParsedStatement {
  const result: ParsedStatement = {
    format: 'alipay_trade',
    lines: [],
    errors: [],
    ignored: [],
    problems: [],
  };
  const rows = statementTextLines(text);
  let header: Map<string, number> | null = null;
  let headerLength = 0;
  let declared: number | null = null;
  let found = 0;

  for (const [index, raw] of rows.entries()) {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      // Footer totals: 交易合计/退款合计 (trade), 支出合计/收入合计 (account) — together every detail line.
      const total = /(?:交易|退款|支出|收入)合计[:：]\s*(\d+)\s*笔/.exec(trimmed);
      if (total) declared = (declared ?? 0) + Number(total[1]);
      const span = declaredSpan(trimmed);
      if (span) result.declaredPeriod = span;
      continue;
    }
    const cells = splitStatementCsvLine(raw);
    if (!header) {
      const candidate = cells ? statementHeader(cells) : new Map<string, number>();
      if (candidate.has(statementColumnKey(tradeColumns.providerReference))) result.format = 'alipay_trade';
      else if (candidate.has(statementColumnKey('账务流水号'))) result.format = 'alipay_account';
      else {
        result.ignored.push({ lineNumber, reason: 'before_header', value: null });
        continue;
      }
      const needed = Object.values(result.format === 'alipay_trade' ? tradeColumns : accountColumns);
      for (const column of needed)
        if (!candidate.has(statementColumnKey(column)))
          result.problems.push({ code: 'column_missing', column });
      header = candidate;
      headerLength = cells!.length;
      continue;
    }
    if (result.problems.length > 0) continue;
    found++;
    if (!cells) {
      result.errors.push({ lineNumber, code: 'quote_unclosed', column: null, value: null });
      continue;
    }
    // Exactly the header's cells: one more means a value held a comma and the columns shifted.
    if (cells.length !== headerLength) {
      result.errors.push({ lineNumber, code: 'column_count', column: null, value: String(cells.length) });
      continue;
    }
    const columns = header;
    const cell = (title: string) => {
      const at = columns.get(statementColumnKey(title));
      return at === undefined ? '' : statementCell(cells[at]);
    };
    if (result.format === 'alipay_trade') readTradeRow(result, lineNumber, cell);
    else readAccountRow(result, lineNumber, cell);
  }

  if (!header) result.problems.push({ code: 'header_missing' });
  else if (result.problems.length === 0 && declared !== null && declared !== found)
    result.problems.push({ code: 'count_mismatch', declared, found });
  return result;
}

const spanPart = String.raw`\[(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}:\d{2}(?::\d{2})?)?\]`;
const spanPattern = new RegExp(`起始日期[:：]\\s*${spanPart}.*终止日期[:：]\\s*${spanPart}`);

/**
 * The span a bill says it covers: "#起始日期：[2026年12月04日 00:00:00]   终止日期：[2026年12月05日
 * 00:00:00]" (Beijing time; the end is the first moment not covered). Null when the line is not that.
 */
function declaredSpan(line: string): { from: string; to: string } | null {
  const m = spanPattern.exec(line);
  if (!m) return null;
  const at = (y?: string, mo?: string, d?: string, time?: string) =>
    statementTime(`${y}-${mo}-${d} ${time ?? '00:00:00'}`, providerTimeZone);
  const from = at(m[1], m[2], m[3], m[4]);
  const to = at(m[5], m[6], m[7], m[8]);
  return from.iso && to.iso && from.iso < to.iso ? { from: from.iso, to: to.iso } : null;
}

type Cell = (title: string) => string;

function readTradeRow(result: ParsedStatement, lineNumber: number, cell: Cell): void {
  const fail = (
    code: 'amount_invalid' | 'kind_unknown' | 'time_invalid' | 'reference_missing',
    column: string,
  ) => result.errors.push({ lineNumber, code, column, value: cell(column) });
  const kind = tradeKinds[cell(tradeColumns.kind)];
  if (!kind) fail('kind_unknown', tradeColumns.kind);
  const amount = statementYuanToFen(cell(tradeColumns.amount));
  if (amount === null) fail('amount_invalid', tradeColumns.amount);
  const time = statementTime(cell(tradeColumns.time), providerTimeZone);
  if (!time.valid) fail('time_invalid', tradeColumns.time);
  const providerReference = cell(tradeColumns.providerReference) || null;
  const paymentReference = cell(tradeColumns.ourReference) || null;
  // A refund is ours by the request number we gave it (out_request_no = our refund's id).
  const ourReference = kind === 'refund' ? cell(refundRequestColumn) || null : paymentReference;
  if (!providerReference && !ourReference) fail('reference_missing', tradeColumns.ourReference);
  if (!kind || amount === null || !time.valid || (!providerReference && !ourReference)) return;
  result.lines.push({
    lineNumber,
    kind,
    providerReference,
    ourReference,
    paymentReference,
    amount: Math.abs(amount),
    // The trade bill lists only what completed.
    status: 'success',
    time: time.iso,
  });
}

function readAccountRow(result: ParsedStatement, lineNumber: number, cell: Cell): void {
  const type = cell(accountColumns.kind);
  const kind = accountKinds[type];
  if (!kind) {
    result.ignored.push({ lineNumber, reason: 'not_payment_or_refund', value: type });
    return;
  }
  const fail = (code: 'amount_invalid' | 'time_invalid' | 'reference_missing', column: string) =>
    result.errors.push({ lineNumber, code, column, value: cell(column) });
  const income = statementYuanToFen(cell(accountColumns.income) || '0');
  const expense = statementYuanToFen(cell(accountColumns.expense) || '0');
  if (income === null) fail('amount_invalid', accountColumns.income);
  if (expense === null) fail('amount_invalid', accountColumns.expense);
  const time = statementTime(cell(accountColumns.time), providerTimeZone);
  if (!time.valid) fail('time_invalid', accountColumns.time);
  const providerReference = cell(accountColumns.providerReference) || null;
  const paymentReference = cell(accountColumns.ourReference) || null;
  // The account bill names a refund by its payment's out_trade_no only: it matches by the trade number.
  const ourReference = kind === 'payment' ? paymentReference : null;
  if (!providerReference && !ourReference) fail('reference_missing', accountColumns.providerReference);
  if (income === null || expense === null || !time.valid || (!providerReference && !ourReference)) return;
  result.lines.push({
    lineNumber,
    kind,
    providerReference,
    ourReference,
    paymentReference,
    amount: Math.abs(income) || Math.abs(expense),
    status: 'success',
    time: time.iso,
  });
}
