// A site's chart of accounts (会计科目): which ledger account each kind of money goes to, with the
// accounts' names and the voucher word (凭证字) the vouchers are numbered under. Set by finance
// (finance.vouchers), validated by the domain's `chartOfAccountsProblem`, audited with the chart before
// and after and the fields that changed; a standard template to start from.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  AppError,
  chartOfAccountsProblem,
  standardChartOfAccounts,
  type ChartOfAccounts,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { digestOf, recordAudit } from '../audit/record';
import { loadFinanceSite } from './site-day';

/** The chart as stored (jsonb): the domain's ChartOfAccounts without its site. */
export type ChartInput = Omit<ChartOfAccounts, 'siteId'>;

export type ChartRecord = {
  chart: ChartOfAccounts;
  voucherWord: string;
  updatedAt: Date;
  updatedBy: string | null;
  updatedByName: string | null;
};

/** The voucher word: one to four characters (记, 收, 付, 转, 银收…). */
export const voucherWordPattern = /^\S{1,4}$/u;

/** The chart a site's screen offers to start from (the standard one, codes to adapt). */
export function chartTemplate(siteId: string): ChartOfAccounts {
  return standardChartOfAccounts(siteId);
}

/** A site's chart, or null when none is set (no permission check: for the services that need it). */
export async function loadChart(db: Queryable, siteId: string): Promise<ChartRecord | null> {
  const [row] = await rows<{
    chart: ChartInput;
    voucher_word: string;
    updated_at: Date | string;
    updated_by: string | null;
    updated_by_name: string | null;
  }>(
    db,
    sql`select c.chart, c.voucher_word, c.updated_at, c.updated_by, u.display_name as updated_by_name
        from charts_of_accounts c left join users u on u.id = c.updated_by where c.site_id = ${siteId}`,
  );
  if (!row) return null;
  return {
    chart: { ...row.chart, siteId },
    voucherWord: row.voucher_word,
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
    updatedByName: row.updated_by_name,
  };
}

export async function getChart(ctx: ServiceContext, siteId: string): Promise<ChartRecord | null> {
  await requirePermission(ctx, 'finance.vouchers', siteId);
  await loadFinanceSite(ctx.db, siteId);
  return loadChart(ctx.db, siteId);
}

/** The top-level fields whose value differs between two charts (for the audit row). */
function changedFields(before: ChartInput | null, after: ChartInput): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys]
    .filter(
      (k) =>
        digestOf((before as Record<string, unknown> | null)?.[k] ?? null) !==
        digestOf((after as Record<string, unknown>)[k] ?? null),
    )
    .sort();
}

/** Sets a site's chart (finance.vouchers): refused with the field at fault when it is incomplete. */
export async function setChart(
  ctx: ServiceContext,
  siteId: string,
  input: { chart: ChartInput; voucherWord: string },
): Promise<ChartRecord> {
  await requirePermission(ctx, 'finance.vouchers', siteId);
  await loadFinanceSite(ctx.db, siteId);
  const chart: ChartInput = {
    revenue: { default: input.chart.revenue.default, byProduct: { ...input.chart.revenue.byProduct } },
    outputVat: { ...input.chart.outputVat },
    clearing: { ...input.chart.clearing },
    receivable: { default: input.chart.receivable.default, byAgency: { ...input.chart.receivable.byAgency } },
    deferredRevenue: input.chart.deferredRevenue,
    commission: { ...input.chart.commission },
    overShort: input.chart.overShort,
    accountNames: { ...input.chart.accountNames },
  };
  const problem = chartOfAccountsProblem({ ...chart, siteId });
  if (problem) throw new AppError('chart_of_accounts_invalid', { details: { field: problem } });
  const word = input.voucherWord.trim();
  if (!voucherWordPattern.test(word))
    throw new AppError('chart_of_accounts_invalid', { details: { field: 'voucherWord' } });
  if (chart.receivable.byAgency && Object.keys(chart.receivable.byAgency).length > 0) {
    const ids = Object.keys(chart.receivable.byAgency);
    const [found] = await rows<{ n: number }>(
      ctx.db,
      sql`select count(*)::int as n from agencies where site_id = ${siteId} and id::text = any(${sql.param(ids)}::text[])`,
    );
    if ((found?.n ?? 0) !== ids.length)
      throw new AppError('chart_of_accounts_invalid', { details: { field: 'receivable.byAgency' } });
  }
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  await inTransaction(ctx, async (tx) => {
    const [before] = await rows<{ chart: ChartInput; voucher_word: string }>(
      tx.db,
      sql`select chart, voucher_word from charts_of_accounts where site_id = ${siteId} for update`,
    );
    const now = ctx.clock.now();
    await tx.db.execute(
      sql`insert into charts_of_accounts (site_id, chart, voucher_word, updated_by, updated_at)
          values (${siteId}, ${JSON.stringify(chart)}::jsonb, ${word}, ${userId}, ${now})
          on conflict (site_id) do update set chart = excluded.chart, voucher_word = excluded.voucher_word,
                                              updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
    await recordAudit(tx, {
      action: before ? 'finance.chart.updated' : 'finance.chart.created',
      siteId,
      target: { type: 'chart_of_accounts', id: siteId },
      // The whole chart before and after: configuration, no personal data, and what an auditor asks for.
      details: {
        before: before ? { chart: before.chart, voucherWord: before.voucher_word } : null,
        after: { chart, voucherWord: word },
        changed: [
          ...changedFields(before?.chart ?? null, chart),
          ...(before?.voucher_word !== word ? ['voucherWord'] : []),
        ],
      },
    });
  });
  return (await loadChart(ctx.db, siteId))!;
}
