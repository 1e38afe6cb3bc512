import { createHmac } from 'node:crypto';
import {
  formatRotatingCode,
  rotationMac,
  rotationSecret,
  rotationStep,
  type HmacSha256,
} from '@admit/domain';
import { describe, expect, it } from 'vitest';
import { ApiError, CLIENT_ERROR_CODES } from '../../api/client';
import type { GateBundle, OfflineScanUpload, ScanAnswer } from '../../api/gate';
import { GATE_A, GATE_B, SITE_ID, testBundle, ticketCode, ticketId } from '../../test/gateFixtures';
import { GateEngine, median, type GateTransport } from './engine';
import { verifyEd25519 } from './signature';
import { memoryGateStore, type GateStore } from './store';

const now = () => new Date('2026-12-01T02:00:00Z');
const networkError = () => new ApiError(CLIENT_ERROR_CODES.network, 'Network error');

function answer(
  result: ScanAnswer['result'],
  ticket: string | null,
  extra: Partial<ScanAnswer> = {},
): ScanAnswer {
  return {
    result,
    reason: null,
    ticketId: ticket,
    category: 'adult',
    productNameZh: '成人票',
    productNameEn: 'Adult',
    eligibilityZh: '',
    eligibilityEn: '',
    holderName: null,
    entriesLeft: result === 'ok' ? 0 : null,
    lastEntry: null,
    occupancy: null,
    ...extra,
  };
}

/** A server that can be switched off; it admits each ticket once and remembers uploads. */
class FakeServer implements GateTransport {
  up = true;
  bundleServed: GateBundle = testBundle();
  used = new Set<string>();
  uploads: OfflineScanUpload[][] = [];
  bundles = 0;
  revokeDevice = false;

  private check() {
    if (this.revokeDevice) throw new ApiError('device_revoked', '该设备已停用', { status: 401 });
    if (!this.up) throw networkError();
  }
  scanned: string[] = [];
  scan = async (body: Parameters<GateTransport['scan']>[0]) => {
    this.check();
    if ('code' in body) this.scanned.push(body.code);
    const id = 'code' in body ? body.code : null;
    if (id === null) return answer('unknown_ticket', null);
    const ticket = ticketIdOf(id);
    if (this.used.has(ticket))
      return answer('already_used', ticket, {
        lastEntry: { at: '2026-12-01T01:59:00.000Z', gateName: '东门', gateId: null },
      });
    this.used.add(ticket);
    return answer('ok', ticket);
  };
  exit = async () => {
    this.check();
    return { inside: 4 };
  };
  today = async () => {
    this.check();
    return {
      businessDate: '2026-12-01',
      entriesAtGate: this.used.size,
      entriesAtSite: this.used.size,
      refusedAtGate: 0,
      occupancy: null,
    };
  };
  bundle = async () => {
    this.check();
    this.bundles++;
    return this.bundleServed;
  };
  sync = async (scans: readonly OfflineScanUpload[]) => {
    this.check();
    this.uploads.push([...scans]);
    return scans.map((scan) => ({ clientNonce: scan.clientNonce, status: 'applied' as const }));
  };
  alerts = async () => {
    this.check();
    return [];
  };
  probe = async () => this.up;
}

const codes = new Map<string, string>();
function code(n: number): string {
  const made = ticketCode({ ticketId: ticketId(n) });
  codes.set(made, ticketId(n));
  return made;
}
function ticketIdOf(made: string): string {
  return codes.get(made) ?? 'unknown';
}

async function startedEngine(server: FakeServer, store: GateStore = memoryGateStore()) {
  const engine = new GateEngine({
    siteId: SITE_ID,
    gateId: GATE_A,
    transport: server,
    store,
    verify: verifyEd25519,
    timeZone: 'Asia/Shanghai',
    uploads: 'gate',
    now,
  });
  await engine.start({ loop: false });
  return engine;
}

