// The daily summary e-mail (日报): yesterday's sales, tickets, visitors, refunds and top ticket types of
// a site, sent each morning at the site-local hour its settings name, to each recipient in their
// language, through the notification outbox. Reading the settings needs reports.read at the site;
// changing them needs settings.manage there, since they send business figures out of the building.
//
// Once per site per day, however many app nodes run the job: the send is claimed by inserting the
// (site, business date) row of daily_summary_sends, whose primary key lets one insert win; the
// messages are enqueued in the same transaction (and carry a dedupe key each), so a claim without
// its messages, or messages without their claim, can never commit.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, addDays, businessDate, dailySummaryDue, type Locale } from '@admit/domain';
import type { DailySummaryFigures, DailySummarySettings, DailySummaryUpdate } from '@admit/contracts';
import { requirePermission } from '../accounts/authorize';
import { recordAudit } from '../audit/record';
import { inTransaction, type ServiceContext } from '../context';
import { enqueueNotification, type Outbox } from '../outbox/outbox';
import type { TemplateId } from '../notify/channel';
import { loadSite } from '../catalog/sites';
import { refreshReportSummaries } from './summaries';

/** The outbox template of the e-mail (notify/templates.ts). */
export const dailySummaryTemplate = 'daily_summary' as TemplateId;

const defaultSendHour = 8;

type SettingsRow = {
  enabled: boolean;
  send_hour: number;
  updated_at: Date | string;
};

export async function getDailySummarySettings(
  ctx: ServiceContext,
  siteId: string,
): Promise<DailySummarySettings> {
  await requirePermission(ctx, 'reports.read', siteId);
  await loadSite(ctx.db, siteId);
  return readSettings(ctx.db, siteId);
}

async function readSettings(db: Queryable, siteId: string): Promise<DailySummarySettings> {
  const [settings] = await rows<SettingsRow>(
    db,
    sql`select enabled, send_hour, updated_at from daily_summary_settings where site_id = ${siteId}`,
  );
  const recipients = await rows<{ email: string; locale: 'zh-CN' | 'en' }>(
    db,
    sql`select email, locale from daily_summary_recipients where site_id = ${siteId} order by lower(email)`,
  );
  const [last] = await rows<{ business_date: string; queued_at: Date | string }>(
    db,
    sql`select business_date::text as business_date, queued_at from daily_summary_sends
        where site_id = ${siteId} order by business_date desc limit 1`,
  );
  return {
    siteId,
    enabled: settings?.enabled ?? false,
    sendHour: Number(settings?.send_hour ?? defaultSendHour),
    recipients,
    lastSent: last ? { businessDate: last.business_date, at: new Date(last.queued_at).toISOString() } : null,
    updatedAt: settings ? new Date(settings.updated_at).toISOString() : null,
  };
}

