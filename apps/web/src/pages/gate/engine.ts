// The gate's working loop, apart from the screen: each scan goes to the server with a short timeout;
// when the server cannot be reached the gate goes OFFLINE and decides itself (offlineDecision.ts),
// queueing each decision. Offline it probes the server every few seconds; back online it uploads the
// queue, drops what the server acknowledged and downloads a fresh bundle. Online it polls today's
// counts, refreshes the bundle every minute and after every upload, and reads the site's double-entry
// alerts. The screen renders its snapshot (useSyncExternalStore); tests drive it with a fake transport.
import type { GateResultCode } from '@admit/domain';
import { ApiError, CLIENT_ERROR_CODES, isSessionEnded } from '../../api/client';
import type {
  DoubleEntryAlert,
  GateBundle,
  GateToday,
  OfflineScanUpload,
  ScanAnswer,
  ScanRequest,
  SyncOutcome,
} from '../../api/gate';
import { prepareBundle, type PreparedBundle } from './bundle';
import {
  decideCodeOffline,
  decideDocumentOffline,
  documentHash,
  type LocalDecision,
  type VerifySignature,
} from './offlineDecision';
import {
  isQueued,
  newClientNonce,
  pendingUploads,
  pruneSettled,
  queuedCount,
  settleUploads,
  type LocalEntry,
  type SyncSummary,
} from './queue';
import {
  offlineResult,
  onlineResult,
  type GateNotice,
  type NoticeResult,
  type ShownResult,
  type TicketResult,
} from './result';
import { classifyScan, type ScanInput } from './scanInput';
import type { GateStore } from './store';

/** The server as the gate reaches it; every call may fail with a network error. */
export type GateTransport = {
  scan(body: ScanRequest, signal: AbortSignal): Promise<ScanAnswer>;
  exit(signal: AbortSignal): Promise<{ inside: number | null }>;
  today(signal: AbortSignal): Promise<GateToday>;
  bundle(signal: AbortSignal): Promise<GateBundle>;
  sync(scans: readonly OfflineScanUpload[], signal: AbortSignal): Promise<SyncOutcome[]>;
  alerts(since: string, signal: AbortSignal): Promise<DoubleEntryAlert[]>;
  probe(signal: AbortSignal): Promise<boolean>;
};

export type GateTimings = {
  /** An online scan's answer must come within this, or the gate goes offline and decides itself. */
  scanTimeoutMs: number;
  /** Other requests (bundle, upload) may take longer. */
  requestTimeoutMs: number;
  /** Offline: how often the server is probed. */
  probeMs: number;
  /** Online: how often today's counts are read (and a left-over queue uploaded). */
  pollMs: number;
  bundleMs: number;
  alertsMs: number;
};

export const defaultTimings: GateTimings = {
  scanTimeoutMs: 1500,
  requestTimeoutMs: 10_000,
  probeMs: 2000,
  pollMs: 5000,
  bundleMs: 60_000,
  alertsMs: 15_000,
};

export type Connection = 'starting' | 'online' | 'offline';

export type GateSnapshot = {
  connection: Connection;
  /** An online scan is waiting for the server. */
  busy: boolean;
  shown: ShownResult | null;
  today: GateToday | null;
  /** The site's clock, for every time shown (the bundle's, else what the page was told). */
  timeZone: string;
  bundle: { generatedAt: string; businessDate: string; revoked: number; indexed: number } | null;
  /** Offline scans waiting for upload. */
  queued: number;
  lastSync: (SyncSummary & { at: string }) | null;
  alerts: DoubleEntryAlert[];
  /** Local decisions: the last one's time and the median of the recent ones, in milliseconds. */
  verify: { lastMs: number | null; medianMs: number | null; samples: number };
  lastExit: { at: string; inside: number | null } | null;
  /** The last failure that was not the network (the server's message). */
  problem: string | null;
  /** The device was revoked, or gate staff's session ended: the page takes them elsewhere. */
  authProblem: 'device_revoked' | 'session_ended' | null;
};

export type GateEngineOptions = {
  siteId: string;
  gateId: string;
  transport: GateTransport;
  store: GateStore;
  verify: VerifySignature;
  /** Called once per downloaded bundle (noble's precomputation). */
  warmUp?: () => void;
  hashDocument?: (indexKey: Uint8Array, documentNumber: string) => Promise<string>;
  timeZone: string;
  /**
   * Whose offline scans this gate uploads: a device only its own gate's (it may not upload for others);
   * gate staff every gate's of the site they left in this browser.
   */
  uploads: 'gate' | 'site';
  timings?: Partial<GateTimings>;
  now?: () => Date;
};

