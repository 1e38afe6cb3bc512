import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rotationMac, rotationSecret, rotationStep, type HmacSha256 } from '../sales/rotating-code';
import { defaultGatePolicy, gateDecision, settleOfflineScans, type GateFacts } from './decision';
import { rotationFacts, splitScannedCode } from './rotation';

const now = new Date('2026-12-01T02:10:00Z');
const base: GateFacts = {
  code: {
    keyId: 1,
    validFrom: new Date('2026-12-01T02:00:00Z'),
    validUntil: new Date('2026-12-01T03:00:00Z'),
    entries: 1,
    training: false,
  },
  key: { purpose: 'live' },
  signatureValid: true,
  ticket: { siteId: 's1', status: 'valid', entriesUsed: 0, lastEntry: null, minIntervalMinutes: 0 },
  gate: { siteId: 's1', live: true },
  now,
  policy: defaultGatePolicy,
  occupancy: { inside: 10, max: 100 },
  online: true,
};

describe('gate decision', () => {
  it('admits a valid ticket once', () => {
    expect(gateDecision(base)).toEqual({ result: 'ok', entriesLeft: 0, occupancyWarning: false });
    const last = { at: new Date('2026-12-01T02:05:00Z'), gateName: 'Gate A' };
    expect(gateDecision({ ...base, ticket: { ...base.ticket!, entriesUsed: 1, lastEntry: last } })).toEqual({
      result: 'already_used',
      last,
      tooSoon: false,
    });
  });

  it.each([
    [{ code: null }, 'unknown_ticket'],
    [{ key: null }, 'invalid_signature'],
    [{ signatureValid: false }, 'invalid_signature'],
    [{ key: { purpose: 'training' as const } }, 'invalid_signature'],
    [{ ticket: null }, 'unknown_ticket'],
    [{ gate: { siteId: 's2', live: true } }, 'wrong_site'],
    [{ ticket: { ...base.ticket!, status: 'refunded' as const } }, 'revoked'],
    [{ now: new Date('2026-12-01T01:29:00Z') }, 'not_yet_valid'],
    [{ now: new Date('2026-12-01T03:01:00Z') }, 'expired'],
    [{ occupancy: { inside: 100, max: 100 } }, 'capacity_reached'],
  ] as [Partial<GateFacts>, string][])('refuses %o with %s', (change, result) => {
    expect(gateDecision({ ...base, ...change }).result).toBe(result);
  });

  it('decides offline from the code, the revocation list and the used set', () => {
    const offline = { ...base, ticket: null, online: false };
    expect(gateDecision(offline).result).toBe('ok');
    expect(gateDecision({ ...offline, revokedOffline: true }).result).toBe('revoked');
    expect(gateDecision({ ...offline, usedOffline: { count: 1, last: null } }).result).toBe('already_used');
  });

  it('keeps the minimum interval of an unlimited ticket and warns near the maximum', () => {
    const unlimited = {
      ...base,
      code: { ...base.code!, entries: 0 },
      ticket: {
        ...base.ticket!,
        entriesUsed: 3,
        minIntervalMinutes: 30,
        lastEntry: { at: new Date('2026-12-01T01:50:00Z'), gateName: 'A' },
      },
    };
    expect(gateDecision(unlimited)).toMatchObject({ result: 'already_used', tooSoon: true });
    expect(gateDecision({ ...unlimited, now: new Date('2026-12-01T02:21:00Z') })).toMatchObject({
      result: 'ok',
      entriesLeft: null,
    });
    expect(gateDecision({ ...base, occupancy: { inside: 89, max: 100 } })).toMatchObject({
      result: 'ok',
      occupancyWarning: true,
    });
  });

  it('never admits beyond the entries a code allows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 10 }), (entries, used) => {
        const d = gateDecision({
          ...base,
          code: { ...base.code!, entries },
          ticket: { ...base.ticket!, entriesUsed: used },
        });
        expect(d.result === 'ok').toBe(used < entries);
      }),
    );
  });
});

describe('gate decision for rotating codes', () => {
  const fresh = { stepAccepted: true, macValid: true };

  it('admits a rotating code whose step and MAC check out, flagged or not', () => {
    expect(gateDecision({ ...base, rotation: { required: true, shown: fresh } }).result).toBe('ok');
    expect(gateDecision({ ...base, rotation: { required: false, shown: fresh } }).result).toBe('ok');
    expect(gateDecision({ ...base, rotation: { required: false, shown: null } }).result).toBe('ok');
  });

  it.each([
    [{ required: true, shown: null }, 'code_expired', 'bare_code'],
    [{ required: true, shown: { stepAccepted: false, macValid: false } }, 'code_expired', 'rotation_step'],
    [{ required: false, shown: { stepAccepted: false, macValid: false } }, 'code_expired', 'rotation_step'],
    [{ required: true, shown: { stepAccepted: true, macValid: false } }, 'invalid_signature', 'rotation_mac'],
    [
      { required: false, shown: { stepAccepted: true, macValid: false } },
      'invalid_signature',
      'rotation_mac',
    ],
  ] as [GateFacts['rotation'], string, string][])('refuses %o with %s (%s)', (rotation, result, reason) => {
    expect(gateDecision({ ...base, rotation })).toEqual({ result, reason });
  });

  it('says a forged signature before anything the time part says, and the time part before a refund', () => {
    const stale = { required: true, shown: { stepAccepted: false, macValid: false } };
    expect(gateDecision({ ...base, signatureValid: false, rotation: stale }).result).toBe(
      'invalid_signature',
    );
    const refunded = { ...base.ticket!, status: 'refunded' as const };
    expect(gateDecision({ ...base, ticket: refunded, rotation: stale }).result).toBe('code_expired');
    expect(
      gateDecision({ ...base, ticket: refunded, rotation: { required: true, shown: fresh } }).result,
    ).toBe('revoked');
  });
});

