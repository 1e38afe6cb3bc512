import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config';
import { generateSecrets, loadSecrets, secretPurposes } from './secrets';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'admit-secrets-')), 'secrets');

describe('secrets folder', () => {
  it('is generated on first embedded start, owner-only, with a 32-byte key per purpose', () => {
    const dir = fresh();
    const { secrets, generated } = loadSecrets(dir, { generateMissing: true });
    expect(generated).toHaveLength(Object.keys(secretPurposes).length);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of Object.values(secretPurposes))
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(secrets.auditSeal.current).toHaveLength(32);
    expect(secrets.piiEncryption.current.equals(secrets.piiLookup.current)).toBe(false);
  });

  it('never overwrites an existing key', () => {
    const dir = fresh();
    generateSecrets(dir);
    const before = readFileSync(join(dir, secretPurposes.cookie), 'utf8');
    expect(generateSecrets(dir)).toEqual([]);
    expect(readFileSync(join(dir, secretPurposes.cookie), 'utf8')).toBe(before);
  });

  it('must be provided when running on a PostgreSQL server', () => {
    expect(() => loadSecrets(fresh(), { generateMissing: false })).toThrow(/admit secrets generate/);
  });

  it('refuses a folder or key file others can read, and a damaged key file', () => {
    const dir = fresh();
    generateSecrets(dir);
    chmodSync(dir, 0o755);
    expect(() => loadSecrets(dir, { generateMissing: false })).toThrow(ConfigError);
    chmodSync(dir, 0o700);
    chmodSync(join(dir, secretPurposes.auditSeal), 0o644);
    expect(() => loadSecrets(dir, { generateMissing: false })).toThrow(/chmod 600/);
    chmodSync(join(dir, secretPurposes.auditSeal), 0o600);
    writeFileSync(join(dir, secretPurposes.auditSeal), '{"current":"k1","keys":{"k1":"c2hvcnQ="}}');
    expect(() => loadSecrets(dir, { generateMissing: false })).toThrow(/not a valid key file/);
  });
});