const VERIFY_SAMPLES = 50;
const SYNC_CHUNK = 500;
const ALERT_WINDOW_MS = 24 * 3_600_000;

/** No answer at all (network down, server stopped, timeout, a proxy without its server behind it). */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof ApiError)
    return error.code === CLIENT_ERROR_CODES.network || [502, 503, 504].includes(error.status);
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function authProblemOf(error: unknown): GateSnapshot['authProblem'] {
  if (error instanceof ApiError && error.status === 401 && error.code === 'device_revoked')
    return 'device_revoked';
  return isSessionEnded(error) ? 'session_ended' : null;
}

function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The gate stopped waiting', 'TimeoutError')), ms);
  return controller.signal;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type Outcome = 'done' | 'unreachable' | 'failed';

export class GateEngine {
  private readonly options: GateEngineOptions;
  private readonly timings: GateTimings;
  private snapshot: GateSnapshot;
  private readonly listeners = new Set<() => void>();
  private bundle: PreparedBundle | null = null;
  private entries: LocalEntry[] = [];
  private verifyTimes: number[] = [];
  private lastBundleAt = 0;
  private lastAlertsAt = 0;
  private seq = 0;
  /** The last time stamp given out: strictly increasing, so "settled before the download began" is exact. */
  private lastStamp = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private generation = 0;
  private syncing: Promise<void> | null = null;

