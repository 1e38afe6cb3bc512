// Shared pieces of the audit tests: a seal key ring, a context with a hand-moved clock, and a quick way
// to write audit rows and tamper with them in SQL, as an attacker with database access would.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  fixedClock,
  inTransaction,
  recordAudit,
  systemContext,
  type KeyRing,
  type ServiceContext,
} from '@admit/services';

export function keyRing(keys: Record<string, Buffer> = { k1: randomBytes(32) }, currentId = 'k1'): KeyRing {
  const map = new Map(Object.entries(keys));
  const current = map.get(currentId);
  if (!current) throw new Error(`no key ${currentId}`);
  return { currentId, keys: map, current };
}

export type AuditFixture = {
  ctx: ServiceContext;
  clock: ReturnType<typeof fixedClock>;
};

export function fixture(db: Queryable, start = new Date('2026-11-26T02:00:00Z')): AuditFixture {
  const clock = fixedClock(start);
  return { ctx: systemContext(db, 'test', { clock, requestId: 'req-1', ip: '10.0.0.7' }), clock };
}

/** Writes `n` audit rows, one second apart, each in its own transaction; returns their ids in order. */
export async function recordMany(
  { ctx, clock }: AuditFixture,
  n: number,
  action = 'users.user.updated',
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    clock.advance(1000);
    ids.push(
      await inTransaction(ctx, (tx) =>
        recordAudit(tx, {
          action,
          target: { type: 'user', id: `u${i}` },
          details: { fields: ['displayName'], n: i },
        }),
      ),
    );
  }
  return ids;
}

export async function resetAudit(db: Queryable): Promise<void> {
  await db.execute(sql`delete from audit_log`);
  await db.execute(sql`delete from audit_seals`);
}

export async function sealOf(db: Queryable, rowId: string): Promise<{ seq: number; id: string }> {
  const [found] = await rows<{ seq: number; id: string }>(
    db,
    sql`select s.seq, s.id from audit_log a join audit_seals s on s.id = a.seal_id where a.id = ${rowId}`,
  );
  if (!found) throw new Error(`row ${rowId} is not sealed`);
  return found;
}
