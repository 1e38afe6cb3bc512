// The gate's own decision while the server cannot be reached: the same domain rules the server applies
// (gateDecision), on the facts a gate has offline — the code's Ed25519 signature checked against the
// site's key in the bundle (an unknown key id or a training key is refused), the bundle's revocation
// list, and the used entries it knows (the bundle's plus its own admissions since). A rotating code's
// time step is checked against this device's clock and its MAC under the ticket's secret from the
// bundle's day key, as the server does. An ID swipe finds today's ticket through the bundle's keyed
// hash of ID numbers. Pure but for the ID hash, which WebCrypto only does asynchronously (documentHash).
import {
  decodeTicketCode,
  gateDecision,
  normalizeDocumentNumber,
  rotationFacts,
  rotationSecret,
  splitScannedCode,
  type DecodedTicketCode,
  type GateDecision,
  type GateFacts,
  type HmacSha256,
  type RotationFacts,
  type ScannedCode,
} from '@admit/domain';
import { bytesToBase64Url, type BundleProduct, type IdIndexEntry, type PreparedBundle } from './bundle';
import { localUse, type LocalEntry } from './queue';
import { hmacSha256 } from './signature';

/** Ed25519 verification: (signature, message, public key) → valid. */
export type VerifySignature = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

export type LocalDecision = {
  decision: GateDecision;
  /**
   * The ticket, when the gate can be sure it is one of the site's (a verified code, or found in the ID
   * index): the scan is queued for upload under it. Null for a forged or foreign code.
   */
  ticketId: string | null;
  /** From the bundle's ticket types (today's valid tickets) or the ID index. */
  category: string | null;
  product: BundleProduct | null;
  holderName: string | null;
  /** Where the ticket's last entry was used (already_used), by gate id. */
  lastEntry: { at: Date; gateId: string | null } | null;
};

function gateNameOf(bundle: PreparedBundle, gateId: string | null): string {
  return (gateId === null ? undefined : bundle.gates.get(gateId)?.nameZh) ?? '';
}

function offlineFacts(
  bundle: PreparedBundle,
  entries: readonly LocalEntry[],
  ticketId: string,
  now: Date,
): Pick<
  GateFacts,
  'ticket' | 'revokedOffline' | 'usedOffline' | 'gate' | 'now' | 'policy' | 'occupancy' | 'online'
> & {
  lastGateId: string | null;
} {
  const use = localUse(bundle, entries, ticketId);
  return {
    ticket: null,
    revokedOffline: bundle.revoked.has(ticketId),
    usedOffline: {
      count: use.count,
      last: use.last === null ? null : { at: use.last.at, gateName: gateNameOf(bundle, use.last.gateId) },
    },
    lastGateId: use.last?.gateId ?? null,
    gate: { siteId: bundle.siteId, live: true },
    now,
    policy: bundle.policy,
    occupancy: null,
    online: false,
  };
}

function lastEntryOf(decision: GateDecision, lastGateId: string | null): LocalDecision['lastEntry'] {
  return decision.result === 'already_used' && decision.last !== null
    ? { at: decision.last.at, gateId: lastGateId }
    : null;
}

/**
 * A rotating code's facts offline, for a code whose signature verified. Without the bundle's rotation
 * key (an older bundle) the MAC cannot be checked, and the time part counts as invalid.
 */
function offlineRotation(
  bundle: PreparedBundle,
  decoded: DecodedTicketCode,
  scanned: ScannedCode,
  now: Date,
  hmac: HmacSha256,
): RotationFacts | undefined {
  const required = decoded.rotating === true;
  if (scanned.rotation === null) return required ? { required, shown: null } : undefined;
  const rotation = bundle.rotation;
  if (rotation === null) return { required, shown: { stepAccepted: true, macValid: false } };
  return rotationFacts({
    required,
    shown: scanned.rotation,
    now,
    stepSeconds: rotation.stepSeconds,
    toleranceSteps: rotation.toleranceSteps,
    hmac,
    secrets: () => [rotationSecret(hmac, rotation.dayKey, decoded.ticketId)],
  });
}

