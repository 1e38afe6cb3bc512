// What this gate itself knows beyond its bundle: the scans it decided offline (queued for upload with
// a random client nonce, so a retried upload never counts twice) and the entries the server admitted
// here since the bundle was made. Both count as used entries until a bundle downloaded after them has
// them; offline scans stay queued until the server acknowledged them. Pure: the engine stores them.
import type { GateResultCode } from '@admit/domain';
import type { OfflineScanUpload, SyncOutcome } from '../../api/gate';
import type { PreparedBundle } from './bundle';

export type LocalEntry = {
  clientNonce: string;
  siteId: string;
  gateId: string;
  ticketId: string;
  /** When the visitor was at the gate (ISO). */
  scannedAt: string;
  result: GateResultCode;
  /** online: the server decided (and recorded) it; offline: decided here, to be uploaded. */
  source: 'online' | 'offline';
  /**
   * This browser's clock (ms, strictly increasing) from which the server surely has the scan: when it
   * answered an online scan or acknowledged an upload. Null while an offline scan waits for upload.
   */
  settledAt: number | null;
};

/** A nonce the server keeps unique per device (or per user): 8–100 characters. */
export function newClientNonce(): string {
  return crypto.randomUUID();
}

export function isQueued(entry: LocalEntry): boolean {
  return entry.source === 'offline' && entry.settledAt === null;
}

export function queuedCount(entries: readonly LocalEntry[]): number {
  return entries.filter(isQueued).length;
}

/** The queue in upload form, oldest first (the server applies them in scan-time order anyway). */
export function pendingUploads(entries: readonly LocalEntry[]): OfflineScanUpload[] {
  return entries
    .filter(isQueued)
    .sort((a, b) => a.scannedAt.localeCompare(b.scannedAt))
    .map(({ clientNonce, gateId, ticketId, scannedAt, result }) => ({
      clientNonce,
      gateId,
      ticketId,
      scannedAt,
      result,
    }));
}

export type SyncSummary = { applied: number; duplicates: number; doubleEntries: number };

/**
 * Marks what the server acknowledged (applied, a duplicate of an earlier upload, or found to be a
 * double entry) as settled; anything it did not mention stays queued for the next upload.
 */
export function settleUploads(
  entries: readonly LocalEntry[],
  outcomes: readonly SyncOutcome[],
  now: number,
): { entries: LocalEntry[]; summary: SyncSummary } {
  const byNonce = new Map(outcomes.map((outcome) => [outcome.clientNonce, outcome.status]));
  const summary: SyncSummary = { applied: 0, duplicates: 0, doubleEntries: 0 };
  for (const status of byNonce.values()) {
    if (status === 'applied') summary.applied++;
    else if (status === 'duplicate') summary.duplicates++;
    else summary.doubleEntries++;
  }
  return {
    entries: entries.map((entry) =>
      isQueued(entry) && byNonce.has(entry.clientNonce) ? { ...entry, settledAt: now } : entry,
    ),
    summary,
  };
}

/**
 * Drops what a bundle downloaded from `fetchStartedAt` on already counts: entries settled before the
 * download began. Queued scans always stay.
 */
export function pruneSettled(entries: readonly LocalEntry[], fetchStartedAt: number): LocalEntry[] {
  return entries.filter((entry) => entry.settledAt === null || entry.settledAt >= fetchStartedAt);
}

export type LocalUse = { count: number; last: { at: Date; gateId: string | null } | null };

/** Entries of a ticket used as far as this gate knows: the bundle's, plus its own admissions since. */
export function localUse(
  bundle: PreparedBundle | null,
  entries: readonly LocalEntry[],
  ticketId: string,
): LocalUse {
  const fromBundle = bundle?.used.get(ticketId);
  let count = fromBundle?.entriesUsed ?? 0;
  let last: LocalUse['last'] =
    fromBundle?.lastAt != null ? { at: fromBundle.lastAt, gateId: fromBundle.lastGateId } : null;
  for (const entry of entries) {
    if (entry.ticketId !== ticketId || entry.result !== 'ok') continue;
    count++;
    const at = new Date(entry.scannedAt);
    if (last === null || at.getTime() > last.at.getTime()) last = { at, gateId: entry.gateId };
  }
  return { count, last };
}
