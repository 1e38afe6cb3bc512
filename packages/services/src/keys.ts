// Keys the services need, loaded by the server from the secrets folder and handed over in the
// ServiceContext: personal-data encryption and lookup, and the audit seal. Each is a key ring (a
// current key plus older ones still needed to read old data), so keys can rotate.
import { AppError } from '@admit/domain';

export type KeyRing = { currentId: string; keys: ReadonlyMap<string, Buffer>; current: Buffer };
export type ServiceKeys = { piiEncryption: KeyRing; piiLookup: KeyRing; auditSeal: KeyRing };

export function requireKeys(keys: ServiceKeys | undefined): ServiceKeys {
  if (!keys)
    throw new AppError('internal_error', { details: { reason: 'service keys missing from context' } });
  return keys;
}
