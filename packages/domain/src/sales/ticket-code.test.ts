import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base32Decode,
  base32Encode,
  decodeTicketCode,
  encodeSignedPart,
  encodeTicketCode,
} from './ticket-code';

describe('base32', () => {
  it('matches RFC 4648 and round-trips any bytes', () => {
    expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
    expect(base32Decode('abc1')).toBeNull();
  });
});

describe('ticket codes', () => {
  const fields = {
    keyId: 3,
    ticketId: '01a21800-1234-7abc-8def-0123456789ab',
    validFrom: new Date('2026-12-01T00:00:00Z'),
    validUntil: new Date('2026-12-01T09:30:00Z'),
    entries: 1,
    training: false,
  };

  it('fits QR alphanumeric mode at version 8-M and reads back what was encoded', () => {
    const code = encodeTicketCode(encodeSignedPart(fields), new Uint8Array(64).fill(7));
    expect(code).toMatch(/^[A-Z2-7]+$/);
    expect(code.length).toBe(149);
    expect(decodeTicketCode(code)).toMatchObject(fields);
    expect(decodeTicketCode(code.toLowerCase())).toMatchObject(fields);
  });

  it('is verified with Ed25519, and any changed character breaks it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signed = encodeSignedPart(fields);
    const code = encodeTicketCode(signed, sign(null, signed, privateKey));
    const decoded = decodeTicketCode(code)!;
    expect(verify(null, decoded.signed, publicKey, decoded.signature)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 147 }), fc.integer({ min: 1, max: 31 }), (at, shift) => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
        const changed =
          code.slice(0, at) + alphabet[(alphabet.indexOf(code[at]!) + shift) % 32] + code.slice(at + 1);
        const tampered = decodeTicketCode(changed);
        if (tampered) expect(verify(null, tampered.signed, publicKey, tampered.signature)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what is not a ticket code', () => {
    expect(decodeTicketCode('HELLO')).toBeNull();
    expect(decodeTicketCode('')).toBeNull();
  });
});
