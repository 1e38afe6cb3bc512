// Two app nodes starting at once against one fresh PostgreSQL database must both succeed and apply
// each migration exactly once. The control test removes the advisory lock and shows the race is real.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadMigrations, openDatabase, rows, runMigrations } from '@admit/db';
import { runCli } from '../support/cli';
import { createDatabase, dropDatabase } from '../support/postgres';

const url = process.env.TEST_DATABASE_URL;
let n = 0;
const freshName = () => `admit_mig_${process.pid}_${Date.now()}_${n++}`;

describe.skipIf(!url)(
  'concurrent migration on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    it(
      'two `admit migrate` processes on one fresh database both succeed and apply each migration once',
      { timeout: 120_000 },
      async () => {
        const name = freshName();
        const dbUrl = await createDatabase(url!, name);
        try {
          const [a, b] = await Promise.all([
            runCli(['migrate'], { DATABASE_URL: dbUrl }),
            runCli(['migrate'], { DATABASE_URL: dbUrl }),
          ]);
          expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
          const outputs = [a.stdout, b.stdout].sort();
          expect(outputs.filter((o) => /Applied \d+ migration/.test(o))).toHaveLength(1);
          expect(outputs.filter((o) => /up to date/.test(o))).toHaveLength(1);
          const handle = await openDatabase({ engine: 'postgresql', url: dbUrl, poolSize: 1 });
          try {
            const ledger = await rows<{ version: string; n: number }>(
              handle.db,
              sql`select version, count(*)::int8 as n from admit_migrations group by version order by version`,
            );
            expect(ledger).toEqual(loadMigrations().map((m) => ({ version: m.version, n: 1 })));
          } finally {
            await handle.close();
          }
        } finally {
          await dropDatabase(url!, name);
        }
      },
    );

    it('control: without the advisory lock, a pause between reading and applying makes one node fail', async () => {
      const name = freshName();
      const dbUrl = await createDatabase(url!, name);
      const a = await openDatabase({ engine: 'postgresql', url: dbUrl, poolSize: 1 });
      const b = await openDatabase({ engine: 'postgresql', url: dbUrl, poolSize: 1 });
      try {
        const pause = () => new Promise<void>((r) => setTimeout(r, 300));
        const unsafe = { withoutLock: true, afterRead: pause };
        const results = await Promise.allSettled([
          runMigrations(a.db, { testHooks: unsafe }),
          runMigrations(b.db, { testHooks: unsafe }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);

        // The same pause with the lock in place: both succeed.
        const name2 = freshName();
        const dbUrl2 = await createDatabase(url!, name2);
        const c = await openDatabase({ engine: 'postgresql', url: dbUrl2, poolSize: 1 });
        const d = await openDatabase({ engine: 'postgresql', url: dbUrl2, poolSize: 1 });
        try {
          const safe = { afterRead: pause };
          const locked = await Promise.allSettled([
            runMigrations(c.db, { testHooks: safe }),
            runMigrations(d.db, { testHooks: safe }),
          ]);
          expect(locked.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
        } finally {
          await c.close();
          await d.close();
          await dropDatabase(url!, name2);
        }
      } finally {
        await a.close();
        await b.close();
        await dropDatabase(url!, name);
      }
    });
  },
);
