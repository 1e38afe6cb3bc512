// Secrets live in their own folder (ADMIT_SECRETS_DIR, mode 0700), never in the data folder, so a
// backup of the data never carries the keys that protect it. Each purpose has its own file with a
// current key id and every key still needed to read old data, so keys can rotate.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config';

export const secretPurposes = {
  cookie: 'cookie-secret.json',
  piiEncryption: 'pii-encryption.json',
  piiLookup: 'pii-lookup.json',
  auditSeal: 'audit-seal.json',
} as const;
export type SecretPurpose = keyof typeof secretPurposes;

import type { KeyRing } from '@admit/services';
export type Secrets = Record<SecretPurpose, KeyRing>;

const keyFileSchema = z.object({
  current: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  keys: z.record(
    z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    z.base64().refine((b) => Buffer.from(b, 'base64').length >= 32, 'each key must be at least 32 bytes'),
  ),
});

function newKeyFile(): string {
  return `${JSON.stringify({ current: 'k1', keys: { k1: randomBytes(32).toString('base64') } }, null, 2)}\n`;
}

/** Creates the secrets folder and any missing key file (never overwriting one). Returns what it wrote. */
export function generateSecrets(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const written: string[] = [];
  for (const file of Object.values(secretPurposes)) {
    const path = join(dir, file);
    if (existsSync(path)) continue;
    writeFileSync(path, newKeyFile(), { mode: 0o600, flag: 'wx' });
    written.push(path);
  }
  return written;
}

function readKeyRing(dir: string, file: string): KeyRing {
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new ConfigError('ADMIT_SECRETS_DIR', `has no ${file}; create it with \`admit secrets generate\``);
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new ConfigError(
      'ADMIT_SECRETS_DIR',
      `file ${file} must be readable by its owner only (chmod 600 ${path})`,
    );
  }
  let parsed: z.infer<typeof keyFileSchema>;
  try {
    parsed = keyFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new ConfigError(
      'ADMIT_SECRETS_DIR',
      `file ${file} is not a valid key file ({"current":"k1","keys":{"k1":"<base64 of 32 bytes>"}})`,
    );
  }
  const keys = new Map(Object.entries(parsed.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
  const current = keys.get(parsed.current);
  if (!current)
    throw new ConfigError(
      'ADMIT_SECRETS_DIR',
      `file ${file} names current key ${parsed.current}, which it lacks`,
    );
  return { currentId: parsed.current, keys, current };
}

/**
 * Loads every key ring. In embedded mode a missing folder or file is generated (first start); with a
 * PostgreSQL server the keys must be provided, because every app node needs the same ones.
 */
export function loadSecrets(
  dir: string,
  options: { generateMissing: boolean },
): { secrets: Secrets; generated: string[] } {
  let generated: string[] = [];
  if (options.generateMissing) generated = generateSecrets(dir);
  else if (!existsSync(dir)) {
    throw new ConfigError(
      'ADMIT_SECRETS_DIR',
      `(${dir}) does not exist; with DATABASE_URL every node needs the same keys: create them once with ` +
        '`admit secrets generate` and copy the folder to each node',
    );
  }
  if ((statSync(dir).mode & 0o077) !== 0) {
    throw new ConfigError(
      'ADMIT_SECRETS_DIR',
      `(${dir}) must be accessible by its owner only (chmod 700 ${dir})`,
    );
  }
  const secrets = Object.fromEntries(
    Object.entries(secretPurposes).map(([purpose, file]) => [purpose, readKeyRing(dir, file)]),
  ) as Secrets;
  return { secrets, generated };
}
