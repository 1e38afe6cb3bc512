// Runs once before the node test project: builds the migrated database snapshots that test files
// clone, so no test migrates afresh. PGlite: a dump of a migrated in-memory instance. PostgreSQL (when
// TEST_DATABASE_URL is set): a migrated template database that each test file copies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, runMigrations } from '@admit/db';
import { adminUrl, dropDatabase, quoteIdent } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshotPath: string;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const folder = mkdtempSync(join(tmpdir(), 'admit-test-'));
  const embedded = await openDatabase({ engine: 'embedded-memory' });
  await runMigrations(embedded.db);
  const dump = await embedded.pglite!.dumpDataDir('none');
  const snapshotPath = join(folder, 'migrated.tar');
  writeFileSync(snapshotPath, Buffer.from(await dump.arrayBuffer()));
  await embedded.close();
  project.provide('pgliteSnapshotPath', snapshotPath);

  let template: string | null = null;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    template = `admit_tpl_${process.pid}_${Date.now()}`;
    const admin = await openDatabase({ engine: 'postgresql', url: adminUrl(url), poolSize: 1 });
    await admin.pool!.query(`create database ${quoteIdent(template)}`);
    const target = new URL(url);
    target.pathname = `/${template}`;
    const fresh = await openDatabase({ engine: 'postgresql', url: target.toString(), poolSize: 1 });
    await runMigrations(fresh.db);
    await fresh.close();
    await admin.close();
  }
  project.provide('postgresTemplate', template);
  console.log(
    `[test setup] migrated snapshots ready in ${Date.now() - started} ms ` +
      (url ? `(PGlite + PostgreSQL template ${template})` : '(PGlite only; TEST_DATABASE_URL not set)'),
  );

  return async () => {
    rmSync(folder, { recursive: true, force: true });
    if (url && template) await dropDatabase(url, template);
  };
}
