// Accounting vouchers (记账凭证) of confirmed days, from the day's rows and the site's chart of accounts
// (the domain's `vouchersForDay`). A day's vouchers are generated once: the unique index on (site,
// day, kind) and the check under the lock make a second run find them there. Numbers run per site,
// period (month) and voucher word, consecutive without gaps: each day's transaction takes an advisory
// lock on (site, period, word), reads the highest number and writes the next ones before it commits,
// so concurrent days never share or skip a number (a rolled-back day uses none).
//
// The figures a voucher is made from are re-read from the committed rows and must equal the settlement
// stored at confirmation (settlement_changed otherwise): by the dating rule they cannot have changed,
// and if they ever did, no voucher goes to the ledger that disagrees with the confirmed day.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import {
  AppError,
  addDays,
  settleDay,
  vouchersForDay,
  type DailySettlement,
  type Voucher,
  type VoucherKind,
  type VoucherLine,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { canonicalJson, recordAudit } from '../audit/record';
import { financeNames, loadFinanceDay, type FinanceDayNames } from './day-rows';
import { loadChart } from './chart';
import { loadFinanceSite } from './site-day';

/** The longest range a request may cover (a year, and a leap day). */
export const maxFinanceRangeDays = 366;

/**
 * Only for the test that shows what the numbering lock is for: without it, and with a pause after
 * the highest number was read, two days read the same number.
 */
export const voucherControl: { lock: boolean; afterNumber: (() => Promise<void>) | null } = {
  lock: true,
  afterNumber: null,
};

export type VoucherRecord = {
  id: string;
  businessDate: string;
  kind: VoucherKind;
  period: string;
  word: string;
  number: number;
  summary: string;
  lines: VoucherLine[];
  debitTotal: number;
  creditTotal: number;
  createdAt: Date;
  exportCount: number;
  firstExportedAt: Date | null;
  lastExportedAt: Date | null;
  lastExportedByName: string | null;
};

export type GeneratedDay = {
  date: string;
  /** generated now; already there; not settled (skipped); settled but nothing to book. */
  outcome: 'generated' | 'existing' | 'not_settled' | 'nothing';
  numbers: number[];
};

/** Checks a from–to range of business dates: ordered and at most a year. */
export function checkRange(range: { from: string; to: string }): void {
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0 && days < maxFinanceRangeDays))
    throw new AppError('finance_date_range_invalid', { details: { from: range.from, to: range.to } });
}

/** The money a settlement says, for comparing one with another made by another version of the code. */
function fingerprint(s: DailySettlement) {
  const { sales, refunds, rebookings, net, feesKept } = s.totals;
  return {
    totals: { sales, refunds, rebookings, adjustments: s.totals.adjustments ?? 0, net, feesKept },
    methods: s.byPaymentMethod.map((m) => [m.method, m.net]),
    overShort: s.overShort.net,
  };
}

