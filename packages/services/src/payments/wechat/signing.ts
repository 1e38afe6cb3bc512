// The cryptography of WeChat Pay: APIv3 request signatures (the merchant key), the platform's
// signatures on answers and notifications, AEAD_AES_256_GCM resources, the JSAPI paySign, and the
// APIv2 HMAC-SHA256 sign that the payment-code charge still uses.
import {
  createDecipheriv,
  createHmac,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { normalizeSerial, type PlatformKey, type ResolvedWechatPayConfig } from './config';

/** Answers and notifications older or newer than this are refused: a replay, or a wrong clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** 32 random characters: the nonce_str / nonceStr WeChat Pay expects (letters and digits, ≤ 32). */
export function nonceString(): string {
  return randomBytes(16).toString('hex');
}

export function rsaSignBase64(config: ResolvedWechatPayConfig, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), config.merchantKey).toString('base64');
}

/**
 * `Authorization` for an APIv3 call: the merchant signs `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n`
 * (the path and query exactly as sent, the body exactly as sent, empty for GET).
 */
export function authorization(
  config: ResolvedWechatPayConfig,
  request: { method: string; pathWithQuery: string; body: string },
  now: Date = new Date(),
): string {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = nonceString();
  const message = `${request.method}\n${request.pathWithQuery}\n${timestamp}\n${nonce}\n${request.body}\n`;
  const signature = rsaSignBase64(config, message);
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${config.mchId}",nonce_str="${nonce}",` +
    `signature="${signature}",timestamp="${timestamp}",serial_no="${config.merchantSerialNo}"`
  );
}

export type SignedMessage = {
  timestamp: string | null | undefined;
  nonce: string | null | undefined;
  signature: string | null | undefined;
  serial: string | null | undefined;
  body: string;
};

export type SignatureCheck = 'ok' | 'malformed' | 'unknown_certificate' | 'bad_signature' | 'stale';

function platformKey(
  keys: ReadonlyMap<string, PlatformKey>,
  serial: string,
  now: number,
): PlatformKey | null {
  const found = keys.get(serial) ?? keys.get(normalizeSerial(serial));
  // An expired platform certificate no longer vouches for anything signed with its key.
  if (!found || (found.notAfter !== null && found.notAfter < now)) return null;
  return found;
}

function verifies(message: Buffer, key: KeyObject, signature: string): boolean {
  try {
    return verify('sha256', message, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Checks WeChat Pay's signature over `timestamp\nnonce\nbody\n` with the key `Wechatpay-Serial` names.
 * The signature is checked before the time, so 'stale' always means an authentic but old message.
 */
export function checkPlatformSignature(
  keys: ReadonlyMap<string, PlatformKey>,
  message: SignedMessage,
  now: number = Date.now(),
): SignatureCheck {
  const { timestamp, nonce, signature, serial, body } = message;
  if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp)) return 'malformed';
  const key = platformKey(keys, serial, now);
  if (!key) return 'unknown_certificate';
  const signed = Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, 'utf8');
  if (!verifies(signed, key.key, signature)) return 'bad_signature';
  if (Math.abs(now - Number(timestamp) * 1000) > MAX_CLOCK_SKEW_MS) return 'stale';
  return 'ok';
}

export type EncryptedResource = {
  algorithm?: unknown;
  ciphertext?: unknown;
  nonce?: unknown;
  associated_data?: unknown;
};

/** Opens an AEAD_AES_256_GCM resource (base64 ciphertext with the 16-byte tag at its end); null if it does not open. */
export function decryptResource(apiV3Key: Buffer, resource: EncryptedResource): string | null {
  const { algorithm, ciphertext, nonce } = resource;
  const associated = resource.associated_data ?? '';
  if (algorithm !== 'AEAD_AES_256_GCM' || typeof ciphertext !== 'string' || typeof nonce !== 'string')
    return null;
  if (typeof associated !== 'string' || nonce.length === 0) return null;
  const sealed = Buffer.from(ciphertext, 'base64');
  if (sealed.length <= 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonce, 'utf8'));
    decipher.setAAD(Buffer.from(associated, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}

/** APIv2 sign (sign_type HMAC-SHA256): non-empty fields sorted by name, `&key=` the v2 key, upper-case hex. */
export function v2Sign(apiV2Key: string, fields: Record<string, string>): string {
  const text = Object.keys(fields)
    .filter((name) => name !== 'sign' && fields[name] !== '')
    .sort()
    .map((name) => `${name}=${fields[name]}`)
    .join('&');
  return createHmac('sha256', apiV2Key).update(`${text}&key=${apiV2Key}`, 'utf8').digest('hex').toUpperCase();
}

export function v2SignMatches(apiV2Key: string, fields: Record<string, string>): boolean {
  const given = Buffer.from(fields.sign ?? '', 'utf8');
  const expected = Buffer.from(v2Sign(apiV2Key, fields), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** RFC 3339 in Beijing time (`2026-05-01T14:30:00+08:00`): the form time_expire must take. */
export function beijingTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19)}+08:00`;
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character (description is ≤ 127 bytes). */
export function truncateUtf8(text: string, maxBytes: number): string {
  let result = '';
  for (const char of text) {
    if (Buffer.byteLength(result + char, 'utf8') > maxBytes) break;
    result += char;
  }
  return result;
}