/** Replaces a site's daily summary settings and recipients (settings.manage; audited without the addresses). */
export async function updateDailySummarySettings(
  ctx: ServiceContext,
  siteId: string,
  input: DailySummaryUpdate,
): Promise<DailySummarySettings> {
  await requirePermission(ctx, 'settings.manage', siteId);
  await loadSite(ctx.db, siteId);
  const recipients = input.recipients.map((r) => ({ email: r.email.trim(), locale: r.locale ?? 'zh-CN' }));
  const seen = new Set<string>();
  for (const r of recipients) {
    const key = r.email.toLowerCase();
    if (seen.has(key))
      throw new AppError('daily_summary_recipient_duplicate', {
        details: { index: recipients.indexOf(r) },
      });
    seen.add(key);
  }
  const now = ctx.clock.now();
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`insert into daily_summary_settings (site_id, enabled, send_hour, updated_by, updated_at)
          values (${siteId}, ${input.enabled}, ${input.sendHour}, ${userId}, ${now})
          on conflict (site_id) do update set enabled = excluded.enabled, send_hour = excluded.send_hour,
                                              updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    );
    await tx.db.execute(sql`delete from daily_summary_recipients where site_id = ${siteId}`);
    for (const r of recipients)
      await tx.db.execute(
        sql`insert into daily_summary_recipients (id, site_id, email, locale, created_at)
            values (${newId(now.getTime())}, ${siteId}, ${r.email}, ${r.locale}, ${now})`,
      );
    // Addresses are personal data: the audit row keeps how many and a digest, not the addresses.
    await recordAudit(tx, {
      action: 'reports.daily_summary.updated',
      siteId,
      target: { type: 'site', id: siteId },
      details: {
        enabled: input.enabled,
        sendHour: input.sendHour,
        recipients: recipients.length,
        recipientsDigest: createHash('sha256')
          .update([...seen].sort().join('\n'))
          .digest('hex'),
      },
    });
  });
  return readSettings(ctx.db, siteId);
}

/** One site's figures of one business date, from the summaries; top ticket types by tickets sold. */
export async function dailySummaryFigures(
  db: Queryable,
  siteId: string,
  date: string,
  locale: Locale,
): Promise<DailySummaryFigures> {
  const [sales] = await rows<Record<string, unknown>>(
    db,
    sql`select sum(sales)::int8 as sales, sum(tickets_sold)::int8 as tickets_sold, sum(refunds)::int8 as refunds,
               sum(tickets_refunded)::int8 as tickets_refunded, sum(free_issued)::int8 as free,
               sum(complimentary_issued)::int8 as complimentary
        from report_sales_daily where site_id = ${siteId} and business_date = ${date}`,
  );
  const [visits] = await rows<{ entries: unknown }>(
    db,
    sql`select sum(entries)::int8 as entries from report_entries_hourly
        where site_id = ${siteId} and business_date = ${date}`,
  );
  const top = await rows<{ key: string; label: string; tickets: unknown; sales: unknown }>(
    db,
    sql`select r.product_id::text as key, ${locale === 'zh-CN' ? sql`p.name_zh` : sql`p.name_en`} as label,
               sum(r.tickets_sold)::int8 as tickets, sum(r.sales)::int8 as sales
        from report_sales_daily r join products p on p.id = r.product_id
        where r.site_id = ${siteId} and r.business_date = ${date}
        group by r.product_id, p.name_zh, p.name_en
        having sum(r.tickets_sold) > 0
        order by sum(r.tickets_sold) desc, sum(r.sales) desc, r.product_id limit 3`,
  );
  const n = (v: unknown) => Number(v ?? 0);
  return {
    siteId,
    businessDate: date,
    sales: n(sales?.sales),
    ticketsSold: n(sales?.tickets_sold),
    refunds: n(sales?.refunds),
    ticketsRefunded: n(sales?.tickets_refunded),
    net: n(sales?.sales) - n(sales?.refunds),
    visitors: n(visits?.entries),
    freeTickets: n(sales?.free),
    complimentaryTickets: n(sales?.complimentary),
    topTicketTypes: top.map((t) => ({
      key: t.key,
      label: t.label,
      tickets: n(t.tickets),
      sales: n(t.sales),
    })),
  };
}

/** What the e-mail would say for a date (default: yesterday at the site); reports.read. */
export async function previewDailySummary(
  ctx: ServiceContext,
  siteId: string,
  date?: string,
): Promise<DailySummaryFigures> {
  await requirePermission(ctx, 'reports.read', siteId);
  const site = await loadSite(ctx.db, siteId);
  const day = date ?? addDays(businessDate(ctx.clock.now(), site.timeZone), -1);
  return dailySummaryFigures(ctx.db, siteId, day, ctx.locale);
}

/** The template's parameters: strings, money in fen, the top ticket types as one line per language. */
export function dailySummaryParams(
  figures: DailySummaryFigures,
  siteName: string,
  locale: Locale,
): Record<string, string> {
  const top = figures.topTicketTypes
    .map((t) => (locale === 'zh-CN' ? `${t.label} ${t.tickets}张` : `${t.label} ${t.tickets}`))
    .join(locale === 'zh-CN' ? '，' : ', ')
    .replace(/\p{Cc}/gu, ' ')
    .slice(0, 100);
  return {
    site: siteName.replace(/\p{Cc}/gu, ' ').slice(0, 100),
    date: figures.businessDate,
    salesFen: String(figures.sales),
    tickets: String(figures.ticketsSold),
    refundsFen: String(figures.refunds),
    refundedTickets: String(figures.ticketsRefunded),
    netFen: String(figures.net),
    visitors: String(figures.visitors),
    free: String(figures.freeTickets + figures.complimentaryTickets),
    ...(top.trim() === '' ? {} : { top }),
  };
}

type DueSite = {
  id: string;
  name_zh: string;
  name_en: string;
  time_zone: string;
  send_hour: number;
};

/**
 * The job: for every site whose summary is due (its send hour reached, yesterday not yet sent), claims
 * the day and enqueues one e-mail per recipient. Returns the sites' summaries queued by this call.
 */
export async function sendDueDailySummaries(
  ctx: ServiceContext,
  outbox: Outbox,
  /** Tests only: runs after the due days were read and before each claim (to line two callers up). */
  hooks: { beforeClaim?: () => Promise<void> } = {},
): Promise<{ siteId: string; businessDate: string; recipients: number }[]> {
  const now = ctx.clock.now();
  const candidates = await rows<DueSite>(
    ctx.db,
    sql`select s.id, s.name_zh, s.name_en, s.time_zone, d.send_hour
        from daily_summary_settings d join sites s on s.id = d.site_id
        where d.enabled and s.active
          and exists (select 1 from daily_summary_recipients r where r.site_id = s.id)`,
  );
  const due = candidates
    .map((s) => ({ site: s, date: dailySummaryDue(now, s.time_zone, Number(s.send_hour)) }))
    .filter((d): d is { site: DueSite; date: string } => d.date !== null);
  if (due.length === 0) return [];
  const sent = await rows<{ site_id: string; business_date: string }>(
    ctx.db,
    sql`select site_id, business_date::text as business_date from daily_summary_sends
        where (site_id, business_date) in (${sql.join(
          due.map((d) => sql`(${d.site.id}::uuid, ${d.date}::date)`),
          sql`, `,
        )})`,
  );
  const pending = due.filter((d) => !sent.some((s) => s.site_id === d.site.id && s.business_date === d.date));
  if (pending.length === 0) return [];
  // Yesterday's partitions are final long before the morning; the refresh is for a job that lagged.
  await refreshReportSummaries(ctx);
  const queued: { siteId: string; businessDate: string; recipients: number }[] = [];
  for (const { site, date } of pending) {
    const recipients = await rows<{ email: string; locale: Locale }>(
      ctx.db,
      sql`select email, locale from daily_summary_recipients where site_id = ${site.id} order by lower(email)`,
    );
    const figures = {
      'zh-CN': await dailySummaryFigures(ctx.db, site.id, date, 'zh-CN'),
      en: await dailySummaryFigures(ctx.db, site.id, date, 'en'),
    };
    await hooks.beforeClaim?.();
    const claimed = await inTransaction(ctx, async (tx) => {
      const [claim] = await rows<{ site_id: string }>(
        tx.db,
        sql`insert into daily_summary_sends (site_id, business_date, recipients, queued_at)
            values (${site.id}, ${date}, ${recipients.length}, ${now})
            on conflict do nothing returning site_id`,
      );
      if (!claim) return false;
      for (const r of recipients)
        await enqueueNotification(
          tx.db,
          outbox,
          {
            siteId: site.id,
            channel: 'email',
            to: r.email,
            template: dailySummaryTemplate,
            locale: r.locale,
            params: dailySummaryParams(
              figures[r.locale],
              r.locale === 'zh-CN' ? site.name_zh : site.name_en,
              r.locale,
            ),
            dedupeKey: `daily_summary:${site.id}:${date}:${r.email.toLowerCase()}`,
          },
          now,
        );
      return true;
    });
    if (claimed) queued.push({ siteId: site.id, businessDate: date, recipients: recipients.length });
  }
  return queued;
}
