// The sealer: chains committed audit rows into blocks after the fact, so inserting an audit row never
// waits on anything (see record.ts). Each run takes the oldest unsealed rows (in id order), records
// every row's digest in a new seal, and HMACs the seal together with the previous seal's hash, with a
// key kept outside the database (the secrets folder). Editing or deleting a sealed row, or changing a
// seal, then no longer matches; deleting the newest seals is caught through the head anchors written
// to the log (anchors.ts).
//
// Only committed rows are visible to the sealer. A transaction that commits later with an earlier
// UUIDv7 id is simply sealed in a later block: seals do not cover id ranges, they list their rows, and
// verification never assumes id order across seals.
import { createHmac } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditLog, auditSeals, newId, type Queryable } from '@admit/db';
import { inTransaction, type ServiceContext } from '../context';
import type { KeyRing } from '../keys';
import { canonicalJson, digestOf } from './record';

/** Key of the transaction-scoped advisory lock every sealer and purger takes (the migration lock is 7264339041). */
export const AUDIT_SEAL_LOCK_KEY = 7_264_339_057;

/** The prev_hash of seal 1. */
export const GENESIS_HASH = '0'.repeat(64);

export const defaultSealBlockRows = 1000;

/** The newest seal of the chain, as the sealer reports it and the log records it. */
export type SealHead = { seq: number; hash: string; rowCount: number; sealedAt: Date };

export type SealKind = 'block' | 'checkpoint';
export type SealEntries = [string, string][];

/** The columns a row's digest covers: all of its content, never seal_id (set later by the sealer). */
export const auditContentColumns = {
  id: auditLog.id,
  occurredAt: auditLog.occurredAt,
  action: auditLog.action,
  outcome: auditLog.outcome,
  actorType: auditLog.actorType,
  actorId: auditLog.actorId,
  siteId: auditLog.siteId,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  ip: auditLog.ip,
  requestId: auditLog.requestId,
  details: auditLog.details,
};

export type AuditRowContent = {
  id: string;
  occurredAt: Date;
  action: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  siteId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
};

/** SHA-256 (hex) of the canonical JSON of a row's content. */
export function auditRowDigest(row: AuditRowContent): string {
  return digestOf({
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    outcome: row.outcome,
    actorType: row.actorType,
    actorId: row.actorId,
    siteId: row.siteId,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    requestId: row.requestId,
    details: row.details,
  });
}

/** HMAC-SHA256(key, prev_hash ‖ "\n" ‖ seq ‖ "\n" ‖ kind ‖ "\n" ‖ canonical JSON of entries), hex. */
export function sealHash(
  key: Buffer,
  seal: { prevHash: string; seq: number; kind: string; entries: unknown },
): string {
  return createHmac('sha256', key)
    .update(`${seal.prevHash}\n${seal.seq}\n${seal.kind}\n${canonicalJson(seal.entries)}`)
    .digest('hex');
}

/** The newest seal (highest seq), or null before the first one. */
export async function currentAuditHead(db: Queryable): Promise<SealHead | null> {
  const [last] = await db
    .select({
      seq: auditSeals.seq,
      hash: auditSeals.hash,
      rowCount: auditSeals.rowCount,
      sealedAt: auditSeals.sealedAt,
    })
    .from(auditSeals)
    .orderBy(desc(auditSeals.seq))
    .limit(1);
  return last ?? null;
}

/** Serialises sealers and purgers across every app node until the transaction ends (PgBouncer-safe). */
export async function lockAuditChain(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_SEAL_LOCK_KEY})`);
}

/** Appends one seal to the chain (the caller holds the chain lock). */
export async function appendSeal(
  ctx: ServiceContext,
  key: KeyRing,
  seal: { kind: SealKind; entries: SealEntries; rowCount: number },
): Promise<SealHead & { id: string }> {
  const last = await currentAuditHead(ctx.db);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = sealHash(key.current, { prevHash, seq, kind: seal.kind, entries: seal.entries });
  const sealedAt = ctx.clock.now();
  const id = newId(sealedAt.getTime());
  await ctx.db.insert(auditSeals).values({
    id,
    seq,
    kind: seal.kind,
    rowCount: seal.rowCount,
    entries: seal.entries,
    prevHash,
    hash,
    keyId: key.currentId,
    sealedAt,
  });
  return { id, seq, hash, rowCount: seal.rowCount, sealedAt };
}

export type SealOptions = {
  /** Rows per seal (default 1000). */
  maxRows?: number;
  /** Control tests only: skip the advisory lock, and pause after reading, to show the race it prevents. */
  testHooks?: { withoutLock?: boolean; afterRead?: () => Promise<void> };
};

/**
 * Seals up to `maxRows` committed, unsealed rows into one new block seal. Returns its head, or null when
 * nothing was waiting. One sealer at a time across all nodes (advisory lock); inserts of new audit rows
 * never wait for it.
 */
export async function sealAuditLog(
  ctx: ServiceContext,
  key: KeyRing,
  options: SealOptions = {},
): Promise<SealHead | null> {
  const maxRows = options.maxRows ?? defaultSealBlockRows;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError('maxRows must be a positive integer');
  return inTransaction(ctx, async (tx) => {
    if (!options.testHooks?.withoutLock) await lockAuditChain(tx.db);
    const pending = await tx.db
      .select(auditContentColumns)
      .from(auditLog)
      .where(isNull(auditLog.sealId))
      .orderBy(asc(auditLog.id))
      .limit(maxRows);
    if (pending.length === 0) return null;
    await options.testHooks?.afterRead?.();
    const entries: SealEntries = pending.map((row) => [row.id, auditRowDigest(row)]);
    const seal = await appendSeal(tx, key, { kind: 'block', entries, rowCount: entries.length });
    const updated = await tx.db
      .update(auditLog)
      .set({ sealId: seal.id })
      .where(
        and(
          inArray(
            auditLog.id,
            pending.map((r) => r.id),
          ),
          isNull(auditLog.sealId),
        ),
      )
      .returning({ id: auditLog.id });
    if (updated.length !== pending.length) {
      // Only possible when two sealers ran without the lock: roll back rather than seal twice.
      throw new Error(`audit sealer raced: sealed ${updated.length} of ${pending.length} rows`);
    }
    const { id: _id, ...head } = seal;
    return head;
  });
}

export type SealAllResult = {
  /** Seals made by this call. */
  seals: number;
  /** Rows they cover. */
  rows: number;
  /** The newest seal made by this call, or null when nothing was waiting. */
  head: SealHead | null;
};

/** Seals until the backlog seen is empty (stops after a block that was not full). */
export async function sealAll(
  ctx: ServiceContext,
  key: KeyRing,
  options: Omit<SealOptions, 'testHooks'> = {},
): Promise<SealAllResult> {
  const maxRows = options.maxRows ?? defaultSealBlockRows;
  const result: SealAllResult = { seals: 0, rows: 0, head: null };
  for (;;) {
    const head = await sealAuditLog(ctx, key, { maxRows });
    if (!head) break;
    result.seals += 1;
    result.rows += head.rowCount;
    result.head = head;
    if (head.rowCount < maxRows) break;
  }
  return result;
}

/** Rows of one seal, with their content, for verification and purging. */
export async function rowsOfSeal(db: Queryable, sealId: string): Promise<AuditRowContent[]> {
  return db
    .select(auditContentColumns)
    .from(auditLog)
    .where(eq(auditLog.sealId, sealId))
    .orderBy(asc(auditLog.id));
}
