// The `admit` command as an operator meets it: help on every command, clear refusals, and an embedded
// database that a second process can never open behind the server's back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '@admit/db';
import { runCli } from '../support/cli';

const folders = () => {
  const root = mkdtempSync(join(tmpdir(), 'admit-cli-'));
  return { root, ADMIT_DATA_DIR: join(root, 'data'), ADMIT_SECRETS_DIR: join(root, 'secrets') };
};

// Each test starts Node processes (tsx, PGlite): generous timeouts for a busy two-core CI machine.
describe('admit CLI', { timeout: 120_000 }, () => {
  it('has --help on every command', async () => {
    const top = await runCli(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of ['start', 'migrate', 'version', 'secrets', 'user', 'audit', 'seed']) {
      expect(top.stdout).toContain(command);
    }
    const subcommands = [
      ['start'],
      ['migrate'],
      ['version'],
      ['secrets', 'generate'],
      ['user', 'create'],
      ['user', 'reset-password'],
      ['audit', 'verify'],
      ['audit', 'seal'],
      ['seed', 'demo'],
    ];
    // Two at a time: each is a Node process with tsx, and CI has two cores.
    const results = [];
    for (let i = 0; i < subcommands.length; i += 2) {
      results.push(
        ...(await Promise.all(subcommands.slice(i, i + 2).map((c) => runCli([...c, '--help'], {})))),
      );
    }
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: admit/);
    }
  });

  it('prints its version', async () => {
    const r = await runCli(['version'], {});
    expect(r.stdout).toMatch(/^admit \d+\.\d+\.\d+ \(node 2\d\./);
  });

  it('stops on a bad configuration value with one line naming the variable', async () => {
    const { ADMIT_DATA_DIR, ADMIT_SECRETS_DIR } = folders();
    const r = await runCli(['start', '--no-build'], {
      ADMIT_PORT: 'eighty',
      ADMIT_DATA_DIR,
      ADMIT_SECRETS_DIR,
    });
    expect(r.code).toBe(78);
    expect(r.stderr.trim().split('\n')).toEqual([
      'Configuration error: ADMIT_PORT must be a whole number from 0 to 65535 (got "eighty")',
    ]);
  });

  it('refuses to open the embedded database another process holds, and leaves it intact', async () => {
    const env = folders();
    const holder = await openDatabase({
      engine: 'embedded',
      dataDir: env.ADMIT_DATA_DIR,
      purpose: 'test holder',
    });
    try {
      await holder.db.execute(sql`create table kept (n int)`);
      await holder.db.execute(sql`insert into kept values (42)`);
      const r = await runCli(['migrate'], env);
      expect(r.code).toBe(75);
      expect(r.stderr).toContain(`in use by process ${process.pid}`);
      expect(r.stderr).toContain('test holder');
      const kept = await rows<{ n: number }>(holder.db, sql`select n from kept`);
      expect(kept).toEqual([{ n: 42 }]);
    } finally {
      await holder.close();
    }
    const after = await runCli(['migrate'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Applied \d+ migration/);
    const reopened = await openDatabase({ engine: 'embedded', dataDir: env.ADMIT_DATA_DIR });
    try {
      expect(await rows<{ n: number }>(reopened.db, sql`select n from kept`)).toEqual([{ n: 42 }]);
    } finally {
      await reopened.close();
    }
  });

  it('creates a user and resets a password from the console, printing the one-time password once', async () => {
    const env = folders();
    expect((await runCli(['secrets', 'generate'], env)).code).toBe(0);
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const created = await runCli(
      ['user', 'create', '--login', 'window3', '--name', '三号窗口', '--role', 'seller', 'finance'],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/Created user window3 \(finance, seller\)/);
    const first = /one-time password: (\S+)/.exec(created.stdout)?.[1];
    expect(first).toBeDefined();
    const reset = await runCli(['user', 'reset-password', 'WINDOW3'], env);
    const second = /New one-time password for WINDOW3: (\S+)/.exec(reset.stdout)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const bad = await runCli(['user', 'create', '--login', 'x1y', '--name', 'x', '--role', 'wizard'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/No role with code wizard/);
  });

  it('checks the capacity invariant of the demo: consistent, exit 0; a tampered stripe, exit 2', async () => {
    const env = folders();
    expect((await runCli(['migrate'], env)).code).toBe(0);
    expect((await runCli(['seed', 'demo'], env)).code).toBe(0);
    const ok = await runCli(['check'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Capacity: \d+ stripes checked, all consistent/);
    const database = await openDatabase({
      engine: 'embedded',
      dataDir: env.ADMIT_DATA_DIR,
      purpose: 'test',
    });
    try {
      await database.db.execute(
        sql`update capacity_pool_stripes set sold = 1 where stripe = 0 and capacity > 1`,
      );
    } finally {
      await database.close();
    }
    const bad = await runCli(['check'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/stripes inconsistent/);
  });

  it('takes over a lock left by a process that died', async () => {
    const env = folders();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(env.ADMIT_DATA_DIR, { recursive: true });
    const { hostname } = await import('node:os');
    writeFileSync(
      join(env.ADMIT_DATA_DIR, 'pglite.lock'),
      JSON.stringify({
        pid: 2 ** 22 + 1,
        hostname: hostname(),
        startedAt: '2026-01-01T00:00:00Z',
        purpose: 'crashed',
      }),
    );
    const r = await runCli(['migrate'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
