// The summary job: report tables per site and business date ("partitions"), fed from committed rows
// and never written inside a sale, refund or scan. Each run finds the partitions touched since the
// last run, and recomputes each of them whole from the raw rows (delete, then insert what the rows
// say now), so a row is in its partition's figures once however often the partition is recomputed.
//
// Finding what changed: ids are UUIDv7 stamped with the app's clock when a row is made, so rows made
// since the last run are an index range on the primary keys (orders, payments, refunds, check-ins, a
// rebooking's new tickets), and a refund request's ticket rows by their creation time. Payments and
// refunds that finish later (a payment code settled by its job, a provider refund confirmed days
// later) are watched while unfinished: the ones seen pending are kept in report_watched_rows and
// looked at again when they finish. So are online payments cancelled or failed in the last two days:
// a late payment turns that same row to succeeded (and pays the order) without making a new one.
// Every run looks back over a safety window (15 minutes) before the last run's start: a transaction
// that had stamped its rows before the last run but committed after it is still found, and its
// partitions recomputed. What dates a movement is the finance rule (domain/finance/dating.ts): a sale
// on its shift's business date when it went through an open shift, else on the site-zone date it was
// paid; a refund request once all its money has moved, never before its sale's date; a rebooking at
// its moment once its difference has moved, as finance/movements.ts dates it.
//
// Recomputing a partition reads the orders of its site and day (the orders' (site, business date)
// index), plus the orders listed for it in report_partition_orders: those whose money moved on it but
// whose own business date is another (a refund days later, a sale after midnight in a shift opened
// the day before, a payment completed after midnight), recorded when a run first sees that movement.
// Check-ins are read by the (site, scanned_at) index. The runs are serialised on the job's state row,
// so two app nodes (or the minute's run and a manual refresh) never interleave.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { inTransaction, type ServiceContext } from '../context';

export const summarySafetyWindowMs = 15 * 60_000;

/**
 * How long a cancelled or failed online payment stays watched after it was made: its hold lasts
 * minutes, and the providers stop re-sending a notification within about a day.
 */
export const latePaymentWatchMs = 2 * 86_400_000;

const stateName = 'summaries';

export type SummaryRun = {
  /** The start of this run: rows stamped after (watermark − safety window) are included from now on. */
  asOf: Date;
  /** Partitions (site × business date) recomputed. */
  partitions: number;
  rebuilt: boolean;
  durationMs: number;
};

