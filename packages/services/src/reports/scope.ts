// Which sites a report covers: the one asked for (reports.read there), or every site where the user
// may read reports (all sites with an all-sites grant). A refusal is audited like any other.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError, reportRangeProblem, type Locale } from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';

export type ReportSite = {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  instantMax: number | null;
};

type SiteRow = {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  time_zone: string;
  instant_max_capacity: number | null;
};

const present = (s: SiteRow, locale: Locale): ReportSite => ({
  id: s.id,
  code: s.code,
  name: locale === 'zh-CN' ? s.name_zh : s.name_en,
  timeZone: s.time_zone,
  instantMax: s.instant_max_capacity === null ? null : Number(s.instant_max_capacity),
});

export async function reportSites(ctx: ServiceContext, siteId: string | undefined): Promise<ReportSite[]> {
  if (siteId !== undefined) {
    await requirePermission(ctx, 'reports.read', siteId);
    const found = await rows<SiteRow>(
      ctx.db,
      sql`select id, code, name_zh, name_en, time_zone, instant_max_capacity from sites where id = ${siteId}`,
    );
    if (!found[0]) throw new AppError('not_found', { details: { siteId } });
    return [present(found[0], ctx.locale)];
  }
  const all = await rows<SiteRow>(
    ctx.db,
    sql`select id, code, name_zh, name_en, time_zone, instant_max_capacity from sites where active order by code`,
  );
  const permitted = all.filter((s) => can(ctx, 'reports.read', s.id));
  if (permitted.length === 0) await requirePermission(ctx, 'reports.read', null);
  return permitted.map((s) => present(s, ctx.locale));
}

/** Refuses a range a report cannot cover, with the reason in the details. */
export function checkReportRange(from: string, to: string): void {
  const problem = reportRangeProblem(from, to);
  if (problem) throw new AppError('report_range_invalid', { details: { from, to, problem } });
}

/** The sites for `site_id in (…)`; no site matches nothing (an installation without sites yet). */
export const siteList = (sites: readonly ReportSite[]) =>
  sites.length === 0
    ? sql`null::uuid`
    : sql.join(
        sites.map((s) => sql`${s.id}::uuid`),
        sql`, `,
      );
