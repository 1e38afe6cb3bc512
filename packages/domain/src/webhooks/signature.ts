// Webhook signatures and the retry schedule (issue 10). A partner receiving our events checks the
// `Admit-Signature` header, `t=<unix seconds>,v1=<hex>`: v1 is HMAC-SHA256 under the endpoint's secret
// (its UTF-8 bytes, `whsec_…` included) of `${t}.${body}` — the exact bytes of the body. Signing the
// timestamp with the body lets the receiver refuse a replay of an old delivery (outside the tolerance)
// without keeping a list of ids. The HMAC itself is the caller's (node:crypto on the server), passed in,
// so these rules stay pure.
import type { HmacSha256 } from '../sales/rotating-code';

export const webhookEvents = ['order.paid', 'order.refunded', 'ticket.redeemed'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** How far a receiver should let the signed time be from its own clock, by default (5 minutes). */
export const webhookToleranceSeconds = 300;

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** What is signed: the timestamp, a dot, and the body exactly as sent. */
export function webhookSignedContent(timestamp: number, body: string): string {
  return `${timestamp}.${body}`;
}

/** The v1 MAC (lower-case hex) of a body sent at `timestamp` (unix seconds). */
export function webhookMac(hmac: HmacSha256, secret: string, timestamp: number, body: string): string {
  return hex(hmac(encoder.encode(secret), encoder.encode(webhookSignedContent(timestamp, body))));
}

/** The `Admit-Signature` header value. */
export function signWebhook(hmac: HmacSha256, secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${webhookMac(hmac, secret, timestamp, body)}`;
}

export type ParsedWebhookSignature = { timestamp: number; v1: string[] };

/**
 * Splits a header into its timestamp and v1 MACs (several v1 are allowed, so a secret can be rotated
 * while deliveries are in flight); null when it is not one. Unknown schemes (v0, v2…) are ignored.
 */
export function parseWebhookSignature(header: string): ParsedWebhookSignature | null {
  let timestamp: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) return null;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return null;
      v1.push(value);
    }
  }
  if (timestamp === null || v1.length === 0) return null;
  return { timestamp, v1 };
}

/** Compares two hex MACs without an early exit on the first differing character. */
function sameMac(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type WebhookVerification =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'timestamp' | 'signature' };

/** Whether a delivery is ours and fresh: a v1 MAC matches, and the signed time is within the tolerance. */
export function verifyWebhookSignature(
  hmac: HmacSha256,
  input: { secret: string; header: string; body: string; nowSeconds: number; toleranceSeconds?: number },
): WebhookVerification {
  const parsed = parseWebhookSignature(input.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const expected = webhookMac(hmac, input.secret, parsed.timestamp, input.body);
  if (!parsed.v1.some((mac) => sameMac(mac, expected))) return { ok: false, reason: 'signature' };
  if (Math.abs(input.nowSeconds - parsed.timestamp) > (input.toleranceSeconds ?? webhookToleranceSeconds))
    return { ok: false, reason: 'timestamp' };
  return { ok: true, timestamp: parsed.timestamp };
}
