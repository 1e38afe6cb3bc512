// openDatabase(): one entry point for both engines. Without DATABASE_URL the product runs on PGlite
// (PostgreSQL in WASM, in this process) under the data folder; with it, on a PostgreSQL server through
// a small node-postgres pool. The schema, migrations and SQL are the same on both.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema/index';
import { INT8_OID, parseInt8 } from './int8';
import { acquireLockFile, type HeldLock } from './lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: what a query needs to run. */
export type Queryable = Db | Tx;

export type DatabaseEngine = 'embedded' | 'postgresql';

export type AdmitDatabase = {
  engine: DatabaseEngine;
  db: Db;
  /** Where the data lives, without credentials: safe to print and log. */
  location: string;
  /** The node-postgres pool (PostgreSQL engine only), for libraries such as pg-boss that want one. */
  pool?: pg.Pool;
  /** The PGlite instance (embedded engine only), for snapshots in tests and backups. */
  pglite?: PGlite;
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { engine: 'postgresql'; url: string; poolSize?: number; applicationName?: string }
  /** A persistent PGlite folder at `${dataDir}/pglite`, held under an exclusive lock file. */
  | { engine: 'embedded'; dataDir: string; purpose?: string }
  /** An in-memory PGlite, optionally loaded from a dump (tests start from a migrated snapshot). */
  | { engine: 'embedded-memory'; snapshot?: Blob | File };

/** A PostgreSQL URL with the password removed, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

const pgliteParsers = { [INT8_OID]: parseInt8 };
// Set globally because drizzle passes its own per-query type parsers, which fall back to pg's global
// ones and so would bypass a pool-level setting.
pg.types.setTypeParser(INT8_OID, parseInt8);

export async function openDatabase(options: OpenDatabaseOptions): Promise<AdmitDatabase> {
  switch (options.engine) {
    case 'postgresql':
      return openPostgres(options.url, options.poolSize ?? 8, options.applicationName ?? 'admit');
    case 'embedded':
      return openEmbedded(options.dataDir, options.purpose ?? 'admit');
    case 'embedded-memory': {
      const pglite = await PGlite.create({
        parsers: pgliteParsers,
        ...(options.snapshot ? { loadDataDir: options.snapshot } : {}),
      });
      return {
        engine: 'embedded',
        db: drizzlePglite({ client: pglite, schema }) as unknown as Db,
        location: 'memory',
        pglite,
        close: () => pglite.close(),
      };
    }
  }
}

async function openPostgres(url: string, poolSize: number, applicationName: string): Promise<AdmitDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  // Fail fast with a clear message when the server is unreachable or the credentials are wrong.
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to PostgreSQL at ${redactDatabaseUrl(url)}: ${reason}`, { cause: error });
  });
  client.release();
  return {
    engine: 'postgresql',
    db: drizzleNodePg({ client: pool, schema }) as unknown as Db,
    location: redactDatabaseUrl(url),
    pool,
    close: () => pool.end(),
  };
}

async function openEmbedded(dataDir: string, purpose: string): Promise<AdmitDatabase> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const folder = join(root, 'pglite');
  const lock: HeldLock = acquireLockFile(join(root, 'pglite.lock'), purpose);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(folder, { parsers: pgliteParsers });
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    engine: 'embedded',
    db: drizzlePglite({ client: pglite, schema }) as unknown as Db,
    location: folder,
    pglite,
    async close() {
      try {
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
