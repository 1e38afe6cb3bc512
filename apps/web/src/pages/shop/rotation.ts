// What a ticket's QR code shows at a moment: the signed code alone, or — where the site uses rotating
// codes — `<code>.<step>.<mac>` (packages/domain/src/sales/rotating-code.ts), the MAC under the secret of
// the day the moment falls in, so a screenshot stops working after a step or two at the gate.
import { formatRotatingCode, rotationMac, rotationStep, type HmacSha256 } from '@admit/domain';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ShopRotation } from './shopApi';

export const hmacSha256: HmacSha256 = (key, message) => hmac(sha256, key, message);

/** base64url (padding optional) to bytes; null when it is not base64url. */
export function base64UrlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  const normal = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

type RotationSecret = ShopRotation['secrets'][number];

/**
 * The secret for `now`: the entry whose [from, until) contains it. Before the first day (a ticket for
 * tomorrow looked at today) the next one, so the page still shows a code of the right shape; after the
 * last, the last. Null without any.
 */
export function secretFor(secrets: readonly RotationSecret[], now: Date): RotationSecret | null {
  const at = now.getTime();
  const span = (s: RotationSecret) => ({ from: Date.parse(s.from), until: Date.parse(s.until), s });
  const spans = secrets.map(span).sort((a, b) => a.from - b.from);
  const current = spans.find(({ from, until }) => from <= at && at < until);
  if (current) return current.s;
  const next = spans.find(({ from }) => from > at);
  return (next ?? spans.at(-1))?.s ?? null;
}

export type ShownCode = {
  /** The text in the QR code (and on the wrapper's data-code). */
  text: string;
  /** Null for a plain code. */
  rotating: { step: number; stepSeconds: number; elapsed: number } | null;
};

/** The text a ticket's QR code shows at `now`. */
export function shownCode(
  code: string,
  rotation: ShopRotation | null,
  now: Date,
  mac: HmacSha256 = hmacSha256,
): ShownCode {
  if (rotation === null || rotation.stepSeconds <= 0) return { text: code, rotating: null };
  const entry = secretFor(rotation.secrets, now);
  const secret = entry === null ? null : base64UrlToBytes(entry.secret);
  if (secret === null || secret.length === 0) return { text: code, rotating: null };
  const step = rotationStep(now, rotation.stepSeconds);
  const elapsed = now.getTime() / 1000 - step * rotation.stepSeconds;
  return {
    text: formatRotatingCode(code, step, rotationMac(mac, secret, step)),
    rotating: { step, stepSeconds: rotation.stepSeconds, elapsed },
  };
}
