// What a gate answers for a scanned ticket, from the facts it has: the decoded code, whether its
// signature verified under a known key of this site, the ticket's state (online: from the database;
// offline: the revocation list and the gate's own used set), the gate and the time. Pure, so the
// server and the offline gate in the browser decide the same way. The order of the checks is the
// order a visitor should hear about problems: a forged or foreign code first (a rotating code's time
// part with it), then a refunded one, then time, then entries, then the site's instantaneous maximum
// (瞬时承载量).
import type { RotationFacts } from './rotation';

export type GateResultCode =
  | 'ok'
  | 'already_used'
  | 'not_yet_valid'
  | 'expired'
  | 'wrong_site'
  | 'revoked'
  | 'invalid_signature'
  | 'unknown_ticket'
  | 'capacity_reached'
  /** A rotating code shown bare, or with a time step outside the site's tolerance (a screenshot). */
  | 'code_expired';

export type GatePolicy = {
  /** Minutes before a session's start a ticket may enter. */
  earlyMinutes: number;
  /** Minutes after its end a ticket may still enter. */
  lateMinutes: number;
};

export const defaultGatePolicy: GatePolicy = { earlyMinutes: 30, lateMinutes: 0 };

export type GateFacts = {
  /** The code decoded (null: not a ticket code of a known version, or nothing found for a typed number). */
  code: { keyId: number; validFrom: Date; validUntil: Date; entries: number; training: boolean } | null;
  /** The key id is one of this site's keys, and its purpose. */
  key: { purpose: 'live' | 'training' } | null;
  signatureValid: boolean;
  /** A scanned code's rotating form (gate/rotation.ts); absent for a typed number or an ID swipe. */
  rotation?: RotationFacts;
  /** The ticket as the server knows it; null offline or when unknown. */
  ticket: {
    siteId: string;
    status: 'pending' | 'valid' | 'cancelled' | 'refunded' | 'revoked';
    entriesUsed: number;
    lastEntry: { at: Date; gateName: string } | null;
    minIntervalMinutes: number;
  } | null;
  /** Offline: the ticket is on the downloaded revocation list. */
  revokedOffline?: boolean;
  /** Offline: entries this gate (or its peers it synced with) already recorded. */
  usedOffline?: { count: number; last: { at: Date; gateName: string } | null };
  gate: { siteId: string; live: boolean };
  now: Date;
  policy: GatePolicy;
  /** Live occupancy against the site's instantaneous maximum; null when the site has none. */
  occupancy: { inside: number; max: number } | null;
  online: boolean;
};

export type GateDecision =
  | { result: 'ok'; entriesLeft: number | null; occupancyWarning: boolean }
  | { result: 'already_used'; last: { at: Date; gateName: string } | null; tooSoon: boolean }
  | { result: Exclude<GateResultCode, 'ok' | 'already_used'>; reason?: string };

export function gateDecision(f: GateFacts): GateDecision {
  if (!f.code) return { result: 'unknown_ticket' };
  if (!f.key) return { result: 'invalid_signature', reason: 'unknown_key' };
  if (!f.signatureValid) return { result: 'invalid_signature', reason: 'signature' };
  // Training tickets have their own keys and flag; a live gate refuses both.
  if (f.gate.live && (f.key.purpose === 'training' || f.code.training))
    return { result: 'invalid_signature', reason: 'training_ticket' };
  if (f.rotation) {
    const { required, shown } = f.rotation;
    if (shown && !shown.stepAccepted) return { result: 'code_expired', reason: 'rotation_step' };
    if (shown && !shown.macValid) return { result: 'invalid_signature', reason: 'rotation_mac' };
    if (!shown && required) return { result: 'code_expired', reason: 'bare_code' };
  }
  if (f.online && !f.ticket) return { result: 'unknown_ticket' };
  if (f.ticket && f.ticket.siteId !== f.gate.siteId) return { result: 'wrong_site' };
  if (f.revokedOffline || (f.ticket && f.ticket.status !== 'valid')) return { result: 'revoked' };
  const now = f.now.getTime();
  if (now < f.code.validFrom.getTime() - f.policy.earlyMinutes * 60_000) return { result: 'not_yet_valid' };
  if (now > f.code.validUntil.getTime() + f.policy.lateMinutes * 60_000) return { result: 'expired' };
  const used = Math.max(f.ticket?.entriesUsed ?? 0, f.usedOffline?.count ?? 0);
  const last = f.ticket?.lastEntry ?? f.usedOffline?.last ?? null;
  if (f.code.entries > 0 && used >= f.code.entries) return { result: 'already_used', last, tooSoon: false };
  const interval = f.ticket?.minIntervalMinutes ?? 0;
  if (f.code.entries === 0 && last && interval > 0 && now - last.at.getTime() < interval * 60_000)
    return { result: 'already_used', last, tooSoon: true };
  if (f.occupancy && f.occupancy.inside >= f.occupancy.max) return { result: 'capacity_reached' };
  return {
    result: 'ok',
    entriesLeft: f.code.entries === 0 ? null : f.code.entries - used - 1,
    occupancyWarning: f.occupancy !== null && f.occupancy.inside + 1 >= occupancyWarningAt(f.occupancy.max),
  };
}

/** Staff are warned from 90 % of the instantaneous maximum. */
export function occupancyWarningAt(max: number): number {
  return Math.ceil(max * 0.9);
}

/**
 * Offline scans uploaded after a reconnect, in time order per ticket: the first use of each entry wins,
 * later ones beyond the ticket's entries are double entries (an alert for the site). Returns, per scan,
 * whether it was a double entry. `alreadyUsed` is what the server had recorded before the upload.
 */
export function settleOfflineScans<T extends { ticketId: string; scannedAt: Date }>(
  scans: readonly T[],
  entriesOf: (ticketId: string) => number,
  alreadyUsed: (ticketId: string) => number,
): { scan: T; doubleEntry: boolean }[] {
  const sorted = [...scans].sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime());
  const used = new Map<string, number>();
  return sorted.map((scan) => {
    const allowed = entriesOf(scan.ticketId);
    const count = used.get(scan.ticketId) ?? alreadyUsed(scan.ticketId);
    used.set(scan.ticketId, count + 1);
    return { scan, doubleEntry: allowed > 0 && count >= allowed };
  });
}
