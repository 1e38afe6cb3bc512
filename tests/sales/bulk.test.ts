// A cancelled session with 200 orders, refunded in bulk: every order refunded once (one refund group
// each, in full, no fee), the pools back to where they were, a report of what was done, and a rerun
// that does nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  checkCapacityInvariant,
  createSalesRuntime,
  fixedClock,
  getBulkAction,
  runBulkRefund,
  sellTickets,
  startBulkRefund,
  systemContext,
  updateSession,
  type SalesRuntime,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, poolInvariant, saleDay, saleNow, type SaleFixture } from './fixture';

const ORDERS = 200;

describe('bulk refund after a cancellation', () => {
  let database: TestDatabase;
  let runtime: SalesRuntime;
  let f: SaleFixture;
  const clock = fixedClock(saleNow);
  const ctx = () => systemContext(database.db, 'ops', { clock });

  beforeAll(async () => {
    database = await testDatabase();
    runtime = createSalesRuntime({ encryption: keyRing(), lookup: keyRing(), catalogCacheMs: 60_000 });
    f = await createSaleFixture(database.db, { clock, capacity: 500, dailyMax: 1000 });
    for (let i = 0; i < ORDERS; i++) {
      const twoAdults = i % 2 === 0;
      await sellTickets(ctx(), runtime, f.siteId, {
        visitDate: saleDay,
        sessionId: f.sessionIds[1]!,
        terminal: '01',
        lines: [
          {
            productId: f.products.adult,
            quantity: twoAdults ? 2 : 1,
            holders: [],
            discountDocument: null,
            discountReason: '',
          },
        ],
        payments:
          i % 3 === 0
            ? [{ method: 'card', amount: twoAdults ? 26000 : 13000, reference: `POS-${i}` }]
            : [{ method: 'cash', amount: twoAdults ? 26000 : 13000, tendered: twoAdults ? 26000 : 13000 }],
        guide: null,
        approval: null,
        contactPhone: '',
      });
    }
  }, 180_000);
  afterAll(async () => database?.dispose());

  it('refunds every order once, empties the pools, reports, and a rerun does nothing', async () => {
    const before = await poolInvariant(database.db, f.siteId, f.sessionIds[1]!);
    expect(Number(before.session_sold)).toBe(300);
    await updateSession(ctx(), f.siteId, f.sessionIds[1]!, { status: 'cancelled' });
    const action = await startBulkRefund(ctx(), f.siteId, f.sessionIds[1]!);
    await runBulkRefund(database.db, runtime, action.id, { clock });
    const done = await getBulkAction(ctx(), f.siteId, action.id);
    expect(done).toMatchObject({ status: 'done', total: ORDERS, done: ORDERS, failed: 0 });
    expect(done.report.every((r) => r.outcome === 'refunded')).toBe(true);

    const after = await poolInvariant(database.db, f.siteId, f.sessionIds[1]!);
    expect(Number(after.session_sold)).toBe(0);
    expect(Number(after.daily_sold)).toBe(0);
    expect((await checkCapacityInvariant(database.db)).problems).toEqual([]);
    const [counts] = await rows<{ orders: number; groups: number; refunded: number; amount: number }>(
      database.db,
      sql`select (select count(*)::int8 from orders where site_id = ${f.siteId} and status = 'refunded') as orders,
                 (select count(distinct group_id)::int8 from refunds where site_id = ${f.siteId}) as groups,
                 (select count(*)::int8 from tickets where site_id = ${f.siteId} and status = 'refunded') as refunded,
                 (select sum(amount)::int8 from refunds where site_id = ${f.siteId}) as amount`,
    );
    expect(counts).toEqual({ orders: ORDERS, groups: ORDERS, refunded: 300, amount: 300 * 13000 });

    // Again: nothing is left to refund, nothing changes.
    const again = await startBulkRefund(ctx(), f.siteId, f.sessionIds[1]!);
    await runBulkRefund(database.db, runtime, again.id, { clock });
    const rerun = await getBulkAction(ctx(), f.siteId, again.id);
    expect(rerun).toMatchObject({ status: 'done', total: ORDERS, failed: 0 });
    expect(rerun.report.every((r) => r.outcome === 'skipped')).toBe(true);
    const [total] = await rows<{ amount: number }>(
      database.db,
      sql`select sum(amount)::int8 as amount from refunds where site_id = ${f.siteId}`,
    );
    expect(Number(total!.amount)).toBe(300 * 13000);
  }, 180_000);
});
