// A travel agency's statement (对账单) for a period of business days at the site, and its exports:
// CSV (UTF-8 with a BOM, so Excel shows Chinese right) and Excel. The ledger is the book: the opening
// balance is the sum of the agency's movements before the period, the lines are its movements in the
// period (with the order, visit date and tickets each one is about), and the figures come from the
// domain's buildAgencyStatement, so the screen, the CSV and the workbook always agree. Read by finance
// (who settles with the agency) and by whoever manages channels (who sells to it); nothing is written.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  AppError,
  agencyLedgerKinds,
  buildAgencyStatement,
  businessDate,
  civilParts,
  formatYuan,
  previousCalendarMonth,
  statementPeriodProblem,
  statementWindow,
  type AgencyLedgerKind,
  type AgencyStatementFigures,
  type Locale,
  type StatementPeriod,
} from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';

export type AgencyStatementLine = {
  id: string;
  at: Date;
  kind: AgencyLedgerKind;
  amount: number;
  orderId: string | null;
  orderNumber: string | null;
  orderChannel: 'box_office' | 'online' | 'api' | null;
  visitDate: string | null;
  ticketCount: number | null;
  reference: string;
  note: string;
};

export type AgencyStatement = Omit<AgencyStatementFigures<AgencyStatementLine>, 'lines'> & {
  lines: (AgencyStatementLine & { balance: number })[];
  agency: { id: string; code: string; name: string; creditLimit: number };
  site: { id: string; code: string; nameZh: string; nameEn: string; timeZone: string };
  from: string;
  to: string;
  generatedAt: Date;
};

type LineRow = {
  opening: number | string;
  id: string | null;
  kind: AgencyLedgerKind | null;
  amount: number | string | null;
  order_id: string | null;
  order_number: string | null;
  order_channel: AgencyStatementLine['orderChannel'];
  visit_date: string | null;
  ticket_count: number | string | null;
  reference: string | null;
  note: string | null;
  created_at: Date | string | null;
};

/**
 * The statement of an agency for `from`–`to` (business days at the site, both included); without a
 * period, the previous calendar month at the site.
 */