describe('the facts of a rotating code', () => {
  const hmac: HmacSha256 = (key, message) =>
    new Uint8Array(createHmac('sha256', key).update(message).digest());
  const secret = rotationSecret(hmac, new Uint8Array(32).fill(3), 't1');
  const other = rotationSecret(hmac, new Uint8Array(32).fill(3), 't2');
  const nowStep = rotationStep(now, 30);
  const facts = (text: string, required = true, secrets = [secret]) =>
    rotationFacts({
      required,
      shown: splitScannedCode(text).rotation,
      now,
      stepSeconds: 30,
      toleranceSteps: 2,
      hmac,
      secrets: () => secrets,
    });
  const code = 'A'.repeat(149);
  const shownAt = (step: number, key = secret) => `${code}.${step}.${rotationMac(hmac, key, step)}`;

  it('splits the scanned text into the signed code and its time part', () => {
    expect(splitScannedCode(` ${code} `)).toEqual({ code, rotation: null });
    const mac = rotationMac(hmac, secret, nowStep);
    expect(splitScannedCode(shownAt(nowStep).toLowerCase())).toEqual({
      code,
      rotation: { code, step: nowStep, mac },
    });
  });

  it('checks the step against the clock and the MAC against the ticket’s secrets', () => {
    expect(facts(code)).toEqual({ required: true, shown: null });
    expect(facts(code, false)).toEqual({ required: false, shown: null });
    expect(facts(shownAt(nowStep))).toEqual({
      required: true,
      shown: { stepAccepted: true, macValid: true },
    });
    expect(facts(shownAt(nowStep - 2)).shown).toEqual({ stepAccepted: true, macValid: true });
    expect(facts(shownAt(nowStep + 1)).shown).toEqual({ stepAccepted: true, macValid: true });
    expect(facts(shownAt(nowStep - 3)).shown).toEqual({ stepAccepted: false, macValid: false });
    expect(facts(shownAt(nowStep + 2)).shown).toEqual({ stepAccepted: false, macValid: false });
    expect(facts(shownAt(nowStep, other)).shown).toEqual({ stepAccepted: true, macValid: false });
    // Any one of the candidate secrets (the day's, or the neighbouring day's near midnight).
    expect(facts(shownAt(nowStep, other), true, [secret, other]).shown).toEqual({
      stepAccepted: true,
      macValid: true,
    });
    const mac = rotationMac(hmac, secret, nowStep);
    expect(facts(`${code}.${nowStep - 1}.${mac}`).shown).toEqual({ stepAccepted: true, macValid: false });
  });

  it('admits through the decision only a fresh step with its own MAC (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: -6, max: 6 }),
        (shownOffset, macOffset) => {
          const step = nowStep + shownOffset;
          const text = `${code}.${step}.${rotationMac(hmac, secret, step + macOffset)}`;
          const admitted = gateDecision({ ...base, rotation: facts(text) }).result === 'ok';
          expect(admitted).toBe(shownOffset >= -2 && shownOffset <= 1 && macOffset === 0);
        },
      ),
    );
  });
});

describe('offline scans at sync', () => {
  it('lets the first use win and marks later ones as double entries', () => {
    const scans = [
      { ticketId: 't1', scannedAt: new Date('2026-12-01T02:05:00Z'), gate: 'B' },
      { ticketId: 't1', scannedAt: new Date('2026-12-01T02:01:00Z'), gate: 'A' },
      { ticketId: 't2', scannedAt: new Date('2026-12-01T02:02:00Z'), gate: 'A' },
    ];
    const settled = settleOfflineScans(
      scans,
      () => 1,
      () => 0,
    );
    expect(settled.map((s) => [s.scan.gate, s.scan.ticketId, s.doubleEntry])).toEqual([
      ['A', 't1', false],
      ['A', 't2', false],
      ['B', 't1', true],
    ]);
    expect(
      settleOfflineScans(
        [scans[2]!],
        () => 1,
        () => 1,
      )[0]?.doubleEntry,
    ).toBe(true);
  });
});
