// The offline bundle as the gate decides with it: keys decoded to bytes and looked up by id, the
// revocation list and the used entries as maps, the ID index by hash, gate names by id. Prepared once
// per download, so a scan does nothing but look-ups and one signature check (and, for a rotating code,
// three HMACs). Pure.
import type { GatePolicy } from '@admit/domain';
import type { GateBundle } from '../../api/gate';

export type BundleKey = { purpose: 'live' | 'training'; publicKey: Uint8Array };

export type IdIndexEntry = {
  ticketId: string;
  validFrom: Date;
  validUntil: Date;
  entries: number;
  category: string;
  holderName: string | null;
};

export type BundleGate = { id: string; code: string; nameZh: string; nameEn: string };

/** A ticket type, for what a green screen shows offline. */
export type BundleProduct = {
  category: string;
  nameZh: string;
  nameEn: string;
  eligibilityZh: string;
  eligibilityEn: string;
};

export type PreparedBundle = {
  siteId: string;
  businessDate: string;
  timeZone: string;
  policy: GatePolicy;
  generatedAt: string;
  keys: ReadonlyMap<number, BundleKey>;
  revoked: ReadonlySet<string>;
  used: ReadonlyMap<string, { entriesUsed: number; lastAt: Date | null; lastGateId: string | null }>;
  gates: ReadonlyMap<string, BundleGate>;
  /** Today's valid tickets' ticket types, by ticket id. */
  ticketProducts: ReadonlyMap<string, BundleProduct>;
  idIndexKey: Uint8Array;
  idIndex: ReadonlyMap<string, readonly IdIndexEntry[]>;
  /** Rotating codes: the site's key of the bundle's day, and the site's step and tolerance. */
  rotation: BundleRotation | null;
};

export type BundleRotation = { dayKey: Uint8Array; stepSeconds: number; toleranceSteps: number };

export function base64ToBytes(text: string): Uint8Array {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function prepareBundle(raw: GateBundle): PreparedBundle {
  const idIndex = new Map<string, IdIndexEntry[]>();
  for (const entry of raw.idIndex) {
    const list = idIndex.get(entry.hash) ?? [];
    list.push({
      ticketId: entry.ticketId,
      validFrom: new Date(entry.validFrom),
      validUntil: new Date(entry.validUntil),
      entries: entry.entries,
      category: entry.category,
      holderName: entry.holderName,
    });
    idIndex.set(entry.hash, list);
  }
  return {
    siteId: raw.siteId,
    businessDate: raw.businessDate,
    timeZone: raw.timeZone,
    policy: raw.policy,
    generatedAt: raw.generatedAt,
    keys: new Map(
      raw.keys.map((k) => [k.keyId, { purpose: k.purpose, publicKey: base64ToBytes(k.publicKey) }]),
    ),
    revoked: new Set(raw.revokedTicketIds),
    used: new Map(
      raw.used.map((u) => [
        u.ticketId,
        {
          entriesUsed: u.entriesUsed,
          lastAt: u.lastAt === null ? null : new Date(u.lastAt),
          lastGateId: u.lastGateId,
        },
      ]),
    ),
    gates: new Map(raw.gates.map((g) => [g.id, g])),
    ticketProducts: new Map(
      Object.entries(raw.ticketProducts).flatMap(([ticketId, index]) => {
        const product = raw.products[index];
        return product ? [[ticketId, product] as const] : [];
      }),
    ),
    idIndexKey: base64ToBytes(raw.idIndexKey),
    idIndex,
    rotation:
      raw.rotation == null
        ? null
        : {
            dayKey: base64ToBytes(raw.rotation.dayKey),
            stepSeconds: raw.rotation.stepSeconds,
            toleranceSteps: raw.rotation.toleranceSteps,
          },
  };
}
