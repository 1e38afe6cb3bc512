import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HmacSha256 } from '../sales/rotating-code';
import {
  parseWebhookSignature,
  signWebhook,
  verifyWebhookSignature,
  webhookMac,
  webhookToleranceSeconds,
} from './signature';

const hmac: HmacSha256 = (key, message) => new Uint8Array(createHmac('sha256', key).update(message).digest());
const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I';
const body = '{"id":"0190a000-0000-7000-8000-000000000001","type":"order.paid","data":{"amount":12000}}';

describe('the webhook signature', () => {
  it('is HMAC-SHA256 of "<t>.<body>" under the secret, in hex (what the documented recipe computes)', () => {
    const expected = createHmac('sha256', secret).update(`1764554400.${body}`).digest('hex');
    expect(webhookMac(hmac, secret, 1764554400, body)).toBe(expected);
    expect(signWebhook(hmac, secret, 1764554400, body)).toBe(`t=1764554400,v1=${expected}`);
  });

  it('verifies what it signed within the tolerance, either side of the receiver clock', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: -webhookToleranceSeconds, max: webhookToleranceSeconds }),
        (text, key, t, skew) => {
          const header = signWebhook(hmac, key, t, text);
          expect(
            verifyWebhookSignature(hmac, { secret: key, header, body: text, nowSeconds: t + skew }),
          ).toEqual({ ok: true, timestamp: t });
        },
      ),
    );
  });

  it('refuses a changed body, another secret, or a changed timestamp', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 4_000_000_000 }), (text, extra, t) => {
        const header = signWebhook(hmac, secret, t, text);
        if (extra.length > 0)
          expect(verifyWebhookSignature(hmac, { secret, header, body: text + extra, nowSeconds: t })).toEqual(
            { ok: false, reason: 'signature' },
          );
        expect(
          verifyWebhookSignature(hmac, { secret: `${secret}x`, header, body: text, nowSeconds: t }),
        ).toEqual({ ok: false, reason: 'signature' });
        const moved = header.replace(`t=${t},`, `t=${t - 1},`);
        expect(verifyWebhookSignature(hmac, { secret, header: moved, body: text, nowSeconds: t })).toEqual({
          ok: false,
          reason: 'signature',
        });
      }),
    );
  });

  it('refuses a genuine delivery replayed outside the tolerance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000, max: 4_000_000_000 }),
        fc.integer({ min: webhookToleranceSeconds + 1, max: 1_000_000 }),
        fc.boolean(),
        (t, late, before) => {
          const header = signWebhook(hmac, secret, t, body);
          const nowSeconds = before ? t - late : t + late;
          expect(verifyWebhookSignature(hmac, { secret, header, body, nowSeconds })).toEqual({
            ok: false,
            reason: 'timestamp',
          });
          expect(
            verifyWebhookSignature(hmac, { secret, header, body, nowSeconds, toleranceSeconds: late }).ok,
          ).toBe(true);
        },
      ),
    );
  });

  it('accepts any of several v1 MACs (a secret rotated while deliveries were in flight)', () => {
    const t = 1764554400;
    const old = webhookMac(hmac, 'whsec_old', t, body);
    const current = webhookMac(hmac, secret, t, body);
    const header = `t=${t},v1=${old},v1=${current}`;
    expect(verifyWebhookSignature(hmac, { secret, header, body, nowSeconds: t }).ok).toBe(true);
    expect(parseWebhookSignature(`${header},v0=ignored`)).toEqual({ timestamp: t, v1: [old, current] });
  });

  it('treats anything else as malformed', () => {
    const mac = 'a'.repeat(64);
    for (const header of [
      '',
      't=1',
      `v1=${mac}`,
      `t=abc,v1=${mac}`,
      `t=1,t=2,v1=${mac}`,
      `t=1,v1=${mac.toUpperCase()}`,
      `t=1,v1=${mac.slice(1)}`,
      `t=1;v1=${mac}`,
      `t=-5,v1=${mac}`,
    ])
      expect(verifyWebhookSignature(hmac, { secret, header, body, nowSeconds: 1 })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    fc.assert(
      fc.property(fc.string(), (header) => {
        const result = verifyWebhookSignature(hmac, { secret, header, body, nowSeconds: 1 });
        expect(result.ok).toBe(false);
      }),
    );
  });
});
