// "Resolved once", on PostgreSQL with real connections: two finance users resolve the same discrepancy
// at the same moment — exactly one wins, the other is told it is already resolved, the run's open count
// goes down by one and one audit row is written. The control runs the same race with the guard removed
// (no `resolved_at is null` in the claim) and a pause after the item was read, and shows both getting
// through — the open count going down twice — so the test can catch the race it guards against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { writeAlipayTradeBill } from '@admit/domain';
import { fixedClock, reconciliationImportControl, reconciliationResolveControl } from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { deferred } from '../support/deferred';
import { createSaleFixture, saleNow, type SaleFixture } from '../sales/fixture';
import { billSpan } from './fixture';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a discrepancy resolved once on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let t: TestApp;
    let f: SaleFixture;
    let users: TestClient[];
    const clock = fixedClock(saleNow);
    const base = '/api/v1/finance/reconciliation';
    let batch = 0;

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 8 });
      t = await testApp({ clock, database });
      f = await createSaleFixture(database.db, { clock, code: 'RECRACE' });
      await createTestUser(database.db, { loginName: 'race.finance1', roles: ['finance'], siteId: f.siteId });
      await createTestUser(database.db, { loginName: 'race.finance2', roles: ['finance'], siteId: f.siteId });
      users = [await loggedIn(t.app, 'race.finance1'), await loggedIn(t.app, 'race.finance2')];
    });
    afterAll(async () => {
      reconciliationResolveControl.guard = true;
      reconciliationResolveControl.afterRead = null;
      reconciliationImportControl.lock = true;
      reconciliationImportControl.afterCheck = null;
      await t?.close();
      await database?.dispose();
    });

    /** A statement of `count` payments nobody here made, as a file. */
    function strangers(count: number): Buffer {
      batch++;
      const text = writeAlipayTradeBill({
        account: 'simulator',
        ...billSpan,
        exportedAt: billSpan.to,
        rows: Array.from({ length: count }, (_, i) => ({
          kind: 'payment' as const,
          tradeNo: `SIM-RACE-${batch}-${i}`,
          outTradeNo: `race-${batch}-${i}`,
          refundRequestNo: null,
          subject: '门票',
          createdAt: saleNow.toISOString(),
          completedAt: saleNow.toISOString(),
          amount: 100 + i,
        })),
      });
      return iconv.encode(text, 'gbk');
    }

    const importAs = (user: TestClient, file: Buffer) =>
      user.request(`${base}/runs`, {
        method: 'POST',
        payload: {
          siteId: f.siteId,
          provider: 'simulator',
          fileName: 'race.csv',
          contentBase64: file.toString('base64'),
        },
      });

    /** A run of strangers' payments: each an open missing_ours item. */
    async function runOfStrangers(count: number): Promise<{ runId: string; itemIds: string[] }> {
      const res = await importAs(users[0]!, strangers(count));
      expect(res.statusCode, res.body).toBe(201);
      const runId = res.json<{ run: { id: string; openCount: number } }>().run.id;
      const items = await rows<{ id: string }>(
        database.db,
        sql`select id from reconciliation_items where run_id = ${runId} order by id`,
      );
      return { runId, itemIds: items.map((i) => i.id) };
    }

    /** Both users resolve the item at once, each pausing after reading it until both have read it. */
    async function race(itemId: string) {
      const bothRead = deferred();
      let reads = 0;
      reconciliationResolveControl.afterRead = async () => {
        if (++reads === 2) bothRead.resolve();
        await Promise.race([bothRead.promise, new Promise((r) => setTimeout(r, 300))]);
      };
      try {
        return await Promise.all(
          users.map((user, n) =>
            user.request(`${base}/items/${itemId}/resolve`, {
              method: 'POST',
              payload: { siteId: f.siteId, resolution: 'explained', note: `用户 ${n + 1}：另一系统的收款` },
            }),
          ),
        );
      } finally {
        reconciliationResolveControl.afterRead = null;
      }
    }

    const state = async (runId: string, itemId: string) =>
      (
        await rows<{ open_count: number; audits: number }>(
          database.db,
          sql`select (select open_count from reconciliation_runs where id = ${runId}) as open_count,
                     (select count(*)::int from audit_log
                       where action = 'finance.reconciliation_item.resolved' and target_id = ${itemId}) as audits`,
        )
      )[0]!;

    /** Both users import the same file at once, each pausing after looking for an earlier import. */
    async function importRace(file: Buffer) {
      const bothLooked = deferred();
      let looks = 0;
      reconciliationImportControl.afterCheck = async () => {
        if (++looks === 2) bothLooked.resolve();
        await Promise.race([bothLooked.promise, new Promise((r) => setTimeout(r, 300))]);
      };
      try {
        return await Promise.all(users.map((user) => importAs(user, file)));
      } finally {
        reconciliationImportControl.afterCheck = null;
      }
    }
    const runsOf = async (file: Buffer) =>
      (
        await rows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from reconciliation_runs
              where file_sha256 = encode(sha256(${file}), 'hex')`,
        )
      )[0]!.n;

    it('imports a file once when two finance users import it at the same moment', async () => {
      const file = strangers(2);
      const answers = await importRace(file);
      expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([
        201, 409,
      ]);
      expect(answers.find((a) => a.statusCode === 409)!.json()).toMatchObject({
        error: { code: 'reconciliation_already_imported' },
      });
      expect(await runsOf(file)).toBe(1);
    });

    it('control: without the lock both imports of the file get in', async () => {
      const file = strangers(2);
      reconciliationImportControl.lock = false;
      try {
        const answers = await importRace(file);
        expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
        expect(await runsOf(file)).toBe(2);
      } finally {
        reconciliationImportControl.lock = true;
      }
    });

    it('lets exactly one of two finance users resolve an item, and counts it once', async () => {
      const { runId, itemIds } = await runOfStrangers(3);
      let open = 3;
      for (const itemId of itemIds) {
        const answers = await race(itemId);
        expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([
          200, 409,
        ]);
        const refused = answers.find((a) => a.statusCode === 409)!;
        expect(refused.json<{ error: { code: string } }>().error.code).toBe(
          'reconciliation_item_already_resolved',
        );
        open--;
        expect(await state(runId, itemId)).toEqual({ open_count: open, audits: 1 });
      }
    });

    it('control: without the guard both resolutions get through and the open count goes down twice', async () => {
      const { runId, itemIds } = await runOfStrangers(1);
      reconciliationResolveControl.guard = false;
      try {
        const answers = await race(itemIds[0]!);
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
        expect(await state(runId, itemIds[0]!)).toEqual({ open_count: -1, audits: 2 });
      } finally {
        reconciliationResolveControl.guard = true;
      }
    });
  },
);
