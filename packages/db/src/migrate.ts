// The migration runner. drizzle-kit writes the SQL files; this applies them, forward-only, in one
// transaction under a transaction-scoped advisory lock, so two app nodes starting at once never race
// (drizzle's own migrate() reads the applied list outside its transaction) and PgBouncer in
// transaction mode is fine (no session-level locks).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db, Queryable } from './open';
import { rows } from './query';

export const migrationsFolder = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Arbitrary constant shared by every Admit node: the key of the migration advisory lock. */
const MIGRATION_LOCK_KEY = 7_264_339_041;

export type Migration = { version: string; statements: string[]; checksum: string };

type Journal = { entries: { idx: number; tag: string }[] };

export function loadMigrations(folder: string = migrationsFolder): Migration[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(`${folder}/${tag}.sql`, 'utf8');
      return {
        version: tag,
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      };
    });
}

export class MigrationChecksumError extends Error {
  constructor(version: string) {
    super(
      `Migration ${version} was changed after it was applied to this database. Migrations are ` +
        `forward-only: restore the file and add a new migration instead.`,
    );
    this.name = 'MigrationChecksumError';
  }
}

async function ensureLedger(q: Queryable): Promise<void> {
  await q.execute(sql`
    create table if not exists admit_migrations (
      version text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
}

async function appliedVersions(q: Queryable): Promise<Map<string, string>> {
  const applied = await rows<{ version: string; checksum: string }>(
    q,
    sql`select version, checksum from admit_migrations`,
  );
  return new Map(applied.map((row) => [row.version, row.checksum]));
}

export type MigrationReport = { applied: string[]; alreadyApplied: number };

export type MigrationTestHooks = {
  /** Control tests only: run without the advisory lock to show the race it prevents. */
  withoutLock?: boolean;
  /** Control tests only: a pause between reading the applied list and applying. */
  afterRead?: () => Promise<void>;
};

export async function runMigrations(
  db: Db,
  options: {
    migrations?: Migration[];
    onApply?: (version: string) => void;
    testHooks?: MigrationTestHooks;
  } = {},
): Promise<MigrationReport> {
  const migrations = options.migrations ?? loadMigrations();
  const hooks = options.testHooks ?? {};
  return db.transaction(async (tx) => {
    if (!hooks.withoutLock) await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await ensureLedger(tx);
    const done = await appliedVersions(tx);
    await hooks.afterRead?.();
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = done.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) throw new MigrationChecksumError(migration.version);
        continue;
      }
      options.onApply?.(migration.version);
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into admit_migrations (version, checksum) values (${migration.version}, ${migration.checksum})`,
      );
      applied.push(migration.version);
    }
    return { applied, alreadyApplied: done.size };
  });
}

/** Versions in the migrations folder not yet applied to this database (readiness, `admit doctor`). */
export async function pendingMigrations(
  db: Queryable,
  migrations: Migration[] = loadMigrations(),
): Promise<string[]> {
  const exists = await rows<{ present: boolean }>(
    db,
    sql`select to_regclass('admit_migrations') is not null as present`,
  );
  if (!exists[0]?.present) return migrations.map((m) => m.version);
  const done = await appliedVersions(db);
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
}
