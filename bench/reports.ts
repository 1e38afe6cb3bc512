// Do the reports answer in under a second over ten million tickets? On PostgreSQL it generates a year
// of four sites' business with INSERT … SELECT over generate_series — orders through the box office
// (in sellers' shifts), online and through three channel partners; three tickets each across six
// ticket types (free and complimentary among them); cash, card, payment code, online and on-account
// payments; about 2.7 % of tickets refunded the next day with a fee; four entries in five and some
// exits at the gates — then runs the summary job from scratch, times every report (the slowest of
// three runs) beside the raw-table aggregate answering the same question (the baseline of the run),
// checks that the summaries add up to the raw totals, and times an incremental run after a thousand
// new sales. Target: every report under 1 s (exit 1 otherwise, or when a total disagrees).
//
//   TEST_DATABASE_URL=postgres://… npx tsx bench/reports.ts                  10,000,000 tickets
//   BENCH_SCALE=small TEST_DATABASE_URL=… npx tsx bench/reports.ts            50,000 tickets (CI)
//   BENCH_TICKETS=1000000 …                                                  any other number
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { addDays, businessDate } from '@admit/domain';
import { openDatabase, rows, runMigrations } from '@admit/db';
import {
  capacityReport,
  freeTicketsReport,
  heatmapReport,
  occupancyReport,
  refreshReportSummaries,
  refundsReport,
  reportDashboard,
  salesReport,
  systemContext,
  visitorsByHourReport,
  visitorsBySessionReport,
} from '@admit/services';
import { adminQuery, withDatabase } from './support/common';

const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const small = process.env.BENCH_SCALE === 'small';
const ticketCount = Number(process.env.BENCH_TICKETS ?? (small ? 50_000 : 10_000_000));
const TARGET_MS = 1000;
const SITES = 4;
const DAYS = 365;
const zone = 'Asia/Shanghai';

if (!url) {
  console.log('reports: skipped — set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server.');
  process.exit(0);
}

const today = businessDate(new Date(), zone);
const first = addDays(today, -(DAYS - 1));
const orderCount = Math.floor(ticketCount / 3);