export async function agencyStatement(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  period: Partial<StatementPeriod> = {},
): Promise<AgencyStatement> {
  if (!can(ctx, 'channels.manage', siteId)) await requirePermission(ctx, 'finance.settle', siteId);
  const [head] = await rows<{
    agency_code: string;
    agency_name: string;
    credit_limit: number | string;
    site_code: string;
    site_name_zh: string;
    site_name_en: string;
    time_zone: string;
  }>(
    ctx.db,
    sql`select a.code as agency_code, a.name as agency_name, a.credit_limit, s.code as site_code,
               s.name_zh as site_name_zh, s.name_en as site_name_en, s.time_zone
        from agencies a join sites s on s.id = a.site_id
        where a.id = ${agencyId} and a.site_id = ${siteId}`,
  );
  if (!head) throw new AppError('agency_not_found');
  const generatedAt = ctx.clock.now();
  const chosen =
    period.from !== undefined && period.to !== undefined
      ? { from: period.from, to: period.to }
      : previousCalendarMonth(businessDate(generatedAt, head.time_zone));
  const problem = statementPeriodProblem(chosen);
  if (problem) throw new AppError('validation_failed', { details: { period: problem } });
  const { start, end } = statementWindow(chosen, head.time_zone);

  // One statement, one snapshot: the opening balance and the lines are read together. The ticket count
  // of a line is what its own booking did: tickets issued with a sale (the same instant), refunded or
  // revoked by a rebooking (replaced by new ones) with a refund, cancelled with a reversed sale. A
  // group's no-show ticket revoked without a refund (its type never refunds) is in no refund line.
  const found = await rows<LineRow>(
    ctx.db,
    sql`with opening as (
          select coalesce(sum(amount), 0)::int8 as opening
          from agency_ledger where agency_id = ${agencyId} and created_at < ${start}
        )
        select opening.opening, l.id, l.kind, l.amount, l.order_id, o.number as order_number,
               o.channel as order_channel, o.visit_date::text as visit_date, l.reference, l.note, l.created_at,
               case l.kind
                 when 'sale' then (select count(*) from tickets t
                                   where t.order_id = l.order_id and t.created_at = l.created_at)
                 when 'refund' then (select count(*) from tickets t
                                     where t.order_id = l.order_id and t.revoked_at = l.created_at
                                       and (t.status = 'refunded'
                                            or (t.status = 'revoked' and t.replaced_by is not null)))
                 when 'sale_reversed' then (select count(*) from tickets t
                                            where t.order_id = l.order_id and t.status = 'cancelled')
               end::int8 as ticket_count
        from opening
        left join agency_ledger l
          on l.agency_id = ${agencyId} and l.created_at >= ${start} and l.created_at < ${end}
        left join orders o on o.id = l.order_id
        order by l.created_at, l.id`,
  );
  const movements: AgencyStatementLine[] = found
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: r.id!,
      at: new Date(r.created_at!),
      kind: r.kind!,
      amount: Number(r.amount),
      orderId: r.order_id,
      orderNumber: r.order_number,
      orderChannel: r.order_channel,
      visitDate: r.visit_date,
      ticketCount: r.ticket_count === null ? null : Number(r.ticket_count),
      reference: r.reference ?? '',
      note: r.note ?? '',
    }));
  const figures = buildAgencyStatement({
    openingBalance: Number(found[0]?.opening ?? 0),
    movements,
    creditLimit: Number(head.credit_limit),
  });
  return {
    ...figures,
    agency: {
      id: agencyId,
      code: head.agency_code,
      name: head.agency_name,
      creditLimit: Number(head.credit_limit),
    },
    site: {
      id: siteId,
      code: head.site_code,
      nameZh: head.site_name_zh,
      nameEn: head.site_name_en,
      timeZone: head.time_zone,
    },
    from: chosen.from,
    to: chosen.to,
    generatedAt,
  };
}

// ---- Exports -------------------------------------------------------------------------------------

const words = {
  'zh-CN': {
    sheet: '对账单',
    title: '旅行社对账单',
    agency: '旅行社',
    site: '景区',
    period: '对账期间',
    generatedAt: '生成时间',
    columns: [
      '日期',
      '时间',
      '类型',
      '订单号',
      '渠道',
      '游览日期',
      '张数',
      '金额（元）',
      '余额（元）',
      '参考号',
      '备注',
    ],
    opening: '期初余额',
    totals: '本期合计',
    totalsColumns: ['类型', '笔数', '金额（元）'],
    closing: '期末余额',
    amountDue: '应付金额',
    creditLimit: '授信额度',
    availableCredit: '可用额度',
    kinds: {
      deposit: '预付款',
      sale: '挂账售票',
      sale_reversed: '售票撤销',
      refund: '退票退回',
      payment: '收款',
    },
    channels: { box_office: '窗口', online: '线上', api: '渠道接口' },
    filename: '对账单',
  },
  en: {
    sheet: 'Statement',
    title: 'Agency statement',
    agency: 'Agency',
    site: 'Site',
    period: 'Period',
    generatedAt: 'Generated',
    columns: [
      'Date',
      'Time',
      'Kind',
      'Order',
      'Channel',
      'Visit date',
      'Tickets',
      'Amount (CNY)',
      'Balance (CNY)',
      'Reference',
      'Note',
    ],
    opening: 'Opening balance',
    totals: 'Totals for the period',
    totalsColumns: ['Kind', 'Count', 'Amount (CNY)'],
    closing: 'Closing balance',
    amountDue: 'Amount due',
    creditLimit: 'Credit limit',
    availableCredit: 'Available credit',
    kinds: {
      deposit: 'Deposit',
      sale: 'Sale on account',
      sale_reversed: 'Sale reversed',
      refund: 'Refund',
      payment: 'Payment received',
    },
    channels: { box_office: 'Box office', online: 'Online', api: 'Channel API' },
    filename: 'statement',
  },
} satisfies Record<Locale, unknown>;

