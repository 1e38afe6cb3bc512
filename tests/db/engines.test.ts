// The same code on the engine under test: PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { claimIdempotencyKey, systemContext } from '@admit/services';
import { postgresTestDatabase, testDatabase, type TestDatabase } from '../support/database';

describe(`database engine (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => database?.dispose());

  it('parses int8 and int8 sums into numbers, and refuses unsafe ones', async () => {
    const [row] = await rows<{ n: number; total: number }>(
      database.db,
      sql`select count(*)::int8 as n, coalesce(sum(v), 0)::int8 as total from (values (100::int8), (250::int8)) t(v)`,
    );
    expect(row).toEqual({ n: 2, total: 350 });
    const error = await rows(database.db, sql`select 9007199254740993::int8 as n`).catch((e: unknown) => e);
    // Drizzle wraps driver errors; the parser's RangeError is the cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    expect(cause).toBeInstanceOf(RangeError);
  });

  it('stores times in UTC whatever the session time zone', async () => {
    await database.db.execute(sql`set time zone 'Asia/Shanghai'`);
    const [row] = await rows<{ t: Date; text: string }>(
      database.db,
      sql`select '2026-11-26T08:00:00+08:00'::timestamptz as t, to_char('2026-11-26T08:00:00+08:00'::timestamptz at time zone 'UTC', 'HH24:MI') as text`,
    );
    expect(row?.text).toBe('00:00');
    await database.db.execute(sql`set time zone 'UTC'`);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'concurrent idempotency claims on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 16 });
    });
    afterAll(async () => database?.dispose());

    it('gives one key to exactly one of 16 simultaneous requests', async () => {
      const ctx = systemContext(database.db, 'race');
      const claims = await Promise.all(
        Array.from({ length: 16 }, () =>
          claimIdempotencyKey(ctx, { scope: 'pos-1 POST /sell', key: 'same', requestHash: 'h' }),
        ),
      );
      expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.outcome === 'in_progress')).toHaveLength(15);
    });

    it('control: a check-then-insert without the unique index lets two requests claim one key', async () => {
      await database.db.execute(sql`create table naive_keys (key text not null)`);
      const naiveClaim = async () =>
        database.db.transaction(async (tx) => {
          const seen = await rows(tx, sql`select 1 from naive_keys where key = 'same'`);
          await new Promise((r) => setTimeout(r, 200));
          if (seen.length > 0) return false;
          await tx.execute(sql`insert into naive_keys (key) values ('same')`);
          return true;
        });
      const results = await Promise.all([naiveClaim(), naiveClaim()]);
      expect(results).toEqual([true, true]);
    });
  },
);
