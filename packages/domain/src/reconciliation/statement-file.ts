// What an uploaded statement file may be before it is parsed: its size limits, which provider's format
// its text is (when finance leaves the choice to us), and which files of a zip to read — Alipay's bill
// download is a zip holding the detail file(s) (…_业务明细.csv) and a summary (…_业务明细(汇总).csv),
// of which only the details are lines to reconcile.
import { splitStatementCsvLine, statementColumnKey, statementTextLines } from './statement-line';

/** A month of a busy site's Alipay bill zipped is a few MB; a day's is far less. */
export const statementFileMaxBytes = 8 * 1024 * 1024;
/** What the zip may hold once unpacked: a zip bomb stops here, not in memory. */
export const statementUnzippedMaxBytes = 64 * 1024 * 1024;
/** Payment and refund lines one import reconciles; a bigger statement is imported day by day. */
export const statementMaxLines = 100_000;

export type DetectedStatementFormat = 'alipay' | 'wechat';

const has = (cells: readonly string[], ...titles: string[]) => {
  const keys = new Set(cells.map(statementColumnKey));
  return titles.every((t) => keys.has(statementColumnKey(t)));
};

/**
 * The provider whose bill this text is, from its title lines and header row; null when neither's.
 * Only the top of the file is looked at: the header comes within its first lines.
 */
export function detectStatementFormat(text: string): DetectedStatementFormat | null {
  const lines = statementTextLines(text).slice(0, 50);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^#\s*支付宝/.test(line)) return 'alipay';
    const cells = line.startsWith('`') ? line.slice(1).split(',`') : splitStatementCsvLine(line);
    if (!cells) continue;
    if (has(cells, '支付宝交易号', '商户订单号') || has(cells, '账务流水号', '业务流水号')) return 'alipay';
    if (has(cells, '交易时间', '微信订单号', '商户订单号')) return 'wechat';
  }
  return null;
}

/**
 * The files of a statement zip to read, in name order: CSV files that are not a summary (汇总).
 * Folders and other files (a readme, a PDF) are left out.
 */
export function statementZipEntries(names: readonly string[]): string[] {
  return names
    .filter((name) => !name.endsWith('/'))
    .filter((name) => {
      const base = name.slice(name.lastIndexOf('/') + 1);
      return /\.csv$/i.test(base) && !base.includes('汇总') && !base.startsWith('.');
    })
    .sort();
}
