// The PostgreSQL job queue (pg-boss) behind the same interface as the embedded one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBossJobQueue } from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { deferred } from '../support/deferred';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'pg-boss job queue (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let queue: PgBossJobQueue;
    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 2 });
      queue = new PgBossJobQueue(database.url!);
      await queue.start();
    });
    afterAll(async () => {
      await queue?.stop();
      await database?.dispose();
    });

    it('works a sent job once, with its data', async () => {
      const got = deferred<{ n: number }>();
      let calls = 0;
      await queue.work<{ n: number }>('test.echo', async (job) => {
        calls += 1;
        got.resolve(job.data);
      });
      const id = await queue.send('test.echo', { n: 7 });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await got.promise).toEqual({ n: 7 });
      expect(calls).toBe(1);
    });

    it('accepts a cron schedule in a site time zone', async () => {
      await expect(
        queue.schedule('test.nightly', '30 2 * * *', { tz: 'Asia/Shanghai' }),
      ).resolves.toBeUndefined();
    });
  },
);
