// `admit audit verify`: walks the seal chain in seq order, a page of seals at a time (never the whole
// log in memory), and for each seal checks its HMAC, its link to the seal before it, and its rows
// against the digests it lists. Head anchors copied out of the database (the log, the anchors file)
// catch what the chain alone cannot: deletion of the newest seals together with their rows.
//
// What is not detectable: rows deleted or changed before the sealer reached them (at most about a
// minute with the `audit.seal` job), and, without an anchor newer than them, the newest seals deleted
// along with their rows. Rows whose seal is at or before a valid checkpoint (purge.ts) may be missing:
// they were purged under the retention policy.
import { inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { auditLog, isUuid, rows, type Queryable } from '@admit/db';
import type { KeyRing } from '../keys';
import { checkpointSeals, parseCheckpointEntries, sealAuthentic, sealsAfter, type StoredSeal } from './purge';
import { auditRowDigest, GENESIS_HASH, rowsOfSeal, sealHash } from './seal';

export type AuditProblemKind =
  /** A sealed row's content no longer matches its digest (or its seal_id was changed). */
  | 'row_edited'
  /** A row a seal lists is gone. */
  | 'row_deleted'
  /** A row claims a seal that does not list it. */
  | 'row_inserted'
  /** A seal does not match its HMAC, names an unknown key, or its row count disagrees with its entries. */
  | 'seal_altered'
  /** A gap in the seq numbers, or rows that claim a seal which does not exist. */
  | 'seal_missing'
  /** A seal's prev_hash is not the previous seal's hash. */
  | 'chain_broken'
  /** An anchor is beyond the newest seal, or the seal at its seq has another hash. */
  | 'head_missing';

export type AuditProblem = {
  kind: AuditProblemKind;
  /** The seal concerned; null for rows claiming a seal that does not exist. */
  seq: number | null;
  rowId?: string;
  /** One line for an operator, naming the record or seal. */
  message: string;
};

/** A head the log recorded: `audit-head seq=… hash=… at=…` (anchors.ts). */
export type AuditAnchor = { seq: number; hash: string; sealedAt?: Date | null };

export type AuditVerification = {
  ok: boolean;
  sealsChecked: number;
  /** Rows present in the database and compared with their seal. */
  rowsChecked: number;
  unsealedRows: number;
  /** Rows missing from seals covered by a valid checkpoint: purged under the retention policy. */
  rowsPurged: number;
  /** In chain order; rows claiming a deleted seal and anchors beyond the head come last. */
  problems: AuditProblem[];
  /** Problems found beyond `maxProblems` and not listed. */
  problemsOmitted: number;
};

export type VerifyOptions = {
  /** Heads seen in logs or the anchors file. */
  anchors?: AuditAnchor[];
  /** Seals read per query (default 200). */
  pageSize?: number;
  /** Problems listed at most (default 10 000); the rest are counted. */
  maxProblems?: number;
};

const short = (hash: string) => hash.slice(0, 16);

function entryMap(entries: unknown): Map<string, string> | null {
  if (!Array.isArray(entries)) return null;
  const map = new Map<string, string>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) return null;
    const [id, digest] = entry as unknown[];
    if (typeof id !== 'string' || typeof digest !== 'string') return null;
    map.set(id, digest);
  }
  return map;
}

/**
 * Verifies the whole audit log against the seal key ring. Runs in one repeatable-read, read-only
 * transaction (a consistent snapshot while sealers and purges go on), or inside the caller's.
 */
