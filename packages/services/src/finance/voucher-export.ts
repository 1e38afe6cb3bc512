// Exporting vouchers to the ledger (导出凭证): a range of business dates in Kingdee's or Yonyou's import
// layout (the domain's voucher-layouts.ts), as CSV (UTF-8 with a BOM, CRLF, as Excel and the ledgers'
// tools read it) or xlsx. Exporting marks every voucher of the range (count, first and last time, who)
// in one transaction that locks them, so two exports at once cannot both pass as first; a range that
// holds a voucher exported before is refused unless the request says it is a re-export, which is
// audited as such. The file streams: vouchers are read a page at a time and written row by row
// (exceljs's streaming writer for xlsx), so a year of vouchers never sits in memory.
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  AppError,
  formatYuan,
  voucherLayouts,
  type ExportNames,
  type LayoutCell,
  type Locale,
  type NumberedVoucher,
  type VoucherLayoutId,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { loadChart } from './chart';
import { financeNames } from './day-rows';
import { loadFinanceSite } from './site-day';
import { checkRange, readVouchers } from './vouchers';

export type VoucherExportInput = {
  from: string;
  to: string;
  layout: VoucherLayoutId;
  format: 'csv' | 'xlsx';
  /** Export vouchers that were exported before (audited as a re-export). */
  reexport: boolean;
};

export type VoucherExport = {
  count: number;
  reexported: number;
  filename: { ascii: string; localized: string };
  contentType: string;
  body: Readable;
};

/** Vouchers read per page while the file is written. */
const pageSize = 200;

const layoutNames: Record<VoucherLayoutId, Record<Locale, string>> = {
  kingdee: { 'zh-CN': '金蝶', en: 'kingdee' },
  yonyou: { 'zh-CN': '用友', en: 'yonyou' },
};

