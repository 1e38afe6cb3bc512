// Test helpers for the offline gate: a site's signing keys, ticket codes signed with them, and the
// bundle the server would send — made the way the server makes them (Ed25519 over the code's signed
// part; the ID index keyed by HMAC-SHA256), with node:crypto standing in for the server.
import { createHmac } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  encodeSignedPart,
  encodeTicketCode,
  normalizeDocumentNumber,
  type TicketCodeFields,
} from '@admit/domain';
import type { GateBundle } from '../api/gate';

export const SITE_ID = '0190a000-0000-7000-8000-00000000a001';
export const GATE_A = '0190a000-0000-7000-8000-00000000a0a1';
export const GATE_B = '0190a000-0000-7000-8000-00000000a0b2';
export const CHILD_PRODUCT = '0190a000-0000-7000-8000-00000000c001';
export const LIVE_KEY_ID = 3;
export const TRAINING_KEY_ID = 4;
export const INDEX_KEY = new Uint8Array(32).fill(7);

const liveSecret = ed25519.utils.randomSecretKey();
const trainingSecret = ed25519.utils.randomSecretKey();

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function ticketId(n: number): string {
  return `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

/** A signed ticket code for `fields`, with the site's live key unless told otherwise. */
export function ticketCode(
  fields: Partial<TicketCodeFields> & { ticketId: string },
  options: { key?: 'live' | 'training' | 'foreign' } = {},
): string {
  const key = options.key ?? 'live';
  const signed = encodeSignedPart({
    keyId: key === 'training' ? TRAINING_KEY_ID : key === 'foreign' ? 99 : LIVE_KEY_ID,
    validFrom: new Date('2026-12-01T00:00:00Z'),
    validUntil: new Date('2026-12-01T10:00:00Z'),
    entries: 1,
    training: key === 'training',
    ...fields,
  });
  const secret =
    key === 'training' ? trainingSecret : key === 'foreign' ? ed25519.utils.randomSecretKey() : liveSecret;
  return encodeTicketCode(signed, ed25519.sign(signed, secret));
}

export function idHash(documentNumber: string): string {
  return createHmac('sha256', Buffer.from(INDEX_KEY))
    .update(normalizeDocumentNumber(documentNumber))
    .digest('base64url');
}

export function testBundle(overrides: Partial<GateBundle> = {}): GateBundle {
  return {
    siteId: SITE_ID,
    businessDate: '2026-12-01',
    timeZone: 'Asia/Shanghai',
    policy: { earlyMinutes: 30, lateMinutes: 0 },
    generatedAt: '2026-12-01T01:00:00.000Z',
    keys: [
      { keyId: LIVE_KEY_ID, purpose: 'live', publicKey: toBase64(ed25519.getPublicKey(liveSecret)) },
      {
        keyId: TRAINING_KEY_ID,
        purpose: 'training',
        publicKey: toBase64(ed25519.getPublicKey(trainingSecret)),
      },
    ],
    gates: [
      { id: GATE_A, code: 'A', nameZh: '东门', nameEn: 'Gate A', direction: 'both' },
      { id: GATE_B, code: 'B', nameZh: '西门', nameEn: 'Gate B', direction: 'entry' },
    ],
    revokedTicketIds: [],
    products: [
      {
        id: CHILD_PRODUCT,
        category: 'child',
        nameZh: '儿童票',
        nameEn: 'Child',
        eligibilityZh: '6至18周岁',
        eligibilityEn: 'Ages 6 to 18',
      },
    ],
    ticketProducts: {},
    used: [],
    idIndexKey: toBase64(INDEX_KEY),
    idIndex: [],
    ...overrides,
  };
}
