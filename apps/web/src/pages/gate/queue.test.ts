import { describe, expect, it } from 'vitest';
import { GATE_A, GATE_B, SITE_ID, testBundle, ticketId } from '../../test/gateFixtures';
import { prepareBundle } from './bundle';
import { localUse, pendingUploads, pruneSettled, queuedCount, settleUploads, type LocalEntry } from './queue';

function entry(n: number, changes: Partial<LocalEntry> = {}): LocalEntry {
  return {
    clientNonce: `nonce-000${n}`,
    siteId: SITE_ID,
    gateId: GATE_A,
    ticketId: ticketId(n),
    scannedAt: `2026-12-01T02:0${n}:00.000Z`,
    result: 'ok',
    source: 'offline',
    settledAt: null,
    ...changes,
  };
}

describe('the offline queue', () => {
  it('uploads the scans decided offline, oldest first, and nothing the server decided', () => {
    const entries = [
      entry(3),
      entry(1),
      entry(2, { source: 'online', settledAt: 10 }),
      entry(4, { settledAt: 5 }),
    ];
    expect(queuedCount(entries)).toBe(2);
    expect(pendingUploads(entries)).toEqual([
      {
        clientNonce: 'nonce-0001',
        gateId: GATE_A,
        ticketId: ticketId(1),
        scannedAt: '2026-12-01T02:01:00.000Z',
        result: 'ok',
      },
      {
        clientNonce: 'nonce-0003',
        gateId: GATE_A,
        ticketId: ticketId(3),
        scannedAt: '2026-12-01T02:03:00.000Z',
        result: 'ok',
      },
    ]);
  });

  it('settles what the server acknowledged and keeps the rest queued, counting double entries', () => {
    const entries = [entry(1), entry(2), entry(3)];
    const { entries: after, summary } = settleUploads(
      entries,
      [
        { clientNonce: 'nonce-0001', status: 'applied' },
        { clientNonce: 'nonce-0002', status: 'double_entry' },
      ],
      1000,
    );
    expect(after.map((e) => e.settledAt)).toEqual([1000, 1000, null]);
    expect(summary).toEqual({ applied: 1, duplicates: 0, doubleEntries: 1 });
    // A retried upload the server had already applied: acknowledged, settled all the same.
    const retried = settleUploads(after, [{ clientNonce: 'nonce-0003', status: 'duplicate' }], 2000);
    expect(queuedCount(retried.entries)).toBe(0);
    expect(retried.summary).toEqual({ applied: 0, duplicates: 1, doubleEntries: 0 });
  });

  it('forgets settled scans once a bundle downloaded after them has them, never queued ones', () => {
    const entries = [entry(1, { settledAt: 100 }), entry(2, { source: 'online', settledAt: 300 }), entry(3)];
    expect(pruneSettled(entries, 200).map((e) => e.clientNonce)).toEqual(['nonce-0002', 'nonce-0003']);
    expect(pruneSettled(entries, 400).map((e) => e.clientNonce)).toEqual(['nonce-0003']);
  });

  it('counts a ticket’s entries from the bundle and from this gate’s own admissions since', () => {
    const bundle = prepareBundle(
      testBundle({
        used: [
          { ticketId: ticketId(1), entriesUsed: 1, lastAt: '2026-12-01T01:30:00.000Z', lastGateId: GATE_B },
        ],
      }),
    );
    expect(localUse(bundle, [], ticketId(1))).toEqual({
      count: 1,
      last: { at: new Date('2026-12-01T01:30:00.000Z'), gateId: GATE_B },
    });
    const own = [
      entry(1),
      entry(1, { clientNonce: 'refused', result: 'already_used', scannedAt: '2026-12-01T02:09:00.000Z' }),
    ];
    expect(localUse(bundle, own, ticketId(1))).toEqual({
      count: 2,
      last: { at: new Date('2026-12-01T02:01:00.000Z'), gateId: GATE_A },
    });
    expect(localUse(null, [], ticketId(2))).toEqual({ count: 0, last: null });
  });
});
