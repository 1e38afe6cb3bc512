// Personal data at rest: AES-256-GCM encryption (key ring "piiEncryption") for values we must show
// again, and a keyed hash (key ring "piiLookup") to find a record by an ID or phone number without
// decrypting every row. Separate keys, each with its id stored beside the value, so either can rotate.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './keys';

export function encryptPii(ring: KeyRing, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.subarray(0, 32), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    ring.currentId,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join(':');
}

export function decryptPii(ring: KeyRing, stored: string): string {
  const [keyId, iv, tag, body] = stored.split(':');
  const key = keyId === undefined ? undefined : ring.keys.get(keyId);
  if (!key || iv === undefined || tag === undefined || body === undefined) {
    throw new Error(`cannot decrypt personal data: unknown key ${keyId ?? '(none)'}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key.subarray(0, 32), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

function lookupWith(keyId: string, key: Buffer, normalized: string): string {
  return `${keyId}:${createHmac('sha256', key).update(normalized).digest('hex')}`;
}

/** The lookup value stored with a record, under the current key. */
export function piiLookup(ring: KeyRing, normalized: string): string {
  return lookupWith(ring.currentId, ring.current, normalized);
}

/** Every value a record may carry for this input (one per key), for searching during a rotation. */
export function piiLookupCandidates(ring: KeyRing, normalized: string): string[] {
  return [...ring.keys.entries()].map(([id, key]) => lookupWith(id, key, normalized));
}
