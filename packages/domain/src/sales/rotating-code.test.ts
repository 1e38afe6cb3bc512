import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatRotatingCode,
  macEquals,
  parseRotatingCode,
  rotationMac,
  rotationSecret,
  rotationStep,
  rotationStepAccepted,
  type HmacSha256,
} from './rotating-code';
import { encodeSignedPart, encodeTicketCode, signatureLength } from './ticket-code';

const hmac: HmacSha256 = (key, message) => new Uint8Array(createHmac('sha256', key).update(message).digest());
const dayKey = new Uint8Array(32).fill(1);
const ticketA = '0190a000-0000-7000-8000-000000000001';
const ticketB = '0190a000-0000-7000-8000-000000000002';

function signedCode(ticketId = ticketA, rotating = true): string {
  const signed = encodeSignedPart({
    keyId: 1,
    ticketId,
    validFrom: new Date('2026-12-01T00:00:00Z'),
    validUntil: new Date('2026-12-01T10:00:00Z'),
    entries: 1,
    training: false,
    rotating,
  });
  return encodeTicketCode(signed, new Uint8Array(signatureLength).fill(9));
}

const uuid = fc.uuid().map((u) => u.toLowerCase());
const step = fc.integer({ min: 0, max: 999_999_999_999 });

describe('the rotation MAC', () => {
  it('is the agreed HMAC-SHA256 construction (the browser and the server must compute the same)', () => {
    // Computed independently (Python hmac): secret = HMAC(day key, "admit-ticket:" + id), then the
    // first 10 bytes of HMAC(secret, "admit-rotation:" + step) in base32.
    const secret = rotationSecret(hmac, dayKey, ticketA.toUpperCase());
    expect(Buffer.from(secret).toString('hex')).toBe(
      '1328258370d78578301f21f7b4f523f7761b66cbb4240c745bc342d286883564',
    );
    expect(rotationMac(hmac, secret, 59_400_000)).toBe('635VBJEBOXAAVJ6J');
  });

  it('verifies a step only for that step and that ticket (property)', () => {
    fc.assert(
      fc.property(uuid, uuid, step, step, (a, b, s, t) => {
        const secretA = rotationSecret(hmac, dayKey, a);
        const mac = rotationMac(hmac, secretA, s);
        expect(macEquals(rotationMac(hmac, secretA, s), mac)).toBe(true);
        expect(macEquals(rotationMac(hmac, secretA, t), mac)).toBe(s === t);
        expect(macEquals(rotationMac(hmac, rotationSecret(hmac, dayKey, b), s), mac)).toBe(a === b);
      }),
    );
  });

  it('gives each ticket a different secret on each day, whatever the case of its id', () => {
    const otherDay = new Uint8Array(32).fill(2);
    const secret = rotationSecret(hmac, dayKey, ticketA);
    expect(rotationSecret(hmac, dayKey, ticketA.toUpperCase())).toEqual(secret);
    expect(rotationSecret(hmac, otherDay, ticketA)).not.toEqual(secret);
    expect(rotationSecret(hmac, dayKey, ticketB)).not.toEqual(secret);
  });

  it('compares MACs by content and length', () => {
    expect(macEquals('ABCDEFGHIJKLMNOP', 'ABCDEFGHIJKLMNOP')).toBe(true);
    expect(macEquals('ABCDEFGHIJKLMNOP', 'ABCDEFGHIJKLMNOQ')).toBe(false);
    expect(macEquals('ABCDEFGHIJKLMNOP', 'ABCDEFGHIJKLMNO')).toBe(false);
    expect(macEquals('', '')).toBe(true);
  });
});

describe('the time step and its window', () => {
  it('changes exactly at each multiple of the step length', () => {
    expect(rotationStep(new Date(29_999), 30)).toBe(0);
    expect(rotationStep(new Date(30_000), 30)).toBe(1);
    expect(rotationStep(new Date('2026-12-01T02:00:00Z'), 30)).toBe(
      Date.parse('2026-12-01T02:00:00Z') / 30_000,
    );
  });

  it('accepts a step up to `tolerance` old and one ahead, nothing beyond (exact edges)', () => {
    expect(rotationStepAccepted(100, 100, 2)).toBe(true);
    expect(rotationStepAccepted(98, 100, 2)).toBe(true);
    expect(rotationStepAccepted(97, 100, 2)).toBe(false);
    expect(rotationStepAccepted(101, 100, 2)).toBe(true);
    expect(rotationStepAccepted(102, 100, 2)).toBe(false);
    expect(rotationStepAccepted(100, 100, 0)).toBe(true);
    expect(rotationStepAccepted(99, 100, 0)).toBe(false);
  });

  it('accepts exactly the window [now − tolerance, now + 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: -20, max: 20 }),
        (nowStep, tolerance, offset) => {
          expect(rotationStepAccepted(nowStep + offset, nowStep, tolerance)).toBe(
            offset >= -tolerance && offset <= 1,
          );
        },
      ),
    );
  });
});

describe('the rotating code’s text', () => {
  it('parses what was formatted, in either case and with stray spaces (property)', () => {
    fc.assert(
      fc.property(uuid, step, (ticketId, s) => {
        const code = signedCode(ticketId);
        const mac = rotationMac(hmac, rotationSecret(hmac, dayKey, ticketId), s);
        const text = formatRotatingCode(code, s, mac);
        expect(parseRotatingCode(text)).toEqual({ code, step: s, mac });
        expect(parseRotatingCode(` ${text.toLowerCase()}\n`)).toEqual({ code, step: s, mac });
      }),
    );
  });

  it('does not take a bare code, or a time part that is not one', () => {
    const code = signedCode();
    const mac = 'ABCDEFGHIJKLMNOP';
    expect(parseRotatingCode(code)).toBeNull();
    expect(parseRotatingCode(signedCode(ticketA, false))).toBeNull();
    for (const text of [
      `${code}.`,
      `${code}.123`,
      `${code}..${mac}`,
      `${code}.12a.${mac}`,
      `${code}.-1.${mac}`,
      `${code}.123.${mac.slice(1)}`,
      `${code}.123.${mac}A`,
      `${code}.123.${mac.slice(1)}1`,
      `${code}.1234567890123.${mac}`,
      `${code}.123.${mac}.1`,
      `SHORT.123.${mac}`,
    ])
      expect(parseRotatingCode(text), text).toBeNull();
  });
});
