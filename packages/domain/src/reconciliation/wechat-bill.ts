// WeChat Pay's trade bill (微信支付交易账单), as the download-bill API (v2 /pay/downloadbill, v3
// /v3/bill/tradebill) returns it for bill_type ALL, SUCCESS or REFUND: a header row of Chinese titles,
// one detail row per successful payment and per refund started that day, then a summary header
// (总交易单数,应结订单总金额,退款总金额,…) and one summary row. Every field of the detail and summary
// rows starts with a backtick (`) so Excel keeps long numbers as text; fields are separated by commas.
// ALL's columns: 交易时间, 公众账号ID, 商户号, 特约商户号, 设备号, 微信订单号, 商户订单号, 用户标识,
// 交易类型, 交易状态 (SUCCESS, REFUND for a refund row, REVOKED), 付款银行, 货币种类, 应结订单金额,
// 代金券金额, 微信退款单号, 商户退款单号, 退款金额, 充值券退款金额, 退款类型, 退款状态 (SUCCESS,
// PROCESSING, …), 商品名称, 商户数据包, 手续费, 费率, 订单金额, 申请退款金额, 费率备注 (REFUND bills add
// 退款申请时间, 退款成功时间; accounts on the old format have 总金额 for 应结订单金额 and no 订单金额).
// Amounts are yuan; times Beijing time "yyyy-MM-dd HH:mm:ss" (the payment's time, or when the refund was
// started). A refund row repeats its payment's 微信订单号 and 商户订单号 and has its own 商户退款单号.
// Relied on: WeChat Pay's "交易账单详细说明" (pay.weixin.qq.com/docs/merchant/products/bill-download/
// format-trade.html) and its v2 "下载交易账单" page, and sample rows in open-source SDK tests.
// Which amount: what we asked for — 订单金额 (with coupons) for a payment and 申请退款金额 for a refund —
// falling back to 应结订单金额/总金额 and 退款金额 on files without them.
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
  type StatementLineError,
  type StatementStatus,
} from './statement-line';

const paymentStatuses: Record<string, StatementStatus> = {
  SUCCESS: 'success',
  REVOKED: 'closed',
  CLOSED: 'closed',
  NOTPAY: 'pending',
  USERPAYING: 'pending',
  PAYERROR: 'failed',
};

const refundStatuses: Record<string, StatementStatus> = {
  SUCCESS: 'success',
  PROCESSING: 'pending',
  REFUNDCLOSE: 'closed',
  CLOSED: 'closed',
  CHANGE: 'failed',
  ABNORMAL: 'failed',
  FAIL: 'failed',
  FAILED: 'failed',
};

const required = ['交易时间', '商户订单号', '交易状态'] as const;

/** Parses a WeChat Pay trade bill (ALL, SUCCESS or REFUND), decoded to text. */
export function parseWechatBill(text: string): ParsedStatement {
  const result: ParsedStatement = {
    format: 'wechat_trade',
    lines: [],
    errors: [],
    ignored: [],
    problems: [],
  };
  let header: Map<string, number> | null = null;
  let headerLength = 0;
  let summaryHeader: Map<string, number> | null = null;
  let declared: number | null = null;
  let found = 0;

  for (const [index, raw] of statementTextLines(text).entries()) {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    // Split on ",`" so a product name holding a comma stays one field.
    const cells = trimmed.startsWith('`') ? trimmed.slice(1).split(',`') : splitStatementCsvLine(trimmed);
    const first = statementColumnKey(cells?.[0] ?? '');
    if (first === '总交易单数') {
      summaryHeader = statementHeader(cells ?? []);
      continue;
    }
    if (summaryHeader) {
      const at = summaryHeader.get('总交易单数');
      const count = at === undefined ? '' : statementCell(cells?.[at]);
      if (/^\d+$/.test(count)) declared = Number(count);
      summaryHeader = null;
      continue;
    }
    if (first === '交易时间') {
      const columns = statementHeader(cells ?? []);
      for (const column of required)
        if (!columns.has(column)) result.problems.push({ code: 'column_missing', column });
      if (!['订单金额', '应结订单金额', '总金额'].some((c) => columns.has(c)))
        result.problems.push({ code: 'column_missing', column: '订单金额' });
      header = columns;
      headerLength = cells?.length ?? 0;
      continue;
    }
    if (!header) {
      result.ignored.push({ lineNumber, reason: 'before_header', value: null });
      continue;
    }
    if (result.problems.length > 0) continue;
    found++;
    if (!cells) {
      result.errors.push({ lineNumber, code: 'quote_unclosed', column: null, value: null });
      continue;
    }
    readRow(result, lineNumber, header, headerLength, cells);
  }

  if (!header) result.problems.push({ code: 'header_missing' });
  else if (result.problems.length === 0 && declared !== null && declared !== found)
    result.problems.push({ code: 'count_mismatch', declared, found });
  return result;
}

function readRow(
  result: ParsedStatement,
  lineNumber: number,
  header: Map<string, number>,
  headerLength: number,
  cells: string[],
) {
  const has = (title: string) => header.has(statementColumnKey(title));
  const cell = (title: string) => {
    const at = header.get(statementColumnKey(title));
    return at === undefined ? '' : statementCell(cells[at]);
  };
  const errors: StatementLineError[] = [];
  const fail = (code: StatementLineError['code'], column: string) =>
    errors.push({ lineNumber, code, column, value: cell(column) });
  if (cells.length !== headerLength) {
    result.errors.push({ lineNumber, code: 'column_count', column: null, value: String(cells.length) });
    return;
  }

  const state = cell('交易状态').toUpperCase();
  const kind = state === 'REFUND' ? 'refund' : 'payment';
  const amountColumn =
    kind === 'refund'
      ? ['申请退款金额', '退款金额'].find(has)
      : ['订单金额', '应结订单金额', '总金额'].find(has);
  const amount = amountColumn ? statementYuanToFen(cell(amountColumn)) : null;
  if (amount === null) fail('amount_invalid', amountColumn ?? '退款金额');

  const statusColumn = kind === 'refund' ? '退款状态' : '交易状态';
  const status = (kind === 'refund' ? refundStatuses : paymentStatuses)[cell(statusColumn).toUpperCase()];
  if (!status) fail('status_unknown', statusColumn);

  const time = statementTime(cell('交易时间'), providerTimeZone);
  if (!time.valid) fail('time_invalid', '交易时间');

  // Payment rows fill the refund number columns with "0".
  const reference = (title: string) => {
    const value = cell(title);
    return value === '' || value === '0' ? null : value;
  };
  const paymentReference = reference('商户订单号');
  const providerReference = reference(kind === 'refund' ? '微信退款单号' : '微信订单号');
  const ourReference = kind === 'refund' ? reference('商户退款单号') : paymentReference;
  if (!providerReference && !ourReference)
    fail('reference_missing', kind === 'refund' ? '商户退款单号' : '商户订单号');

  if (errors.length > 0 || amount === null || !status) {
    result.errors.push(...errors);
    return;
  }
  result.lines.push({
    lineNumber,
    kind,
    providerReference,
    ourReference,
    paymentReference,
    amount: Math.abs(amount),
    status,
    time: time.iso,
  });
}