// Text typed by people (agency names) must not become a formula when a CSV is opened.
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(cell: LayoutCell): string {
  if (cell === null) return '';
  const text =
    typeof cell === 'object'
      ? formatYuan(cell.fen)
      : typeof cell === 'number'
        ? String(cell)
        : safeText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The marked vouchers, a page at a time, in date, word and number order. */
async function* numberedVouchers(db: Queryable, ids: readonly string[]): AsyncGenerator<NumberedVoucher> {
  let after: { date: string; word: string; number: number } | null = null;
  for (;;) {
    const page = await readVouchers(
      db,
      after === null
        ? sql`v.id = any(${sql.param(ids)}::uuid[])`
        : sql`v.id = any(${sql.param(ids)}::uuid[])
              and (v.business_date, v.word, v.number) > (${after.date}::date, ${after.word}, ${after.number})`,
      pageSize,
    );
    for (const v of page)
      yield {
        date: v.businessDate,
        period: v.period,
        word: v.word,
        number: v.number,
        summary: v.summary,
        lines: v.lines,
      };
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { date: last.businessDate, word: last.word, number: last.number };
  }
}

async function* csvLines(
  vouchers: AsyncIterable<NumberedVoucher>,
  layoutId: VoucherLayoutId,
  names: ExportNames,
): AsyncGenerator<string> {
  const layout = voucherLayouts[layoutId];
  yield `\uFEFF${layout.header.map(csvField).join(',')}\r\n`;
  for await (const voucher of vouchers)
    yield layout
      .rows(voucher, names)
      .map((row) => `${row.map(csvField).join(',')}\r\n`)
      .join('');
}

async function xlsxStream(
  vouchers: AsyncIterable<NumberedVoucher>,
  layoutId: VoucherLayoutId,
  names: ExportNames,
): Promise<Readable> {
  // Loaded when a workbook is asked for: exceljs is large.
  const { default: ExcelJS } = await import('exceljs');
  const layout = voucherLayouts[layoutId];
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('凭证');
  const write = async () => {
    const header = sheet.addRow([...layout.header]);
    header.font = { bold: true };
    header.commit();
    for await (const voucher of vouchers)
      for (const row of layout.rows(voucher, names)) {
        const added = sheet.addRow(
          row.map(
            (cell) => (cell === null ? null : typeof cell === 'object' ? cell.fen / 100 : cell), // exceljs writes strings as text, never formulas: no guard (it would show)
          ),
        );
        row.forEach((cell, i) => {
          if (cell !== null && typeof cell === 'object') added.getCell(i + 1).numFmt = '0.00';
        });
        added.commit();
      }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

async function exportNames(
  ctx: ServiceContext,
  siteId: string,
  ids: readonly string[],
): Promise<ExportNames> {
  const chart = await loadChart(ctx.db, siteId);
  const names = await financeNames(ctx.db, siteId);
  const sellers = await rows<{ id: string; display_name: string }>(
    ctx.db,
    sql`select id, display_name from users where id::text in (
          select distinct l->'auxiliary'->>'sellerId' from vouchers v, jsonb_array_elements(v.lines) l
          where v.id = any(${sql.param(ids)}::uuid[]))`,
  );
  const sellerNames = new Map(sellers.map((u) => [u.id, u.display_name]));
  const [me] =
    ctx.actor.kind === 'user'
      ? await rows<{ display_name: string }>(
          ctx.db,
          sql`select display_name from users where id = ${ctx.actor.userId}`,
        )
      : [];
  const receivables = chart
    ? [chart.chart.receivable.default, ...Object.values(chart.chart.receivable.byAgency ?? {})]
    : [];
  return {
    account: (code) => chart?.chart.accountNames?.[code] ?? '',
    product: (code) => names.products[code]?.nameZh ?? code,
    agency: (id) => names.agencies[id] ?? null,
    seller: (id) => sellerNames.get(id) ?? '',
    customerAccounts: new Set(receivables),
    preparer: me?.display_name ?? 'Admit',
  };
}

/**
 * Marks the vouchers dated from–to exported and returns their file, streaming. Refused when the range
 * holds none, or holds one exported before and this is not a re-export.
 */
export async function exportVouchers(
  ctx: ServiceContext,
  siteId: string,
  input: VoucherExportInput,
): Promise<VoucherExport> {
  await requirePermission(ctx, 'finance.vouchers', siteId);
  checkRange(input);
  const site = await loadFinanceSite(ctx.db, siteId);
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const marked = await inTransaction(ctx, async (tx) => {
    const found = await rows<{ id: string; word: string; number: number; export_count: number }>(
      tx.db,
      sql`select id, word, number, export_count from vouchers
          where site_id = ${siteId} and business_date >= ${input.from} and business_date <= ${input.to}
          order by business_date, word, number for update`,
    );
    if (found.length === 0)
      throw new AppError('vouchers_not_found', { details: { from: input.from, to: input.to } });
    const before = found.filter((v) => v.export_count > 0);
    if (before.length > 0 && !input.reexport)
      throw new AppError('vouchers_already_exported', {
        details: { count: before.length, numbers: before.slice(0, 20).map((v) => `${v.word}-${v.number}`) },
      });
    const now = ctx.clock.now();
    const ids = found.map((v) => v.id);
    await tx.db.execute(
      sql`update vouchers set export_count = export_count + 1, first_exported_at = coalesce(first_exported_at, ${now}),
                              last_exported_at = ${now}, last_exported_by = ${userId}
          where id = any(${sql.param(ids)}::uuid[])`,
    );
    await recordAudit(tx, {
      action: before.length > 0 ? 'finance.vouchers.reexported' : 'finance.vouchers.exported',
      siteId,
      target: { type: 'site', id: siteId },
      details: {
        from: input.from,
        to: input.to,
        layout: input.layout,
        format: input.format,
        count: found.length,
        ...(before.length > 0 ? { reexported: before.length } : {}),
      },
    });
    return { ids, reexported: before.length };
  });
  const names = await exportNames(ctx, siteId, marked.ids);
  const vouchers = numberedVouchers(ctx.db, marked.ids);
  const rest = `${site.code}-${input.from}_${input.to}`;
  const localized = layoutNames[input.layout][ctx.locale];
  return {
    count: marked.ids.length,
    reexported: marked.reexported,
    filename: {
      ascii: `vouchers-${rest}-${input.layout}.${input.format}`,
      localized: `${ctx.locale === 'zh-CN' ? '凭证' : 'vouchers'}-${rest}-${localized}.${input.format}`,
    },
    contentType:
      input.format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body:
      input.format === 'csv'
        ? Readable.from(csvLines(vouchers, input.layout, names))
        : await xlsxStream(vouchers, input.layout, names),
  };
}
