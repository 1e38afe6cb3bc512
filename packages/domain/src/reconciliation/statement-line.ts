// What every payment provider's statement (对账单) becomes before it is matched to our payments and
// refunds: one line per payment or refund the provider booked, whatever the file's format, plus the
// problems met on the way — a bad line is reported with its line number and the parse goes on, so
// finance fixes (or explains) a file once. Also the pieces the parsers share: reading amounts in yuan
// exactly (string arithmetic, never floats), times in the provider's or site's zone, and CSV text.
// No rate applies to a statement line, so nothing is rounded: an amount with a fraction of a fen is
// refused, not rounded. Pure: the service decodes the file (Alipay's is GBK) and passes a JS string.
import { isCivilDate } from '../catalog/calendar';
import { zonedToUtc } from '../catalog/time-zone';

export type StatementLineKind = 'payment' | 'refund';

/**
 * A line's state at the provider, normalised: `success` paid (or refunded, for a refund line);
 * `pending` not final yet (a refund WeChat is still processing); `failed` refused; `closed` closed or
 * revoked (撤销) before money stayed; `refunded` a payment that was paid and then refunded (some
 * exports mark it so — the money did come in, the refund is a line of its own).
 */
export const statementStatuses = ['success', 'pending', 'failed', 'closed', 'refunded'] as const;
export type StatementStatus = (typeof statementStatuses)[number];

export type StatementLine = {
  /** The line of the file it came from (the first line is 1), as a text editor numbers it. */
  lineNumber: number;
  kind: StatementLineKind;
  /** The provider's number: its trade number for a payment, its refund number for a refund if it has one. */
  providerReference: string | null;
  /** Our number at the provider: a payment's out_trade_no (provider_order_id), a refund's out_refund_no. */
  ourReference: string | null;
  /** The out_trade_no of the payment the line belongs to (a refund's original payment; a payment's own). */
  paymentReference: string | null;
  /** Money moved, in fen, never negative: the kind says which way. */
  amount: number;
  status: StatementStatus;
  /** When the provider booked it, as an ISO instant in UTC, or null when the file does not say. */
  time: string | null;
};

export type StatementLineProblem =
  | 'quote_unclosed'
  | 'column_count'
  | 'reference_missing'
  | 'amount_invalid'
  | 'kind_unknown'
  | 'status_unknown'
  | 'time_invalid';

export type StatementLineError = {
  lineNumber: number;
  code: StatementLineProblem;
  /** The column's title as the file has it, when one column is at fault. */
  column: string | null;
  /** The offending text, as read. */
  value: string | null;
};

/** Problems of the file as a whole: no header, a column the format (or mapping) needs, totals that disagree. */
export type StatementFileProblem =
  | { code: 'header_missing' }
  | { code: 'column_missing'; column: string }
  | { code: 'mapping_invalid'; reason: string }
  /** The provider's footer counts another number of detail lines than the file holds: it was cut. */
  | { code: 'count_mismatch'; declared: number; found: number };

/** before_header: a title line above the header; not_payment_or_refund: a fee, transfer, withdrawal… */
export type StatementIgnoredReason = 'before_header' | 'not_payment_or_refund';

export type StatementFormat = 'alipay_trade' | 'alipay_account' | 'wechat_trade' | 'mapped_csv';

export type ParsedStatement = {
  format: StatementFormat;
  lines: StatementLine[];
  errors: StatementLineError[];
  /** Lines that are not a payment or a refund (Alipay's fee and withdrawal lines…), with why. */
  ignored: { lineNumber: number; reason: StatementIgnoredReason; value: string | null }[];
  problems: StatementFileProblem[];
  /**
   * The span of time the file says it covers, as ISO instants (`to` is the first moment not covered),
   * when it says so (Alipay's 起始日期/终止日期 lines).
   */
  declaredPeriod?: { from: string; to: string };
};

/** The zone Alipay and WeChat Pay write their times in (Beijing time). */
export const providerTimeZone = 'Asia/Shanghai';

