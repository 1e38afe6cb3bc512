// Finance under concurrency, on PostgreSQL with real connections. Two finance users confirm the same
// day at the same moment: one settlement, and the other is told the day is settled — shown with the
// unique index on (site, day) dropped in this test's database, so what the test sees is the lock. Two
// days' vouchers generated at the same moment get distinct, consecutive numbers. Each has a control
// that removes the lock (and the unique index behind it) with a pause after the check, and shows
// both confirmations passing, or two vouchers taking one number — so the tests can catch the races.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { standardChartOfAccounts } from '@admit/domain';
import { fixedClock, settlementControl, voucherControl } from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { deferred } from '../support/deferred';
import { atSite, createFinanceFixture, logInAgain, ok, saleDay, type FinanceFixture } from './fixture';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'settlement and voucher numbers under concurrency on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let t: TestApp;
    let f: FinanceFixture;
    let finance: TestClient[];
    const clock = fixedClock(atSite(saleDay, '10:00'));
    const voucherDays = ['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-10', '2026-12-11'];

    const request = (client: TestClient, path: string, payload: unknown) =>
      client.request(`/api/v1/finance/sites/${f.siteId}${path}`, {
        method: path === '/chart' ? 'PUT' : 'POST',
        payload,
        headers: { 'idempotency-key': randomUUID() },
      });

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 8 });
      t = await testApp({ clock, database, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
      f = await createFinanceFixture(t, clock, 'FRACE');
      await createTestUser(database.db, { loginName: 'frace.finance2', roles: ['finance'] });
      // 1 December is settled; on each voucher day finance records a correction of it (one voucher a day).
      clock.set(atSite('2026-12-02', '00:10'));
      await logInAgain(f);
      ok(await request(f.people.finance, `/settlements/${saleDay}/confirm`, {}));
      for (const day of voucherDays) {
        clock.set(atSite(day, '10:00'));
        await logInAgain(f);
        ok(
          await request(f.people.finance, '/adjustments', {
            correctsDate: saleDay,
            method: 'cash',
            amount: 100,
            reason: '长款',
          }),
          201,
        );
      }
      clock.set(atSite('2026-12-20', '10:00'));
      await logInAgain(f);
      for (const day of voucherDays) ok(await request(f.people.finance, `/settlements/${day}/confirm`, {}));
      const { siteId: _site, ...chart } = standardChartOfAccounts(f.siteId);
      ok(await request(f.people.finance, '/chart', { chart, voucherWord: '记' }));
      finance = [f.people.finance, await loggedIn(t.app, 'frace.finance2')];
    });
    afterAll(async () => {
      settlementControl.lock = true;
      settlementControl.afterCheck = null;
      voucherControl.lock = true;
      voucherControl.afterNumber = null;
      await t?.close();
      await database?.dispose();
    });

    /** Runs both calls at once; each pauses at the hook until both got there (or 300 ms passed). */
    async function race<T>(hook: (pause: (() => Promise<void>) | null) => void, calls: (() => Promise<T>)[]) {
      const both = deferred();
      let arrived = 0;
      hook(async () => {
        if (++arrived === 2) both.resolve();
        await Promise.race([both.promise, new Promise((r) => setTimeout(r, 300))]);
      });
      try {
        return await Promise.all(calls.map((call) => call()));
      } finally {
        hook(null);
      }
    }
    const settleAtOnce = (date: string) =>
      race(
        (pause) => (settlementControl.afterCheck = pause),
        finance.map((client) => () => request(client, `/settlements/${date}/confirm`, {})),
      );
    const settlements = async (date: string) =>
      (
        await rows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from daily_settlements where site_id = ${f.siteId} and business_date = ${date}`,
        )
      )[0]!.n;

    describe('confirming one day twice at once (the unique index dropped: the lock alone)', () => {
      beforeAll(async () => {
        await database.db.execute(sql`drop index daily_settlements_site_day_uq`);
      });

      it('settles the day once; the other confirmation is told it is settled', async () => {
        for (const date of ['2026-12-06', '2026-12-07', '2026-12-08']) {
          const answers = await settleAtOnce(date);
          expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([
            200, 409,
          ]);
          expect(answers.find((a) => a.statusCode === 409)!.json()).toMatchObject({
            error: { code: 'settlement_already_confirmed' },
          });
          expect(await settlements(date)).toBe(1);
        }
      });

      it('control: without the lock both confirmations pass, and the day is settled twice', async () => {
        settlementControl.lock = false;
        try {
          const answers = await settleAtOnce('2026-12-09');
          expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
          expect(await settlements('2026-12-09')).toBe(2);
        } finally {
          settlementControl.lock = true;
        }
      });
    });

    const generateAtOnce = (days: string[]) =>
      race(
        (pause) => (voucherControl.afterNumber = pause),
        days.map((date, i) => () => request(finance[i]!, '/vouchers/generate', { from: date, to: date })),
      );
    const numbersOf = async (days: string[]) =>
      (
        await rows<{ number: number }>(
          database.db,
          sql`select number from vouchers where site_id = ${f.siteId}
              and business_date in (${sql.join(
                days.map((d) => sql`${d}`),
                sql`, `,
              )}) order by number`,
        )
      ).map((v) => v.number);

    it('numbers two days generated at once distinctly and consecutively', async () => {
      for (const [round, days] of [
        ['2026-12-02', '2026-12-03'],
        ['2026-12-04', '2026-12-05'],
      ].entries()) {
        const answers = await generateAtOnce(days);
        expect(
          answers.map((a) => a.statusCode),
          answers.map((a) => a.body).join('\n'),
        ).toEqual([200, 200]);
        expect(await numbersOf(days)).toEqual([2 * round + 1, 2 * round + 2]);
      }
    });

    it('control: without the lock (and the unique number) two days take the same number', async () => {
      voucherControl.lock = false;
      await database.db.execute(sql`drop index vouchers_number_uq`);
      try {
        const answers = await generateAtOnce(['2026-12-10', '2026-12-11']);
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
        expect(await numbersOf(['2026-12-10', '2026-12-11'])).toEqual([5, 5]);
      } finally {
        voucherControl.lock = true;
      }
    });
  },
);
