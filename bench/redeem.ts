// How fast do the gates redeem? On PostgreSQL, through scanAtGate (the service behind every gate,
// turnstile and scanner; HTTP is not measured), 32 gates scanning distinct single-entry tickets back
// to back, beside the raw rate of the same conditional UPDATE on distinct ticket rows at 32 clients
// measured in the same run:
//
//   update tickets set entries_used = entries_used + 1
//   where id = $1 and status = 'valid' and (entries_allowed = 0 or entries_used < entries_allowed)
//
// The app does more per scan than the raw statement — it verifies the Ed25519 signature, reads the
// ticket and its product, checks the window and the entries, and records the scan in `checkins` — on
// the production pool (ADMIT_DB_POOL_SIZE, 8 connections) while the raw side gets 32. What keeps it
// within reach: the busy lane's scans go in one prepared statement, and scans arriving while one runs
// are batched into the next (packages/services/src/gate/admit-batch.ts). Targets: p99 < 20 ms and at
// least half the raw rate. A missed measurement is taken once more (two cores shared with PostgreSQL:
// a neighbour can disturb one), both printed, the second deciding. Exits 1 when a target is missed.
//
//   TEST_DATABASE_URL=postgres://… npx tsx bench/redeem.ts     (or DATABASE_URL)
//   BENCH_SCALE=small   CI-sized run (a few seconds per phase)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  adminQuery,
  benchKeyRing,
  benchProduct,
  benchSite,
  percentile,
  withDatabase,
} from './support/common';
import { openDatabase, runMigrations } from '@admit/db';
import {
  createGate,
  createPriceVersion,
  createProduct,
  createSalesRuntime,
  createSite,
  generateSessions,
  scanAtGate,
  sellTickets,
  systemContext,
} from '@admit/services';
import { addDays, businessDate } from '@admit/domain';

const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.log('redeem: skipped — set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server.');
  process.exit(0);
}
const admin = (query: string) => adminQuery(url, query);
const small = process.env.BENCH_SCALE === 'small';
const runMs = small ? 3_000 : 10_000;
const warmMs = small ? 500 : 2_000;
const ROUNDS = 3;
const GATES = 32;
const TARGET_P99_MS = 20;
const TARGET_SHARE = 0.5;
/**
 * Tickets sold for each side; no ticket is scanned twice (each UPDATE admits a first entry). The raw
 * side runs about twice as fast, so it gets more.
 */
const APP_TICKETS = small ? 32_000 : 150_000;
const RAW_TICKETS = small ? 48_000 : 250_000;

/** Runs `clients` loops of `work` back to back for `ms`; returns latencies and the rate. */
async function drive(clients: number, ms: number, work: () => Promise<void>) {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + ms;
  let failures = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await work();
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures++;
          if (failures === 1) console.error('  first failure:', (error as Error).message);
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: latencies.length,
    failures,
    rate: (latencies.length / elapsed) * 1000,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    latencies,
  };
}

