// Concurrent wrong passwords must all count: a burst of guesses from many connections locks the
// account exactly as a slow sequence would. The control test counts with a read-then-write and a
// pause between them, and shows increments being lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '@admit/db';
import { defaultAuthPolicy } from '@admit/domain';
import { login, systemContext, usePasswordHashingCostForTests } from '@admit/services';
import { createTestUser } from '../support/accounts';
import { postgresTestDatabase, type TestDatabase } from '../support/database';

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'login lockout under concurrency (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    beforeAll(async () => {
      usePasswordHashingCostForTests();
      database = await postgresTestDatabase({ poolSize: 12 });
    });
    afterAll(async () => database?.dispose());

    it('counts every one of ten simultaneous wrong guesses, locking once per five', async () => {
      const user = await createTestUser(database.db, { loginName: 'burst' });
      const ctx = systemContext(database.db, 'test');
      const guesses = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          login(
            ctx,
            { loginName: 'burst', password: 'Wrong-Guess-123', userAgent: null, previousToken: null },
            defaultAuthPolicy,
          ),
        ),
      );
      const codes = guesses.map((g) =>
        g.status === 'rejected' ? (g.reason as { code: string }).code : 'ok',
      );
      // Guesses that read the user after the lock committed are refused without counting.
      const counted = codes.filter((c) => c === 'invalid_credentials').length;
      expect(codes.every((c) => c === 'invalid_credentials' || c === 'account_locked')).toBe(true);
      const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
      const locks = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'auth.account.locked'));
      expect(locks.length).toBeGreaterThanOrEqual(1);
      expect(row?.lockedUntil).not.toBeNull();
      // No failure lost: each lock consumed five, the rest are in the count.
      expect(locks.length * 5 + row!.failedLoginCount).toBe(counted);
    });

    it('control: a read-then-write count with a pause loses concurrent failures', async () => {
      const user = await createTestUser(database.db, { loginName: 'naive' });
      const naiveFailure = async () => {
        const [row] = await database.db
          .select({ n: users.failedLoginCount })
          .from(users)
          .where(eq(users.id, user.id));
        await new Promise((r) => setTimeout(r, 100));
        await database.db
          .update(users)
          .set({ failedLoginCount: (row?.n ?? 0) + 1 })
          .where(eq(users.id, user.id));
      };
      await Promise.all(Array.from({ length: 10 }, naiveFailure));
      const [row] = await database.db
        .select({ n: users.failedLoginCount })
        .from(users)
        .where(eq(users.id, user.id));
      expect(row?.n).toBeLessThan(5);
    });
  },
);
