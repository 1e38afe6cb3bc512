// Purging old audit rows under the retention policy (audit logs are kept 6+ months; the caller
// chooses `before`), without breaking the chain or hiding tampering.
//
// The choice: a purge deletes the *rows* of the oldest whole seals and keeps those seals. Their
// entries (row id + digest) are small and still prove the chain, so every seal keeps verifying and
// the head anchors written to the log stay valid (nothing is re-hashed; re-hashing would let whoever
// holds the key rewrite history). The purge then appends one `checkpoint` seal to the chain, HMACed
// and chained like any seal, whose entries say how far the purge went:
//
//   [["purged_through_seq", "<seq>"], ["purged_through_hash", "<that seal's hash>"], ["purged_before", "<iso>"]]
//
// (row_count = number of rows purged). Verification reads the checkpoints first; rows missing from a
// block seal at or before a valid checkpoint's `purged_through_seq` count as purged, not deleted. A
// checkpoint cannot be forged without the key, so an attacker cannot pass a deletion off as a purge;
// rows of later seals, and any rows still present in purged seals, are checked as usual.
//
// Only a prefix of the chain is purged: seals in seq order while all of a seal's rows are older than
// `before` (the first seal holding a newer row stops the purge, so a late-committed old row only delays
// its neighbours' purge). A purge never certifies tampering: every seal it purges must verify first
// (HMAC, chain link, and its rows exactly as sealed), otherwise it refuses and names the seal.
import { asc, eq, gt, inArray } from 'drizzle-orm';
import { auditLog, auditSeals, type Queryable } from '@admit/db';
import { inTransaction, type ServiceContext } from '../context';
import type { KeyRing } from '../keys';
import {
  appendSeal,
  auditRowDigest,
  GENESIS_HASH,
  lockAuditChain,
  rowsOfSeal,
  sealHash,
  type SealEntries,
  type SealHead,
} from './seal';

export type CheckpointClaim = { throughSeq: number; throughHash: string };

/** Reads a checkpoint seal's entries; null when they are not in the checkpoint shape. */
export function parseCheckpointEntries(entries: unknown): CheckpointClaim | null {
  if (!Array.isArray(entries)) return null;
  const fields = new Map<string, string>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return null;
    const [name, value] = entry as unknown[];
    if (typeof name !== 'string' || typeof value !== 'string') return null;
    fields.set(name, value);
  }
  const seq = fields.get('purged_through_seq');
  const hash = fields.get('purged_through_hash');
  if (!seq || !/^\d{1,15}$/.test(seq) || !hash) return null;
  return { throughSeq: Number(seq), throughHash: hash };
}

const sealColumns = {
  id: auditSeals.id,
  seq: auditSeals.seq,
  kind: auditSeals.kind,
  rowCount: auditSeals.rowCount,
  entries: auditSeals.entries,
  prevHash: auditSeals.prevHash,
  hash: auditSeals.hash,
  keyId: auditSeals.keyId,
  sealedAt: auditSeals.sealedAt,
};

export type StoredSeal = {
  id: string;
  seq: number;
  kind: 'block' | 'checkpoint';
  rowCount: number;
  entries: unknown;
  prevHash: string;
  hash: string;
  keyId: string;
  sealedAt: Date;
};

/** Seals after `afterSeq`, in seq order, one page at a time. */
export async function sealsAfter(db: Queryable, afterSeq: number, limit: number): Promise<StoredSeal[]> {
  return db
    .select(sealColumns)
    .from(auditSeals)
    .where(gt(auditSeals.seq, afterSeq))
    .orderBy(asc(auditSeals.seq))
    .limit(limit);
}

export async function checkpointSeals(db: Queryable): Promise<StoredSeal[]> {
  return db
    .select(sealColumns)
    .from(auditSeals)
    .where(eq(auditSeals.kind, 'checkpoint'))
    .orderBy(asc(auditSeals.seq));
}

/** True when the seal's stored hash is its HMAC under the key it names. */
export function sealAuthentic(key: KeyRing, seal: StoredSeal): boolean {
  const k = key.keys.get(seal.keyId);
  return k !== undefined && sealHash(k, seal) === seal.hash;
}

export type PurgeOptions = {
  /** Purge seals whose rows all occurred before this time. */
  before: Date;
  /** At most this many seals per call (default 1000, about a million rows); call again for more. */
  maxSeals?: number;
};

export type PurgeResult = { checkpoint: SealHead | null; sealsPurged: number; rowsPurged: number };

export async function purgeAuditLog(
  ctx: ServiceContext,
  key: KeyRing,
  options: PurgeOptions,
): Promise<PurgeResult> {
  const maxSeals = options.maxSeals ?? 1000;
  const before = options.before.getTime();
  return inTransaction(ctx, async (tx) => {
    await lockAuditChain(tx.db);
    let cursor = 0;
    let prevHash = GENESIS_HASH;
    for (const checkpoint of await checkpointSeals(tx.db)) {
      const claim = parseCheckpointEntries(checkpoint.entries);
      if (!claim || !sealAuthentic(key, checkpoint)) {
        throw new Error(
          `cannot purge: checkpoint seal ${checkpoint.seq} does not verify; run \`admit audit verify\``,
        );
      }
      if (claim.throughSeq > cursor) {
        cursor = claim.throughSeq;
        prevHash = claim.throughHash;
      }
    }
    const purged: StoredSeal[] = [];
    let rowsPurged = 0;
    let done = false;
    while (!done) {
      const page = await sealsAfter(tx.db, cursor, 200);
      if (page.length === 0) break;
      for (const seal of page) {
        const refuse = (why: string) =>
          new Error(`cannot purge: seal ${seal.seq} ${why}; run \`admit audit verify\``);
        if (seal.seq !== cursor + 1) throw refuse(`follows seal ${cursor} (seals are missing)`);
        if (seal.prevHash !== prevHash) throw refuse('does not chain to the seal before it');
        if (!sealAuthentic(key, seal)) throw refuse('does not match its HMAC');
        if (seal.kind === 'block') {
          if (purged.length >= maxSeals) {
            done = true;
            break;
          }
          const rows = await rowsOfSeal(tx.db, seal.id);
          if (rows.some((row) => row.occurredAt.getTime() >= before)) {
            done = true;
            break;
          }
          const entries = new Map(seal.entries as SealEntries);
          const intact =
            rows.length === entries.size &&
            seal.rowCount === entries.size &&
            rows.every((row) => entries.get(row.id) === auditRowDigest(row));
          if (!intact) throw refuse('does not match its rows');
          purged.push(seal);
          rowsPurged += rows.length;
        }
        cursor = seal.seq;
        prevHash = seal.hash;
      }
    }
    const last = purged.at(-1);
    if (!last) return { checkpoint: null, sealsPurged: 0, rowsPurged: 0 };
    for (let i = 0; i < purged.length; i += 500) {
      const ids = purged.slice(i, i + 500).map((s) => s.id);
      await tx.db.delete(auditLog).where(inArray(auditLog.sealId, ids));
    }
    const entries: SealEntries = [
      ['purged_through_seq', String(last.seq)],
      ['purged_through_hash', last.hash],
      ['purged_before', options.before.toISOString()],
    ];
    const { id: _id, ...checkpoint } = await appendSeal(tx, key, {
      kind: 'checkpoint',
      entries,
      rowCount: rowsPurged,
    });
    return { checkpoint, sealsPurged: purged.length, rowsPurged };
  });
}
