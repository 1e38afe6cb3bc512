// Daily settlement (日结): finance previews a site's business day — the figures from committed rows and
// whether the day can be settled (it has ended, every shift of it is confirmed) — and confirms it. The
// confirmed figures are stored once and never edited; the day is then locked, and corrections are
// adjustments dated on the day they are made (adjustments.ts).
//
// Locking: confirming a day takes a transaction-scoped advisory lock on (site, day) before it checks
// that the day is unsettled, and holds it to the commit, so two finance users confirming at once give
// one settlement and one clean refusal; the unique index on (site, day) is the last line. Recording an
// adjustment takes the same lock (it must never land on a day being settled). A day can be confirmed
// from a few minutes after its midnight, so a sale or refund in flight at midnight has committed.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import {
  AppError,
  addDays,
  businessDate,
  settleDay,
  type DailySettlement,
  type FinanceDay,
} from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { dayBounds, financeNames, loadFinanceDay, type FinanceDayNames, type FinanceSite } from './day-rows';
import { isDaySettled, loadFinanceSite, lockSettlementDay } from './site-day';
import { listAdjustments, type AdjustmentRecord } from './adjustments';

/** Minutes after a day's midnight before it can be confirmed (transactions in flight at midnight commit). */
export const settlementGraceMinutes = 5;

/**
 * Only for the test that shows what the lock is for: without it, and with a pause between the check
 * that the day is unsettled and the insert, two confirmations both pass the check.
 */
export const settlementControl: { lock: boolean; afterCheck: (() => Promise<void>) | null } = {
  lock: true,
  afterCheck: null,
};

export type UnconfirmedShift = {
  id: string;
  userName: string;
  terminal: string;
  status: 'open' | 'closed';
};

export type SettlementReadiness = {
  /** The day has ended at the site (and the few minutes after midnight have passed). */
  dayOver: boolean;
  /** Shifts of the day finance has not confirmed yet. */
  unconfirmedShifts: UnconfirmedShift[];
  ready: boolean;
  /** Money of the day still pending or failed at a provider: it counts on the day it succeeds. */
  pending: { count: number; amount: number };
};

export type ConfirmedSettlement = {
  id: string;
  confirmedAt: Date;
  confirmedBy: string | null;
  confirmedByName: string | null;
  note: string;
};

export type SettlementView = {
  site: FinanceSite;
  date: string;
  figures: DailySettlement;
  /** The adjustments made on this day (corrections of earlier days, counted in these figures). */
  adjustments: AdjustmentRecord[];
  names: FinanceDayNames;
  readiness: SettlementReadiness;
  confirmed: ConfirmedSettlement | null;
};

export type SettlementDayState = 'settled' | 'ready' | 'open' | 'future';

export type SettlementDay = {
  date: string;
  state: SettlementDayState;
  /** The confirmed net (settled days only). */
  net: number | null;
  shifts: number;
  unconfirmedShifts: number;
};

/** Reading settlements: finance, and the statistician's reports. */
async function requireSettlementReader(ctx: ServiceContext, siteId: string): Promise<void> {
  if (!can(ctx, 'finance.settle', siteId)) await requirePermission(ctx, 'reports.read', siteId);
}

function dayOver(ctx: ServiceContext, site: FinanceSite, date: string): boolean {
  const { end } = dayBounds(date, site.timeZone);
  return ctx.clock.now().getTime() >= end.getTime() + settlementGraceMinutes * 60_000;
}

async function confirmedRow(db: Queryable, siteId: string, date: string) {
  const [row] = await rows<{
    id: string;
    figures: DailySettlement;
    note: string;
    confirmed_by: string | null;
    confirmed_by_name: string | null;
    confirmed_at: Date | string;
  }>(
    db,
    sql`select d.id, d.figures, d.note, d.confirmed_by, u.display_name as confirmed_by_name, d.confirmed_at
        from daily_settlements d left join users u on u.id = d.confirmed_by
        where d.site_id = ${siteId} and d.business_date = ${date}`,
  );
  return row ?? null;
}

/**
 * Refuses a change to a shift (or anything else dated on the day) once the day is settled:
 * settlement_day_locked. For the shift services, whose confirmed shifts already cannot change.
 */
export async function assertDayNotSettled(db: Queryable, siteId: string, date: string): Promise<void> {
  if (await isDaySettled(db, siteId, date))
    throw new AppError('settlement_day_locked', { details: { date } });
}

