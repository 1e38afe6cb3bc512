// The audit log. Rows are inserted in the same transaction as the change they record and are not
// chained at insert time (so auditing never serializes the sale path); a sealer job later groups
// committed rows into seals, each an HMAC over the previous seal's hash and the rows' digests, keyed
// with a key kept outside the database. Personal data never appears here in plaintext.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, utc } from './columns';

export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    occurredAt: utc('occurred_at').notNull(),
    /** `<area>.<object>.<verb>`, e.g. `users.user.created`, `auth.login.failed`. */
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] })
      .notNull()
      .default('success'),
    actorType: text('actor_type', { enum: ['user', 'device', 'api_key', 'system', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    siteId: uuid('site_id'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    /** What changed: field names, references, and SHA-256 digests of before/after — never raw PII. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The seal that covers this row; null until the sealer reaches it. */
    sealId: uuid('seal_id'),
  },
  (t) => [
    index('audit_log_occurred_idx').on(t.occurredAt),
    index('audit_log_action_idx').on(t.action, t.occurredAt),
    index('audit_log_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_seal_idx').on(t.sealId),
    index('audit_log_unsealed_idx')
      .on(t.id)
      .where(sql`${t.sealId} is null`),
    check('audit_log_outcome_ck', sql`${t.outcome} in ('success', 'failure', 'denied')`),
  ],
);

export const auditSeals = pgTable(
  'audit_seals',
  {
    id: idColumn(),
    /** 1, 2, 3…: the chain's order. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** `block` covers rows; `checkpoint` stands in for rows purged under the retention policy. */
    kind: text('kind', { enum: ['block', 'checkpoint'] }).notNull(),
    rowCount: integer('row_count').notNull(),
    /** [[row id, row digest], …] in id order: lets verification name the row that was changed. */
    entries: jsonb('entries').$type<[string, string][]>().notNull(),
    prevHash: text('prev_hash').notNull(),
    /** HMAC-SHA256(seal key, prev_hash ‖ seq ‖ kind ‖ entries). */
    hash: text('hash').notNull(),
    keyId: text('key_id').notNull(),
    sealedAt: utc('sealed_at').notNull(),
  },
  (t) => [uniqueIndex('audit_seals_seq_uq').on(t.seq)],
);