describe('the gate engine', () => {
  it('asks the server while it answers, and keeps nothing to upload', async () => {
    const server = new FakeServer();
    const engine = await startedEngine(server);
    expect(engine.getSnapshot()).toMatchObject({ connection: 'online', bundle: { revoked: 0 }, queued: 0 });
    await engine.scan(code(1));
    expect(engine.getSnapshot().shown).toMatchObject({
      kind: 'ticket',
      result: 'ok',
      offline: false,
      category: 'adult',
    });
    await engine.scan(code(1));
    expect(engine.getSnapshot().shown).toMatchObject({
      result: 'already_used',
      lastEntry: { gateName: { zh: '东门', en: 'Gate A' } },
    });
    expect(engine.getSnapshot().queued).toBe(0);
    engine.stop();
  });

  it('goes offline when the server does not answer, decides itself and queues each decision', async () => {
    const server = new FakeServer();
    const engine = await startedEngine(server);
    await engine.scan(code(1)); // admitted online, before the server went away
    server.up = false;
    await engine.scan(code(2));
    let snapshot = engine.getSnapshot();
    expect(snapshot.connection).toBe('offline');
    expect(snapshot.shown).toMatchObject({
      kind: 'ticket',
      result: 'ok',
      offline: true,
      ticketId: ticketId(2),
    });
    expect(snapshot.queued).toBe(1);
    expect(snapshot.verify.samples).toBe(1);
    expect(snapshot.verify.lastMs).toBeGreaterThanOrEqual(0);
    // This gate's own online admission counts although no bundle has it yet.
    await engine.scan(code(1));
    snapshot = engine.getSnapshot();
    expect(snapshot.shown).toMatchObject({
      result: 'already_used',
      offline: true,
      lastEntry: { gateName: { zh: '东门' } },
    });
    expect(snapshot.queued).toBe(2);
    // Ticket numbers need the server.
    await engine.scan('1234567890128');
    expect(engine.getSnapshot().shown).toMatchObject({ kind: 'notice' });
    engine.stop();
  });

  it('uploads the queue when the server is back, then refreshes the bundle and forgets what it has', async () => {
    const server = new FakeServer();
    const store = memoryGateStore();
    const engine = await startedEngine(server, store);
    server.up = false;
    await engine.scan(code(3));
    await engine.scan(code(4));
    await engine.tick(); // still down: nothing happens
    expect(engine.getSnapshot()).toMatchObject({ connection: 'offline', queued: 2 });
    const bundlesBefore = server.bundles;
    server.up = true;
    await engine.tick();
    const snapshot = engine.getSnapshot();
    expect(snapshot).toMatchObject({
      connection: 'online',
      queued: 0,
      lastSync: { applied: 2, doubleEntries: 0 },
    });
    expect(server.uploads).toHaveLength(1);
    expect(server.uploads[0]?.map((scan) => scan.ticketId)).toEqual([ticketId(3), ticketId(4)]);
    expect(server.uploads[0]?.every((scan) => scan.gateId === GATE_A && scan.result === 'ok')).toBe(true);
    expect(server.bundles).toBeGreaterThan(bundlesBefore);
    // The settled scans are gone from the store once a later bundle has them.
    expect(await store.loadEntries(SITE_ID)).toEqual([]);
    engine.stop();
  });

  it('keeps the queue and the bundle across a reload with the server down', async () => {
    const server = new FakeServer();
    const store = memoryGateStore();
    const first = await startedEngine(server, store);
    server.up = false;
    await first.scan(code(5));
    first.stop();
    const reloaded = await startedEngine(server, store);
    expect(reloaded.getSnapshot()).toMatchObject({
      connection: 'offline',
      queued: 1,
      bundle: { businessDate: '2026-12-01' },
    });
    await reloaded.scan(code(5));
    expect(reloaded.getSnapshot().shown).toMatchObject({ result: 'already_used', offline: true });
    reloaded.stop();
  });

  it('uploads a device’s own scans only, while counting every admission it knows of', async () => {
    const server = new FakeServer();
    const store = memoryGateStore();
    // Left in this browser by gate staff at another gate, still waiting for upload.
    await store.putEntries([
      {
        clientNonce: 'staff-scan-at-gate-b',
        siteId: SITE_ID,
        gateId: GATE_B,
        ticketId: ticketId(9),
        scannedAt: '2026-12-01T01:50:00.000Z',
        result: 'ok',
        source: 'offline',
        settledAt: null,
      },
    ]);
    const engine = await startedEngine(server, store);
    expect(engine.getSnapshot().queued).toBe(0);
    expect(server.uploads).toEqual([]);
    server.up = false;
    await engine.scan(code(9));
    expect(engine.getSnapshot().shown).toMatchObject({ result: 'already_used', offline: true });
    server.up = true;
    await engine.tick();
    expect(server.uploads.flat().map((scan) => scan.gateId)).toEqual([GATE_A]);
    engine.stop();
  });

  it('refuses offline what the last bundle revoked', async () => {
    const server = new FakeServer();
    const engine = await startedEngine(server);
    server.bundleServed = testBundle({ revokedTicketIds: [ticketId(6)] });
    await engine.refreshNow();
    expect(engine.getSnapshot().bundle).toMatchObject({ revoked: 1 });
    server.up = false;
    await engine.scan(code(6));
    expect(engine.getSnapshot().shown).toMatchObject({ result: 'revoked', offline: true });
    engine.stop();
  });

  it('sends a rotating code whole online, and checks its time part itself offline', async () => {
    const dayKey = new Uint8Array(32).fill(8);
    const server = new FakeServer();
    server.bundleServed = testBundle({
      rotation: { dayKey: Buffer.from(dayKey).toString('base64url'), stepSeconds: 30, toleranceSteps: 2 },
    });
    const store = memoryGateStore();
    const engine = await startedEngine(server, store);
    const hmac: HmacSha256 = (key, message) =>
      new Uint8Array(createHmac('sha256', key).update(message).digest());
    const shown = (n: number, step: number) => {
      const made = ticketCode({ ticketId: ticketId(n), rotating: true });
      codes.set(made, ticketId(n));
      return formatRotatingCode(
        made,
        step,
        rotationMac(hmac, rotationSecret(hmac, dayKey, ticketId(n)), step),
      );
    };
    const step = rotationStep(now(), 30);
    await engine.scan(shown(10, step).toLowerCase());
    expect(server.scanned).toEqual([shown(10, step)]);
    server.up = false;
    // A reload while offline: the stored bundle still carries the rotation key.
    engine.stop();
    const reloaded = await startedEngine(server, store);
    await reloaded.scan(shown(11, step - 1));
    expect(reloaded.getSnapshot().shown).toMatchObject({
      result: 'ok',
      offline: true,
      ticketId: ticketId(11),
    });
    await reloaded.scan(shown(12, step - 3));
    expect(reloaded.getSnapshot().shown).toMatchObject({
      result: 'code_expired',
      offline: true,
      reason: 'rotation_step',
    });
    server.up = true;
    await reloaded.tick();
    expect(server.uploads.flat().map((scan) => [scan.ticketId, scan.result])).toEqual([
      [ticketId(11), 'ok'],
      [ticketId(12), 'code_expired'],
    ]);
    reloaded.stop();
  });

  it('reports a revoked device instead of going offline', async () => {
    const server = new FakeServer();
    const engine = await startedEngine(server);
    server.revokeDevice = true;
    await engine.scan(code(7));
    expect(engine.getSnapshot()).toMatchObject({ connection: 'online', authProblem: 'device_revoked' });
    expect(engine.getSnapshot().shown).toMatchObject({ kind: 'notice', notice: 'failed' });
    engine.stop();
  });

  it('says so when it never had offline data', async () => {
    const server = new FakeServer();
    server.up = false;
    const engine = await startedEngine(server);
    await engine.scan(code(8));
    expect(engine.getSnapshot().shown).toMatchObject({ kind: 'notice', notice: 'noBundle' });
    expect(engine.getSnapshot().queued).toBe(0);
    engine.stop();
  });
});

describe('the median of verification times', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