  constructor(options: GateEngineOptions) {
    this.options = options;
    this.timings = { ...defaultTimings, ...options.timings };
    this.snapshot = {
      connection: 'starting',
      busy: false,
      shown: null,
      today: null,
      timeZone: options.timeZone,
      bundle: null,
      queued: 0,
      lastSync: null,
      alerts: [],
      verify: { lastMs: null, medianMs: null, samples: 0 },
      lastExit: null,
      problem: null,
      authProblem: null,
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): GateSnapshot => this.snapshot;

  /** Loads what is stored, tries the server, and keeps the loop going until stop(). */
  async start(options: { loop?: boolean } = {}): Promise<void> {
    this.stopped = false;
    // A start overtaken by stop() and another start (React's strict mode does that) gives way.
    const generation = ++this.generation;
    const { store, siteId } = this.options;
    const [stored, entries] = await Promise.all([store.loadBundle(siteId), store.loadEntries(siteId)]);
    if (this.stopped || generation !== this.generation) return;
    if (stored !== null) this.useBundle(stored.bundle);
    this.entries = entries;
    this.lastStamp = entries.reduce(
      (latest, entry) => Math.max(latest, entry.settledAt ?? 0),
      Math.max(this.lastStamp, stored?.fetchStartedAt ?? 0),
    );
    this.update({ queued: queuedCount(this.uploadable()) });
    await this.connect();
    if (options.loop ?? true) this.schedule(this.nextDelay());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One turn of the loop: probe while offline, poll while online. */
  async tick(): Promise<void> {
    if (this.snapshot.connection === 'offline') {
      const answered = await this.options.transport
        .probe(timeoutSignal(this.timings.scanTimeoutMs))
        .catch(() => false);
      if (answered) await this.connect();
      return;
    }
    await this.run([
      () => this.syncQueue(),
      () =>
        this.now().getTime() - this.lastBundleAt >= this.timings.bundleMs ? this.refreshBundle() : undefined,
      () => this.refreshToday(),
      () =>
        this.now().getTime() - this.lastAlertsAt >= this.timings.alertsMs ? this.refreshAlerts() : undefined,
    ]);
  }

  /** Uploads, downloads the offline data and reads the counts and alerts now (the "update" button). */
  async refreshNow(): Promise<void> {
    if (this.snapshot.connection === 'offline') {
      await this.tick();
      return;
    }
    await this.run([
      () => this.syncQueue(),
      () => this.refreshBundle(),
      () => this.refreshToday(),
      () => this.refreshAlerts(),
    ]);
  }

  /** A scan from the input or the camera. */
  async scan(text: string): Promise<void> {
    const input = classifyScan(text);
    const at = this.now();
    if (input.kind === 'unrecognized' || input.kind === 'badTicketNumber') {
      this.showNotice(input.kind, null, at);
      return;
    }
    if (this.snapshot.connection !== 'offline') {
      this.update({ busy: true });
      try {
        const answer = await this.options.transport.scan(
          { gateId: this.options.gateId, ...requestOf(input) },
          timeoutSignal(this.timings.scanTimeoutMs),
        );
        this.show(onlineResult(answer, this.bundle), at);
        this.update({ busy: false });
        if (answer.result === 'ok' && answer.ticketId !== null)
          await this.addEntry(answer.ticketId, answer.result, at, 'online');
        // Today's counts move with every scan, not only at the next poll.
        void this.run([() => this.refreshToday()]);
        return;
      } catch (error) {
        this.update({ busy: false });
        if (!isUnreachable(error)) {
          this.noteFailure(error);
          this.showNotice('failed', error instanceof ApiError ? error.message : null, at);
          return;
        }
        this.goOffline();
      }
    }
    await this.decideLocally(input, at);
  }

  /** One person out through an exit (or two-way) gate: the live occupancy goes down. Online only. */
  async exit(): Promise<boolean> {
    if (this.snapshot.connection === 'offline') return false;
    try {
      const { inside } = await this.options.transport.exit(timeoutSignal(this.timings.scanTimeoutMs));
      const today = this.snapshot.today;
      this.update({
        lastExit: { at: this.now().toISOString(), inside },
        today:
          today?.occupancy != null && inside !== null
            ? { ...today, occupancy: { ...today.occupancy, inside } }
            : today,
      });
      return true;
    } catch (error) {
      if (isUnreachable(error)) this.goOffline();
      else this.noteFailure(error);
      return false;
    }
  }

  // ── Offline ──────────────────────────────────────────────────────────────────────────────────────

  private async decideLocally(
    input: Exclude<ScanInput, { kind: 'unrecognized' | 'badTicketNumber' }>,
    at: Date,
  ) {
    const bundle = this.bundle;
    if (bundle === null) {
      this.showNotice('noBundle', null, at);
      return;
    }
    if (input.kind === 'ticketNumber') {
      this.showNotice('offlineTicketNumber', null, at);
      return;
    }
    const started = performance.now();
    let local: LocalDecision;
    if (input.kind === 'code') {
      local = decideCodeOffline(bundle, this.entries, input.code, this.options.verify, at);
    } else {
      const hash = await (this.options.hashDocument ?? documentHash)(bundle.idIndexKey, input.documentNumber);
      local = decideDocumentOffline(bundle, this.entries, hash, at);
    }
    this.recordVerifyTime(performance.now() - started);
    this.show(offlineResult(local, bundle), at);
    if (local.ticketId !== null) await this.addEntry(local.ticketId, local.decision.result, at, 'offline');
  }

  private recordVerifyTime(ms: number): void {
    this.verifyTimes = [...this.verifyTimes, ms].slice(-VERIFY_SAMPLES);
    this.update({
      verify: { lastMs: ms, medianMs: median(this.verifyTimes), samples: this.verifyTimes.length },
    });
  }

  private async addEntry(ticketId: string, result: GateResultCode, at: Date, source: LocalEntry['source']) {
    const entry: LocalEntry = {
      clientNonce: newClientNonce(),
      siteId: this.options.siteId,
      gateId: this.options.gateId,
      ticketId,
      scannedAt: at.toISOString(),
      result,
      source,
      settledAt: source === 'online' ? this.stamp() : null,
    };
    this.entries = [...this.entries, entry];
    this.update({ queued: queuedCount(this.uploadable()) });
    await this.options.store.putEntries([entry]);
  }

  private goOffline(): void {
    if (this.snapshot.connection === 'offline') return;
    this.update({ connection: 'offline' });
    this.schedule(this.timings.probeMs);
  }

  // ── Online ───────────────────────────────────────────────────────────────────────────────────────

  /** Back to (or first contact with) the server: upload, fresh bundle, counts, alerts. */
  private async connect(): Promise<void> {
    const outcome = await this.run([
      () => this.syncQueue(),
      () => this.refreshBundle(),
      () => this.refreshToday(),
      () => this.refreshAlerts(),
    ]);
    if (outcome !== 'unreachable') this.update({ connection: 'online' });
  }

  /**
   * Runs steps in order; stops at the first that cannot reach the server (which makes the gate
   * offline). Another failure is noted (the screen shows it) and the next step still runs.
   */
  private async run(steps: (() => Promise<void> | undefined)[]): Promise<Outcome> {
    let outcome: Outcome = 'done';
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        if (isUnreachable(error)) {
          this.goOffline();
          return 'unreachable';
        }
        this.noteFailure(error);
        outcome = 'failed';
      }
    }
    if (outcome === 'done' && this.snapshot.problem !== null) this.update({ problem: null });
    return outcome;
  }

