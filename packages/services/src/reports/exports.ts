// Every report as a file: xlsx (exceljs' streaming writer), CSV (UTF-8 with a byte-order mark, CRLF,
// written row by row) and PDF (pdfkit, A4 landscape, in the CJK font ticket printing found). Each is
// a stream the route pipes to the response, so a large report never sits in memory as a file. The
// same table (columns with their kind, rows of cells) feeds all three, so the files agree. Exporting
// is audited as a data export: who exported which report, of which site and dates, in which format.
import { PassThrough, Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { formatYuan, type Locale } from '@admit/domain';
import type {
  CapacityReport,
  ExportFormat,
  FreeTicketsReport,
  HeatmapReport,
  OccupancyReport,
  RefundsReport,
  ReportKind,
  SalesReport,
  VisitorsByHourReport,
  VisitorsBySessionReport,
} from '@admit/contracts';
import { recordAudit } from '../audit/record';
import type { ServiceContext } from '../context';
import { loadPrintFont } from '../printing/fonts';
import {
  capacityReport,
  freeTicketsReport,
  heatmapReport,
  occupancyReport,
  refundsReport,
  salesReport,
  siteClockTime,
  visitorsByHourReport,
  visitorsBySessionReport,
  type RefundsReportInput,
  type SalesReportInput,
  type VisitorsByHourInput,
} from './queries';

type Text = Record<Locale, string>;
type ColumnKind = 'text' | 'int' | 'fen' | 'rate';
type Column = { title: Text; kind: ColumnKind; width: number };
type Cell = string | number | null;
export type ReportTable = { title: Text; columns: Column[]; rows: Cell[][] };

export type ExportRequest =
  | { report: 'sales'; query: SalesReportInput }
  | { report: 'refunds'; query: RefundsReportInput }
  | { report: 'visitors_by_hour'; query: VisitorsByHourInput }
  | { report: 'visitors_by_session'; query: { siteId?: string | undefined; from: string; to: string } }
  | { report: 'capacity'; query: { siteId?: string | undefined; from: string; to: string } }
  | { report: 'occupancy'; query: { siteId?: string | undefined } }
  | {
      report: 'heatmap';
      query: { siteId?: string | undefined; from: string; to: string; mode: 'date_hour' | 'weekday_hour' };
    }
  | {
      report: 'free_tickets';
      query: { siteId?: string | undefined; from: string; to: string; granularity: 'day' | 'week' | 'month' };
    };

const col = (zh: string, en: string, kind: ColumnKind, width = 12): Column => ({
  title: { 'zh-CN': zh, en },
  kind,
  width,
});

export const reportTitles: Record<ReportKind, Text> = {
  sales: { 'zh-CN': '销售报表', en: 'Sales' },
  refunds: { 'zh-CN': '退票与退票率', en: 'Refunds and refund rate' },
  visitors_by_hour: { 'zh-CN': '分时段入园人数', en: 'Visitors by hour' },
  visitors_by_session: { 'zh-CN': '分场次入园人数', en: 'Visitors by session' },
  capacity: { 'zh-CN': '场次容量使用', en: 'Capacity use per session' },
  occupancy: { 'zh-CN': '实时在园人数', en: 'Live occupancy' },
  heatmap: { 'zh-CN': '入园热力图', en: 'Arrivals heat map' },
  free_tickets: { 'zh-CN': '免费票与赠票', en: 'Free and complimentary tickets' },
};

const groupTitles: Record<string, Text> = {
  ticket_type: { 'zh-CN': '票种', en: 'Ticket type' },
  channel: { 'zh-CN': '销售渠道', en: 'Channel' },
  channel_partner: { 'zh-CN': '渠道商', en: 'Channel partner' },
  payment_method: { 'zh-CN': '支付方式', en: 'Payment method' },
  seller: { 'zh-CN': '售票员', en: 'Seller' },
  site: { 'zh-CN': '场馆', en: 'Site' },
};

const periodColumn = col('期间', 'Period', 'text', 12);

function salesTable(r: SalesReport): ReportTable {
  const grouped = r.groupBy !== 'none';
  const byMethod = r.groupBy === 'payment_method';
  const columns = [
    periodColumn,
    ...(grouped ? [{ ...col('', '', 'text', 22), title: groupTitles[r.groupBy]! }] : []),
    byMethod ? col('收款笔数', 'Payments', 'int') : col('售出张数', 'Tickets sold', 'int'),
    byMethod ? col('收款金额', 'Received', 'fen', 14) : col('销售额', 'Sales', 'fen', 14),
    byMethod ? col('退款笔数', 'Refunds made', 'int') : col('退票张数', 'Tickets refunded', 'int'),
    col('退款金额', 'Refunded', 'fen', 14),
    col('退票手续费', 'Refund fees', 'fen', 12),
    col('净额', 'Net', 'fen', 14),
    col('免费票', 'Free', 'int', 9),
    col('赠票', 'Complimentary', 'int', 9),
  ];
  const figures = (f: SalesReport['totals']): Cell[] => [
    f.ticketsSold,
    f.sales,
    f.ticketsRefunded,
    f.refunds,
    f.refundFees,
    f.net,
    f.freeTickets,
    f.complimentaryTickets,
  ];
  return {
    title: reportTitles.sales,
    columns,
    rows: [
      ...r.rows.map((row) => [row.period, ...(grouped ? [row.label] : []), ...figures(row)]),
      [totalLabel, ...(grouped ? [''] : []), ...figures(r.totals)],
    ],
  };
}

const totalLabel = '∑';

function refundsTable(r: RefundsReport): ReportTable {
  const grouped = r.groupBy !== 'none';
  const figures = (f: RefundsReport['totals']): Cell[] => [
    f.ticketsSold,
    f.ticketsRefunded,
    f.refunds,
    f.refundFees,
    f.refundRateBp,
  ];
  return {
    title: reportTitles.refunds,
    columns: [
      periodColumn,
      ...(grouped ? [{ ...col('', '', 'text', 22), title: groupTitles[r.groupBy]! }] : []),
      col('售出张数', 'Tickets sold', 'int'),
      col('退票张数', 'Tickets refunded', 'int'),
      col('退款金额', 'Refunded', 'fen', 14),
      col('退票手续费', 'Refund fees', 'fen'),
      col('退票率', 'Refund rate', 'rate', 10),
    ],
    rows: [
      ...r.rows.map((row) => [row.period, ...(grouped ? [row.label] : []), ...figures(row)]),
      [totalLabel, ...(grouped ? [''] : []), ...figures(r.totals)],
    ],
  };
}

function visitorsByHourTable(r: VisitorsByHourReport): ReportTable {
  return {
    title: reportTitles.visitors_by_hour,
    columns: [
      periodColumn,
      col('时段', 'Hour', 'text', 10),
      col('入园', 'Entries', 'int'),
      col('出园', 'Exits', 'int'),
    ],
    rows: [
      ...r.rows.map((row) => [row.period, `${String(row.hour).padStart(2, '0')}:00`, row.entries, row.exits]),
      [totalLabel, '', r.totals.entries, r.totals.exits],
    ],
  };
}

const sessionStart = (iso: string, timeZone: string) => siteClockTime(new Date(iso), timeZone);

function siteCodes(r: { sites: { id: string; code: string; timeZone: string }[] }) {
  return new Map(r.sites.map((s) => [s.id, s]));
}

function visitorsBySessionTable(r: VisitorsBySessionReport): ReportTable {
  const sites = siteCodes(r);
  return {
    title: reportTitles.visitors_by_session,
    columns: [
      col('场馆', 'Site', 'text', 10),
      col('日期', 'Date', 'text', 12),
      col('场次', 'Session', 'text', 18),
      col('开始', 'Starts', 'text', 8),
      col('入园', 'Entries', 'int'),
      col('出园', 'Exits', 'int'),
    ],
    rows: [
      ...r.rows.map((row) => {
        const site = sites.get(row.siteId);
        return [
          site?.code ?? '',
          row.businessDate,
          row.label,
          sessionStart(row.startsAt, site?.timeZone ?? 'Asia/Shanghai'),
          row.entries,
          row.exits,
        ];
      }),
      [totalLabel, '', '', '', r.totals.entries, r.totals.exits],
    ],
  };
}

function capacityTable(r: CapacityReport): ReportTable {
  const sites = siteCodes(r);
  const figures = (f: CapacityReport['totals']): Cell[] => [
    f.capacity,
    f.sold,
    f.soldRateBp,
    f.entered,
    f.enteredRateBp,
  ];
  return {
    title: reportTitles.capacity,
    columns: [
      col('场馆', 'Site', 'text', 10),
      col('日期', 'Date', 'text', 12),
      col('场次', 'Session', 'text', 18),
      col('开始', 'Starts', 'text', 8),
      col('容量', 'Capacity', 'int'),
      col('已售', 'Sold', 'int'),
      col('售出率', 'Sold rate', 'rate', 10),
      col('已入园', 'Entered', 'int'),
      col('入园率', 'Entered rate', 'rate', 10),
    ],
    rows: [
      ...r.rows.map((row) => {
        const site = sites.get(row.siteId);
        return [
          site?.code ?? '',
          row.businessDate,
          row.label,
          sessionStart(row.startsAt, site?.timeZone ?? 'Asia/Shanghai'),
          ...figures(row),
        ];
      }),
      [totalLabel, '', '', '', ...figures(r.totals)],
    ],
  };
}

function occupancyTable(r: OccupancyReport): ReportTable {
  const figures = (f: OccupancyReport['totals']): Cell[] => [
    f.inside,
    f.instantMax,
    f.occupancyBp,
    f.entriesToday,
    f.exitsToday,
  ];
  return {
    title: reportTitles.occupancy,
    columns: [
      col('场馆', 'Site', 'text', 10),
      col('名称', 'Name', 'text', 20),
      col('营业日', 'Business day', 'text', 12),
      col('在园人数', 'Inside', 'int'),
      col('瞬时承载量', 'Instantaneous max', 'int', 14),
      col('占用率', 'Occupancy', 'rate', 10),
      col('今日入园', 'Entries today', 'int'),
      col('今日出园', 'Exits today', 'int'),
    ],
    rows: [
      ...r.rows.map((row) => [row.code, row.name, row.businessDate, ...figures(row)]),
      [totalLabel, '', '', ...figures(r.totals)],
    ],
  };
}

const weekdays: Record<Locale, string[]> = {
  'zh-CN': ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

function heatmapTable(r: HeatmapReport, locale: Locale): ReportTable {
  const grid = new Map(r.cells.map((c) => [`${c.row} ${c.hour}`, c.entries]));
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return {
    title: reportTitles.heatmap,
    columns: [
      r.mode === 'date_hour' ? col('日期', 'Date', 'text', 12) : col('星期', 'Weekday', 'text', 8),
      ...hours.map((h) => col(String(h), String(h), 'int', 5)),
      col('合计', 'Total', 'int', 8),
    ],
    rows: r.rows.map((row) => {
      const counts = hours.map((h) => grid.get(`${row} ${h}`) ?? 0);
      return [
        r.mode === 'date_hour' ? row : weekdays[locale][Number(row) - 1]!,
        ...counts,
        counts.reduce((a, b) => a + b, 0),
      ];
    }),
  };
}

const freeKinds: Record<string, Text> = {
  free: { 'zh-CN': '免费票', en: 'Free' },
  complimentary: { 'zh-CN': '赠票', en: 'Complimentary' },
};

function freeTicketsTable(r: FreeTicketsReport, locale: Locale): ReportTable {
  return {
    title: reportTitles.free_tickets,
    columns: [
      periodColumn,
      col('类别', 'Kind', 'text', 12),
      col('原因/证件', 'Reason / document', 'text', 22),
      col('发放', 'Issued', 'int'),
      col('退回', 'Returned', 'int'),
    ],
    rows: [
      ...r.rows.map((row) => [
        row.period,
        freeKinds[row.kind]![locale],
        row.reason,
        row.issued,
        row.returned,
      ]),
      [
        totalLabel,
        '',
        '',
        r.totals.free.issued + r.totals.complimentary.issued,
        r.totals.free.returned + r.totals.complimentary.returned,
      ],
    ],
  };
}

type Built = { table: ReportTable; sites: { code: string }[]; from: string; to: string };

async function build(ctx: ServiceContext, request: ExportRequest): Promise<Built> {
  switch (request.report) {
    case 'sales': {
      const r = await salesReport(ctx, request.query);
      return { table: salesTable(r), ...r };
    }
    case 'refunds': {
      const r = await refundsReport(ctx, request.query);
      return { table: refundsTable(r), ...r };
    }
    case 'visitors_by_hour': {
      const r = await visitorsByHourReport(ctx, request.query);
      return { table: visitorsByHourTable(r), ...r };
    }
    case 'visitors_by_session': {
      const r = await visitorsBySessionReport(ctx, request.query);
      return { table: visitorsBySessionTable(r), ...r };
    }
    case 'capacity': {
      const r = await capacityReport(ctx, request.query);
      return { table: capacityTable(r), ...r };
    }
    case 'occupancy': {
      const r = await occupancyReport(ctx, request.query);
      const day = r.rows[0]?.businessDate ?? r.asOf.slice(0, 10);
      return { table: occupancyTable(r), sites: r.rows, from: day, to: day };
    }
    case 'heatmap': {
      const r = await heatmapReport(ctx, request.query);
      return { table: heatmapTable(r, ctx.locale), ...r };
    }
    case 'free_tickets': {
      const r = await freeTicketsReport(ctx, request.query);
      return { table: freeTicketsTable(r, ctx.locale), ...r };
    }
  }
}

// Text typed by people (names, reasons) must not become a formula when the file is opened.
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function rateText(bp: number): string {
  return `${(bp / 100).toFixed(2)}%`;
}

function cellText(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return safeText(cell);
  if (kind === 'fen') return formatYuan(cell);
  if (kind === 'rate') return rateText(cell);
  return String(cell);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV, one line at a time: a byte-order mark first so Excel reads UTF-8. */
function csvStream(table: ReportTable, locale: Locale): Readable {
  function* lines() {
    yield `\uFEFF${table.columns.map((c) => csvField(c.title[locale])).join(',')}\r\n`;
    for (const row of table.rows)
      yield `${row.map((cell, i) => csvField(cellText(cell, table.columns[i]!.kind))).join(',')}\r\n`;
  }
  return Readable.from(lines());
}

/** An xlsx workbook streamed as it is written: money in yuan as numbers, rates as percentages. */
function xlsxStream(table: ReportTable, locale: Locale, createdAt: Date): Readable {
  const out = new PassThrough();
  void (async () => {
    // Loaded when a workbook is asked for: exceljs is large.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    workbook.creator = 'Admit';
    workbook.created = createdAt;
    const sheet = workbook.addWorksheet(table.title[locale].slice(0, 31));
    sheet.columns = table.columns.map((c) => ({ width: c.width }));
    const header = sheet.addRow(table.columns.map((c) => c.title[locale]));
    header.font = { bold: true };
    header.commit();
    for (const cells of table.rows) {
      const row = sheet.addRow(
        cells.map((cell, i) => {
          const kind = table.columns[i]!.kind;
          if (cell === null) return null;
          if (typeof cell === 'string') return safeText(cell);
          return kind === 'fen' ? cell / 100 : kind === 'rate' ? cell / 10_000 : cell;
        }),
      );
      table.columns.forEach((c, i) => {
        if (c.kind === 'fen') row.getCell(i + 1).numFmt = '#,##0.00;-#,##0.00';
        if (c.kind === 'rate') row.getCell(i + 1).numFmt = '0.00%';
      });
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** A PDF table, A4 landscape, the header row repeated on every page; piped as pdfkit writes it. */
function pdfStream(table: ReportTable, locale: Locale, subtitle: string, createdAt: Date): Readable {
  const font = loadPrintFont();
  // Without a CJK font the PDF is in English, and characters the font lacks print as '?'.
  const language: Locale = font.info.cjk ? locale : 'en';
  const printable = (text: string) =>
    font.canPrint(text) ? text : [...text].map((c) => (font.canPrint(c) ? c : '?')).join('');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    compress: true,
    info: { Title: table.title[language], Creator: 'Admit', Producer: 'Admit', CreationDate: createdAt },
  });
  doc.registerFont('regular', font.regular as unknown as string);
  doc.registerFont('bold', font.bold as unknown as string);
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const totalWidth = table.columns.reduce((n, c) => n + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWidth) * usable);
  const size = table.columns.length > 12 ? 6.5 : 8.5;
  const rowHeight = size + 6;
  const bottom = doc.page.height - doc.page.margins.bottom;

  const drawRow = (cells: string[], bold: boolean, y: number) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(size);
    let x = left;
    cells.forEach((text, i) => {
      const numeric = table.columns[i]!.kind !== 'text';
      doc.text(printable(text), x + 2, y + 3, {
        width: widths[i]! - 4,
        height: rowHeight,
        align: numeric ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + rowHeight)
      .lineTo(left + usable, y + rowHeight)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
  };
  const header = table.columns.map((c) => c.title[language]);
  let y = doc.page.margins.top;
  doc.font('bold').fontSize(14).text(printable(table.title[language]), left, y);
  y += 20;
  doc.font('regular').fontSize(9).text(printable(subtitle), left, y);
  y += 16;
  drawRow(header, true, y);
  y += rowHeight;
  for (const row of table.rows) {
    if (y + rowHeight > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
      drawRow(header, true, y);
      y += rowHeight;
    }
    drawRow(
      row.map((cell, i) => {
        const kind = table.columns[i]!.kind;
        return kind === 'fen' && typeof cell === 'number' ? `¥${formatYuan(cell)}` : cellText(cell, kind);
      }),
      row[0] === totalLabel,
      y,
    );
    y += rowHeight;
  }
  doc.end();
  return doc;
}

export const exportContentTypes: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

export type ReportExport = {
  filename: { ascii: string; localized: string };
  contentType: string;
  rows: number;
  body: Readable;
};

/** Builds a report and streams it in the format asked; audited as a data export. */
export async function exportReport(
  ctx: ServiceContext,
  request: ExportRequest,
  format: ExportFormat,
): Promise<ReportExport> {
  const built = await build(ctx, request);
  const siteCode = built.sites.length === 1 ? built.sites[0]!.code : 'ALL';
  const span = built.from === built.to ? built.from : `${built.from}_${built.to}`;
  const ascii = `${siteCode}-${request.report.replaceAll('_', '-')}-${span}.${format}`;
  const localized = `${siteCode}-${built.table.title[ctx.locale]}-${span}.${format}`;
  await recordAudit(ctx, {
    action: 'reports.report.exported',
    siteId: request.query.siteId ?? null,
    details: {
      report: request.report,
      format,
      siteId: request.query.siteId ?? null,
      sites: built.sites.map((s) => s.code),
      from: built.from,
      to: built.to,
      rows: built.table.rows.length,
    },
  });
  const createdAt = ctx.clock.now();
  const subtitle = `${built.sites.map((s) => s.code).join(', ')} · ${span}`;
  const body =
    format === 'csv'
      ? csvStream(built.table, ctx.locale)
      : format === 'xlsx'
        ? xlsxStream(built.table, ctx.locale, createdAt)
        : pdfStream(built.table, ctx.locale, subtitle, createdAt);
  return {
    filename: { ascii, localized },
    contentType: exportContentTypes[format],
    rows: built.table.rows.length,
    body,
  };
}
