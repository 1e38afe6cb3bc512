// Any provider's statement as CSV, read through a column mapping finance sets up once per provider:
// which column holds the provider's reference, ours, the amount (in yuan or in fen), the kind (and
// which values mean a payment or a refund — without a kind column a negative amount is a refund), the
// status (with the provider's words for each state, else the usual Chinese and English ones), the time.
// Columns are found by their titles in the header row, compared without spaces, bracket width or case.
import {
  cellsFitHeader,
  splitStatementCsvLine,
  statementCell,
  statementColumnKey,
  statementFenText,
  statementHeader,
  statementStatuses,
  statementTextLines,
  statementTime,
  statementYuanToFen,
  type ParsedStatement,
  type StatementLineError,
  type StatementLineKind,
  type StatementStatus,
} from './statement-line';

export type StatementColumnMapping = {
  /** The provider's transaction (or refund) number. At least one of the two references is needed. */
  providerReference: string | null;
  /** Our reference as the provider has it: a payment's out_trade_no, a refund's out_refund_no. */
  ourReference: string | null;
  /** For refund lines, the column with their payment's out_trade_no, when the file has one. */
  paymentReference?: string | null;
  amount: string;
  amountUnit: 'yuan' | 'fen';
  /** null: every line is a payment unless its amount is negative. */
  kind: { column: string; payment: readonly string[]; refund: readonly string[] } | null;
  /** null: every line succeeded (a file of settled transactions). */
  status: { column: string; values?: Partial<Record<StatementStatus, readonly string[]>> } | null;
  time: string | null;
  /** The zone of times written without an offset (the site's, or the provider's). */
  timeZone: string;
  /** The header's line number when lines come before it; else the first non-empty line. */
  headerLine?: number;
  delimiter?: ',' | ';' | '\t';
};

/** The usual words for each state, compared case-insensitively without spaces. */
const usualStatusWords: Record<StatementStatus, readonly string[]> = {
  success: [
    'success',
    'succeeded',
    'paid',
    'trade_success',
    'trade_finished',
    '成功',
    '支付成功',
    '交易成功',
    '已支付',
    '已付款',
    '退款成功',
    '已退款成功',
  ],
  pending: [
    'pending',
    'processing',
    'wait_buyer_pay',
    'userpaying',
    '处理中',
    '待支付',
    '等待付款',
    '退款中',
  ],
  failed: ['fail', 'failed', 'payerror', 'error', '失败', '支付失败', '退款失败'],
  closed: [
    'closed',
    'close',
    'trade_closed',
    'revoked',
    'cancelled',
    'canceled',
    '关闭',
    '已关闭',
    '交易关闭',
    '已撤销',
    '撤销',
    '已取消',
  ],
  refunded: ['refunded', 'refund', '已退款', '转入退款'],
};

const valueKey = (value: string) =>
  statementCell(value)
    .replace(/[\s\u3000]/g, '')
    .toLowerCase();

/** Parses a CSV statement through a column mapping. */
export function parseMappedStatement(text: string, mapping: StatementColumnMapping): ParsedStatement {
  const result: ParsedStatement = { format: 'mapped_csv', lines: [], errors: [], ignored: [], problems: [] };
  if (!mapping.providerReference && !mapping.ourReference) {
    result.problems.push({ code: 'mapping_invalid', reason: 'reference_column_missing' });
    return result;
  }
  const rows = statementTextLines(text);
  const delimiter = mapping.delimiter ?? ',';
  const headerIndex =
    mapping.headerLine !== undefined ? mapping.headerLine - 1 : rows.findIndex((r) => r.trim() !== '');
  const headerCells =
    headerIndex >= 0 && headerIndex < rows.length
      ? splitStatementCsvLine(rows[headerIndex]!, delimiter)
      : null;
  if (!headerCells) {
    result.problems.push({ code: 'header_missing' });
    return result;
  }
  const header = statementHeader(headerCells);
  const named = [
    mapping.providerReference,
    mapping.ourReference,
    mapping.paymentReference,
    mapping.amount,
    mapping.kind?.column,
    mapping.status?.column,
    mapping.time,
  ].filter((c): c is string => typeof c === 'string' && c !== '');
  for (const column of named)
    if (!header.has(statementColumnKey(column))) result.problems.push({ code: 'column_missing', column });
  if (result.problems.length > 0) return result;

  for (let i = 0; i < headerIndex; i++)
    if (rows[i]!.trim() !== '')
      result.ignored.push({ lineNumber: i + 1, reason: 'before_header', value: null });

  const kinds = new Map<string, StatementLineKind>();
  for (const v of mapping.kind?.payment ?? []) kinds.set(valueKey(v), 'payment');
  for (const v of mapping.kind?.refund ?? []) kinds.set(valueKey(v), 'refund');
  const statuses = new Map<string, StatementStatus>();
  // The mapping's own words win over the usual ones.
  for (const source of [usualStatusWords, mapping.status?.values ?? {}])
    for (const status of statementStatuses)
      for (const word of source[status] ?? []) statuses.set(valueKey(word), status);

  for (let i = headerIndex + 1; i < rows.length; i++) {
    const lineNumber = i + 1;
    const raw = rows[i]!;
    if (raw.trim() === '') continue;
    const cells = splitStatementCsvLine(raw, delimiter);
    if (!cells) {
      result.errors.push({ lineNumber, code: 'quote_unclosed', column: null, value: null });
      continue;
    }
    if (cells.every((c) => statementCell(c) === '')) continue;
    if (!cellsFitHeader(cells, headerCells.length)) {
      result.errors.push({ lineNumber, code: 'column_count', column: null, value: String(cells.length) });
      continue;
    }
    const cell = (title: string | null | undefined) => {
      const at = title ? header.get(statementColumnKey(title)) : undefined;
      return at === undefined ? '' : statementCell(cells[at]);
    };
    const errors: StatementLineError[] = [];
    const fail = (code: StatementLineError['code'], column: string) =>
      errors.push({ lineNumber, code, column, value: cell(column) });

    const signed =
      mapping.amountUnit === 'fen'
        ? statementFenText(cell(mapping.amount))
        : statementYuanToFen(cell(mapping.amount));
    if (signed === null) fail('amount_invalid', mapping.amount);

    let kind: StatementLineKind | undefined;
    if (mapping.kind) {
      kind = kinds.get(valueKey(cell(mapping.kind.column)));
      if (!kind) fail('kind_unknown', mapping.kind.column);
    } else kind = signed !== null && signed < 0 ? 'refund' : 'payment';

    let status: StatementStatus | undefined = 'success';
    if (mapping.status) {
      status = statuses.get(valueKey(cell(mapping.status.column)));
      if (!status) fail('status_unknown', mapping.status.column);
    }

    const time = statementTime(cell(mapping.time), mapping.timeZone);
    if (!time.valid && mapping.time) fail('time_invalid', mapping.time);

    const providerReference = cell(mapping.providerReference) || null;
    const ourReference = cell(mapping.ourReference) || null;
    if (!providerReference && !ourReference)
      fail('reference_missing', mapping.ourReference ?? mapping.providerReference ?? '');

    if (errors.length > 0 || signed === null || !kind || !status) {
      result.errors.push(...errors);
      continue;
    }
    result.lines.push({
      lineNumber,
      kind,
      providerReference,
      ourReference,
      paymentReference: cell(mapping.paymentReference) || (kind === 'payment' ? ourReference : null),
      amount: Math.abs(signed),
      status,
      time: time.iso,
    });
  }
  return result;
}