  private syncQueue(): Promise<void> {
    // One upload at a time: the loop and a reconnect must not send the same scans twice at once.
    this.syncing ??= this.upload().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async upload(): Promise<void> {
    const uploads = pendingUploads(this.uploadable());
    if (uploads.length === 0) return;
    const total: SyncSummary = { applied: 0, duplicates: 0, doubleEntries: 0 };
    for (let i = 0; i < uploads.length; i += SYNC_CHUNK) {
      const outcomes = await this.options.transport.sync(
        uploads.slice(i, i + SYNC_CHUNK),
        timeoutSignal(this.timings.requestTimeoutMs),
      );
      const settled = settleUploads(this.entries, outcomes, this.stamp());
      const changed = settled.entries.filter(
        (entry, index) => entry !== this.entries[index] && !isQueued(entry),
      );
      this.entries = settled.entries;
      total.applied += settled.summary.applied;
      total.duplicates += settled.summary.duplicates;
      total.doubleEntries += settled.summary.doubleEntries;
      await this.options.store.putEntries(changed);
    }
    this.update({
      queued: queuedCount(this.uploadable()),
      lastSync: { ...total, at: this.now().toISOString() },
    });
    // What the upload changed (entries used, double entries found) is in a fresh bundle and the alerts.
    await this.refreshBundle();
    await this.refreshAlerts();
  }

  private async refreshBundle(): Promise<void> {
    const fetchStartedAt = this.stamp();
    const raw = await this.options.transport.bundle(timeoutSignal(this.timings.requestTimeoutMs));
    this.useBundle(raw);
    this.lastBundleAt = this.now().getTime();
    const kept = pruneSettled(this.entries, fetchStartedAt);
    const dropped = this.entries.filter((entry) => !kept.includes(entry)).map((e) => e.clientNonce);
    this.entries = kept;
    await Promise.all([
      this.options.store.saveBundle(this.options.siteId, { bundle: raw, fetchStartedAt }),
      this.options.store.deleteEntries(dropped),
    ]);
  }

  private useBundle(raw: GateBundle): void {
    this.bundle = prepareBundle(raw);
    this.options.warmUp?.();
    this.update({
      timeZone: raw.timeZone,
      bundle: {
        generatedAt: raw.generatedAt,
        businessDate: raw.businessDate,
        revoked: raw.revokedTicketIds.length,
        indexed: raw.idIndex.length,
      },
    });
  }

  private async refreshToday(): Promise<void> {
    const today = await this.options.transport.today(timeoutSignal(this.timings.requestTimeoutMs));
    this.update({ today });
  }

  private async refreshAlerts(): Promise<void> {
    const since = new Date(this.now().getTime() - ALERT_WINDOW_MS).toISOString();
    const alerts = await this.options.transport.alerts(since, timeoutSignal(this.timings.requestTimeoutMs));
    this.lastAlertsAt = this.now().getTime();
    this.update({ alerts });
  }

  // ── Plumbing ─────────────────────────────────────────────────────────────────────────────────────

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule(this.nextDelay()));
    }, ms);
  }

  private nextDelay(): number {
    return this.snapshot.connection === 'offline' ? this.timings.probeMs : this.timings.pollMs;
  }

  private noteFailure(error: unknown): void {
    const authProblem = authProblemOf(error);
    this.update({
      problem: error instanceof ApiError ? error.message : String(error),
      ...(authProblem === null ? {} : { authProblem }),
    });
  }

  private show(result: TicketResult | NoticeResult, at: Date): void {
    this.seq += 1;
    this.update({ shown: { ...result, seq: this.seq, at: at.toISOString() } });
  }

  private showNotice(notice: GateNotice, message: string | null, at: Date): void {
    this.show({ kind: 'notice', notice, message }, at);
  }

  /** The scans this gate uploads (see `uploads`); the others still count as used entries here. */
  private uploadable(): LocalEntry[] {
    const { uploads, gateId } = this.options;
    return uploads === 'gate' ? this.entries.filter((entry) => entry.gateId === gateId) : this.entries;
  }

  /** This browser's clock in milliseconds, made strictly increasing. */
  private stamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private update(change: Partial<GateSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function requestOf(
  input: Exclude<ScanInput, { kind: 'unrecognized' | 'badTicketNumber' }>,
): { code: string } | { ticketNumber: string } | { documentNumber: string } {
  switch (input.kind) {
    case 'code':
      return { code: input.code };
    case 'ticketNumber':
      return { ticketNumber: input.ticketNumber };
    case 'document':
      return { documentNumber: input.documentNumber };
  }
}
