// The no-overselling claim, on PostgreSQL with real connections: 50 sales at once for the last 10
// places of a session (and, separately, of a site's daily maximum shared by two sessions) → exactly
// 10 succeed, the rest get sold_out, and sold equals the live tickets. Each has a control test that
// removes the protection — a read-then-write take with a pause between check and write, and the
// table's CHECK constraint dropped — and shows the same assertions then fail (an oversell).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import {
  checkCapacityInvariant,
  conditionalTake,
  createSalesRuntime,
  fixedClock,
  sellTickets,
  systemContext,
  type SalesRuntime,
  type StripeTake,
  type TakeCapacity,
} from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, poolInvariant, saleDay, saleNow, type SaleFixture } from './fixture';

const CONCURRENT = 50;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The protection removed: read what is free, pause, then write without a condition. */
const uncheckedTake: TakeCapacity = async (db: Queryable, r) => {
  if (r.guard && (await rows(db, r.guard)).length === 0) return { guardOk: false, outcomes: [] };
  if (r.prelude)
    await db.execute(sql`with ${r.guard ? sql`guard as (${r.guard}), ` : sql``}${r.prelude} select 1`);
  const outcomes: (StripeTake[] | null)[] = [];
  for (const pool of r.pools) {
    const stripes = await rows<{ stripe: number; free: number }>(
      db,
      sql`select stripe, capacity - sold - held as free from capacity_pool_stripes where pool_id = ${pool.id} order by stripe`,
    );
    const room = stripes.find((s) => s.free >= pool.quantity);
    await sleep(50);
    if (!room) return { guardOk: true, outcomes: [...outcomes, null] };
    await db.execute(
      sql`update capacity_pool_stripes set sold = sold + ${pool.quantity} where pool_id = ${pool.id} and stripe = ${room.stripe}`,
    );
    await db.execute(
      sql`insert into order_capacity (order_id, pool_id, stripe, quantity) values (${r.orderId}, ${pool.id}, ${room.stripe}, ${pool.quantity})`,
    );
    outcomes.push([{ stripe: room.stripe, quantity: pool.quantity }]);
  }
  return { guardOk: true, outcomes };
};

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'no overselling on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    const clock = fixedClock(saleNow);
    let runtime: SalesRuntime;

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 24 });
      runtime = createSalesRuntime({ encryption: keyRing(), lookup: keyRing(), catalogCacheMs: 60_000 });
    });
    afterAll(async () => database?.dispose());

    const ctx = () => systemContext(database.db, 'seller', { clock });

    async function fill(f: SaleFixture, sessionId: string, places: number): Promise<void> {
      for (let left = places; left > 0; left -= Math.min(left, 10)) {
        const n = Math.min(left, 10);
        await sellTickets(ctx(), runtime, f.siteId, {
          visitDate: saleDay,
          sessionId,
          terminal: '01',
          lines: [
            {
              productId: f.products.group,
              quantity: n,
              holders: [],
              discountDocument: null,
              discountReason: '',
            },
          ],
          payments: [{ method: 'cash', amount: n * 10000, tendered: n * 10000 }],
          guide: null,
          approval: null,
          contactPhone: '',
        });
      }
    }

    /** CONCURRENT one-ticket sales at once, spread over the given sessions; counts the outcomes. */
    async function rush(f: SaleFixture, sessionIds: string[]) {
      const results = await Promise.allSettled(
        Array.from({ length: CONCURRENT }, (_, i) =>
          sellTickets(ctx(), runtime, f.siteId, {
            visitDate: saleDay,
            sessionId: sessionIds[i % sessionIds.length]!,
            terminal: String(10 + (i % 80)),
            lines: [
              {
                productId: f.products.adult,
                quantity: 1,
                holders: [],
                discountDocument: null,
                discountReason: '',
              },
            ],
            payments: [{ method: 'cash', amount: 13000, tendered: 13000 }],
            guide: null,
            approval: null,
            contactPhone: '',
          }),
        ),
      );
      const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
      const other = refused.filter((e) => !(e instanceof AppError && e.code === 'sold_out'));
      if (other.length > 0) throw other[0];
      return { sold: results.length - refused.length, soldOut: refused.length };
    }

    async function sessionScenario(take: TakeCapacity) {
      runtime.takeCapacity = take;
      // 200 places in 4 stripes; 190 sold beforehand, so the last 10 are spread over the stripes.
      const f = await createSaleFixture(database.db, { clock, capacity: 200, dailyMax: null });
      runtime.takeCapacity = conditionalTake;
      await fill(f, f.sessionIds[0]!, 190);
      runtime.takeCapacity = take;
      const outcome = await rush(f, [f.sessionIds[0]!]);
      return { ...outcome, invariant: await poolInvariant(database.db, f.siteId, f.sessionIds[0]!) };
    }

    async function dailyScenario(take: TakeCapacity) {
      // A daily maximum of 40 (8 stripes) shared by two sessions of 100 places; 30 sold beforehand.
      const f = await createSaleFixture(database.db, { clock, capacity: 100, dailyMax: 40 });
      runtime.takeCapacity = conditionalTake;
      await fill(f, f.sessionIds[0]!, 15);
      await fill(f, f.sessionIds[1]!, 15);
      runtime.takeCapacity = take;
      const outcome = await rush(f, f.sessionIds);
      return { ...outcome, invariant: await poolInvariant(database.db, f.siteId, f.sessionIds[0]!) };
    }

    it('sells exactly the last 10 places of a session to 50 concurrent sellers', async () => {
      const { sold, soldOut, invariant } = await sessionScenario(conditionalTake);
      expect({ sold, soldOut }).toEqual({ sold: 10, soldOut: 40 });
      expect(Number(invariant.session_sold)).toBe(200);
      expect(Number(invariant.session_tickets)).toBe(200);
      expect(Number(invariant.min_free)).toBeGreaterThanOrEqual(0);
      expect((await checkCapacityInvariant(database.db)).problems).toEqual([]);
    });

    it('sells exactly the last 10 places of a daily maximum shared by two sessions', async () => {
      const { sold, soldOut, invariant } = await dailyScenario(conditionalTake);
      expect({ sold, soldOut }).toEqual({ sold: 10, soldOut: 40 });
      expect(Number(invariant.daily_sold)).toBe(40);
      expect(Number(invariant.daily_tickets)).toBe(40);
      expect((await checkCapacityInvariant(database.db)).problems).toEqual([]);
    });

    describe('control: without the conditional update and the CHECK constraint', () => {
      beforeAll(async () => {
        await database.db.execute(
          sql`alter table capacity_pool_stripes drop constraint capacity_pool_stripes_ck`,
        );
      });
      afterAll(async () => {
        runtime.takeCapacity = conditionalTake;
      });

      it('the session test catches the oversell', async () => {
        const { sold, invariant } = await sessionScenario(uncheckedTake);
        expect(sold).toBeGreaterThan(10);
        expect(Number(invariant.session_sold)).toBeGreaterThan(Number(invariant.session_capacity));
        expect((await checkCapacityInvariant(database.db)).problems.length).toBeGreaterThan(0);
      });

      it('the daily-maximum test catches the oversell', async () => {
        const { sold, invariant } = await dailyScenario(uncheckedTake);
        expect(sold).toBeGreaterThan(10);
        expect(Number(invariant.daily_sold)).toBeGreaterThan(Number(invariant.daily_capacity));
      });
    });
  },
);
