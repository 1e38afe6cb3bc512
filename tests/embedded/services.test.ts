// The embedded default (PGlite) stays proven: every service runs here at least once, whatever
// engine the rest of the suite uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { idempotencyKeys, localJobs, openDatabase, rows } from '@admit/db';
import {
  checkReadiness,
  claimIdempotencyKey,
  completeIdempotencyKey,
  fixedClock,
  inTransaction,
  LocalJobQueue,
  maintenanceJobs,
  registerMaintenanceJobs,
  releaseIdempotencyKey,
  sweepIdempotencyKeys,
  systemContext,
  type ServiceContext,
} from '@admit/services';
import { embeddedTestDatabase, type TestDatabase } from '../support/database';

describe('services on the embedded engine (PGlite)', () => {
  let database: TestDatabase;
  const clock = fixedClock(new Date('2026-11-26T02:00:00Z'));
  let ctx: ServiceContext;

  beforeAll(async () => {
    database = await embeddedTestDatabase();
    ctx = systemContext(database.db, 'test', { clock });
  });
  afterAll(async () => database?.dispose());

  it('inTransaction commits the work, or none of it', async () => {
    await inTransaction(ctx, (tx) =>
      claimIdempotencyKey(tx, { scope: 's', key: 'committed', requestHash: 'h' }),
    );
    await expect(
      inTransaction(ctx, async (tx) => {
        await claimIdempotencyKey(tx, { scope: 's', key: 'rolled-back', requestHash: 'h' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const keys = await database.db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.scope, 's'));
    expect(keys.map((k) => k.key)).toEqual(['committed']);
  });

  it('claims, completes, replays and refuses idempotency keys', async () => {
    const claim = await claimIdempotencyKey(ctx, {
      scope: 'user:1 POST /x',
      key: 'k1',
      requestHash: 'body-a',
    });
    expect(claim.outcome).toBe('claimed');
    expect(
      await claimIdempotencyKey(ctx, { scope: 'user:1 POST /x', key: 'k1', requestHash: 'body-a' }),
    ).toMatchObject({
      outcome: 'in_progress',
    });
    if (claim.outcome !== 'claimed') throw new Error('unreachable');
    await completeIdempotencyKey(ctx, {
      id: claim.id,
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":1}',
    });
    expect(
      await claimIdempotencyKey(ctx, { scope: 'user:1 POST /x', key: 'k1', requestHash: 'body-a' }),
    ).toEqual({
      outcome: 'replay',
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":1}',
    });
    expect(
      await claimIdempotencyKey(ctx, { scope: 'user:1 POST /x', key: 'k1', requestHash: 'body-b' }),
    ).toEqual({ outcome: 'mismatch' });
    // Another actor's identical key is another request.
    expect(
      (await claimIdempotencyKey(ctx, { scope: 'user:2 POST /x', key: 'k1', requestHash: 'body-b' })).outcome,
    ).toBe('claimed');
  });

  it('takes over a claim abandoned past its lock, and forgets a released one', async () => {
    const first = await claimIdempotencyKey(ctx, {
      scope: 'a',
      key: 'crash',
      requestHash: 'h',
      lockSeconds: 60,
    });
    expect(first.outcome).toBe('claimed');
    clock.advance(61_000);
    const second = await claimIdempotencyKey(ctx, { scope: 'a', key: 'crash', requestHash: 'h' });
    expect(second.outcome).toBe('claimed');
    if (second.outcome !== 'claimed') throw new Error('unreachable');
    await releaseIdempotencyKey(ctx, second.id);
    expect((await claimIdempotencyKey(ctx, { scope: 'a', key: 'crash', requestHash: 'other' })).outcome).toBe(
      'claimed',
    );
  });

  it('sweeps results past their retention', async () => {
    await claimIdempotencyKey(ctx, { scope: 'sweep', key: 'old', requestHash: 'h', retentionHours: 1 });
    clock.advance(2 * 3600_000);
    await claimIdempotencyKey(ctx, { scope: 'sweep', key: 'new', requestHash: 'h', retentionHours: 24 });
    expect(await sweepIdempotencyKeys(ctx)).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.scope, 'sweep'));
    expect(left.map((r) => r.key)).toEqual(['new']);
  });

  it('reports readiness, and pending migrations on an unmigrated database', async () => {
    expect(await checkReadiness(database.db)).toEqual({
      ready: true,
      database: 'ok',
      migrations: 'current',
      pending: [],
    });
    const empty = await openDatabase({ engine: 'embedded-memory' });
    try {
      const readiness = await checkReadiness(empty.db);
      expect(readiness.ready).toBe(false);
      expect(readiness.migrations).toBe('pending');
      expect(readiness.pending.length).toBeGreaterThan(0);
    } finally {
      await empty.close();
    }
  });

  it('parses int8 into numbers through the one parser', async () => {
    const [row] = await rows<{ big: number; total: number }>(
      database.db,
      sql`select 9007199254740991::int8 as big, sum(x)::int8 as total from (values (1::int8), (2::int8)) v(x)`,
    );
    expect(row).toEqual({ big: Number.MAX_SAFE_INTEGER, total: 3 });
  });

  describe('local job queue', () => {
    it('runs queued jobs, retries failures, then marks them failed', async () => {
      const queue = new LocalJobQueue(database.db, { clock });
      const seen: unknown[] = [];
      let failures = 0;
      await queue.work<{ n: number }>('test.echo', async (job) => {
        seen.push(job.data.n);
      });
      await queue.work('test.flaky', async () => {
        failures += 1;
        throw new Error(`attempt ${failures} failed`);
      });
      await queue.start();
      await queue.send('test.echo', { n: 1 });
      await queue.send('test.echo', { n: 2 }, { startAfterSeconds: 60 });
      const flakyId = await queue.send('test.flaky', {}, { retryLimit: 1, retryDelaySeconds: 10 });
      await queue.drain();
      expect(seen).toEqual([1]);
      clock.advance(61_000);
      await queue.drain();
      expect(seen).toEqual([1, 2]);
      expect(failures).toBe(2);
      const [flaky] = await database.db.select().from(localJobs).where(eq(localJobs.id, flakyId!));
      expect(flaky).toMatchObject({ state: 'failed', attempts: 2, lastError: 'attempt 2 failed' });
      await queue.stop();
    });

    it('keeps one waiting job per singleton key, and resumes jobs cut off by a restart', async () => {
      const queue = new LocalJobQueue(database.db, { clock });
      expect(await queue.send('test.single', {}, { singletonKey: 'only' })).not.toBeNull();
      expect(await queue.send('test.single', {}, { singletonKey: 'only' })).toBeNull();
      await database.db.update(localJobs).set({ state: 'active' }).where(eq(localJobs.name, 'test.single'));
      let ran = 0;
      await queue.work('test.single', async () => {
        ran += 1;
      });
      await queue.start();
      await queue.drain();
      expect(ran).toBe(1);
      await queue.stop();
    });

    it('fires scheduled maintenance jobs on their cron schedule', async () => {
      const queue = new LocalJobQueue(database.db, { clock });
      await registerMaintenanceJobs(queue, database.db);
      await queue.start();
      await claimIdempotencyKey(ctx, { scope: 'cron', key: 'expired', requestHash: 'h', retentionHours: 1 });
      clock.advance(3 * 3600_000);
      await queue.drain();
      const done = await database.db
        .select({ state: localJobs.state })
        .from(localJobs)
        .where(eq(localJobs.name, maintenanceJobs.sweepIdempotencyKeys));
      expect(done.map((d) => d.state)).toContain('completed');
      const left = await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, 'cron'));
      expect(left).toEqual([]);
      expect(await queue.purgeFinished(0)).toBeGreaterThan(0);
      await queue.stop();
    });
  });
});
