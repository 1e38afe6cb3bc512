import { createHmac } from 'node:crypto';
import {
  formatRotatingCode,
  rotationMac,
  rotationSecret,
  rotationStep,
  type HmacSha256,
} from '@admit/domain';
import { describe, expect, it } from 'vitest';
import {
  GATE_A,
  GATE_B,
  idHash,
  INDEX_KEY,
  SITE_ID,
  testBundle,
  ticketCode,
  ticketId,
} from '../../test/gateFixtures';
import { prepareBundle } from './bundle';
import { decideCodeOffline, decideDocumentOffline, documentHash } from './offlineDecision';
import type { LocalEntry } from './queue';
import { verifyEd25519 } from './signature';

/** 10:00 in Shanghai, inside the fixture codes' window (08:00–18:00). */
const now = new Date('2026-12-01T02:00:00Z');
const ID = '110105194912310021';

function admitted(n: number, gateId = GATE_A): LocalEntry {
  return {
    clientNonce: `nonce-${n}-${gateId}`,
    siteId: SITE_ID,
    gateId,
    ticketId: ticketId(n),
    scannedAt: '2026-12-01T01:55:00.000Z',
    result: 'ok',
    source: 'offline',
    settledAt: null,
  };
}

describe('a code checked offline', () => {
  const bundle = prepareBundle(
    testBundle({
      revokedTicketIds: [ticketId(5)],
      ticketProducts: { [ticketId(1)]: 0 },
      used: [
        { ticketId: ticketId(6), entriesUsed: 1, lastAt: '2026-12-01T01:05:00.000Z', lastGateId: GATE_B },
      ],
    }),
  );
  const decide = (code: string, entries: LocalEntry[] = [], at = now) =>
    decideCodeOffline(bundle, entries, code, verifyEd25519, at);

  it('admits a code signed with the site’s live key, and queues it under its ticket', () => {
    const local = decide(ticketCode({ ticketId: ticketId(1), entries: 3 }));
    expect(local.decision).toEqual({ result: 'ok', entriesLeft: 2, occupancyWarning: false });
    expect(local.ticketId).toBe(ticketId(1));
    // Its ticket type from the bundle: the category is shown large offline too.
    expect(local.category).toBe('child');
    expect(local.product).toMatchObject({ nameEn: 'Child', eligibilityZh: '6至18周岁' });
    // A forged code naming the same ticket gets nothing from the bundle.
    const forged = decide(ticketCode({ ticketId: ticketId(1), entries: 3 }, { key: 'foreign' }));
    expect(forged.category).toBeNull();
  });

  it('refuses a forged signature, an unknown key and a training key — and trusts no forged ticket id', () => {
    const good = ticketCode({ ticketId: ticketId(2) });
    const forged = `${good.slice(0, -4)}${good.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(decide(forged)).toMatchObject({
      decision: { result: 'invalid_signature', reason: 'signature' },
      ticketId: null,
    });
    expect(decide(ticketCode({ ticketId: ticketId(2) }, { key: 'foreign' }))).toMatchObject({
      decision: { result: 'invalid_signature', reason: 'unknown_key' },
      ticketId: null,
    });
    // A genuine training ticket: refused at a live gate, but it is a real ticket of the site.
    expect(decide(ticketCode({ ticketId: ticketId(3) }, { key: 'training' }))).toMatchObject({
      decision: { result: 'invalid_signature', reason: 'training_ticket' },
      ticketId: ticketId(3),
    });
  });

  it('refuses a ticket on the revocation list', () => {
    expect(decide(ticketCode({ ticketId: ticketId(5) })).decision).toEqual({ result: 'revoked' });
  });

  it('refuses outside the window, with the policy’s tolerance before the start', () => {
    const code = ticketCode({ ticketId: ticketId(1), validFrom: new Date('2026-12-01T03:00:00Z') });
    expect(decide(code).decision).toEqual({ result: 'not_yet_valid' });
    expect(decide(code, [], new Date('2026-12-01T02:31:00Z')).decision.result).toBe('ok');
    expect(
      decide(ticketCode({ ticketId: ticketId(1) }), [], new Date('2026-12-01T10:01:00Z')).decision,
    ).toEqual({
      result: 'expired',
    });
  });

  it('refuses an entry the bundle says was used, saying where', () => {
    const local = decide(ticketCode({ ticketId: ticketId(6) }));
    expect(local.decision).toEqual({
      result: 'already_used',
      last: { at: new Date('2026-12-01T01:05:00.000Z'), gateName: '西门' },
      tooSoon: false,
    });
    expect(local.lastEntry).toEqual({ at: new Date('2026-12-01T01:05:00.000Z'), gateId: GATE_B });
  });

  it('refuses an entry this gate admitted itself since, and counts the entries left', () => {
    const single = ticketCode({ ticketId: ticketId(7) });
    expect(decide(single, [admitted(7)]).decision.result).toBe('already_used');
    const triple = ticketCode({ ticketId: ticketId(8), entries: 3 });
    expect(decide(triple, [admitted(8), admitted(8, GATE_B)]).decision).toEqual({
      result: 'ok',
      entriesLeft: 0,
      occupancyWarning: false,
    });
  });
});

describe('a rotating code checked offline', () => {
  // What the server would send: the site's key of the day, its step and tolerance.
  const dayKey = new Uint8Array(32).fill(5);
  const rotation = { dayKey: Buffer.from(dayKey).toString('base64url'), stepSeconds: 30, toleranceSteps: 2 };
  const bundle = prepareBundle(testBundle({ rotation, ticketProducts: { [ticketId(41)]: 0 } }));
  // The server's HMAC, to make the codes a ticket page would show; the gate checks with @noble/hashes.
  const nodeHmac: HmacSha256 = (key, message) =>
    new Uint8Array(createHmac('sha256', key).update(message).digest());
  const nowStep = rotationStep(now, 30);
  const shown = (code: string, id: string, step: number, key = dayKey) =>
    formatRotatingCode(code, step, rotationMac(nodeHmac, rotationSecret(nodeHmac, key, id), step));
  const decide = (text: string, entries: LocalEntry[] = [], b = bundle) =>
    decideCodeOffline(b, entries, text, verifyEd25519, now);
  const rotating = (n: number) => ticketCode({ ticketId: ticketId(n), rotating: true });

  it('admits a fresh code of a rotating ticket, once, with its ticket type', () => {
    const code = rotating(41);
    const local = decide(shown(code, ticketId(41), nowStep));
    expect(local).toMatchObject({ decision: { result: 'ok' }, ticketId: ticketId(41), category: 'child' });
    const entry = { ...admitted(41), result: 'ok' as const };
    expect(decide(shown(code, ticketId(41), nowStep + 1), [entry]).decision.result).toBe('already_used');
    // Scanned in lower case (some scanners): the same.
    expect(decide(shown(code, ticketId(41), nowStep).toLowerCase()).decision.result).toBe('ok');
  });

  it('accepts a step up to the tolerance old and one ahead, and refuses beyond as expired', () => {
    const code = rotating(42);
    for (const offset of [-2, -1, 0, 1])
      expect(decide(shown(code, ticketId(42), nowStep + offset)).decision.result, String(offset)).toBe('ok');
    for (const offset of [-3, 2, -1000])
      expect(decide(shown(code, ticketId(42), nowStep + offset)).decision, String(offset)).toEqual({
        result: 'code_expired',
        reason: 'rotation_step',
      });
  });

  it('refuses the bare code of a rotating ticket, and admits a bare code without the flag', () => {
    expect(decide(rotating(43))).toMatchObject({
      decision: { result: 'code_expired', reason: 'bare_code' },
      // A genuine ticket: the refusal is queued under it, like the server records it.
      ticketId: ticketId(43),
    });
    expect(decide(ticketCode({ ticketId: ticketId(44) })).decision.result).toBe('ok');
    // Shown rotating although it need not be: the time part is checked all the same.
    const plain = ticketCode({ ticketId: ticketId(45) });
    expect(decide(shown(plain, ticketId(45), nowStep)).decision.result).toBe('ok');
    expect(decide(shown(plain, ticketId(45), nowStep - 3)).decision.result).toBe('code_expired');
  });

  it('refuses a forged MAC, another ticket’s, another day’s, as an invalid signature', () => {
    const code = rotating(46);
    const good = shown(code, ticketId(46), nowStep);
    const forged = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    const invalid = { decision: { result: 'invalid_signature', reason: 'rotation_mac' } };
    expect(decide(forged)).toMatchObject(invalid);
    expect(decide(shown(code, ticketId(47), nowStep))).toMatchObject(invalid);
    expect(decide(shown(code, ticketId(46), nowStep, new Uint8Array(32).fill(6)))).toMatchObject(invalid);
    // A bundle without the rotation key (downloaded from an older server) cannot check the MAC.
    const older = prepareBundle(testBundle());
    expect(decide(good, [], older)).toMatchObject(invalid);
    // A good time part on a forged signed code: the signature is what is refused.
    const forgedCode = `${code.slice(0, -4)}${code.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(decide(shown(forgedCode, ticketId(46), nowStep))).toMatchObject({
      decision: { result: 'invalid_signature', reason: 'signature' },
      ticketId: null,
    });
  });
});

describe('an ID card swiped offline', () => {
  const indexed = (n: number, changes: object = {}) => ({
    hash: idHash(ID),
    ticketId: ticketId(n),
    validFrom: '2026-12-01T00:00:00.000Z',
    validUntil: '2026-12-01T10:00:00.000Z',
    entries: 1,
    category: 'adult',
    holderName: '王*',
    ...changes,
  });

  it('finds today’s ticket through the keyed hash and shows who holds it', () => {
    const bundle = prepareBundle(testBundle({ idIndex: [indexed(11, { category: 'senior' })] }));
    const local = decideDocumentOffline(bundle, [], idHash(ID.toLowerCase()), now);
    expect(local).toMatchObject({
      decision: { result: 'ok', entriesLeft: 0 },
      ticketId: ticketId(11),
      category: 'senior',
      holderName: '王*',
    });
  });

  it('prefers a ticket with entries left, then the earliest; skips revoked and past ones', () => {
    const bundle = prepareBundle(
      testBundle({
        idIndex: [
          indexed(21, { validUntil: '2026-12-01T01:00:00.000Z' }),
          indexed(22),
          indexed(23, { validFrom: '2026-12-01T01:00:00.000Z' }),
          indexed(24, { validFrom: '2026-11-30T00:00:00.000Z' }),
        ],
        revokedTicketIds: [ticketId(24)],
      }),
    );
    expect(decideDocumentOffline(bundle, [], idHash(ID), now).ticketId).toBe(ticketId(22));
    expect(decideDocumentOffline(bundle, [admitted(22)], idHash(ID), now).ticketId).toBe(ticketId(23));
    // Both used: the earliest again, refused as used.
    const bothUsed = decideDocumentOffline(bundle, [admitted(22), admitted(23)], idHash(ID), now);
    expect(bothUsed.ticketId).toBe(ticketId(22));
    expect(bothUsed.decision.result).toBe('already_used');
  });

  it('knows no ticket for an ID that is not in the index', () => {
    const bundle = prepareBundle(testBundle({ idIndex: [indexed(31)] }));
    expect(decideDocumentOffline(bundle, [], idHash('110105194912310038'), now)).toMatchObject({
      decision: { result: 'unknown_ticket' },
      ticketId: null,
    });
  });

  it('hashes the number as the server does (HMAC-SHA256, normalised, base64url)', async () => {
    expect(await documentHash(INDEX_KEY, ` ${ID.slice(0, 9)}-${ID.slice(9)} `)).toBe(idHash(ID));
  });
});
