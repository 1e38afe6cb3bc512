// The audit services, run on whichever engine the calling file opens: sealing and verification, each
// kind of tampering an attacker with SQL access could try, purges with checkpoints, the sealer job,
// and the listing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, auditSeals, localJobs, newId, users } from '@admit/db';
import {
  auditJobs,
  currentAuditHead,
  GENESIS_HASH,
  inTransaction,
  listAuditLog,
  LocalJobQueue,
  purgeAuditLog,
  recordAudit,
  registerAuditJobs,
  sealAll,
  sealAuditLog,
  verifyAuditLog,
  type SealHead,
} from '@admit/services';
import type { TestDatabase } from '../support/database';
import { fixture, keyRing, recordMany, resetAudit, sealOf, type AuditFixture } from './helpers';

export function auditSuite(label: string, open: () => Promise<TestDatabase>): void {
  describe(`audit log ${label}`, () => {
    let database: TestDatabase;
    let f: AuditFixture;
    const key = keyRing();

    beforeAll(async () => {
      database = await open();
    });
    afterAll(async () => database?.dispose());
    beforeEach(async () => {
      await resetAudit(database.db);
      f = fixture(database.db);
    });

    const verify = (options?: Parameters<typeof verifyAuditLog>[2], k = key) =>
      verifyAuditLog(database.db, k, options);
    const kinds = async (options?: Parameters<typeof verifyAuditLog>[2]) =>
      (await verify(options)).problems.map((p) => [p.kind, p.seq, p.rowId]);

    /** 10 rows sealed in blocks of 3: seals 1–4 (3, 3, 3, 1 rows). */
    async function sealedLog(): Promise<string[]> {
      const ids = await recordMany(f, 10);
      const result = await sealAll(f.ctx, key, { maxRows: 3 });
      expect(result).toMatchObject({ seals: 4, rows: 10, head: { seq: 4, rowCount: 1 } });
      return ids;
    }

    describe('sealing and verification', () => {
      it('pass on an untouched log sealed in several blocks', async () => {
        expect(await sealAuditLog(f.ctx, key)).toBeNull();
        expect(await verify()).toEqual({
          ok: true,
          sealsChecked: 0,
          rowsChecked: 0,
          unsealedRows: 0,
          rowsPurged: 0,
          problems: [],
          problemsOmitted: 0,
        });
        const ids = await sealedLog();
        await recordMany(f, 2);
        const result = await verify();
        expect(result).toMatchObject({ ok: true, sealsChecked: 4, rowsChecked: 10, unsealedRows: 2 });
        expect(result.problems).toEqual([]);

        // Blocks take rows in id order, and chain from the genesis hash.
        const seals = await database.db.select().from(auditSeals).orderBy(auditSeals.seq);
        expect(seals.map((s) => s.entries.map(([id]) => id))).toEqual([
          ids.slice(0, 3),
          ids.slice(3, 6),
          ids.slice(6, 9),
          ids.slice(9),
        ]);
        expect(seals[0]!.prevHash).toBe(GENESIS_HASH);
        expect(seals[1]!.prevHash).toBe(seals[0]!.hash);
        expect(seals.map((s) => [s.kind, s.rowCount, s.keyId])).toEqual([
          ['block', 3, 'k1'],
          ['block', 3, 'k1'],
          ['block', 3, 'k1'],
          ['block', 1, 'k1'],
        ]);
        expect(await currentAuditHead(database.db)).toMatchObject({ seq: 4, hash: seals[3]!.hash });

        // Pages smaller than the chain give the same answer.
        expect((await verify({ pageSize: 1 })).ok).toBe(true);
      });

      it('seals a row committed later with an earlier id in a later block, and it verifies', async () => {
        const lateId = newId(f.clock.now().getTime()); // its transaction started first…
        const ids = await recordMany(f, 3);
        await sealAll(f.ctx, key);
        f.clock.advance(1000);
        await database.db.insert(auditLog).values({
          id: lateId, // …and commits only now
          occurredAt: new Date(f.clock.now().getTime() - 10_000),
          action: 'orders.order.sold',
          actorType: 'system',
          actorId: 'late',
        });
        expect(lateId < ids[0]!).toBe(true);
        const second = await sealAll(f.ctx, key);
        expect(second.head).toMatchObject({ seq: 2, rowCount: 1 });
        expect((await sealOf(database.db, lateId)).seq).toBe(2);
        expect(await verify()).toMatchObject({ ok: true, sealsChecked: 2, rowsChecked: 4 });
      });

      it('rotates keys: seals stay verifiable with the old key in the ring, and are flagged without it', async () => {
        const k1 = key.keys.get('k1')!;
        await recordMany(f, 2);
        await sealAll(f.ctx, key);
        const rotated = keyRing({ k1, k2: Buffer.alloc(32, 7) }, 'k2');
        await recordMany(f, 2);
        await sealAll(f.ctx, rotated);
        const seals = await database.db.select().from(auditSeals).orderBy(auditSeals.seq);
        expect(seals.map((s) => s.keyId)).toEqual(['k1', 'k2']);
        expect((await verify({}, rotated)).ok).toBe(true);
        const withoutOld = keyRing({ k2: Buffer.alloc(32, 7) }, 'k2');
        const result = await verify({}, withoutOld);
        expect(result.problems.map((p) => [p.kind, p.seq])).toEqual([['seal_altered', 1]]);
        expect(result.problems[0]!.message).toContain('"k1"');
      });
    });

    describe('detects tampering', () => {
      it('an edited row, naming it', async () => {
        const ids = await sealedLog();
        const victim = ids[4]!;
        await database.db.execute(
          sql`update audit_log set details = '{"fields":["nothing"]}' where id = ${victim}`,
        );
        const result = await verify();
        expect(result.ok).toBe(false);
        expect(result.problems.map((p) => [p.kind, p.seq, p.rowId])).toEqual([['row_edited', 2, victim]]);
        expect(result.problems[0]!.message).toContain(victim);
        expect(result.rowsChecked).toBe(10);
      });

      it('an edited time, actor or outcome', async () => {
        const ids = await sealedLog();
        await database.db.execute(
          sql`update audit_log set occurred_at = occurred_at - interval '1 hour' where id = ${ids[0]!}`,
        );
        await database.db.execute(sql`update audit_log set actor_id = 'someone-else' where id = ${ids[5]!}`);
        await database.db.execute(sql`update audit_log set outcome = 'denied' where id = ${ids[9]!}`);
        expect(await kinds()).toEqual([
          ['row_edited', 1, ids[0]],
          ['row_edited', 2, ids[5]],
          ['row_edited', 4, ids[9]],
        ]);
      });

      it('a row deleted from the middle, naming it', async () => {
        const ids = await sealedLog();
        await database.db.delete(auditLog).where(eq(auditLog.id, ids[4]!));
        const result = await verify();
        expect(result.problems.map((p) => [p.kind, p.seq, p.rowId])).toEqual([['row_deleted', 2, ids[4]]]);
        expect(result.problems[0]!.message).toMatch(new RegExp(`Record ${ids[4]}.*deleted`));
      });

      it('the newest row deleted after sealing', async () => {
        const ids = await sealedLog();
        await database.db.delete(auditLog).where(eq(auditLog.id, ids[9]!));
        expect(await kinds()).toEqual([['row_deleted', 4, ids[9]]]);
      });

      it('a row inserted into a sealed block, or moved out of one', async () => {
        const ids = await sealedLog();
        const { id: seal2 } = await sealOf(database.db, ids[3]!);
        const forged = newId();
        await database.db.insert(auditLog).values({
          id: forged,
          occurredAt: new Date('2026-11-26T02:00:04.500Z'),
          action: 'users.user.created',
          actorType: 'system',
          sealId: seal2,
        });
        await database.db.execute(sql`update audit_log set seal_id = null where id = ${ids[7]!}`);
        expect(await kinds()).toEqual([
          ['row_inserted', 2, forged],
          ['row_edited', 3, ids[7]],
        ]);
        // Resealing the moved row does not hide it: its first seal still misses it.
        await sealAll(f.ctx, key);
        expect(await kinds()).toEqual([
          ['row_inserted', 2, forged],
          ['row_edited', 3, ids[7]],
        ]);
      });

      it('the newest seal deleted with its rows: only an anchor reveals it', async () => {
        await sealedLog();
        const anchor: SealHead = (await currentAuditHead(database.db))!;
        const [head] = await database.db.select().from(auditSeals).where(eq(auditSeals.seq, 4));
        await database.db.delete(auditLog).where(eq(auditLog.sealId, head!.id));
        await database.db.delete(auditSeals).where(eq(auditSeals.id, head!.id));

        // Without an anchor the shortened chain is self-consistent: this is NOT detectable.
        expect(await verify()).toMatchObject({ ok: true, sealsChecked: 3, rowsChecked: 9 });

        const withAnchor = await verify({ anchors: [anchor] });
        expect(withAnchor.problems.map((p) => [p.kind, p.seq])).toEqual([['head_missing', 4]]);
        expect(withAnchor.problems[0]!.message).toMatch(/newest seal is 3/);

        // Resealing new rows reuses seq 4 with another hash: still caught by the anchor.
        await recordMany(f, 1);
        await sealAll(f.ctx, key);
        const resealed = await verify({ anchors: [anchor] });
        expect(resealed.problems.map((p) => [p.kind, p.seq])).toEqual([['head_missing', 4]]);
        expect(resealed.problems[0]!.message).toMatch(/now has hash/);

        // Older anchors still match: they are not reported.
        const older = await verify({ anchors: [{ seq: 1, hash: (await sealHashAt(1))! }] });
        expect(older.ok).toBe(true);
      });

      it('the newest seal deleted but its rows left behind', async () => {
        const ids = await sealedLog();
        await database.db.delete(auditSeals).where(eq(auditSeals.seq, 4));
        const result = await verify();
        expect(result.problems.map((p) => [p.kind, p.seq, p.rowId])).toEqual([
          ['seal_missing', null, ids[9]],
        ]);
      });

      it('a seal whose hash or entries were altered', async () => {
        await sealedLog();
        await database.db.execute(sql`update audit_seals set hash = md5('x') || md5('y') where seq = 2`);
        expect(await kinds()).toEqual([
          ['seal_altered', 2, undefined],
          ['chain_broken', 3, undefined],
        ]);
        await resetAudit(database.db);
        const ids = await sealedLog();
        // Dropping an entry and the row it names, so the rows agree with the entries.
        await database.db.execute(
          sql`update audit_seals set entries = entries - 0, row_count = 2 where seq = 3`,
        );
        await database.db.delete(auditLog).where(eq(auditLog.id, ids[6]!));
        expect(await kinds()).toEqual([['seal_altered', 3, undefined]]);
        // A row count that disagrees with the entries.
        await database.db.execute(sql`update audit_seals set row_count = 9 where seq = 1`);
        expect((await kinds())[0]).toEqual(['seal_altered', 1, undefined]);
      });

      it('a middle seal deleted with its rows', async () => {
        await sealedLog();
        const [seal2] = await database.db.select().from(auditSeals).where(eq(auditSeals.seq, 2));
        await database.db.delete(auditLog).where(eq(auditLog.sealId, seal2!.id));
        await database.db.delete(auditSeals).where(eq(auditSeals.id, seal2!.id));
        const result = await verify();
        expect(result.problems.map((p) => [p.kind, p.seq])).toEqual([
          ['seal_missing', 2],
          ['chain_broken', 3],
        ]);
        expect(result.problems[0]!.message).toMatch(/Seal 2 is missing/);
      });

      it('a wrong key: every seal is reported altered', async () => {
        await sealedLog();
        const result = await verify({}, keyRing());
        expect(result.problems.map((p) => [p.kind, p.seq])).toEqual([
          ['seal_altered', 1],
          ['seal_altered', 2],
          ['seal_altered', 3],
          ['seal_altered', 4],
        ]);
      });

      it('lists at most maxProblems and counts the rest', async () => {
        await sealedLog();
        await database.db.execute(sql`update audit_log set details = '{}'`);
        const result = await verify({ maxProblems: 4 });
        expect(result.problems).toHaveLength(4);
        expect(result.problemsOmitted).toBe(6);
        expect(result.ok).toBe(false);
      });
    });

    async function sealHashAt(seq: number): Promise<string | undefined> {
      const [seal] = await database.db.select().from(auditSeals).where(eq(auditSeals.seq, seq));
      return seal?.hash;
    }

    describe('purging under retention', () => {
      it('deletes the rows of whole old seals, leaves a checkpoint, and the rest still verifies', async () => {
        const anchorBefore = async () => (await currentAuditHead(database.db))!;
        const old = await recordMany(f, 6); // 02:00:01 … 02:00:06
        await sealAll(f.ctx, key, { maxRows: 2 }); // seals 1–3
        const early = await anchorBefore();
        f.clock.advance(3600_000);
        const recent = await recordMany(f, 3); // 03:00:07 …
        await sealAll(f.ctx, key, { maxRows: 2 }); // seals 4–5

        // Seal 3 holds rows at 02:00:05–06: a cut at 02:00:05.500 purges seals 1 and 2 only.
        const result = await purgeAuditLog(f.ctx, key, { before: new Date('2026-11-26T02:00:05.500Z') });
        expect(result).toMatchObject({ sealsPurged: 2, rowsPurged: 4, checkpoint: { seq: 6, rowCount: 4 } });
        const left = await database.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id);
        expect(left.map((r) => r.id)).toEqual([...old.slice(4), ...recent]);
        const [checkpoint] = await database.db.select().from(auditSeals).where(eq(auditSeals.seq, 6));
        expect(checkpoint).toMatchObject({ kind: 'checkpoint', rowCount: 4 });
        expect(checkpoint!.entries.slice(0, 2)).toEqual([
          ['purged_through_seq', '2'],
          ['purged_through_hash', await sealHashAt(2)],
        ]);
        const verified = await verify({ anchors: [early] });
        expect(verified).toMatchObject({ ok: true, sealsChecked: 6, rowsChecked: 5, rowsPurged: 4 });

        // Sealing goes on after the checkpoint, and a second purge reaches further.
        await recordMany(f, 1);
        await sealAll(f.ctx, key);
        const again = await purgeAuditLog(f.ctx, key, { before: new Date('2026-11-26T03:00:00Z') });
        expect(again).toMatchObject({ sealsPurged: 1, rowsPurged: 2, checkpoint: { seq: 8 } });
        expect(await verify()).toMatchObject({ ok: true, sealsChecked: 8, rowsChecked: 4, rowsPurged: 6 });
        expect(await purgeAuditLog(f.ctx, key, { before: new Date('2026-11-26T03:00:00Z') })).toEqual({
          checkpoint: null,
          sealsPurged: 0,
          rowsPurged: 0,
        });

        // Tampering with what remains is still caught; so is deleting a row of a seal not purged.
        await database.db.execute(sql`update audit_log set details = '{}' where id = ${recent[0]!}`);
        await database.db.delete(auditLog).where(eq(auditLog.id, recent[2]!));
        expect(await kinds()).toEqual([
          ['row_edited', 4, recent[0]],
          ['row_deleted', 5, recent[2]],
        ]);
      });

      it('cannot be faked: a deleted checkpoint or a forged one exposes the purged rows', async () => {
        await recordMany(f, 4);
        await sealAll(f.ctx, key, { maxRows: 2 });
        f.clock.advance(3600_000);
        await recordMany(f, 1);
        await sealAll(f.ctx, key);
        await purgeAuditLog(f.ctx, key, { before: new Date('2026-11-26T02:30:00Z') });
        expect((await verify()).ok).toBe(true);
        await database.db.execute(
          sql`update audit_seals set entries = '[["purged_through_seq","3"],["purged_through_hash","x"]]' where kind = 'checkpoint'`,
        );
        const forged = await verify();
        expect(forged.problems.map((p) => p.kind)).toEqual([
          'row_deleted',
          'row_deleted',
          'row_deleted',
          'row_deleted',
          'seal_altered',
        ]);
        await database.db.delete(auditSeals).where(eq(auditSeals.kind, 'checkpoint'));
        expect((await verify()).problems.map((p) => p.kind)).toEqual([
          'row_deleted',
          'row_deleted',
          'row_deleted',
          'row_deleted',
        ]);
      });

      it('refuses to purge a seal that does not verify, so a purge never launders tampering', async () => {
        const ids = await recordMany(f, 4);
        await sealAll(f.ctx, key, { maxRows: 2 });
        await database.db.delete(auditLog).where(eq(auditLog.id, ids[1]!));
        await expect(purgeAuditLog(f.ctx, key, { before: new Date('2027-01-01T00:00:00Z') })).rejects.toThrow(
          /seal 1 does not match its rows/,
        );
        expect(await database.db.select({ id: auditLog.id }).from(auditLog)).toHaveLength(3);
        expect(await kinds()).toEqual([['row_deleted', 1, ids[1]]]);
      });
    });

    describe('the audit.seal job', () => {
      it('runs every minute, seals what committed, and reports the new head', async () => {
        await database.db.delete(localJobs).where(eq(localJobs.name, auditJobs.seal));
        const queue = new LocalJobQueue(database.db, { clock: f.clock });
        const heads: SealHead[] = [];
        await registerAuditJobs(queue, database.db, key, (h) => heads.push(h), { clock: f.clock });
        await queue.start();
        try {
          await recordMany(f, 3);
          f.clock.advance(61_000);
          await queue.drain();
          expect(heads).toEqual([expect.objectContaining({ seq: 1, rowCount: 3 })]);
          f.clock.advance(61_000);
          await queue.drain(); // nothing new: no new head
          await recordMany(f, 2);
          f.clock.advance(61_000);
          await queue.drain();
          expect(heads.map((h) => [h.seq, h.rowCount])).toEqual([
            [1, 3],
            [2, 2],
          ]);
          expect(await verify({ anchors: heads })).toMatchObject({ ok: true, rowsChecked: 5 });
        } finally {
          await queue.stop();
        }
      });
    });

    describe('listing', () => {
      it('pages newest first with filters, actor names and the sealed flag', async () => {
        await database.db.delete(users);
        const userId = newId();
        await database.db
          .insert(users)
          .values({ id: userId, loginName: 'wangfang', displayName: '王芳', passwordHash: 'x' });
        const asUser = {
          ...f.ctx,
          actor: { kind: 'user' as const, userId, authSessionId: null, grants: [] },
        };
        const write = async (action: string, outcome?: 'failure' | 'denied', ctx = f.ctx) => {
          f.clock.advance(1000);
          return inTransaction(ctx, (tx) =>
            recordAudit(tx, { action, outcome, target: { type: 'user', id: userId } }),
          );
        };
        const a = await write('auth.login.succeeded', undefined, asUser); // 02:00:01
        const b = await write('auth.login.failed', 'failure'); // 02:00:02
        const c = await write('users.user.created', undefined, asUser); // 02:00:03
        await sealAll(f.ctx, key);
        const d = await write('auth_x.thing.done'); // 02:00:04, unsealed
        const e = await write('auth.logout.done', undefined, asUser); // 02:00:05

        const all = await listAuditLog(f.ctx, {});
        expect(all.entries.map((x) => x.id)).toEqual([e, d, c, b, a]);
        expect(all.nextCursor).toBeNull();
        const first = all.entries.find((x) => x.id === c)!;
        expect(first).toMatchObject({
          occurredAt: '2026-11-26T02:00:03.000Z',
          action: 'users.user.created',
          outcome: 'success',
          actorType: 'user',
          actorId: userId,
          actorName: '王芳 (wangfang)',
          targetType: 'user',
          targetId: userId,
          ip: '10.0.0.7',
          requestId: 'req-1',
          details: {},
          sealed: true,
        });
        expect(all.entries.find((x) => x.id === b)).toMatchObject({ actorName: null, actorType: 'system' });
        expect(all.entries.find((x) => x.id === d)!.sealed).toBe(false);

        // Cursor paging: two at a time, each page continues after the last entry.
        const pages: string[][] = [];
        let before: string | undefined;
        for (;;) {
          const page = await listAuditLog(f.ctx, { limit: 2, before });
          pages.push(page.entries.map((x) => x.id));
          if (!page.nextCursor) break;
          before = page.nextCursor;
        }
        expect(pages).toEqual([[e, d], [c, b], [a]]);

        // Filters. `auth.` is a prefix (and `_` in `auth_x` is no wildcard); `auth.login.failed` exact.
        const ids = async (q: Parameters<typeof listAuditLog>[1]) =>
          (await listAuditLog(f.ctx, q)).entries.map((x) => x.id);
        expect(await ids({ action: 'auth.' })).toEqual([e, b, a]);
        expect(await ids({ action: 'auth.login.failed' })).toEqual([b]);
        expect(await ids({ action: 'auth' })).toEqual([]);
        expect(await ids({ outcome: 'failure' })).toEqual([b]);
        expect(await ids({ actorId: userId })).toEqual([e, c, a]);
        expect(await ids({ targetType: 'user', targetId: userId })).toHaveLength(5);
        expect(await ids({ targetId: 'nobody' })).toEqual([]);
        expect(await ids({ from: '2026-11-26T02:00:02Z', to: '2026-11-26T02:00:04Z' })).toEqual([c, b]);
        expect(await ids({ from: '2026-11-26T10:00:04+08:00' })).toEqual([e, d]);
      });
    });
  });
}