const dbName = `admit_bench_redeem_${process.pid}`;
await admin(`drop database if exists ${dbName}`);
await admin(`create database ${dbName}`);
const dbUrl = withDatabase(url, dbName);
let exitCode = 0;
try {
  const database = await openDatabase({ engine: 'postgresql', url: dbUrl, poolSize: 8 });
  await runMigrations(database.db);
  const ctx = systemContext(database.db, 'bench');
  const site = await createSite(ctx, benchSite());
  const adult = (
    await createProduct(
      ctx,
      site.id,
      benchProduct('ADULT', {
        nameZh: '成人票',
        nameEn: 'Adult',
        validity: { kind: 'day' },
        maxPerOrder: 50,
      }),
    )
  ).id;
  const today = businessDate(new Date(), 'Asia/Shanghai');
  await createPriceVersion(ctx, site.id, {
    name: 'bench',
    effectiveFrom: addDays(today, -1),
    effectiveTo: null,
    rules: [{ productId: adult, dayType: 'weekday', season: null, channel: null, price: 12000 }],
  });
  const { sessionIds } = await generateSessions(ctx, site.id, {
    kind: 'timeslot',
    from: today,
    to: today,
    times: { list: ['00:00'] },
    durationMinutes: 24 * 60 - 1,
    capacity: 1_000_000,
    productIds: [adult],
    nameZh: '',
    nameEn: '',
    routeFrom: null,
    routeTo: null,
  });
  const gateIds: string[] = [];
  for (let g = 0; g < GATES; g++)
    gateIds.push(
      (
        await createGate(ctx, site.id, {
          code: `G${g}`,
          nameZh: `${g + 1}号闸机`,
          nameEn: `Gate ${g + 1}`,
          direction: 'entry',
        })
      ).id,
    );
  const runtime = createSalesRuntime({
    encryption: benchKeyRing(),
    lookup: benchKeyRing(),
    catalogCacheMs: 60_000,
  });

  // Tickets: sold through the real sale path (signed codes), 50 to an order.
  const perOrder = 50;
  const sold: { id: string; code: string }[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let i = worker; i < Math.ceil((APP_TICKETS + RAW_TICKETS) / perOrder); i += 8) {
        const { order } = await sellTickets(ctx, runtime, site.id, {
          visitDate: today,
          sessionId: sessionIds[0]!,
          terminal: String(10 + worker),
          lines: [
            { productId: adult, quantity: perOrder, holders: [], discountDocument: null, discountReason: '' },
          ],
          payments: [{ method: 'cash', amount: 12000 * perOrder, tendered: 12000 * perOrder }],
          guide: null,
          approval: null,
          contactPhone: '',
        });
        for (const t of order.tickets) if (t.code) sold.push({ id: t.id, code: t.code });
      }
    }),
  );
  console.log(
    `redeem benchmark on PostgreSQL (${small ? 'small' : 'full'} scale): ${sold.length} tickets sold in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const rawTickets = sold.slice(0, RAW_TICKETS).map((t) => t.id);
  const appTickets = sold.slice(RAW_TICKETS).map((t) => t.code);
  let nextRaw = 0;
  let nextApp = 0;

  const raw = new pg.Pool({ connectionString: dbUrl, max: GATES });
  raw.on('error', () => {});
  await raw.query('vacuum analyze tickets');
  const rawRedeem = async () => {
    const id = rawTickets[nextRaw++];
    if (!id) throw new Error('out of raw tickets');
    const result = await raw.query(
      `update tickets set entries_used = entries_used + 1
       where id = $1 and status = 'valid' and (entries_allowed = 0 or entries_used < entries_allowed)`,
      [id],
    );
    if (result.rowCount !== 1) throw new Error('raw: not admitted');
  };
  let refused = 0;
  const appRedeem = async (gate: number) => {
    const code = appTickets[nextApp++];
    if (!code) throw new Error('out of app tickets');
    const answer = await scanAtGate(ctx, runtime, site.id, { gateId: gateIds[gate]!, code });
    if (answer.result !== 'ok') {
      refused++;
      throw new Error(`app: ${answer.result}`);
    }
  };
  let gateTurn = 0;
  const app = () => appRedeem(gateTurn++ % GATES);

  // Warm both, then alternate rounds so drift on a shared machine hits both alike.
  await drive(GATES, warmMs, rawRedeem);
  await drive(GATES, warmMs, app);
  // Rates averaged over the rounds; percentiles over every latency of every round.
  const total = (runs: Awaited<ReturnType<typeof drive>>[]) => {
    const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
    return {
      count: all.length,
      failures: runs.reduce((s, r) => s + r.failures, 0),
      rate: runs.reduce((s, r) => s + r.rate, 0) / runs.length,
      p50: percentile(all, 0.5),
      p99: percentile(all, 0.99),
    };
  };
  const measure = async () => {
    const rawRuns = [];
    const appRuns = [];
    let appCpuMicros = 0;
    for (let round = 0; round < ROUNDS; round++) {
      rawRuns.push(await drive(GATES, runMs / ROUNDS, rawRedeem));
      const cpuBefore = process.cpuUsage();
      appRuns.push(await drive(GATES, runMs / ROUNDS, app));
      const cpu = process.cpuUsage(cpuBefore);
      appCpuMicros += cpu.user + cpu.system;
    }
    const rawTotal = total(rawRuns);
    const appTotal = total(appRuns);
    const share = appTotal.rate / rawTotal.rate;
    console.log(
      `  raw conditional UPDATE, ${GATES} clients on ${GATES} connections: ${rawTotal.rate.toFixed(0)} /s, ` +
        `p50 ${rawTotal.p50.toFixed(1)} ms, p99 ${rawTotal.p99.toFixed(1)} ms`,
    );
    console.log(
      `  scanAtGate, ${GATES} gates on 8 connections: ${appTotal.rate.toFixed(0)} redeems/s, ` +
        `p50 ${appTotal.p50.toFixed(1)} ms, p99 ${appTotal.p99.toFixed(1)} ms (target < ${TARGET_P99_MS} ms); ` +
        `share of raw ${share.toFixed(2)} (target ≥ ${TARGET_SHARE}); ` +
        `app CPU ${(appCpuMicros / 1000 / Math.max(1, appTotal.count)).toFixed(2)} ms per redeem`,
    );
    return { rawTotal, appTotal, share };
  };
  let { rawTotal, appTotal, share } = await measure();
  // Two cores shared with PostgreSQL and whatever else runs: one disturbed measurement is taken again,
  // both printed; the second decides.
  if (appTotal.p99 >= TARGET_P99_MS || share < TARGET_SHARE) {
    console.log('  missed once: measuring again (both measurements are shown)');
    ({ rawTotal, appTotal, share } = await measure());
  }
  if (appTotal.failures + rawTotal.failures > 0 || refused > 0) {
    console.log(`  failures: ${appTotal.failures} app (${refused} refused), ${rawTotal.failures} raw`);
    exitCode = 1;
  }
  if (appTotal.p99 >= TARGET_P99_MS) {
    console.log(`  MISSED: p99 ${appTotal.p99.toFixed(1)} ms ≥ ${TARGET_P99_MS} ms`);
    exitCode = 1;
  }
  if (share < TARGET_SHARE) {
    console.log(`  MISSED: share ${share.toFixed(2)} < ${TARGET_SHARE}`);
    exitCode = 1;
  }
  await raw.end();
  await database.close();
} finally {
  await admin(`drop database if exists ${dbName} with (force)`);
}
process.exit(exitCode);