export async function verifyAuditLog(
  db: Queryable,
  key: KeyRing,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  if (db instanceof PgTransaction) return verifyIn(db, key, options);
  return db.transaction((tx) => verifyIn(tx, key, options), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function verifyIn(q: Queryable, key: KeyRing, options: VerifyOptions): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 200;
  const maxProblems = options.maxProblems ?? 10_000;
  const problems: AuditProblem[] = [];
  let problemsOmitted = 0;
  const report = (problem: AuditProblem) => {
    if (problems.length < maxProblems) problems.push(problem);
    else problemsOmitted += 1;
  };

  // Checkpoints first: they tell which seals' rows were purged. Only authentic ones count.
  let purgedThrough = 0;
  const vouched = new Map<number, { hash: string; by: number }>();
  for (const checkpoint of await checkpointSeals(q)) {
    const claim = parseCheckpointEntries(checkpoint.entries);
    if (!claim || !sealAuthentic(key, checkpoint) || claim.throughSeq >= checkpoint.seq) continue;
    purgedThrough = Math.max(purgedThrough, claim.throughSeq);
    vouched.set(claim.throughSeq, { hash: claim.throughHash, by: checkpoint.seq });
  }

  const anchorsBySeq = new Map<number, AuditAnchor[]>();
  for (const anchor of options.anchors ?? []) {
    const list = anchorsBySeq.get(anchor.seq) ?? [];
    if (!list.some((a) => a.hash === anchor.hash)) list.push(anchor);
    anchorsBySeq.set(anchor.seq, list);
  }

  let lastSeq = 0;
  let prevHash = GENESIS_HASH;
  let sealsChecked = 0;
  let rowsChecked = 0;
  let rowsPurged = 0;
  for (;;) {
    const page = await sealsAfter(q, lastSeq, pageSize);
    if (page.length === 0) break;
    for (const seal of page) {
      rowsChecked += await checkSeal(seal);
      sealsChecked += 1;
      lastSeq = seal.seq;
      prevHash = seal.hash;
    }
  }

  for (const [seq, anchors] of anchorsBySeq) {
    if (seq <= lastSeq) continue;
    for (const anchor of anchors) {
      report({
        kind: 'head_missing',
        seq,
        message:
          `The log recorded seal ${seq} (hash ${short(anchor.hash)}…${anchor.sealedAt ? `, sealed ${anchor.sealedAt.toISOString()}` : ''}) ` +
          `as the head, but the newest seal is ${lastSeq === 0 ? 'none' : lastSeq}: the newest seals and the records they covered were deleted.`,
      });
    }
  }

  const orphans = await rows<{ seal_id: string; n: number; first_id: string }>(
    q,
    sql`select a.seal_id::text as seal_id, count(*)::int8 as n, min(a.id::text) as first_id
        from audit_log a
        where a.seal_id is not null and not exists (select 1 from audit_seals s where s.id = a.seal_id)
        group by a.seal_id order by min(a.id::text)`,
  );
  for (const orphan of orphans) {
    report({
      kind: 'seal_missing',
      seq: null,
      rowId: orphan.first_id,
      message:
        `Record ${orphan.first_id}${orphan.n > 1 ? ` and ${orphan.n - 1} other record(s)` : ''} claim seal ` +
        `${orphan.seal_id}, which does not exist: the seal was deleted.`,
    });
  }

  const [unsealed] = await rows<{ n: number }>(
    q,
    sql`select count(*)::int8 as n from audit_log where seal_id is null`,
  );
  return {
    ok: problems.length === 0 && problemsOmitted === 0,
    sealsChecked,
    rowsChecked,
    unsealedRows: unsealed?.n ?? 0,
    rowsPurged,
    problems,
    problemsOmitted,
  };

  /** Checks one seal and its rows; returns how many rows it compared. */
  async function checkSeal(seal: StoredSeal): Promise<number> {
    const { seq } = seal;
    const expectedSeq = lastSeq + 1;
    const gap = seq > expectedSeq;
    if (gap) {
      report({
        kind: 'seal_missing',
        seq: expectedSeq,
        message:
          seq - 1 === expectedSeq
            ? `Seal ${expectedSeq} is missing: the chain goes from ${lastSeq === 0 ? 'its start' : `seal ${lastSeq}`} to seal ${seq}.`
            : `Seals ${expectedSeq}–${seq - 1} are missing: the chain goes from ${lastSeq === 0 ? 'its start' : `seal ${lastSeq}`} to seal ${seq}.`,
      });
    }
    if (seal.prevHash !== prevHash) {
      report({
        kind: 'chain_broken',
        seq,
        message:
          lastSeq === 0
            ? `Seal ${seq} is the first seal but does not start the chain (prev_hash ${short(seal.prevHash)}…).`
            : `Seal ${seq} does not follow seal ${lastSeq}: its prev_hash ${short(seal.prevHash)}… is not seal ${lastSeq}'s hash ${short(prevHash)}…${gap ? ' (the seals between were deleted)' : ''}.`,
      });
    }
    const signingKey = key.keys.get(seal.keyId);
    if (!signingKey) {
      report({
        kind: 'seal_altered',
        seq,
        message: `Seal ${seq} names key "${seal.keyId}", which the audit seal key ring lacks: the seal was altered, or an old key is missing from the key file.`,
      });
    } else if (sealHash(signingKey, seal) !== seal.hash) {
      report({
        kind: 'seal_altered',
        seq,
        message: `Seal ${seq} (sealed ${seal.sealedAt.toISOString()}) was altered: its hash does not match its content under key "${seal.keyId}" (or that key is not the one it was sealed with).`,
      });
    }
    const listed = entryMap(seal.entries);
    if (!listed) {
      report({ kind: 'seal_altered', seq, message: `Seal ${seq} has malformed entries.` });
    } else if (seal.kind === 'block' && seal.rowCount !== listed.size) {
      report({
        kind: 'seal_altered',
        seq,
        message: `Seal ${seq} says it covers ${seal.rowCount} records but lists ${listed.size}.`,
      });
    }
    const claim = vouched.get(seq);
    if (claim && claim.hash !== seal.hash) {
      report({
        kind: 'chain_broken',
        seq,
        message: `Checkpoint seal ${claim.by} vouches for seal ${seq} with hash ${short(claim.hash)}…, but seal ${seq} has hash ${short(seal.hash)}….`,
      });
    }
    for (const anchor of anchorsBySeq.get(seq) ?? []) {
      if (anchor.hash === seal.hash) continue;
      report({
        kind: 'head_missing',
        seq,
        message: `The log recorded seal ${seq} with hash ${short(anchor.hash)}…, but seal ${seq} now has hash ${short(seal.hash)}…: the seals from ${seq} on were replaced (the newest deleted and the chain resealed, or this one altered).`,
      });
    }

    // A checkpoint's entries describe a purge, not rows: no row may claim one.
    const pending = (seal.kind === 'block' ? listed : null) ?? new Map<string, string>();
    const present = await rowsOfSeal(q, seal.id);
    for (const row of present) {
      const expected = pending.get(row.id);
      if (expected === undefined) {
        report({
          kind: 'row_inserted',
          seq,
          rowId: row.id,
          message: `Record ${row.id} (${row.action}, ${row.occurredAt.toISOString()}) claims seal ${seq}, which does not list it: it was inserted or moved into the sealed log.`,
        });
        continue;
      }
      pending.delete(row.id);
      if (auditRowDigest(row) !== expected) {
        report({
          kind: 'row_edited',
          seq,
          rowId: row.id,
          message: `Record ${row.id} (${row.action}, ${row.occurredAt.toISOString()}) was edited after seal ${seq} covered it: its content no longer matches the sealed digest.`,
        });
      }
    }
    if (pending.size > 0) {
      if (seal.kind === 'block' && seq <= purgedThrough) rowsPurged += pending.size;
      else await reportMissing(seal, [...pending.keys()]);
    }
    return present.length;
  }

  async function reportMissing(seal: StoredSeal, ids: string[]): Promise<void> {
    const elsewhere = new Map<string, string | null>();
    const valid = ids.filter(isUuid);
    for (let i = 0; i < valid.length; i += 500) {
      const found = await q
        .select({ id: auditLog.id, sealId: auditLog.sealId })
        .from(auditLog)
        .where(inArray(auditLog.id, valid.slice(i, i + 500)));
      for (const row of found) elsewhere.set(row.id, row.sealId);
    }
    for (const id of ids) {
      if (elsewhere.has(id)) {
        const now = elsewhere.get(id);
        report({
          kind: 'row_edited',
          seq: seal.seq,
          rowId: id,
          message: `Record ${id}, sealed in seal ${seal.seq}, was moved: it now ${now ? `claims seal ${now}` : 'claims to be unsealed'}.`,
        });
      } else {
        report({
          kind: 'row_deleted',
          seq: seal.seq,
          rowId: id,
          message: `Record ${id}, sealed in seal ${seal.seq} on ${seal.sealedAt.toISOString()}, is missing: it was deleted.`,
        });
      }
    }
  }
}
