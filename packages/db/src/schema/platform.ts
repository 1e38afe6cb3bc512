// Platform tables: what the server itself needs before any business feature — replayable results of
// money-moving requests, and the job queue used on the embedded engine.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';

/**
 * One row per Idempotency-Key a client sent to a money-moving route. The first request claims the key
 * (state in_progress); its response is stored (completed) and replayed to every retry with the same
 * key and body. A different body under the same key is refused.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: idColumn(),
    /** Who may replay this result: the actor (user, device, API key) plus method and route. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, route and canonical body: the same key with another body is a client bug. */
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'completed'] }).notNull(),
    responseStatus: smallint('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    /** A claim whose process died is taken over after this time instead of blocking the key forever. */
    lockedUntil: utc('locked_until').notNull(),
    createdAt: createdAt(),
    completedAt: utc('completed_at'),
    /** Kept at least as long as any client might retry; swept by a job afterwards. */
    expiresAt: utc('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_scope_key_uq').on(t.scope, t.key),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
    check('idempotency_keys_state_ck', sql`${t.state} in ('in_progress', 'completed')`),
  ],
);

/**
 * The embedded engine's job queue (PostgreSQL servers use pg-boss, which keeps its own schema).
 * Rows survive a restart, so a job sent before a crash still runs.
 */
export const localJobs = pgTable(
  'local_jobs',
  {
    id: idColumn(),
    name: text('name').notNull(),
    data: jsonb('data').$type<unknown>().notNull(),
    state: text('state', { enum: ['created', 'active', 'completed', 'failed'] }).notNull(),
    startAfter: utc('start_after').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    retryLimit: integer('retry_limit').notNull().default(2),
    retryDelaySeconds: integer('retry_delay_seconds').notNull().default(30),
    /** At most one created/active job per singleton key (e.g. one seal run at a time). */
    singletonKey: text('singleton_key'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    startedAt: utc('started_at'),
    finishedAt: utc('finished_at'),
  },
  (t) => [
    index('local_jobs_fetch_idx').on(t.name, t.state, t.startAfter),
    uniqueIndex('local_jobs_singleton_uq')
      .on(t.name, t.singletonKey)
      .where(sql`${t.singletonKey} is not null and ${t.state} in ('created', 'active')`),
  ],
);