/**
 * Yuan as written in a statement ("128.50", "-10.00", "+3", "1,280.00", "¥5", "0.01000") to fen,
 * exactly. Null for anything else, including a non-zero fraction of a fen.
 */
export function statementYuanToFen(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/^([+-]?)[¥￥]/, '$1')
    .replaceAll(',', '');
  const match = /^([+-])?(\d{1,13})(?:\.(\d{1,8}))?$/.exec(cleaned);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(2))) return null;
  const fen = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/** Fen as written by a system that exports minor units ("12850", "-1000"). */
export function statementFenText(text: string): number | null {
  const match = /^([+-])?(\d{1,15})$/.exec(text.trim().replaceAll(',', ''));
  if (!match) return null;
  const fen = Number(match[2]);
  return match[1] === '-' && fen !== 0 ? -fen : fen;
}

/**
 * A statement's time ("2026-12-05 10:00:00", "2026/12/5 10:00", "2026-12-05T02:00:00Z") as an ISO
 * instant. A time without an offset is civil time in `timeZone`. `{ valid: false }` when unreadable;
 * an empty cell is a valid "no time".
 */
export function statementTime(text: string, timeZone: string): { valid: boolean; iso: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { valid: true, iso: null };
  const match =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      trimmed,
    );
  if (!match) return { valid: false, iso: null };
  const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0', offset] = match;
  const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isCivilDate(date) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return { valid: false, iso: null };
  const time = `${h.padStart(2, '0')}:${mi.padStart(2, '0')}`;
  if (offset) {
    const zone = offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
    return { valid: true, iso: new Date(`${date}T${time}:${s.padStart(2, '0')}${zone}`).toISOString() };
  }
  const instant = zonedToUtc(date, time, timeZone).getTime() + Number(s) * 1000;
  return { valid: true, iso: new Date(instant).toISOString() };
}

/** The file's lines without a byte-order mark, whatever the line endings. */
export function statementTextLines(text: string): string[] {
  return text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
}

/**
 * One CSV line's cells (RFC 4180 quoting within the line: "a,b" and "say ""hi"""). Null when a quoted
 * cell is not closed on its line; statements do not break a record over lines.
 */
export function splitStatementCsvLine(line: string, delimiter = ','): string[] | null {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i];
        i++;
      }
      // Anything between the closing quote and the delimiter belongs to the cell, as spreadsheets read it.
      const end = line.indexOf(delimiter, i);
      cells.push(value + (end < 0 ? line.slice(i) : line.slice(i, end)));
      if (end < 0) return cells;
      i = end + delimiter.length;
    } else {
      const end = line.indexOf(delimiter, i);
      if (end < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, end));
      i = end + delimiter.length;
    }
  }
}

/**
 * A cell's value: trimmed of spaces and of the tab Alipay pads numbers with, and of the backtick
 * WeChat Pay puts before every field so Excel keeps long numbers as text.
 */
export function statementCell(value: string | undefined): string {
  return (value ?? '')
    .replace(/^\ufeff/, '')
    .trim()
    .replace(/^`/, '')
    .trim();
}

/** A column title as compared: no spaces, half-width brackets, lower case ("订单金额（元）" = "订单金额(元)"). */
export function statementColumnKey(title: string): string {
  return statementCell(title)
    .replace(/[\s\u3000]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

/** Where each column is, by its compared title (the first of two equal titles wins). */
export function statementHeader(cells: readonly string[]): Map<string, number> {
  const header = new Map<string, number>();
  cells.forEach((cell, index) => {
    const key = statementColumnKey(cell);
    if (key !== '' && !header.has(key)) header.set(key, index);
  });
  return header;
}

/**
 * Whether a row's cells line up with the header: as many cells, or more only when the extra ones are
 * empty (a trailing comma). More non-empty cells mean a value held a comma and the columns shifted.
 */
export function cellsFitHeader(cells: readonly string[], headerLength: number): boolean {
  if (cells.length < headerLength) return false;
  return cells.slice(headerLength).every((c) => statementCell(c) === '');
}