async function readiness(
  ctx: ServiceContext,
  db: Queryable,
  site: FinanceSite,
  date: string,
): Promise<SettlementReadiness> {
  const shifts = await rows<{ id: string; user_name: string; terminal: string; status: 'open' | 'closed' }>(
    db,
    sql`select s.id, u.display_name as user_name, s.terminal, s.status from shifts s join users u on u.id = s.user_id
        where s.site_id = ${site.id}
          and ((s.business_date = ${date} and s.status <> 'confirmed')
               -- A shift of an earlier day left open still dates its sales and refunds on or after its
               -- own day (never before the tickets' issue), so it could still move money into this one.
               or (s.business_date < ${date} and s.status = 'open'))
        order by s.opened_at, s.id`,
  );
  const { start, end } = dayBounds(date, site.timeZone);
  const [pending] = await rows<{ n: number; amount: number }>(
    db,
    sql`select count(*)::int8 as n, coalesce(sum(amount), 0)::int8 as amount from (
          select p.amount from payments p join orders o on o.id = p.order_id
          where p.site_id = ${site.id} and p.status = 'pending' and not o.training
            and p.created_at >= ${start} and p.created_at < ${end}
          union all
          select r.amount from refunds r
          where r.site_id = ${site.id} and r.status <> 'succeeded' and r.created_at >= ${start} and r.created_at < ${end}
        ) x`,
  );
  const over = dayOver(ctx, site, date);
  const unconfirmedShifts = shifts.map((s) => ({
    id: s.id,
    userName: s.user_name,
    terminal: s.terminal,
    status: s.status,
  }));
  return {
    dayOver: over,
    unconfirmedShifts,
    ready: over && unconfirmedShifts.length === 0,
    pending: { count: Number(pending?.n ?? 0), amount: Number(pending?.amount ?? 0) },
  };
}

function settle(day: FinanceDay): DailySettlement {
  try {
    return settleDay(day);
  } catch (error) {
    if (error instanceof RangeError)
      throw new AppError('finance_day_inconsistent', { details: { problem: error.message } });
    throw error;
  }
}

function presentConfirmed(row: NonNullable<Awaited<ReturnType<typeof confirmedRow>>>): ConfirmedSettlement {
  return {
    id: row.id,
    confirmedAt: new Date(row.confirmed_at),
    confirmedBy: row.confirmed_by,
    confirmedByName: row.confirmed_by_name,
    note: row.note,
  };
}

/**
 * A business day's settlement: as confirmed (stored, never recomputed) once it is settled, else the
 * figures as the day stands now, with whether it can be confirmed.
 */
export async function previewSettlement(
  ctx: ServiceContext,
  siteId: string,
  date: string,
): Promise<SettlementView> {
  await requireSettlementReader(ctx, siteId);
  const site = await loadFinanceSite(ctx.db, siteId);
  const confirmed = await confirmedRow(ctx.db, siteId, date);
  const day = confirmed ? null : await loadFinanceDay(ctx.db, site, date);
  const figures = confirmed ? confirmed.figures : settle(day!);
  const names = await financeNames(ctx.db, siteId, day ?? undefined);
  // A confirmed day's sellers are named from its figures.
  if (confirmed) {
    const ids = figures.bySeller.map((s) => s.sellerId).filter((id): id is string => id !== null);
    if (ids.length > 0)
      for (const u of await rows<{ id: string; display_name: string }>(
        ctx.db,
        sql`select id, display_name from users where id = any(${sql.param(ids)}::uuid[])`,
      ))
        names.users[u.id] = u.display_name;
  }
  return {
    site,
    date,
    figures,
    adjustments: await listAdjustments(ctx, siteId, { from: date, to: date }),
    names,
    readiness: confirmed
      ? { dayOver: true, unconfirmedShifts: [], ready: false, pending: { count: 0, amount: 0 } }
      : await readiness(ctx, ctx.db, site, date),
    confirmed: confirmed ? presentConfirmed(confirmed) : null,
  };
}

/** A unique violation of the named index, however the driver wraps it. */
export function uniqueViolation(error: unknown, constraint: string): boolean {
  for (
    let e = error as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  )
    if (e.code === '23505' && (e.constraint === constraint || String(e.message ?? '').includes(constraint)))
      return true;
  return false;
}

/**
 * Confirms a business day: only once it has ended and all its shifts are confirmed. Stores the
 * figures as they are now (never edited afterwards) and audits the confirmation.
 */
