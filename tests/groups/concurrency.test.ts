// "Admitted once", on PostgreSQL with real connections: two lanes (or a double submit) admit the same
// group at the same moment — exactly one succeeds and the group's tickets are admitted once. The
// control runs the same race with the guards removed (no `status = 'booked'` claim, no
// `entries_used = 0` condition) and a pause after the status was read, and shows both admissions
// getting through — so the test can catch the race it guards against.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock, groupAdmissionControl } from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { deferred } from '../support/deferred';
import { saleDay, saleNow } from '../sales/fixture';
import { createGroupFixture, nameList, xlsxOf, type GroupFixture } from './fixture';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a group admitted once on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let t: TestApp;
    let f: GroupFixture;
    let staff: TestClient;
    let lanes: TestClient[];
    const clock = fixedClock(saleNow);
    let offset = 0;

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 8 });
      t = await testApp({ clock, database, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
      f = await createGroupFixture(database.db, { clock, code: 'GRPRACE', capacity: 200 });
      await createTestUser(database.db, { loginName: 'r.admin', roles: ['admin'] });
      await createTestUser(database.db, { loginName: 'r.gate1', roles: ['gate_staff'], siteId: f.siteId });
      await createTestUser(database.db, { loginName: 'r.gate2', roles: ['gate_staff'], siteId: f.siteId });
      staff = await loggedIn(t.app, 'r.admin');
      lanes = [await loggedIn(t.app, 'r.gate1'), await loggedIn(t.app, 'r.gate2')];
    });
    afterAll(async () => {
      groupAdmissionControl.guard = true;
      groupAdmissionControl.afterRead = null;
      await t?.close();
      await database?.dispose();
    });

    async function bookGroup(): Promise<{ id: string; code: string }> {
      offset += 100;
      const res = await staff.request(`/api/v1/sites/${f.siteId}/groups`, {
        method: 'POST',
        headers: { 'idempotency-key': randomUUID() },
        payload: {
          agencyId: f.agencyId,
          visitDate: saleDay,
          sessionId: f.sessionIds[0],
          contentBase64: (await xlsxOf(nameList(15, [], offset))).toString('base64'),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }

    /** Both lanes submit 15 at once, each pausing after reading the status until both have read it. */
    async function race(code: string) {
      const bothRead = deferred();
      let reads = 0;
      groupAdmissionControl.afterRead = async () => {
        if (++reads === 2) bothRead.resolve();
        await Promise.race([bothRead.promise, new Promise((r) => setTimeout(r, 300))]);
      };
      try {
        return await Promise.all(
          lanes.map((lane) =>
            lane.request(`/api/v1/sites/${f.siteId}/group-lane/${code}/admit`, {
              method: 'POST',
              payload: { headCount: 15 },
            }),
          ),
        );
      } finally {
        groupAdmissionControl.afterRead = null;
      }
    }

    const admittedCheckins = async (groupId: string) =>
      (
        await rows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from checkins c join tour_group_members m on m.ticket_id = c.ticket_id
              where m.group_id = ${groupId} and c.result = 'ok'`,
        )
      )[0]!.n;

    it('admits the group once when two lanes submit at the same moment', async () => {
      for (let round = 0; round < 3; round++) {
        const group = await bookGroup();
        const answers = await race(group.code);
        const codes = answers.map((a) => a.statusCode).sort();
        expect(codes, answers.map((a) => a.body).join('\n')).toEqual([200, 409]);
        const refused = answers.find((a) => a.statusCode === 409)!;
        expect(refused.json<{ error: { code: string } }>().error.code).toMatch(
          /^group_(already_admitted|closed)$/,
        );
        expect(await admittedCheckins(group.id)).toBe(15);
      }
    });

    it('control: without the guards both admissions get through', async () => {
      groupAdmissionControl.guard = false;
      try {
        const group = await bookGroup();
        const answers = await race(group.code);
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
        expect(await admittedCheckins(group.id)).toBe(30);
      } finally {
        groupAdmissionControl.guard = true;
      }
    });
  },
);
