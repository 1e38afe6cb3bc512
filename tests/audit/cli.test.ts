// `admit audit seal` and `admit audit verify` as an operator runs them, on an embedded data folder.
// The test process writes audit rows through the services (holding the database's exclusive lock only
// while it does), then hands the folder to the CLI.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type AdmitDatabase } from '@admit/db';
import { loadSecrets } from '@admit/server';
import { appendAnchor, auditAnchorsPath, sealAll } from '@admit/services';
import { runCli } from '../support/cli';
import { fixture, recordMany } from './helpers';

describe('admit audit (CLI, embedded)', () => {
  const root = mkdtempSync(join(tmpdir(), 'admit-audit-cli-'));
  const env = { ADMIT_DATA_DIR: join(root, 'data'), ADMIT_SECRETS_DIR: join(root, 'secrets') };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function withDatabase<T>(fn: (database: AdmitDatabase) => Promise<T>): Promise<T> {
    const database = await openDatabase({
      engine: 'embedded',
      dataDir: env.ADMIT_DATA_DIR,
      purpose: 'audit test',
    });
    try {
      return await fn(database);
    } finally {
      await database.close(); // the lock is exclusive: release it before the CLI runs
    }
  }

  it('seals, verifies an intact log (exit 0), and fails naming an edited record (exit 2)', async () => {
    const [generated, migrated] = await Promise.all([
      runCli(['secrets', 'generate'], env),
      // migrate waits for nothing but its own lock; secrets generate never touches the database.
      runCli(['migrate'], env),
    ]);
    expect([generated.code, migrated.code, migrated.stderr]).toEqual([0, 0, '']);
    const key = loadSecrets(env.ADMIT_SECRETS_DIR, { generateMissing: false }).secrets.auditSeal;

    const ids = await withDatabase(async ({ db }) => {
      const f = fixture(db);
      const first = await recordMany(f, 3);
      const { head } = await sealAll(f.ctx, key);
      appendAnchor(auditAnchorsPath(env.ADMIT_DATA_DIR), head!);
      return [...first, ...(await recordMany(f, 2))]; // two left for `admit audit seal`
    });

    const sealed = await runCli(['audit', 'seal'], env);
    expect(sealed.stderr).toBe('');
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toMatch(
      /^Sealed 2 records in 1 seal\.\naudit-head seq=2 hash=[0-9a-f]{64} at=\S+\n/,
    );
    const anchorsFile = readFileSync(auditAnchorsPath(env.ADMIT_DATA_DIR), 'utf8');
    expect(anchorsFile.match(/^audit-head seq=\d+/gm)).toEqual(['audit-head seq=1', 'audit-head seq=2']);

    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.stderr).toBe('');
    expect(ok.stdout.split('\n')[0]).toBe('Verified 2 seals covering 5 records; 0 records not sealed yet.');
    expect(ok.stdout).toContain('Compared with 2 head anchors');
    expect(ok.code).toBe(0);

    const victim = ids[3]!;
    await withDatabase(({ db }) =>
      db.execute(sql`update audit_log set details = '{"fields":["forged"]}' where id = ${victim}`),
    );
    const failed = await runCli(['audit', 'verify'], env);
    expect(failed.code).toBe(2);
    const lines = failed.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^FAILED: Record ${victim} .*was edited after seal 2`));
    expect(lines[1]).toBe('1 problem found:');
    expect(failed.stdout).toContain(`[row_edited] Record ${victim}`);
  }, 120_000); // five CLI runs of a few seconds each
});
