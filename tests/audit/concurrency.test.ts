// The claim behind unchained audit rows: writing an audit row never makes one transaction wait for
// another, so auditing cannot serialize the sale path. Proven on PostgreSQL with real connections: a
// transaction holding its audit row uncommitted does not delay a second one. The control test adds
// what a chained-at-insert design needs (one shared counter row locked per audit row) and shows the
// same test then catches the wait. The sealer's advisory lock gets the same treatment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  inTransaction,
  recordAudit,
  sealAll,
  sealAuditLog,
  verifyAuditLog,
  type ServiceContext,
  type TxContext,
} from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { deferred } from '../support/deferred';
import { fixture, keyRing, recordMany, resetAudit } from './helpers';

const HOLD_MS = 6000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'audit concurrency on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let ctx: ServiceContext;
    const key = keyRing();

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 4 });
      await database.db.execute(sql`create table audit_counter (id int primary key, n int8 not null)`);
      await database.db.execute(sql`insert into audit_counter values (1, 0)`);
    });
    afterAll(async () => database?.dispose());
    beforeEach(async () => {
      await resetAudit(database.db);
      ctx = fixture(database.db).ctx;
    });

    /**
     * Transaction 1 writes its audit row and stays open (up to HOLD_MS); meanwhile transaction 2, with
     * 2 s lock and statement timeouts, writes its own and commits. Returns how long transaction 2 took
     * and how it ended. `before` runs first in each transaction.
     */
    async function overlap(before: (tx: TxContext) => Promise<void>) {
      const firstWrote = deferred();
      const release = deferred();
      const first = inTransaction(ctx, async (tx) => {
        await before(tx);
        const id = await recordAudit(tx, {
          action: 'orders.order.sold',
          target: { type: 'order', id: 'first' },
        });
        firstWrote.resolve();
        await Promise.race([release.promise, sleep(HOLD_MS)]);
        return id;
      });
      await firstWrote.promise;
      const started = performance.now();
      const second = await inTransaction(ctx, async (tx) => {
        await tx.db.execute(sql`set local lock_timeout = '2s'`);
        await tx.db.execute(sql`set local statement_timeout = '2s'`);
        await before(tx);
        return recordAudit(tx, { action: 'orders.order.sold', target: { type: 'order', id: 'second' } });
      }).then(
        (id) => ({ ok: true as const, id }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const elapsedMs = performance.now() - started;
      return { second, elapsedMs, release: () => release.resolve(), first };
    }

    it('a transaction holding an uncommitted audit row does not delay another; the sealer waits for neither', async () => {
      const run = await overlap(async () => {});
      try {
        expect(run.second.ok).toBe(true);
        expect(run.elapsedMs).toBeLessThan(1000); // far under the first's 6 s hold and the 2 s timeouts

        // The sealer does not wait for the open transaction either, and seals only what committed.
        const started = performance.now();
        const sealed = await inTransaction(ctx, async (tx) => {
          await tx.db.execute(sql`set local lock_timeout = '2s'`);
          await tx.db.execute(sql`set local statement_timeout = '2s'`);
          return sealAll(tx, key);
        });
        expect(performance.now() - started).toBeLessThan(1000);
        expect(sealed).toMatchObject({ seals: 1, rows: 1 });
      } finally {
        run.release();
      }
      // The first commits last, with the earlier id: it goes into the next block, and all verifies.
      const firstId = await run.first;
      expect(run.second.ok && firstId < run.second.id).toBe(true);
      expect(await sealAll(ctx, key)).toMatchObject({ seals: 1, rows: 1, head: { seq: 2 } });
      expect(await verifyAuditLog(database.db, key)).toMatchObject({
        ok: true,
        sealsChecked: 2,
        rowsChecked: 2,
      });
    });

    it('control: with a shared counter row locked per audit row (a chained design), the second waits and times out', async () => {
      const lockCounter = async (tx: TxContext) => {
        await tx.db.execute(sql`select n from audit_counter where id = 1 for update`);
        await tx.db.execute(sql`update audit_counter set n = n + 1 where id = 1`);
      };
      const run = await overlap(lockCounter);
      run.release();
      await run.first;
      expect(run.second.ok).toBe(false);
      // lock_not_available or query_canceled, whichever 2 s timeout fires first: it waited.
      if (!run.second.ok) expect(['55P03', '57014']).toContain(pgCode(run.second.error));
      expect(run.elapsedMs).toBeGreaterThan(1900);
    });

    it('two sealers at once: the advisory lock lets one seal while the other waits, then finds nothing', async () => {
      await recordMany({ ctx, clock: fixture(database.db).clock }, 5);
      const pause = () => sleep(300);
      const results = await Promise.allSettled([
        sealAuditLog(ctx, key, { testHooks: { afterRead: pause } }),
        sealAuditLog(ctx, key, { testHooks: { afterRead: pause } }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const heads = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
      expect(heads.filter((h) => h !== null)).toEqual([expect.objectContaining({ seq: 1, rowCount: 5 })]);
      expect(await verifyAuditLog(database.db, key)).toMatchObject({
        ok: true,
        sealsChecked: 1,
        rowsChecked: 5,
      });
    });

    it('control: without the advisory lock, the same pause makes one sealer fail', async () => {
      await recordMany({ ctx, clock: fixture(database.db).clock }, 5);
      const unsafe = { withoutLock: true, afterRead: () => sleep(300) };
      const results = await Promise.allSettled([
        sealAuditLog(ctx, key, { testHooks: unsafe }),
        sealAuditLog(ctx, key, { testHooks: unsafe }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await verifyAuditLog(database.db, key)).toMatchObject({ ok: true, sealsChecked: 1 });
    });
  },
);