export async function confirmSettlement(
  ctx: ServiceContext,
  siteId: string,
  date: string,
  input: { note: string } = { note: '' },
): Promise<SettlementView> {
  await requirePermission(ctx, 'finance.settle', siteId);
  const site = await loadFinanceSite(ctx.db, siteId);
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  await inTransaction(ctx, async (tx) => {
    if (settlementControl.lock) await lockSettlementDay(tx.db, siteId, date);
    if (await isDaySettled(tx.db, siteId, date))
      throw new AppError('settlement_already_confirmed', { details: { date } });
    const ready = await readiness(ctx, tx.db, site, date);
    if (!ready.dayOver) throw new AppError('settlement_day_not_over', { details: { date } });
    if (ready.unconfirmedShifts.length > 0)
      throw new AppError('settlement_shifts_not_confirmed', {
        details: { date, shifts: ready.unconfirmedShifts },
      });
    const figures = settle(await loadFinanceDay(tx.db, site, date));
    if (settlementControl.afterCheck) await settlementControl.afterCheck();
    const now = ctx.clock.now();
    const id = newId(now.getTime());
    try {
      await tx.db.execute(
        sql`insert into daily_settlements (id, site_id, business_date, figures, net, note, confirmed_by, confirmed_at, created_at)
            values (${id}, ${siteId}, ${date}, ${JSON.stringify(figures)}::jsonb, ${figures.totals.net},
                    ${input.note.trim()}, ${userId}, ${now}, ${now})`,
      );
    } catch (error) {
      if (uniqueViolation(error, 'daily_settlements_site_day_uq'))
        throw new AppError('settlement_already_confirmed', { details: { date } });
      throw error;
    }
    await recordAudit(tx, {
      action: 'finance.settlement.confirmed',
      siteId,
      target: { type: 'daily_settlement', id },
      details: {
        date,
        net: figures.totals.net,
        sales: figures.totals.sales,
        refunds: figures.totals.refunds,
        rebookings: figures.totals.rebookings,
        adjustments: figures.totals.adjustments,
        overShort: figures.overShort.net,
      },
    });
  });
  return previewSettlement(ctx, siteId, date);
}

/** The days of a month (up to today at the site) with their state: settled, ready, open or future. */
export async function listSettlementDays(
  ctx: ServiceContext,
  siteId: string,
  month: string,
): Promise<SettlementDay[]> {
  await requireSettlementReader(ctx, siteId);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new AppError('validation_failed', { details: { month: 'YYYY-MM' } });
  const site = await loadFinanceSite(ctx.db, siteId);
  const first = `${month}-01`;
  const next = addDays(`${month}-28`, 4).slice(0, 7);
  const settled = await rows<{ date: string; net: number }>(
    ctx.db,
    sql`select business_date::text as date, net from daily_settlements
        where site_id = ${siteId} and business_date >= ${first} and business_date < ${`${next}-01`}`,
  );
  const shifts = await rows<{ date: string; n: number; unconfirmed: number }>(
    ctx.db,
    sql`select business_date::text as date, count(*)::int as n,
               count(*) filter (where status <> 'confirmed')::int as unconfirmed
        from shifts where site_id = ${siteId} and business_date >= ${first} and business_date < ${`${next}-01`}
        group by business_date`,
  );
  // The earliest shift still open: no later day is ready while it can still move money into it.
  const [oldestOpen] = await rows<{ date: string | null }>(
    ctx.db,
    sql`select min(business_date)::text as date from shifts where site_id = ${siteId} and status = 'open'`,
  );
  const openSince = oldestOpen?.date ?? null;
  const today = businessDate(ctx.clock.now(), site.timeZone);
  const days: SettlementDay[] = [];
  for (let date = first; date.startsWith(month); date = addDays(date, 1)) {
    const done = settled.find((s) => s.date === date);
    const shift = shifts.find((s) => s.date === date);
    const unconfirmed = shift?.unconfirmed ?? 0;
    days.push({
      date,
      state: done
        ? 'settled'
        : date > today
          ? 'future'
          : dayOver(ctx, site, date) && unconfirmed === 0 && (openSince === null || openSince >= date)
            ? 'ready'
            : 'open',
      net: done ? Number(done.net) : null,
      shifts: shift?.n ?? 0,
      unconfirmedShifts: unconfirmed,
    });
  }
  return days;
}
