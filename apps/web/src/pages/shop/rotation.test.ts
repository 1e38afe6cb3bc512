import { createHmac } from 'node:crypto';
import { base32Encode, parseRotatingCode } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, hmacSha256, secretFor, shownCode } from './rotation';

const code = 'A'.repeat(120);
const dayOne = Buffer.alloc(32, 1);
const dayTwo = Buffer.alloc(32, 2);
const rotation = {
  stepSeconds: 30,
  secrets: [
    {
      from: '2099-05-05T16:00:00.000Z',
      until: '2099-05-06T16:00:00.000Z',
      secret: dayTwo.toString('base64url'),
    },
    {
      from: '2099-05-04T16:00:00.000Z',
      until: '2099-05-05T16:00:00.000Z',
      secret: dayOne.toString('base64url'),
    },
  ],
};

/** What a gate computes, with node:crypto standing in for the server. */
function expectedMac(secret: Buffer, step: number): string {
  const mac = createHmac('sha256', secret).update(`admit-rotation:${step}`).digest();
  return base32Encode(new Uint8Array(mac.subarray(0, 10)));
}

describe('rotating ticket code', () => {
  it('shows code.step.mac for the step of now, under the secret of the day now falls in', () => {
    const now = new Date('2099-05-05T02:00:10Z');
    const step = Math.floor(now.getTime() / 1000 / 30);
    const shown = shownCode(code, rotation, now);
    expect(shown.text).toBe(`${code}.${step}.${expectedMac(dayOne, step)}`);
    expect(shown.rotating).toEqual({ step, stepSeconds: 30, elapsed: 10 });
    expect(parseRotatingCode(shown.text)).toEqual({ code, step, mac: expectedMac(dayOne, step) });

    const nextDay = new Date('2099-05-05T16:00:00Z');
    const nextStep = Math.floor(nextDay.getTime() / 1000 / 30);
    expect(shownCode(code, rotation, nextDay).text).toBe(
      `${code}.${nextStep}.${expectedMac(dayTwo, nextStep)}`,
    );
  });

  it('changes with the step and not within it', () => {
    const start = new Date('2099-05-05T02:00:00Z');
    const a = shownCode(code, rotation, start).text;
    expect(shownCode(code, rotation, new Date(start.getTime() + 29_999)).text).toBe(a);
    expect(shownCode(code, rotation, new Date(start.getTime() + 30_000)).text).not.toBe(a);
  });

  it('before the first day uses the coming one, after the last the last; none: the plain code', () => {
    const early = new Date('2099-05-04T01:00:00Z');
    expect(secretFor(rotation.secrets, early)?.secret).toBe(dayOne.toString('base64url'));
    expect(secretFor(rotation.secrets, new Date('2099-06-01T00:00:00Z'))?.secret).toBe(
      dayTwo.toString('base64url'),
    );
    expect(shownCode(code, { stepSeconds: 30, secrets: [] }, early)).toEqual({ text: code, rotating: null });
    expect(shownCode(code, null, early)).toEqual({ text: code, rotating: null });
  });

  it('decodes base64url with or without padding and refuses anything else', () => {
    expect(base64UrlToBytes('AQID')).toEqual(new Uint8Array([1, 2, 3]));
    expect(base64UrlToBytes('_-8')).toEqual(new Uint8Array([255, 239]));
    expect(base64UrlToBytes('AQ==')).toEqual(new Uint8Array([1]));
    expect(base64UrlToBytes('not base64!')).toBeNull();
  });

  it('computes HMAC-SHA256 like node:crypto', () => {
    const key = new Uint8Array([1, 2, 3]);
    const message = new TextEncoder().encode('hello');
    expect(Buffer.from(hmacSha256(key, message)).toString('hex')).toBe(
      createHmac('sha256', Buffer.from(key)).update('hello').digest('hex'),
    );
  });
});
