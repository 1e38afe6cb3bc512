// The rotating e-ticket code (动态码): the ticket's signed code, then the current time step and a MAC
// of that step under the ticket's own rotation secret —
//   <signed code>.<step>.<mac>
// all in the QR code's alphanumeric set. The ticket page computes it every few seconds; a gate accepts
// it while the step is within the site's tolerance of its own clock, so a screenshot stops working
// within a minute or two. The secret is HMAC(site-day key, ticket id): the server hands each ticket's
// secret to its page and the day key to the site's gates for offline checks. The MAC itself is computed
// by the caller's HMAC-SHA256 (node:crypto on the server, @noble/hashes in the browser), passed in.
import { base32Encode } from './ticket-code';

export type HmacSha256 = (key: Uint8Array, message: Uint8Array) => Uint8Array;

/** Bytes of the MAC kept (80 bits: 16 base32 characters). */
export const rotationMacBytes = 10;

const encoder = new TextEncoder();

/** The time step a moment falls in. */
export function rotationStep(now: Date, stepSeconds: number): number {
  return Math.floor(now.getTime() / 1000 / stepSeconds);
}

/** The MAC of one step under a ticket's rotation secret, base32. */
export function rotationMac(hmac: HmacSha256, secret: Uint8Array, step: number): string {
  return base32Encode(hmac(secret, encoder.encode(`admit-rotation:${step}`)).slice(0, rotationMacBytes));
}

/** A ticket's rotation secret: HMAC(the site-day key, ticket id). */
export function rotationSecret(hmac: HmacSha256, dayKey: Uint8Array, ticketId: string): Uint8Array {
  return hmac(dayKey, encoder.encode(`admit-ticket:${ticketId.toLowerCase()}`));
}

export function formatRotatingCode(code: string, step: number, mac: string): string {
  return `${code}.${step}.${mac}`;
}

export type ParsedRotatingCode = { code: string; step: number; mac: string };

/** Splits a scanned rotating code; null when the text is not one (a bare code is not). */
export function parseRotatingCode(text: string): ParsedRotatingCode | null {
  const match = /^([A-Z2-7]{100,200})\.(\d{1,12})\.([A-Z2-7]{16})$/.exec(text.trim().toUpperCase());
  if (!match) return null;
  return { code: match[1]!, step: Number(match[2]), mac: match[3]! };
}

/**
 * Whether a shown step is acceptable at `nowStep`: up to `tolerance` steps old, and at most one
 * ahead (a phone whose clock runs a little fast).
 */
export function rotationStepAccepted(step: number, nowStep: number, tolerance: number): boolean {
  return step <= nowStep + 1 && step >= nowStep - tolerance;
}

/** Compares two MACs without an early exit on the first differing character. */
export function macEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