/** The smallest UUIDv7 a row made at `at` (or later) can have. */
export function uuidFloor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * Free and complimentary tickets as the daily settlement sees them (finance/movements.ts): price 0 and
 * a free category or a free price rule (a group's free guide places); the reason is the one the seller
 * entered, else 'guide' for a guide's place, else the ticket type's code.
 */
const freeKindOf = sql`case when t.price = 0 and (t.category in ('free', 'complimentary')
                                          or t.price_rule->>'rule' in ('free_category', 'group_guide_free'))
                            then case when t.category = 'complimentary' then 'complimentary' else 'free' end end`;
const reasonOf = sql`left(coalesce(nullif(btrim(t.discount_reason), ''),
                                   case when t.price_rule->>'rule' = 'group_guide_free' then 'guide' end, pr.code), 100)`;

/**
 * Rows of `table` (aliased `alias`) matching `on` for each row so far. For a few orders the join is
 * forced to run row by row through the index (a lateral subquery the planner cannot flatten: its
 * estimates of a small, changing set are poor, and a wrong guess scans millions of tickets); for all
 * orders (a rebuild) it is a plain join, which the planner hashes.
 */
function each(few: boolean, alias: string, table: string, on: string): SQL {
  return sql.raw(
    few
      ? `cross join lateral (select * from ${table} ${alias} where ${on} offset 0) ${alias}`
      : `join ${table} ${alias} on ${on}`,
  );
}

/**
 * The money events of a set of orders (`cand`: a CTE of order ids), each with its partition: tickets
 * sold, rebooked and refunded (the ticket view), payments received and refunds paid (the money view).
 * A rebooking sells no ticket but changes the price one was sold at: two events, + the new ticket's
 * price on its type and − the old one's on its type (as the daily settlement attributes it), so a
 * rebooked ticket refunded at its new price nets out. Training orders never count. `source_time` is
 * when the event became final, for finding what changed. `few`: the set is small (a run's changes, a
 * few partitions), not every order (a rebuild).
 */
function eventsOf(candidates: SQL, few: boolean): SQL {
  return sql`cand as (${candidates}),
    ord as (
      select o.id, o.site_id, o.business_date, o.channel, o.channel_id, o.seller_id, o.paid_at, o.created_at,
             o.source_system is not null as imported, s.time_zone as tz,
             case when o.paid_at is null then null
                  when sh.id is not null and (sh.closed_at is null or o.paid_at <= sh.closed_at) then sh.business_date
                  else (o.paid_at at time zone s.time_zone)::date end as sale_date
      from cand c ${each(few, 'o', 'orders', 'o.id = c.id')}
      join sites s on s.id = o.site_id left join shifts sh on sh.id = o.shift_id
      where not o.training),
    grp as (
      select r.group_id, (array_agg(r.order_id))[1] as order_id, bool_and(r.status = 'succeeded') as done,
             max(coalesce(r.completed_at, r.created_at)) as completed_at,
             (array_agg(r.shift_id) filter (where r.shift_id is not null))[1] as shift_id,
             (array_agg(r.created_by) filter (where r.created_by is not null))[1] as refunded_by
      from ord o ${each(few, 'r', 'refunds', 'r.order_id = o.id')} group by r.group_id),
    grp_dated as (
      select g.group_id, g.refunded_by, g.completed_at,
             case when not g.done then null
                  else greatest(case when sh.id is not null and (sh.closed_at is null or g.completed_at <= sh.closed_at)
                                     then sh.business_date
                                     else (g.completed_at at time zone o.tz)::date end,
                                o.sale_date) end as refund_date
      from grp g join ord o on o.id = g.order_id left join shifts sh on sh.id = g.shift_id),
    reb as (
      select o.id as order_id, t.created_at as moment
      from ord o ${each(few, 't', 'tickets', 't.order_id = o.id and t.rebooked_from is not null')}
      where o.sale_date is not null
      group by o.id, t.created_at),
    reb_dated as (
      select b.order_id, b.moment, m.rebooked_by, greatest(b.moment, m.finished_at) as source_time,
             case when not m.done then null
                  else greatest(case when sh.id is not null and (sh.closed_at is null or b.moment <= sh.closed_at)
                                     then sh.business_date
                                     else (b.moment at time zone o.tz)::date end,
                                o.sale_date) end as rebook_date
      from reb b join ord o on o.id = b.order_id
      cross join lateral (
        select coalesce(bool_and(x.status = 'succeeded'), true) as done,
               max(coalesce(x.completed_at, x.created_at)) as finished_at,
               (array_agg(x.shift_id) filter (where x.shift_id is not null))[1] as shift_id,
               (array_agg(x.created_by) filter (where x.created_by is not null))[1] as rebooked_by
        from (select p.status, p.completed_at, p.created_at, p.shift_id, p.created_by from payments p
              where p.order_id = b.order_id and p.created_at = b.moment and p.created_at <> o.created_at
              union all
              select r.status, r.completed_at, r.created_at, r.shift_id, r.created_by from refunds r
              where r.order_id = b.order_id and r.kind = 'rebook_difference' and r.created_at = b.moment) x) m
      left join shifts sh on sh.id = m.shift_id),
    ev as materialized (
      select 'sold'::text as kind, o.site_id, o.sale_date as business_date, o.id as order_id, o.business_date as order_date,
             o.paid_at as source_time, t.product_id, o.channel, o.channel_id, o.seller_id, ${freeKindOf} as free_kind,
             ${reasonOf} as reason, t.price::int8 as amount, 0::int8 as fee, null::text as method
      from ord o ${each(few, 't', 'tickets', 't.order_id = o.id and t.rebooked_from is null')}
      join products pr on pr.id = t.product_id
      where o.sale_date is not null and not o.imported
      union all
      select 'refunded', o.site_id,
             coalesce(g.refund_date, greatest((tr.created_at at time zone o.tz)::date, o.sale_date)), o.id, o.business_date,
             coalesce(g.completed_at, tr.created_at), t.product_id, o.channel, o.channel_id, g.refunded_by, ${freeKindOf},
             ${reasonOf}, (tr.price - tr.fee)::int8, tr.fee::int8, null
      from ord o ${each(few, 't', 'tickets', 't.order_id = o.id')}
      ${each(few, 'tr', 'ticket_refunds', 'tr.ticket_id = t.id')}
      join products pr on pr.id = t.product_id
      left join grp_dated g on g.group_id = tr.group_id
      where g.group_id is null or g.refund_date is not null
      union all
      select 'rebooked', o.site_id, rd.rebook_date, o.id, o.business_date, rd.source_time, v.product_id, o.channel,
             o.channel_id, rd.rebooked_by, null, null, v.amount, 0, null
      from reb_dated rd join ord o on o.id = rd.order_id
      ${each(few, 't', 'tickets', 't.order_id = rd.order_id and t.rebooked_from is not null and t.created_at = rd.moment')}
      ${each(few, 'f', 'tickets', 'f.id = t.rebooked_from')}
      cross join lateral (values (t.product_id, t.price::int8), (f.product_id, -f.price::int8)) v(product_id, amount)
      where rd.rebook_date is not null
      union all
      select 'payment', o.site_id,
             case when p.created_at = o.created_at and o.sale_date is not null then o.sale_date
                  else greatest(case when sh.id is not null and (sh.closed_at is null or coalesce(p.completed_at, p.created_at) <= sh.closed_at)
                                     then sh.business_date
                                     else (coalesce(p.completed_at, p.created_at) at time zone o.tz)::date end,
                                o.sale_date) end,
             o.id, o.business_date, coalesce(p.completed_at, p.created_at), null, o.channel, o.channel_id, null, null, null,
             p.amount::int8, 0, p.method
      from ord o ${each(few, 'p', 'payments', "p.order_id = o.id and p.status = 'succeeded'")}
      left join shifts sh on sh.id = p.shift_id
      where not (o.imported and p.created_at = o.created_at)
      union all
      select 'refund', o.site_id, g.refund_date, o.id, o.business_date, g.completed_at, null, o.channel, o.channel_id,
             null, null, null, r.amount::int8, 0, r.method
      from ord o ${each(few, 'r', 'refunds', 'r.order_id = o.id')} join grp_dated g on g.group_id = r.group_id
      where g.refund_date is not null)`;
}

/** Writes the order-based summaries of the events in `evd` (a CTE named so). */
const writeOrderSummaries = sql`
    s1 as (
      insert into report_sales_daily (site_id, business_date, product_id, channel, channel_id, seller_id, tickets_sold, sales,
                                      tickets_refunded, refunds, refund_fees, free_issued, free_returned,
                                      complimentary_issued, complimentary_returned)
      select site_id, business_date, product_id, channel, channel_id, seller_id,
             count(*) filter (where kind = 'sold' and free_kind is null),
             coalesce(sum(amount) filter (where kind in ('sold', 'rebooked')), 0),
             count(*) filter (where kind = 'refunded' and free_kind is null),
             coalesce(sum(amount) filter (where kind = 'refunded'), 0),
             coalesce(sum(fee) filter (where kind = 'refunded'), 0),
             count(*) filter (where kind = 'sold' and free_kind = 'free'),
             count(*) filter (where kind = 'refunded' and free_kind = 'free'),
             count(*) filter (where kind = 'sold' and free_kind = 'complimentary'),
             count(*) filter (where kind = 'refunded' and free_kind = 'complimentary')
      from evd where kind in ('sold', 'rebooked', 'refunded')
      group by site_id, business_date, product_id, channel, channel_id, seller_id),
    s2 as (
      insert into report_payments_daily (site_id, business_date, method, payments, received, refunds, refunded)
      select site_id, business_date, method,
             count(*) filter (where kind = 'payment'), coalesce(sum(amount) filter (where kind = 'payment'), 0),
             count(*) filter (where kind = 'refund'), coalesce(sum(amount) filter (where kind = 'refund'), 0)
      from evd where kind in ('payment', 'refund')
      group by site_id, business_date, method),
    s3 as (
      insert into report_free_daily (site_id, business_date, kind, reason, issued, returned)
      select site_id, business_date, free_kind, reason,
             count(*) filter (where kind = 'sold'), count(*) filter (where kind = 'refunded')
      from evd where kind in ('sold', 'refunded') and free_kind is not null
      group by site_id, business_date, free_kind, reason)
    select 1 as done`;

/** Successful passages of the check-ins in `c` (a CTE with site, business date, hour, gate, direction, ticket). */
const writeGateSummaries = (few: boolean) => sql`
    h as (
      insert into report_entries_hourly (site_id, business_date, hour, gate_id, entries, exits)
      select site_id, business_date, hour, gate_id,
             count(*) filter (where direction = 'entry'), count(*) filter (where direction = 'exit')
      from c group by site_id, business_date, hour, gate_id),
    x as (
      insert into report_session_daily (site_id, business_date, session_id, entries, exits, tickets_entered)
      select c.site_id, c.business_date, t.session_id,
             count(*) filter (where c.direction = 'entry'), count(*) filter (where c.direction = 'exit'),
             count(distinct c.ticket_id) filter (where c.direction = 'entry')
      from c ${each(few, 't', 'tickets', 't.id = c.ticket_id')}
      where t.session_id is not null
      group by c.site_id, c.business_date, t.session_id)
    select 1 as done`;

const passed = sql`c.result = 'ok' and not c.double_entry`;

const summaryTables = [
  'report_sales_daily',
  'report_payments_daily',
  'report_free_daily',
  'report_entries_hourly',
  'report_session_daily',
] as const;

/**
 * Payments and refunds unfinished now (and online payments that may still be paid late) replace the
 * watch list; returns the orders of those that finished.
 */
async function updateWatch(db: Queryable, asOf: Date): Promise<string[]> {
  // Recent ones only, by the primary key's range: no index covers cancelled payments.
  const lateFloor = uuidFloor(new Date(asOf.getTime() - latePaymentWatchMs));
  const finished = await rows<{ order_id: string }>(
    db,
    sql`with u as (
          select 'payment'::text as kind, id, order_id from payments where status = 'pending'
          union all
          select 'payment', id, order_id from payments
          where id >= ${lateFloor}::uuid and method = 'online' and status in ('cancelled', 'failed')
          union all
          select 'refund', id, order_id from refunds where status <> 'succeeded'),
        f as (delete from report_watched_rows w
              where not exists (select 1 from u where u.kind = w.kind and u.id = w.id) returning w.order_id),
        i as (insert into report_watched_rows (kind, id, order_id) select kind, id, order_id from u on conflict do nothing)
        select distinct order_id from f`,
  );
  return finished.map((r) => r.order_id);
}

/** Rebuilds every summary from all rows (the first run, or on request). */
async function rebuildAll(db: Queryable, asOf: Date): Promise<number> {
  for (const table of [...summaryTables, 'report_partition_orders', 'report_dirty_partitions'])
    await db.execute(sql.raw(`delete from ${table}`));
  await db.execute(sql`delete from report_watched_rows`);
  await updateWatch(db, asOf);
  await db.execute(
    sql`with ${eventsOf(sql`select id from orders`, false)},
        evd as (select * from ev where business_date is not null),
        po as (
          insert into report_partition_orders (site_id, business_date, order_id)
          select distinct site_id, business_date, order_id from evd
          where order_date <> business_date
          on conflict do nothing),
        ${writeOrderSummaries}`,
  );
  await db.execute(
    sql`with c as materialized (
          select c.site_id, (c.scanned_at at time zone s.time_zone)::date as business_date,
                 extract(hour from (c.scanned_at at time zone s.time_zone))::int as hour, c.gate_id, c.direction, c.ticket_id
          from checkins c join sites s on s.id = c.site_id where ${passed}),
        ${writeGateSummaries(false)}`,
  );
  // Fresh statistics: planned as the empty tables they were, the first reports would sort on disk.
  await db.execute(sql.raw(`analyze ${[...summaryTables, 'report_partition_orders'].join(', ')}`));
  const [counted] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int8 as n from (
          select site_id, business_date from report_sales_daily
          union select site_id, business_date from report_payments_daily
          union select site_id, business_date from report_entries_hourly) p`,
  );
  return Number(counted?.n ?? 0);
}

/** Marks the partitions touched since `since` dirty, and records far-from-home orders. */
async function markChanged(db: Queryable, since: Date, finishedOrders: string[]): Promise<void> {
  const floor = uuidFloor(since);
  const finished =
    finishedOrders.length === 0
      ? sql``
      : sql`union select v.id from (values ${sql.join(
          finishedOrders.map((id) => sql`(${id}::uuid)`),
          sql`, `,
        )}) v(id)`;
  await db.execute(
    sql`with ${eventsOf(
      sql`
          select id from orders where id >= ${floor}::uuid
          union select order_id from payments where id >= ${floor}::uuid
          union select order_id from refunds where id >= ${floor}::uuid
          union select t.order_id from ticket_refunds tr join tickets t on t.id = tr.ticket_id where tr.created_at >= ${since}
          union select order_id from tickets where id >= ${floor}::uuid and rebooked_from is not null
          union select order_id from report_watched_rows
          ${finished}`,
      true,
    )},
        hit as (
          select distinct site_id, business_date, order_id, order_date from ev
          where business_date is not null and source_time >= ${since}),
        po as (
          insert into report_partition_orders (site_id, business_date, order_id)
          select site_id, business_date, order_id from hit
          where order_date <> business_date
          on conflict do nothing)
        insert into report_dirty_partitions (site_id, business_date)
        select distinct site_id, business_date from hit
        on conflict do nothing`,
  );
  await db.execute(
    sql`insert into report_dirty_partitions (site_id, business_date)
        select distinct c.site_id, (c.scanned_at at time zone s.time_zone)::date
        from checkins c join sites s on s.id = c.site_id
        where c.id >= ${floor}::uuid and c.created_at >= ${since}
        on conflict do nothing`,
  );
}

/** Recomputes the dirty partitions whole; returns how many there were. */
async function recomputeDirty(db: Queryable): Promise<number> {
  const [dirty] = await rows<{ n: number }>(db, sql`select count(*)::int8 as n from report_dirty_partitions`);
  const count = Number(dirty?.n ?? 0);
  if (count === 0) return 0;
  for (const table of summaryTables)
    await db.execute(
      sql`delete from ${sql.raw(table)} r using report_dirty_partitions d
          where r.site_id = d.site_id and r.business_date = d.business_date`,
    );
  await db.execute(
    sql`with ${eventsOf(
      sql`
          select o.id from report_dirty_partitions d
          cross join lateral (
            select o.id from orders o
            where o.site_id = d.site_id and o.business_date = d.business_date
            offset 0) o
          union
          select x.order_id from report_dirty_partitions d
          join report_partition_orders x on x.site_id = d.site_id and x.business_date = d.business_date`,
      true,
    )},
        evd as (
          select ev.* from ev join report_dirty_partitions d
            on d.site_id = ev.site_id and d.business_date = ev.business_date),
        ${writeOrderSummaries}`,
  );
  await db.execute(
    sql`with d as (
          select dp.site_id, dp.business_date, s.time_zone as tz
          from report_dirty_partitions dp join sites s on s.id = dp.site_id),
        c as materialized (
          select d.site_id, d.business_date, extract(hour from (c.scanned_at at time zone d.tz))::int as hour,
                 c.gate_id, c.direction, c.ticket_id
          from d cross join lateral (
            select c.scanned_at, c.gate_id, c.direction, c.ticket_id from checkins c
            where c.site_id = d.site_id
              and c.scanned_at >= (d.business_date::timestamp at time zone d.tz)
              and c.scanned_at < ((d.business_date + 1)::timestamp at time zone d.tz)
              and ${passed}
            offset 0) c),
        ${writeGateSummaries(true)}`,
  );
  await db.execute(sql`delete from report_dirty_partitions`);
  return count;
}

/**
 * One run of the summary job (every minute, and on demand). `rebuild` recomputes everything from all
 * rows, as the first run does. Runs one at a time: a second caller waits for the first to finish and
 * then finds little left to do.
 */
export async function refreshReportSummaries(
  ctx: ServiceContext,
  options: { rebuild?: boolean; safetyWindowMs?: number } = {},
): Promise<SummaryRun> {
  const started = Date.now();
  await ctx.db.execute(
    sql`insert into report_summary_state (name) values (${stateName}) on conflict do nothing`,
  );
  return inTransaction(ctx, async (tx) => {
    const [state] = await rows<{ watermark: Date | string | null }>(
      tx.db,
      sql`select watermark from report_summary_state where name = ${stateName} for update`,
    );
    // The clock is read once the previous run has committed (the lock above), so this run's start is
    // after everything it committed.
    const asOf = ctx.clock.now();
    const rebuilt = options.rebuild === true || !state?.watermark;
    // JIT compiling these large statements takes seconds, far longer than running them.
    await tx.db.execute(sql`set local jit = off`);
    let partitions: number;
    if (rebuilt) {
      partitions = await rebuildAll(tx.db, asOf);
    } else {
      const since = new Date(
        new Date(state.watermark!).getTime() - (options.safetyWindowMs ?? summarySafetyWindowMs),
      );
      const finished = await updateWatch(tx.db, asOf);
      await markChanged(tx.db, since, finished);
      partitions = await recomputeDirty(tx.db);
    }
    const durationMs = Date.now() - started;
    await tx.db.execute(
      sql`update report_summary_state
          set watermark = ${asOf}, ran_at = ${asOf}, partitions = ${partitions}, duration_ms = ${durationMs}
          where name = ${stateName}`,
    );
    return { asOf, partitions, rebuilt, durationMs };
  });
}

/** When the summaries were last brought up to date (null before the first run). */
export async function summariesAsOf(db: Queryable): Promise<Date | null> {
  const [state] = await rows<{ watermark: Date | string | null }>(
    db,
    sql`select watermark from report_summary_state where name = ${stateName}`,
  );
  return state?.watermark ? new Date(state.watermark) : null;
}
