import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  loadMigrations,
  MigrationChecksumError,
  openDatabase,
  pendingMigrations,
  rows,
  runMigrations,
} from './index';

describe('migration runner (PGlite)', () => {
  it('applies every migration once, in order, and reports none pending afterwards', async () => {
    const handle = await openDatabase({ engine: 'embedded-memory' });
    try {
      const all = loadMigrations().map((m) => m.version);
      expect(await pendingMigrations(handle.db)).toEqual(all);
      const first = await runMigrations(handle.db);
      expect(first.applied).toEqual(all);
      const second = await runMigrations(handle.db);
      expect(second.applied).toEqual([]);
      expect(await pendingMigrations(handle.db)).toEqual([]);
      const ledger = await rows<{ n: number }>(
        handle.db,
        sql`select count(*)::int8 as n from admit_migrations`,
      );
      expect(ledger[0]?.n).toBe(all.length);
    } finally {
      await handle.close();
    }
  });

  it('refuses to run when an applied migration file was edited', async () => {
    const handle = await openDatabase({ engine: 'embedded-memory' });
    try {
      const migrations = loadMigrations();
      await runMigrations(handle.db, { migrations });
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
      await expect(runMigrations(handle.db, { migrations: edited })).rejects.toBeInstanceOf(
        MigrationChecksumError,
      );
    } finally {
      await handle.close();
    }
  });

  it('rolls back a failing migration entirely', async () => {
    const handle = await openDatabase({ engine: 'embedded-memory' });
    try {
      const broken = [
        { version: '9000_ok', checksum: 'a', statements: ['create table t_ok (id int)'] },
        {
          version: '9001_bad',
          checksum: 'b',
          statements: ['create table t_bad (id int)', 'select * from nowhere'],
        },
      ];
      await expect(runMigrations(handle.db, { migrations: broken })).rejects.toThrow();
      const exists = await rows<{ t: string | null }>(handle.db, sql`select to_regclass('t_ok')::text as t`);
      expect(exists[0]?.t).toBeNull();
    } finally {
      await handle.close();
    }
  });
});
