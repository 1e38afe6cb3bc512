import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGatePolicy, gateDecision, settleOfflineScans, type GateFacts } from './decision';

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
