// The ticket code printed as a QR code (DESIGN.md): a binary payload
//   version(1) | key id(2) | ticket id(16) | valid from(4) | valid until(4) | entries(1) | flags(1) | signature(64)
// encoded in RFC 4648 base32 without padding: upper-case letters and digits only, so the QR code uses
// alphanumeric mode (149 characters: QR version 8 at error correction M). Times are Unix minutes.
// The Ed25519 signature over the first 29 bytes is made and checked outside this pure module.

export const ticketCodeVersion = 1;
export const signedLength = 29;
export const signatureLength = 64;
export const ticketCodeLength = signedLength + signatureLength;

export type TicketCodeFields = {
  keyId: number;
  ticketId: string;
  validFrom: Date;
  validUntil: Date;
  /** Entries allowed; 0 means unlimited. */
  entries: number;
  /** Training tickets carry this flag and are refused by live gates. */
  training: boolean;
  /**
   * The code must be shown rotating (rotating-code.ts: a time step and a MAC after it); gates refuse
   * it bare, so a screenshot stops working within a minute.
   */
  rotating?: boolean;
};

export type DecodedTicketCode = TicketCodeFields & { signed: Uint8Array; signature: Uint8Array };

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array | null {
  const clean = text.trim().toUpperCase();
  if (!/^[A-Z2-7]*$/.test(clean)) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of clean) {
    buffer = (buffer << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

function minutes(date: Date): number {
  return Math.floor(date.getTime() / 60_000);
}

/** The signed part of a ticket code, to be signed with the site's key. */
export function encodeSignedPart(fields: TicketCodeFields): Uint8Array {
  const hex = fields.ticketId.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError('ticket id must be a UUID');
  if (!Number.isInteger(fields.keyId) || fields.keyId < 0 || fields.keyId > 0xffff)
    throw new RangeError('key id must fit in 16 bits');
  if (!Number.isInteger(fields.entries) || fields.entries < 0 || fields.entries > 255)
    throw new RangeError('entries must be 0–255');
  const bytes = new Uint8Array(signedLength);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, ticketCodeVersion);
  view.setUint16(1, fields.keyId);
  for (let i = 0; i < 16; i++) bytes[3 + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  view.setUint32(19, minutes(fields.validFrom));
  view.setUint32(23, minutes(fields.validUntil));
  view.setUint8(27, fields.entries);
  view.setUint8(28, (fields.training ? 1 : 0) | (fields.rotating ? 2 : 0));
  return bytes;
}

export function encodeTicketCode(signedPart: Uint8Array, signature: Uint8Array): string {
  if (signedPart.length !== signedLength || signature.length !== signatureLength)
    throw new RangeError('bad ticket code parts');
  const all = new Uint8Array(ticketCodeLength);
  all.set(signedPart, 0);
  all.set(signature, signedLength);
  return base32Encode(all);
}

/** Reads a scanned code; null when it is not a ticket code of a known version (the signature is not checked here). */
export function decodeTicketCode(text: string): DecodedTicketCode | null {
  const bytes = base32Decode(text);
  if (!bytes || bytes.length !== ticketCodeLength || bytes[0] !== ticketCodeVersion) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hex = Array.from(bytes.slice(3, 19), (b) => b.toString(16).padStart(2, '0')).join('');
  return {
    keyId: view.getUint16(1),
    ticketId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    validFrom: new Date(view.getUint32(19) * 60_000),
    validUntil: new Date(view.getUint32(23) * 60_000),
    entries: view.getUint8(27),
    training: (view.getUint8(28) & 1) === 1,
    rotating: (view.getUint8(28) & 2) === 2,
    signed: bytes.slice(0, signedLength),
    signature: bytes.slice(signedLength),
  };
}
