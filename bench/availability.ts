// How fast is availability — the query every channel runs for a site and a day? On PostgreSQL, with
// the demo's scenic area (9 hourly sessions a day × 8 ticket types, a daily maximum striped 8 ways)
// and a full calendar of sessions, it measures getAvailability for random days, beside the baseline
// of the same run: a primary-key lookup on the same server. Target: p99 under 20 ms.
//
//   TEST_DATABASE_URL=postgres://… npx tsx bench/availability.ts
//   BENCH_SCALE=small   CI-sized run (a month of sessions, fewer queries)
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { percentile } from './support/common';
import { addDays, businessDate } from '@admit/domain';
import { openDatabase, rows, runMigrations, sites } from '@admit/db';
import { getAvailability, seedDemo } from '@admit/services';

const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const small = process.env.BENCH_SCALE === 'small';
const days = small ? 30 : 365;
const queries = small ? 300 : 3000;
const TARGET_P99_MS = 20;

if (!url) {
  console.log('availability: skipped — set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server.');
  process.exit(0);
}

function summary(label: string, samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  console.log(
    `  ${label.padEnd(40)} p50 ${p50.toFixed(2).padStart(7)} ms   p99 ${p99.toFixed(2).padStart(7)} ms   max ${sorted.at(-1)!.toFixed(2).padStart(7)} ms`,
  );
  return { p50, p99 };
}

const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
await admin.connect();
const name = `admit_bench_avail_${process.pid}_${Date.now()}`;
await admin.query(`create database "${name}"`);
let exitCode = 0;
try {
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgresql', url: target.toString(), poolSize: 4 });
  try {
    await runMigrations(database.db);
    const seeded = performance.now();
    await seedDemo(database.db, { days });
    const [site] = await database.db.select().from(sites).where(eq(sites.code, 'YUNSHAN'));
    const [counts] = await rows<{ sessions: number; stripes: number }>(
      database.db,
      sql`select (select count(*) from sessions)::int8 as sessions, (select count(*) from capacity_pool_stripes)::int8 as stripes`,
    );
    await database.db.execute(sql`analyze`);
    console.log(
      `availability: PostgreSQL, ${counts!.sessions} sessions (${days} days of the demo's four sites), ${counts!.stripes} stripes, ` +
        `seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s; ${queries} queries${small ? ' (BENCH_SCALE=small)' : ''}`,
    );
    const today = businessDate(new Date(), site!.timeZone);
    const dates = Array.from({ length: queries }, () => addDays(today, Math.floor(Math.random() * days)));
    const sessionIds = (await rows<{ id: string }>(database.db, sql`select id from sessions limit 1000`)).map(
      (r) => r.id,
    );

    for (const date of dates.slice(0, 50)) await getAvailability(database.db, site!.id, date);
    const baseline: number[] = [];
    const measured: number[] = [];
    let checked = false;
    for (const [i, date] of dates.entries()) {
      const b0 = performance.now();
      await rows(
        database.db,
        sql`select id, starts_at from sessions where id = ${sessionIds[i % sessionIds.length]}`,
      );
      baseline.push(performance.now() - b0);
      const t0 = performance.now();
      const day = await getAvailability(database.db, site!.id, date);
      measured.push(performance.now() - t0);
      if (!checked) {
        checked = true;
        if (day.sessions.length !== 9 || day.sessions[0]!.products.length !== 8) {
          console.log(
            `  FAIL: expected 9 sessions × 8 ticket types, got ${day.sessions.length} × ${day.sessions[0]?.products.length}`,
          );
          exitCode = 1;
        }
      }
    }
    summary('baseline: primary-key lookup', baseline);
    const { p99 } = summary('getAvailability (9 sessions × 8 types)', measured);
    console.log(
      `  p99 ${p99.toFixed(2)} ms (target < ${TARGET_P99_MS} ms): ${p99 < TARGET_P99_MS ? 'PASS' : 'FAIL'}`,
    );
    if (p99 >= TARGET_P99_MS) exitCode = 1;
  } finally {
    await database.close();
  }
} finally {
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
process.exit(exitCode);