/** A cell: text, or money in fen (written as yuan: a number in Excel, 2 decimals in the CSV). */
type Cell = string | number | { fen: number } | null;

/** The statement as a table of rows, the one layout both exports write. */
export function agencyStatementTable(statement: AgencyStatement, locale: Locale): Cell[][] {
  const w = words[locale];
  const zone = statement.site.timeZone;
  const siteName =
    locale === 'zh-CN' ? statement.site.nameZh : statement.site.nameEn || statement.site.nameZh;
  const generated = civilParts(statement.generatedAt, zone);
  const money = (fen: number) => ({ fen });
  const table: Cell[][] = [
    [w.title],
    [w.agency, `${statement.agency.name} (${statement.agency.code})`],
    [w.site, `${siteName} (${statement.site.code})`],
    [w.period, statement.from, statement.to],
    [w.generatedAt, `${generated.date} ${generated.time}`],
    [],
    w.columns,
    [null, null, w.opening, null, null, null, null, null, money(statement.openingBalance), null, null],
  ];
  for (const line of statement.lines) {
    const { date, time } = civilParts(line.at, zone);
    table.push([
      date,
      time,
      w.kinds[line.kind],
      line.orderNumber,
      line.orderChannel === null ? null : w.channels[line.orderChannel],
      line.visitDate,
      line.ticketCount,
      money(line.amount),
      money(line.balance),
      line.reference,
      line.note,
    ]);
  }
  table.push([], [w.totals], w.totalsColumns);
  for (const kind of agencyLedgerKinds)
    table.push([w.kinds[kind], statement.counts[kind], money(statement.totals[kind])]);
  table.push(
    [],
    [w.opening, money(statement.openingBalance)],
    [w.closing, money(statement.closingBalance)],
    [w.amountDue, money(statement.amountDue)],
    [w.creditLimit, money(statement.agency.creditLimit)],
    [w.availableCredit, money(statement.availableCredit)],
  );
  return table;
}

// Text typed by people (references, notes) must not become a formula when the file is opened.
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text =
    typeof cell === 'object'
      ? formatYuan(cell.fen)
      : typeof cell === 'number'
        ? String(cell)
        : safeText(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The statement as CSV: UTF-8 with a byte-order mark and CRLF line ends, as Excel expects. */
export function agencyStatementCsv(statement: AgencyStatement, locale: Locale): Buffer {
  const lines = agencyStatementTable(statement, locale).map((row) => row.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The statement as an Excel workbook of one sheet; money cells are numbers in yuan. */
export async function agencyStatementXlsx(statement: AgencyStatement, locale: Locale): Promise<Buffer> {
  // Loaded when a workbook is asked for: exceljs is large, and every process importing the services
  // would otherwise pay for it at start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Admit';
  workbook.created = statement.generatedAt;
  const sheet = workbook.addWorksheet(words[locale].sheet);
  for (const row of agencyStatementTable(statement, locale)) {
    const added = sheet.addRow(
      row.map((cell) =>
        cell === null
          ? null
          : typeof cell === 'object'
            ? cell.fen / 100
            : typeof cell === 'string'
              ? safeText(cell)
              : cell,
      ),
    );
    row.forEach((cell, i) => {
      if (cell !== null && typeof cell === 'object') added.getCell(i + 1).numFmt = '#,##0.00;-#,##0.00';
    });
  }
  const widths = [12, 8, 14, 24, 10, 12, 8, 14, 14, 20, 24];
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  sheet.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `statement-CITS-2026-11-01_2026-11-30.csv`, and the same name in the user's language for filename*. */
export function agencyStatementFilename(
  statement: AgencyStatement,
  locale: Locale,
  format: 'csv' | 'xlsx',
): { ascii: string; localized: string } {
  const rest = `${statement.agency.code}-${statement.from}_${statement.to}.${format}`;
  return { ascii: `statement-${rest}`, localized: `${words[locale].filename}-${rest}` };
}
