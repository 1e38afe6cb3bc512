// Test databases. `testDatabase()` gives each test file its own migrated database: a copy of the
// PostgreSQL template when TEST_DATABASE_URL is set, else an in-memory PGlite loaded from the migrated
// snapshot. `embeddedTestDatabase()` is always PGlite, for the suite that keeps the default proven.
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type AdmitDatabase } from '@admit/db';
import { createDatabase, dropDatabase } from './postgres';

export type TestDatabase = AdmitDatabase & { url?: string; dispose(): Promise<void> };

let counter = 0;

export function postgresTestUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function embeddedTestDatabase(): Promise<TestDatabase> {
  const snapshot = new Blob([readFileSync(inject('pgliteSnapshotPath'))]);
  const handle = await openDatabase({ engine: 'embedded-memory', snapshot });
  return { ...handle, dispose: () => handle.close() };
}

/** A fresh, migrated PostgreSQL database copied from the template (TEST_DATABASE_URL required). */
export async function postgresTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const url = postgresTestUrl();
  const template = inject('postgresTemplate');
  if (!url || !template) throw new Error('postgresTestDatabase() needs TEST_DATABASE_URL');
  const name = `admit_t_${process.pid}_${Date.now()}_${counter++}`;
  const dbUrl = await createDatabase(url, name, template);
  const handle = await openDatabase({ engine: 'postgresql', url: dbUrl, poolSize: options.poolSize ?? 8 });
  return {
    ...handle,
    url: dbUrl,
    async dispose() {
      await handle.close();
      await dropDatabase(url, name);
    },
  };
}

export async function testDatabase(): Promise<TestDatabase> {
  return postgresTestUrl() ? postgresTestDatabase() : embeddedTestDatabase();
}
