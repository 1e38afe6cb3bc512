// The order access token: what the e-ticket link and a successful look-up give the visitor, the only
// way the shop's order routes find an order. It is the order id with a MAC under the personal-data
// lookup key ring (every key of the ring verifies, so a key rotation does not break sent links);
// nothing is stored, and a guessed or altered token is simply not an order.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../keys';

const macBytes = 16;

function mac(key: Buffer, id: Buffer): Buffer {
  return createHmac('sha256', key).update('admit-shop-order:').update(id).digest().subarray(0, macBytes);
}

export function orderAccessToken(ring: KeyRing, orderId: string): string {
  const id = Buffer.from(orderId.replaceAll('-', ''), 'hex');
  return `${id.toString('base64url')}${mac(ring.current, id).toString('base64url')}`;
}

/** The order id a token stands for, or null when it is not one of ours. */
export function orderIdFromToken(ring: KeyRing, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const id = Buffer.from(token.slice(0, 22), 'base64url');
  const given = Buffer.from(token.slice(22), 'base64url');
  if (id.length !== 16 || given.length !== macBytes) return null;
  // One spelling per token: base64url's last character carries spare bits that decoding ignores.
  if (`${id.toString('base64url')}${given.toString('base64url')}` !== token) return null;
  for (const key of ring.keys.values()) {
    if (timingSafeEqual(mac(key, id), given)) {
      const hex = id.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
  }
  return null;
}