async function numberingLock(db: Queryable, siteId: string, period: string, word: string): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`vouchers:${siteId}:${period}:${word}`}, 0))`,
  );
}

/** One confirmed day's vouchers, in their own transaction. */
async function generateDay(ctx: ServiceContext, siteId: string, date: string): Promise<GeneratedDay> {
  const site = await loadFinanceSite(ctx.db, siteId);
  const chart = await loadChart(ctx.db, siteId);
  if (!chart) throw new AppError('chart_of_accounts_missing');
  const period = date.slice(0, 7);
  const word = chart.voucherWord;
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  return inTransaction(ctx, async (tx) => {
    const [settled] = await rows<{ figures: DailySettlement }>(
      tx.db,
      sql`select figures from daily_settlements where site_id = ${siteId} and business_date = ${date}`,
    );
    if (!settled) return { date, outcome: 'not_settled', numbers: [] };
    if (voucherControl.lock) await numberingLock(tx.db, siteId, period, word);
    const existing = await rows<{ number: number }>(
      tx.db,
      sql`select number from vouchers where site_id = ${siteId} and business_date = ${date} order by number`,
    );
    if (existing.length > 0) return { date, outcome: 'existing', numbers: existing.map((v) => v.number) };

    const day = await loadFinanceDay(tx.db, site, date);
    let vouchers: Voucher[];
    try {
      if (canonicalJson(fingerprint(settleDay(day))) !== canonicalJson(fingerprint(settled.figures)))
        throw new AppError('settlement_changed', { details: { date } });
      vouchers = vouchersForDay(chart.chart, day);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new AppError(
        error.message.startsWith('chart of accounts')
          ? 'chart_of_accounts_invalid'
          : 'finance_day_inconsistent',
        {
          details: { date, problem: error.message },
        },
      );
    }
    if (vouchers.length === 0) return { date, outcome: 'nothing', numbers: [] };

    const [highest] = await rows<{ n: number }>(
      tx.db,
      sql`select coalesce(max(number), 0)::int as n from vouchers
          where site_id = ${siteId} and period = ${period} and word = ${word}`,
    );
    if (voucherControl.afterNumber) await voucherControl.afterNumber();
    const first = (highest?.n ?? 0) + 1;
    const now = ctx.clock.now();
    const numbers: number[] = [];
    for (const [i, v] of vouchers.entries()) {
      const totals = v.lines.reduce((t, l) => ({ debit: t.debit + l.debit, credit: t.credit + l.credit }), {
        debit: 0,
        credit: 0,
      });
      numbers.push(first + i);
      await tx.db.execute(
        sql`insert into vouchers (id, site_id, business_date, kind, period, word, number, summary, lines, debit_total,
                                  credit_total, created_by, created_at)
            values (${newId(now.getTime())}, ${siteId}, ${date}, ${v.kind}, ${period}, ${word}, ${first + i}, ${v.summary},
                    ${JSON.stringify(v.lines)}::jsonb, ${totals.debit}, ${totals.credit}, ${userId}, ${now})`,
      );
    }
    await recordAudit(tx, {
      action: 'finance.vouchers.generated',
      siteId,
      target: { type: 'site', id: siteId },
      details: { date, period, word, numbers, kinds: vouchers.map((v) => v.kind) },
    });
    return { date, outcome: 'generated', numbers };
  });
}

/**
 * Generates the vouchers of the confirmed days from–to, day by day in date order (so numbers follow
 * the dates); days already generated are left as they are, unsettled days are skipped.
 */
export async function generateVouchers(
  ctx: ServiceContext,
  siteId: string,
  range: { from: string; to: string },
): Promise<GeneratedDay[]> {
  await requirePermission(ctx, 'finance.vouchers', siteId);
  checkRange(range);
  await loadFinanceSite(ctx.db, siteId);
  if (!(await loadChart(ctx.db, siteId))) throw new AppError('chart_of_accounts_missing');
  const out: GeneratedDay[] = [];
  for (let date = range.from; date <= range.to; date = addDays(date, 1))
    out.push(await generateDay(ctx, siteId, date));
  return out;
}

type VoucherRow = {
  id: string;
  business_date: string;
  kind: VoucherKind;
  period: string;
  word: string;
  number: number;
  summary: string;
  lines: VoucherLine[];
  debit_total: number;
  credit_total: number;
  created_at: Date | string;
  export_count: number;
  first_exported_at: Date | string | null;
  last_exported_at: Date | string | null;
  last_exported_by_name: string | null;
};

export const selectVouchers = sql`select v.id, v.business_date::text as business_date, v.kind, v.period, v.word, v.number,
    v.summary, v.lines, v.debit_total, v.credit_total, v.created_at, v.export_count, v.first_exported_at,
    v.last_exported_at, u.display_name as last_exported_by_name
  from vouchers v left join users u on u.id = v.last_exported_by`;

export function presentVoucher(v: VoucherRow): VoucherRecord {
  const at = (d: Date | string | null) => (d === null ? null : new Date(d));
  return {
    id: v.id,
    businessDate: v.business_date,
    kind: v.kind,
    period: v.period,
    word: v.word,
    number: v.number,
    summary: v.summary,
    lines: v.lines,
    debitTotal: Number(v.debit_total),
    creditTotal: Number(v.credit_total),
    createdAt: new Date(v.created_at),
    exportCount: v.export_count,
    firstExportedAt: at(v.first_exported_at),
    lastExportedAt: at(v.last_exported_at),
    lastExportedByName: v.last_exported_by_name,
  };
}

export async function readVouchers(
  db: Queryable,
  where: ReturnType<typeof sql>,
  limit = 5_000,
): Promise<VoucherRecord[]> {
  const found = await rows<VoucherRow>(
    db,
    sql`${selectVouchers} where ${where} order by v.business_date, v.word, v.number limit ${limit}`,
  );
  return found.map(presentVoucher);
}

/** The vouchers dated from–to (finance.vouchers), in date and number order, with the names their lines use. */
export async function listVouchers(
  ctx: ServiceContext,
  siteId: string,
  range: { from: string; to: string },
): Promise<{
  vouchers: VoucherRecord[];
  names: Pick<FinanceDayNames, 'products' | 'agencies' | 'users'> & { accounts: Record<string, string> };
}> {
  await requirePermission(ctx, 'finance.vouchers', siteId);
  checkRange(range);
  const vouchers = await readVouchers(
    ctx.db,
    sql`v.site_id = ${siteId} and v.business_date >= ${range.from} and v.business_date <= ${range.to}`,
  );
  const { products, agencies } = await financeNames(ctx.db, siteId);
  const chart = await loadChart(ctx.db, siteId);
  const sellerIds = [
    ...new Set(
      vouchers.flatMap((v) => v.lines.map((l) => l.auxiliary.sellerId).filter((id) => id !== undefined)),
    ),
  ];
  const users =
    sellerIds.length === 0
      ? []
      : await rows<{ id: string; display_name: string }>(
          ctx.db,
          sql`select id, display_name from users where id = any(${sql.param(sellerIds)}::uuid[])`,
        );
  return {
    vouchers,
    names: {
      products,
      agencies,
      accounts: { ...chart?.chart.accountNames },
      users: Object.fromEntries(users.map((u) => [u.id, u.display_name])),
    },
  };
}
