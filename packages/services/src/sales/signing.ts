// Ticket-code signing keys: one active Ed25519 key per site and purpose (live, training), created on
// first use, its private key stored encrypted with the data-encryption key ring. Signing runs on
// node:crypto (tens of thousands a second); keys are cached per process once decrypted.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { decodeTicketCode, encodeSignedPart, encodeTicketCode, type TicketCodeFields } from '@admit/domain';
import { newId } from '@admit/db';
import { decryptPii, encryptPii } from '../pii';
import type { KeyRing } from '../keys';

export type SigningPurpose = 'live' | 'training';
export type ActiveKey = { keyId: number; privateKey: KeyObject };

// The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

export function rawPublicKey(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length);
}

export function publicKeyFromRaw(raw: Buffer | Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([spkiPrefix, Buffer.from(raw)]), format: 'der', type: 'spki' });
}

/** Checks a scanned code's signature against a raw public key; false for anything malformed. */
export function verifyTicketCode(code: string, publicKey: Buffer | Uint8Array): boolean {
  const decoded = decodeTicketCode(code);
  if (!decoded) return false;
  return verify(null, decoded.signed, publicKeyFromRaw(publicKey), decoded.signature);
}

export class TicketSigner {
  private readonly active = new Map<string, Promise<ActiveKey>>();
  private readonly byId = new Map<string, Promise<ActiveKey>>();

  constructor(private readonly ring: () => KeyRing) {}

  /** The site's active key for this purpose, created the first time a site sells. */
  key(db: Queryable, siteId: string, purpose: SigningPurpose = 'live'): Promise<ActiveKey> {
    const cacheKey = `${siteId}:${purpose}`;
    let found = this.active.get(cacheKey);
    if (!found) {
      found = this.load(db, siteId, purpose);
      this.active.set(cacheKey, found);
      found.catch(() => this.active.delete(cacheKey));
    }
    return found;
  }

  /** A key of the site by its key id, retired or not (to show the code of a ticket it signed). */
  keyById(db: Queryable, siteId: string, keyId: number): Promise<ActiveKey> {
    const cacheKey = `${siteId}#${keyId}`;
    let found = this.byId.get(cacheKey);
    if (!found) {
      found = (async () => {
        const [row] = await rows<{ private_key_encrypted: string }>(
          db,
          sql`select private_key_encrypted from signing_keys where site_id = ${siteId} and key_id = ${keyId}`,
        );
        if (!row) throw new Error(`unknown signing key ${keyId} of site ${siteId}`);
        return { keyId, privateKey: this.decrypt(row.private_key_encrypted) };
      })();
      this.byId.set(cacheKey, found);
      found.catch(() => this.byId.delete(cacheKey));
    }
    return found;
  }

  private decrypt(stored: string): KeyObject {
    const der = Buffer.from(decryptPii(this.ring(), stored), 'base64');
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }

  /** Forgets cached keys (after a rotation). */
  forget(): void {
    this.active.clear();
    this.byId.clear();
  }

  sign(key: ActiveKey, fields: Omit<TicketCodeFields, 'keyId'>): string {
    const signed = encodeSignedPart({ ...fields, keyId: key.keyId });
    return encodeTicketCode(signed, sign(null, signed, key.privateKey));
  }

  private async load(db: Queryable, siteId: string, purpose: SigningPurpose): Promise<ActiveKey> {
    const read = async () =>
      (
        await rows<{ key_id: number; private_key_encrypted: string }>(
          db,
          sql`select key_id, private_key_encrypted from signing_keys
              where site_id = ${siteId} and purpose = ${purpose} and retired_at is null`,
        )
      )[0];
    let row = await read();
    for (let attempt = 0; !row && attempt < 3; attempt++) {
      const { privateKey } = generateKeyPairSync('ed25519');
      const der = privateKey.export({ format: 'der', type: 'pkcs8' });
      // Key ids are per site; a concurrent first sale on another node may win the insert, then we read its key.
      await db.execute(
        sql`insert into signing_keys (id, site_id, key_id, purpose, public_key, private_key_encrypted)
            select ${newId()}, ${siteId}, coalesce(max(key_id) + 1, 1), ${purpose},
                   ${rawPublicKey(privateKey).toString('base64')}, ${encryptPii(this.ring(), der.toString('base64'))}
            from signing_keys where site_id = ${siteId}
            on conflict do nothing`,
      );
      row = await read();
    }
    if (!row) throw new Error(`no signing key for site ${siteId}`);
    return { keyId: row.key_id, privateKey: this.decrypt(row.private_key_encrypted) };
  }
}

/** Every public key of a site (active and retired), for gates and for checking printed codes. */
export async function sitePublicKeys(
  db: Queryable,
  siteId: string,
): Promise<{ keyId: number; purpose: SigningPurpose; publicKey: string; retired: boolean }[]> {
  const found = await rows<{
    key_id: number;
    purpose: SigningPurpose;
    public_key: string;
    retired_at: Date | null;
  }>(
    db,
    sql`select key_id, purpose, public_key, retired_at from signing_keys where site_id = ${siteId} order by key_id`,
  );
  return found.map((r) => ({
    keyId: r.key_id,
    purpose: r.purpose,
    publicKey: r.public_key,
    retired: r.retired_at !== null,
  }));
}
