// How fast are payment notifications handled, exactly once? On PostgreSQL, through
// handlePaymentNotification (the service behind /api/v1/payments/notify; HTTP is not measured), 50
// concurrent senders deliver signed simulator notifications for held online orders — every order's
// notification twice, the second a duplicate, as providers do — beside the raw rate of the
// conditional UPDATE that settles a payment (`… where id = $1 and status = 'pending'`) at 50 clients
// in the same run. Each notification: signature check, merchant/order/amount checks, the payment,
// tickets and order made paid with an audit row (or found final), and the notification log row.
// Target: p99 < 200 ms (WeChat Pay wants its answer within 5 s). Exits 1 when missed.
//
//   TEST_DATABASE_URL=postgres://… npx tsx bench/notifications.ts     (or DATABASE_URL)
//   BENCH_SCALE=small   CI-sized run
import { randomBytes } from 'node:crypto';
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
import { sql } from 'drizzle-orm';
import { openDatabase, runMigrations } from '@admit/db';
import {
  createPriceVersion,
  createProduct,
  createSalesRuntime,
  createSite,
  generateSessions,
  handlePaymentNotification,
  PaymentProviders,
  sellTickets,
  signNotification,
  SimulatorProvider,
  systemContext,
} from '@admit/services';
import { addDays, businessDate } from '@admit/domain';

const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.log('notifications: skipped — set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server.');
  process.exit(0);
}
const admin = (query: string) => adminQuery(url, query);
const small = process.env.BENCH_SCALE === 'small';
const ORDERS = small ? 1_500 : 6_000;
const CLIENTS = 50;
const TARGET_P99_MS = 200;

/** Runs the work items with `clients` concurrent workers; returns latencies and the rate. */
async function drive<T>(clients: number, items: T[], work: (item: T) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const t0 = performance.now();
        try {
          await work(items[i]!);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures++;
          if (failures === 1) console.error('  first failure:', (error as Error).message);
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    failures,
    rate: (latencies.length / elapsed) * 1000,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

const dbName = `admit_bench_notify_${process.pid}`;
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
        maxPerOrder: 20,
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
  const day = addDays(today, 1);
  const { sessionIds } = await generateSessions(ctx, site.id, {
    kind: 'timeslot',
    from: day,
    to: day,
    times: { list: ['09:00', '10:00', '11:00', '12:00'] },
    durationMinutes: 60,
    capacity: 1_000_000,
    productIds: [adult],
    nameZh: '',
    nameEn: '',
    routeFrom: null,
    routeTo: null,
  });
  const secret = randomBytes(24).toString('base64');
  // The simulator's client verifies the notifications; no simulator server is needed for that.
  const provider = new SimulatorProvider('http://127.0.0.1:9', secret, 1000, 'SIM-BENCH');
  const runtime = createSalesRuntime({
    encryption: benchKeyRing(),
    lookup: benchKeyRing(),
    payments: new PaymentProviders({ wechat: provider, alipay: provider }),
    catalogCacheMs: 60_000,
    holdMinutes: 120,
  });

  const t0 = performance.now();
  const orders: { providerOrderId: string; amount: number }[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let i = worker; i < 2 * ORDERS; i += 8) {
        const { order } = await sellTickets(ctx, runtime, site.id, {
          channel: 'online',
          visitDate: day,
          sessionId: sessionIds[i % sessionIds.length]!,
          terminal: `W${worker}`,
          lines: [{ productId: adult, quantity: 2, holders: [], discountDocument: null, discountReason: '' }],
          payments: [{ method: 'online', amount: 24000 }],
          guide: null,
          approval: null,
          contactPhone: '',
        });
        const payment = order.payments[0]!;
        orders.push({ providerOrderId: payment.providerOrderId!, amount: payment.amount });
      }
    }),
  );
  // As if each customer had started paying with the simulator (startOnlinePayment's bookkeeping).
  await database.db.execute(
    sql`update payments set provider = 'simulator', online_kind = 'h5' where method = 'online'`,
  );
  console.log(
    `notifications benchmark on PostgreSQL (${small ? 'small' : 'full'} scale): ${orders.length} held orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const appOrders = orders.slice(0, ORDERS);
  const rawOrders = orders.slice(ORDERS);

  const notification = (o: { providerOrderId: string; amount: number }) => {
    const body = JSON.stringify({
      event: 'payment',
      outTradeNo: o.providerOrderId,
      tradeNo: `SIM${o.providerOrderId.slice(0, 12)}`,
      amount: o.amount,
      status: 'success',
      merchantId: 'SIM-BENCH',
      paidAt: new Date().toISOString(),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    return {
      headers: {
        'content-type': 'application/json',
        'x-sim-timestamp': timestamp,
        'x-sim-nonce': nonce,
        'x-sim-signature': signNotification(secret, timestamp, nonce, body),
      },
      body,
    };
  };
  // Every order notified twice: first the change, later (shuffled in) its duplicate.
  const deliveries = [...appOrders, ...appOrders].map((o, i) => ({ o, first: i < appOrders.length }));
  let outcomesWrong = 0;
  const app = await drive(CLIENTS, deliveries, async ({ o, first }) => {
    const result = await handlePaymentNotification(ctx, runtime, 'simulator', {
      ...notification(o),
      ip: '127.0.0.1',
    });
    if (result.outcome !== (first ? 'applied' : 'duplicate') || result.answer.body !== 'success')
      outcomesWrong++;
  });

  const raw = new pg.Pool({ connectionString: dbUrl, max: CLIENTS });
  raw.on('error', () => {});
  const rawRun = await drive(CLIENTS, rawOrders, async (o) => {
    const result = await raw.query(
      `update payments set status = 'succeeded', reference = $2, completed_at = now()
       where provider_order_id = $1 and status = 'pending'`,
      [o.providerOrderId, 'RAW'],
    );
    if (result.rowCount !== 1) throw new Error('raw: not pending');
  });
  console.log(
    `  raw conditional UPDATE of a payment, ${CLIENTS} clients: ${rawRun.rate.toFixed(0)} /s, ` +
      `p50 ${rawRun.p50.toFixed(1)} ms, p99 ${rawRun.p99.toFixed(1)} ms`,
  );
  console.log(
    `  handlePaymentNotification, ${CLIENTS} concurrent (half of them duplicates): ${app.rate.toFixed(0)} /s, ` +
      `p50 ${app.p50.toFixed(1)} ms, p99 ${app.p99.toFixed(1)} ms (target < ${TARGET_P99_MS} ms)`,
  );
  const [paid] = (
    await raw.query<{ paid: string; audits: string }>(
      `select (select count(*) from orders where status = 'paid') as paid,
              (select count(*) from audit_log where action = 'orders.order.paid') as audits`,
    )
  ).rows;
  if (Number(paid!.paid) !== appOrders.length || Number(paid!.audits) !== appOrders.length) {
    console.log(
      `  WRONG: ${paid!.paid} orders paid, ${paid!.audits} paid audits for ${appOrders.length} orders`,
    );
    exitCode = 1;
  }
  if (app.failures + rawRun.failures + outcomesWrong > 0) {
    console.log(`  failures: ${app.failures} app (${outcomesWrong} wrong outcomes), ${rawRun.failures} raw`);
    exitCode = 1;
  }
  if (app.p99 >= TARGET_P99_MS) {
    console.log(`  MISSED: p99 ${app.p99.toFixed(1)} ms ≥ ${TARGET_P99_MS} ms`);
    exitCode = 1;
  }
  await raw.end();
  await database.close();
} finally {
  await admin(`drop database if exists ${dbName} with (force)`);
}
process.exit(exitCode);