/** Deterministic ids (UUIDv7-shaped: the time of the row in front) and the workload's shape, in SQL. */
const helpers = `
create function b_uuid(at timestamptz, kind int, n bigint) returns uuid language sql immutable as $$
  select (lpad(to_hex((extract(epoch from at) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(kind), 3, '0')
          || '8' || lpad(to_hex(n), 15, '0'))::uuid $$;
create function b_id(kind int, n bigint) returns uuid language sql immutable as $$
  select b_uuid(timestamptz '2025-01-01 00:00:00+00', kind, n) $$;
create function b_day(i bigint) returns int language sql immutable as $$ select ((i / ${SITES}) % ${DAYS})::int $$;
create function b_ts(i bigint) returns timestamptz language sql immutable as $$
  select ((date '${first}' + b_day(i)) + make_interval(hours => 9 + (i % 9)::int, mins => (i % 60)::int))
         at time zone '${zone}' $$;
create function b_price(p int) returns int8 language sql immutable as $$
  select (array[13000, 6000, 0, 0, 8000, 15000])[p + 1]::int8 $$;
create function b_seller(i bigint) returns int language sql immutable as $$ select ((i / 1460) % 10)::int $$;
create function b_refunded(j bigint) returns boolean language sql immutable as $$ select j % 37 = 5 $$;
`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`.padStart(10);

async function load(client: pg.Client): Promise<void> {
  const q = async (label: string, text: string) => {
    const t0 = performance.now();
    const result = await client.query(text);
    console.log(
      `  ${label.padEnd(34)} ${String(result.rowCount ?? '').padStart(11)} rows ${fmt(performance.now() - t0)}`,
    );
  };
  await client.query(helpers);
  // Foreign keys are checked by the constraints on every real write; a bulk load skips the triggers.
  await client.query(`set session_replication_role = replica`).catch(() => undefined);
  await q(
    'sites, gates, ticket types, sellers',
    `with s as (insert into sites (id, code, name_zh, name_en, instant_max_capacity)
                select b_id(1, n), 'SITE' || n, '景区' || n, 'Site ' || n, 5000 from generate_series(0, ${SITES - 1}) n
                returning id),
          g as (insert into gates (id, site_id, code, name_zh, name_en, direction)
                select b_id(8, n), b_id(1, n), 'G', '大门', 'Gate', 'both' from generate_series(0, ${SITES - 1}) n),
          p as (insert into products (id, site_id, code, name_zh, name_en, category, list_price, validity, entries, channels,
                                      refund_policy, rebook_policy)
                select b_id(2, s * 10 + p), b_id(1, s), 'P' || p,
                       (array['成人票','学生票','儿童免票','赠票','索道','套票'])[p + 1],
                       (array['Adult','Student','Child (free)','Complimentary','Cable car','Combo'])[p + 1],
                       (array['adult','student','free','complimentary','addon','adult'])[p + 1], b_price(p),
                       '{"kind":"session"}', '{"kind":"single"}', '{box_office,online,api}',
                       '{"allowed":true,"untilMinutesBeforeStart":0,"fee":{"kind":"percent","basisPoints":1000}}',
                       '{"allowed":true,"untilMinutesBeforeStart":0,"fee":{"kind":"none"}}'
                from generate_series(0, ${SITES - 1}) s, generate_series(0, 5) p),
          u as (insert into users (id, login_name, display_name, password_hash)
                select b_id(3, s * 100 + k), 'seller' || s || '_' || k, '售票员' || s || '-' || k, 'x'
                from generate_series(0, ${SITES - 1}) s, generate_series(0, 9) k),
          c as (insert into channels (id, code, name)
                select b_id(4, n), 'OTA' || n, (array['携程','美团','飞猪'])[n + 1] from generate_series(0, 2) n)
     select count(*) from s`,
  );
  await q(
    'sessions, pools, shifts',
    `with d as (select s, day, date '${first}' + day as bd from generate_series(0, ${SITES - 1}) s, generate_series(0, ${DAYS - 1}) day),
          se as (insert into sessions (id, site_id, kind, business_date, starts_at, ends_at)
                 select b_id(5, s * 1000000 + day * 10 + k), b_id(1, s), 'timeslot', bd,
                        (bd + make_interval(hours => 9 + 2 * k)) at time zone '${zone}',
                        (bd + make_interval(hours => 11 + 2 * k)) at time zone '${zone}'
                 from d, generate_series(0, 3) k),
          po as (insert into capacity_pools (id, site_id, kind, session_id, business_date)
                 select b_id(7, s * 1000000 + day * 10 + k), b_id(1, s), 'session', b_id(5, s * 1000000 + day * 10 + k), bd
                 from d, generate_series(0, 3) k),
          st as (insert into capacity_pool_stripes (pool_id, stripe, capacity)
                 select b_id(7, s * 1000000 + day * 10 + k), 0, 100000 from d, generate_series(0, 3) k)
     insert into shifts (id, site_id, user_id, terminal, status, business_date, opened_at, float_amount, closed_at)
     select b_id(6, s * 1000000 + day * 100 + k), b_id(1, s), b_id(3, s * 100 + k), lpad(k::text, 2, '0'), 'confirmed', bd,
            (bd + interval '8 hours') at time zone '${zone}', 0, (bd + interval '19 hours') at time zone '${zone}'
     from d, generate_series(0, 9) k`,
  );
  const orderColumns = (i: string) => `
      b_uuid(b_ts(${i}), 20, ${i}), b_id(1, ${i} % ${SITES}), 'B' || ${i},
      case when ${i} % 10 < 6 then 'box_office' when ${i} % 10 < 9 then 'online' else 'api' end,
      case when ${i} % 10 < 6 then lpad(b_seller(${i})::text, 2, '0') else 'W1' end, 'paid',
      date '${first}' + b_day(${i}), date '${first}' + b_day(${i}),
      b_id(5, (${i} % ${SITES}) * 1000000 + b_day(${i}) * 10 + (${i} % 4)),
      b_price((${i} % 6)::int) + b_price(((${i} + 1) % 6)::int) + b_price(((${i} + 2) % 6)::int),
      case when ${i} % 10 < 6 then b_id(3, (${i} % ${SITES}) * 100 + b_seller(${i})) end,
      case when ${i} % 10 = 9 then b_id(4, ${i} % 3) end,
      case when ${i} % 10 < 6 then b_id(6, (${i} % ${SITES}) * 1000000 + b_day(${i}) * 100 + b_seller(${i})) end,
      b_ts(${i}), b_ts(${i}), b_ts(${i})`;
  await q(
    'orders',
    `insert into orders (id, site_id, number, channel, terminal, status, business_date, visit_date, session_id, total,
                         seller_id, channel_id, shift_id, created_at, paid_at, updated_at)
     select ${orderColumns('i')} from generate_series(0, ${orderCount - 1}) i`,
  );
  await q(
    'tickets',
    `insert into tickets (id, order_id, site_id, product_id, session_id, number, category, price, price_rule, status,
                          valid_from, valid_until, entries_allowed, key_id, counts_towards_daily_max,
                          discount_document, discount_reason, created_at, updated_at)
     select b_uuid(b_ts(j / 3), 21, j), b_uuid(b_ts(j / 3), 20, j / 3), b_id(1, (j / 3) % ${SITES}),
            b_id(2, ((j / 3) % ${SITES}) * 10 + ((j / 3 + j % 3) % 6)),
            b_id(5, ((j / 3) % ${SITES}) * 1000000 + b_day(j / 3) * 10 + ((j / 3) % 4)), 'T' || j,
            (array['adult','student','free','complimentary','addon','adult'])[((j / 3 + j % 3) % 6) + 1],
            b_price(((j / 3 + j % 3) % 6)::int), '{}', case when b_refunded(j) then 'refunded' else 'valid' end,
            b_ts(j / 3), b_ts(j / 3) + interval '1 day', 1, 1, true,
            case (j / 3 + j % 3) % 6 when 2 then (array['height_check','senior_card','soldier_card'])[(j % 3) + 1] end,
            case (j / 3 + j % 3) % 6 when 3 then (array['媒体','合作单位'])[(j % 2) + 1] else '' end,
            b_ts(j / 3), b_ts(j / 3)
     from generate_series(0, ${orderCount * 3 - 1}) j`,
  );
  await q(
    'payments',
    `insert into payments (id, order_id, site_id, method, amount, status, shift_id, created_at, completed_at)
     select b_uuid(b_ts(i), 22, i), b_uuid(b_ts(i), 20, i), b_id(1, i % ${SITES}),
            case when i % 10 < 6 then (array['cash','card','payment_code'])[(i % 3) + 1]
                 when i % 10 < 9 then 'online' else 'on_account' end,
            b_price((i % 6)::int) + b_price(((i + 1) % 6)::int) + b_price(((i + 2) % 6)::int), 'succeeded',
            case when i % 10 < 6 then b_id(6, (i % ${SITES}) * 1000000 + b_day(i) * 100 + b_seller(i)) end, b_ts(i), b_ts(i)
     from generate_series(0, ${orderCount - 1}) i`,
  );
  await q(
    'refunds (next day, 10 % fee)',
    `with r as (
       select j, j / 3 as i, b_price(((j / 3 + j % 3) % 6)::int) as price, b_ts(j / 3) + interval '1 day' as at
       from generate_series(0, ${orderCount * 3 - 1}) j where b_refunded(j)),
     tr as (insert into ticket_refunds (ticket_id, group_id, price, fee, created_at)
            select b_uuid(b_ts(i), 21, j), b_uuid(at, 23, j), price, price / 10, at from r)
     insert into refunds (id, group_id, order_id, site_id, kind, payment_id, method, amount, status, created_at, completed_at)
     select b_uuid(at, 24, j), b_uuid(at, 23, j), b_uuid(b_ts(i), 20, i), b_id(1, i % ${SITES}), 'refund',
            b_uuid(b_ts(i), 22, i),
            case when i % 10 < 6 then (array['cash','card','payment_code'])[(i % 3) + 1]
                 when i % 10 < 9 then 'online' else 'on_account' end,
            price - price / 10, 'succeeded', at, at
     from r where price - price / 10 > 0`,
  );
  await q(
    'check-ins (entries, exits)',
    `insert into checkins (id, site_id, ticket_id, gate_id, result, direction, scanned_at, created_at)
     select b_uuid(b_ts(j / 3), 25 + e, j), b_id(1, (j / 3) % ${SITES}), case when e = 0 then b_uuid(b_ts(j / 3), 21, j) end,
            b_id(8, (j / 3) % ${SITES}), 'ok', case when e = 0 then 'entry' else 'exit' end,
            b_ts(j / 3) + make_interval(mins => 30 + (j % 120)::int + e * 180), b_ts(j / 3)
     from generate_series(0, ${orderCount * 3 - 1}) j, generate_series(0, 1) e
     where j % 5 <> 0 and not b_refunded(j) and (e = 0 or j % 4 = 0)`,
  );
  await q(
    'places sold per session',
    `update capacity_pool_stripes st set sold = n.sold
     from (select p.id, count(*) as sold from tickets t join capacity_pools p on p.session_id = t.session_id
           where t.status = 'valid' group by p.id) n
     where st.pool_id = n.id`,
  );
  await client.query(`set session_replication_role = origin`).catch(() => undefined);
  await q('analyze', 'analyze');
}

type Check = { name: string; run: () => Promise<unknown>; baseline?: string };

async function main(): Promise<number> {
  const name = `admit_bench_reports_${process.pid}_${Date.now()}`;
  await adminQuery(url!, `create database "${name}"`);
  const target = withDatabase(url!, name);
  let exitCode = 0;
  try {
    const database = await openDatabase({ engine: 'postgresql', url: target, poolSize: 4 });
    const db = database.db;
    try {
      await runMigrations(db);
      console.log(
        `reports: PostgreSQL, ${ticketCount.toLocaleString('en')} tickets (${orderCount.toLocaleString('en')} orders) ` +
          `over ${DAYS} days (${first} … ${today}) at ${SITES} sites${small ? ' (BENCH_SCALE=small)' : ''}`,
      );
      const client = new pg.Client({ connectionString: target });
      await client.connect();
      const loaded = await timed(() => load(client));
      console.log(`  generated in ${(loaded.ms / 1000).toFixed(1)} s`);

      const ctx = systemContext(db, 'bench');
      const rebuild = await timed(() => refreshReportSummaries(ctx));
      const [sizes] = await rows<Record<string, unknown>>(
        db,
        sql`select (select count(*) from report_sales_daily)::int8 as sales, (select count(*) from report_entries_hourly)::int8 as hourly,
                   (select count(*) from report_partition_orders)::int8 as far`,
      );
      console.log(
        `  summary job, first run (everything): ${(rebuild.ms / 1000).toFixed(1)} s, ${rebuild.value.partitions} partitions; ` +
          `summary rows: ${Number(sizes!.sales)} sales, ${Number(sizes!.hourly)} hourly; ${Number(sizes!.far)} far-from-home orders`,
      );

      // The summaries add up to the raw rows.
      const [check] = await rows<Record<string, unknown>>(
        db,
        sql`select (select sum(sales) from report_sales_daily)::int8 as s_sales,
                   (select sum(t.price) from tickets t)::int8 as r_sales,
                   (select sum(refunds) from report_sales_daily)::int8 as s_refunds,
                   (select sum(price - fee) from ticket_refunds)::int8 as r_refunds,
                   (select sum(received) from report_payments_daily)::int8 as s_received,
                   (select sum(amount) from payments)::int8 as r_received,
                   (select sum(entries) from report_entries_hourly)::int8 as s_entries,
                   (select count(*) from checkins where direction = 'entry')::int8 as r_entries`,
      );
      for (const what of ['sales', 'refunds', 'received', 'entries']) {
        const [s, r] = [Number(check![`s_${what}`]), Number(check![`r_${what}`])];
        console.log(
          `  ${what.padEnd(9)} summaries ${String(s).padStart(14)}  raw ${String(r).padStart(14)}  ${s === r ? 'equal' : 'DIFFERENT'}`,
        );
        if (s !== r) exitCode = 1;
      }

      const year = { from: first, to: today };
      const tz = `'${zone}'`;
      const checks: Check[] = [
        {
          name: 'dashboard (all sites)',
          run: () => reportDashboard(ctx, {}),
          baseline: `select count(*), sum(t.price) from tickets t join orders o on o.id = t.order_id
                     where o.paid_at >= (current_date - 29)::timestamp at time zone ${tz}`,
        },
        {
          name: 'sales by day, a year, all sites',
          run: () => salesReport(ctx, { ...year, granularity: 'day', groupBy: 'none' }),
          baseline: `select (o.paid_at at time zone ${tz})::date, count(*), sum(t.price) from tickets t
                     join orders o on o.id = t.order_id where o.paid_at is not null group by 1`,
        },
        {
          name: 'sales by month × ticket type',
          run: () => salesReport(ctx, { ...year, granularity: 'month', groupBy: 'ticket_type' }),
          baseline: `select date_trunc('month', o.paid_at at time zone ${tz}), t.product_id, count(*), sum(t.price)
                     from tickets t join orders o on o.id = t.order_id group by 1, 2`,
        },
        {
          name: 'sales by week × channel partner',
          run: () => salesReport(ctx, { ...year, granularity: 'week', groupBy: 'channel_partner' }),
          baseline: `select date_trunc('week', o.paid_at at time zone ${tz}), o.channel_id, count(*), sum(t.price)
                     from tickets t join orders o on o.id = t.order_id group by 1, 2`,
        },
        {
          name: 'sales by day × seller',
          run: () => salesReport(ctx, { ...year, granularity: 'day', groupBy: 'seller' }),
          baseline: `select (o.paid_at at time zone ${tz})::date, o.seller_id, count(*), sum(t.price)
                     from tickets t join orders o on o.id = t.order_id group by 1, 2`,
        },
        {
          name: 'sales by month × payment method',
          run: () => salesReport(ctx, { ...year, granularity: 'month', groupBy: 'payment_method' }),
          baseline: `select date_trunc('month', completed_at at time zone ${tz}), method, count(*), sum(amount)
                     from payments where status = 'succeeded' group by 1, 2`,
        },
        {
          name: 'sales by day, one site',
          run: async () => {
            const [site] = await rows<{ id: string }>(db, sql`select id from sites order by code limit 1`);
            return salesReport(ctx, { ...year, siteId: site!.id, granularity: 'day', groupBy: 'site' });
          },
        },
        {
          name: 'refunds and rate by week × ticket type',
          run: () => refundsReport(ctx, { ...year, granularity: 'week', groupBy: 'ticket_type' }),
          baseline: `select date_trunc('week', tr.created_at at time zone ${tz}), t.product_id, count(*), sum(tr.price - tr.fee)
                     from ticket_refunds tr join tickets t on t.id = tr.ticket_id group by 1, 2`,
        },
        {
          name: 'visitors by hour, per day',
          run: () => visitorsByHourReport(ctx, { ...year, granularity: 'day' }),
          baseline: `select (scanned_at at time zone ${tz})::date, extract(hour from scanned_at at time zone ${tz}), count(*)
                     from checkins where result = 'ok' group by 1, 2`,
        },
        {
          name: 'visitors by session (a month)',
          run: () => visitorsBySessionReport(ctx, { from: addDays(today, -29), to: today }),
          baseline: `select t.session_id, count(*) from checkins c join tickets t on t.id = c.ticket_id
                     where c.scanned_at >= (current_date - 29)::timestamp at time zone ${tz} group by 1`,
        },
        {
          name: 'capacity use per session (a year)',
          run: () => capacityReport(ctx, year),
          baseline: `select t.session_id, count(*), count(distinct c.ticket_id) from tickets t
                     left join checkins c on c.ticket_id = t.id and c.direction = 'entry' group by 1`,
        },
        {
          name: 'arrivals heat map (weekday × hour)',
          run: () => heatmapReport(ctx, { ...year, mode: 'weekday_hour' }),
          baseline: `select extract(isodow from scanned_at at time zone ${tz}), extract(hour from scanned_at at time zone ${tz}), count(*)
                     from checkins where direction = 'entry' group by 1, 2`,
        },
        {
          name: 'free and complimentary by reason',
          run: () => freeTicketsReport(ctx, { ...year, granularity: 'month' }),
          baseline: `select date_trunc('month', created_at at time zone ${tz}), category, discount_document, discount_reason, count(*)
                     from tickets where category in ('free', 'complimentary') group by 1, 2, 3, 4`,
        },
        { name: 'live occupancy', run: () => occupancyReport(ctx, {}) },
      ];
      console.log(
        `\n  ${'report'.padEnd(40)} ${'slowest of 3'.padStart(12)}   baseline: raw tables, same question`,
      );
      for (const c of checks) {
        await c.run();
        let worst = 0;
        for (let k = 0; k < 3; k++) worst = Math.max(worst, (await timed(c.run)).ms);
        const base = c.baseline ? fmt((await timed(() => client.query(c.baseline!))).ms) : '         —';
        const ok = worst < TARGET_MS;
        if (!ok) exitCode = 1;
        console.log(
          `  ${c.name.padEnd(40)} ${fmt(worst).padStart(12)}   ${base}   ${ok ? '' : 'FAIL (≥ 1 s)'}`,
        );
      }

      // The every-minute run after a thousand new sales today.
      const offset = orderCount;
      await client.query(`set session_replication_role = replica`).catch(() => undefined);
      await client.query(
        `insert into orders (id, site_id, number, channel, terminal, status, business_date, visit_date, total, created_at, paid_at, updated_at)
         select b_uuid(now(), 30, i), b_id(1, i % ${SITES}), 'N' || i, 'online', 'W1', 'paid',
                (now() at time zone '${zone}')::date, (now() at time zone '${zone}')::date, 13000, now(), now(), now()
         from generate_series(${offset}, ${offset + 999}) i;
         insert into tickets (id, order_id, site_id, product_id, number, category, price, price_rule, status, valid_from,
                              valid_until, entries_allowed, key_id, counts_towards_daily_max, created_at, updated_at)
         select b_uuid(now(), 31, i), b_uuid(now(), 30, i), b_id(1, i % ${SITES}), b_id(2, (i % ${SITES}) * 10), 'N' || i,
                'adult', 13000, '{}', 'valid', now(), now() + interval '1 day', 1, 1, true, now(), now()
         from generate_series(${offset}, ${offset + 999}) i;
         insert into payments (id, order_id, site_id, method, amount, status, created_at, completed_at)
         select b_uuid(now(), 32, i), b_uuid(now(), 30, i), b_id(1, i % ${SITES}), 'online', 13000, 'succeeded', now(), now()
         from generate_series(${offset}, ${offset + 999}) i;`,
      );
      await client.query(`set session_replication_role = origin`).catch(() => undefined);
      const incremental = await timed(() => refreshReportSummaries(ctx));
      const [after] = await rows<{ s: unknown; r: unknown }>(
        db,
        sql`select (select sum(sales) from report_sales_daily)::int8 as s, (select sum(price) from tickets)::int8 as r`,
      );
      const same = Number(after!.s) === Number(after!.r);
      console.log(
        `\n  summary job, every-minute run after 1,000 new sales: ${fmt(incremental.ms).trim()}, ` +
          `${incremental.value.partitions} partitions; totals ${same ? 'equal' : 'DIFFERENT'}`,
      );
      if (!same) exitCode = 1;
      await client.end();
    } finally {
      await database.close();
    }
  } finally {
    if (process.env.BENCH_KEEP) console.log(`  kept the database ${name} (BENCH_KEEP)`);
    else await adminQuery(url!, `drop database if exists "${name}" with (force)`);
  }
  console.log(exitCode === 0 ? '\nreports: PASS' : '\nreports: FAIL');
  return exitCode;
}

process.exit(await main());