/** A scanned ticket code, decided offline. `text` must decode (classifyScan said it is a code). */
export function decideCodeOffline(
  bundle: PreparedBundle,
  entries: readonly LocalEntry[],
  text: string,
  verify: VerifySignature,
  now: Date,
  hmac: HmacSha256 = hmacSha256,
): LocalDecision {
  const scanned = splitScannedCode(text);
  const decoded: DecodedTicketCode | null = decodeTicketCode(scanned.code);
  if (decoded === null) {
    return {
      decision: gateDecision(unknownFacts(bundle, now)),
      ticketId: null,
      category: null,
      product: null,
      holderName: null,
      lastEntry: null,
    };
  }
  const key = bundle.keys.get(decoded.keyId) ?? null;
  let signatureValid = false;
  if (key !== null) {
    try {
      signatureValid = verify(decoded.signature, decoded.signed, key.publicKey);
    } catch {
      signatureValid = false;
    }
  }
  const { lastGateId, ...facts } = offlineFacts(bundle, entries, decoded.ticketId, now);
  const rotation = signatureValid ? offlineRotation(bundle, decoded, scanned, now, hmac) : undefined;
  const decision = gateDecision({
    ...facts,
    code: decoded,
    key: key === null ? null : { purpose: key.purpose },
    signatureValid,
    ...(rotation === undefined ? {} : { rotation }),
  });
  const product = signatureValid ? (bundle.ticketProducts.get(decoded.ticketId) ?? null) : null;
  return {
    decision,
    ticketId: signatureValid ? decoded.ticketId : null,
    category: product?.category ?? null,
    product,
    holderName: null,
    lastEntry: lastEntryOf(decision, lastGateId),
  };
}

function unknownFacts(bundle: PreparedBundle, now: Date): GateFacts {
  return {
    code: null,
    key: null,
    signatureValid: false,
    ticket: null,
    gate: { siteId: bundle.siteId, live: true },
    now,
    policy: bundle.policy,
    occupancy: null,
    online: false,
  };
}

/**
 * The ticket an ID number stands for now, as the server picks it: valid until later than now, not
 * revoked, one with entries left before one used up, the earliest first.
 */
export function pickIndexedTicket(
  bundle: PreparedBundle,
  entries: readonly LocalEntry[],
  hash: string,
  now: Date,
): IdIndexEntry | null {
  const candidates = (bundle.idIndex.get(hash) ?? []).filter(
    (candidate) => candidate.validUntil.getTime() > now.getTime() && !bundle.revoked.has(candidate.ticketId),
  );
  const usedUp = (candidate: IdIndexEntry) =>
    candidate.entries > 0 && localUse(bundle, entries, candidate.ticketId).count >= candidate.entries ? 1 : 0;
  return (
    [...candidates].sort(
      (a, b) => usedUp(a) - usedUp(b) || a.validFrom.getTime() - b.validFrom.getTime(),
    )[0] ?? null
  );
}

/** An ID swipe decided offline, from the hash of the number under today's index key. */
export function decideDocumentOffline(
  bundle: PreparedBundle,
  entries: readonly LocalEntry[],
  hash: string,
  now: Date,
): LocalDecision {
  const found = pickIndexedTicket(bundle, entries, hash, now);
  if (found === null) {
    return {
      decision: gateDecision(unknownFacts(bundle, now)),
      ticketId: null,
      category: null,
      product: null,
      holderName: null,
      lastEntry: null,
    };
  }
  const { lastGateId, ...facts } = offlineFacts(bundle, entries, found.ticketId, now);
  // The staff saw the visitor's card; the index entry stands for the code, as the server does it.
  const decision = gateDecision({
    ...facts,
    code: {
      keyId: 0,
      validFrom: found.validFrom,
      validUntil: found.validUntil,
      entries: found.entries,
      training: false,
    },
    key: { purpose: 'live' },
    signatureValid: true,
  });
  return {
    decision,
    ticketId: found.ticketId,
    category: found.category,
    product: bundle.ticketProducts.get(found.ticketId) ?? null,
    holderName: found.holderName,
    lastEntry: lastEntryOf(decision, lastGateId),
  };
}

/** base64url(HMAC-SHA256(index key, normalised ID number)), as the server builds the ID index. */
export async function documentHash(indexKey: Uint8Array, documentNumber: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    indexKey as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(normalizeDocumentNumber(documentNumber)),
  );
  return bytesToBase64Url(new Uint8Array(signature));
}
