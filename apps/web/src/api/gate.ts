// The gate API (apps/server/src/routes/gate.ts, devices.ts): scanning, exits, today's counts, the
// offline bundle and the upload of offline scans, double-entry alerts, and gate devices. The schemas
// the server declares inline are mirrored here. A registered device calls the gate endpoints with its
// own token (`Authorization: Device …`); gate staff call them under their login.
import type { GateResultCode } from '@admit/domain';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from './client';
import { withQuery } from './query-string';

/** Who the gate screen acts as: a registered device (its token) or the logged-in gate staff. */
export type GateAuth = { kind: 'device'; token: string } | { kind: 'user' };

export const gateResultCodes = [
  'ok',
  'already_used',
  'not_yet_valid',
  'expired',
  'wrong_site',
  'revoked',
  'invalid_signature',
  'unknown_ticket',
  'capacity_reached',
  'code_expired',
] as const satisfies readonly GateResultCode[];

const gateResultSchema = z.enum(gateResultCodes);
const gateDirectionSchema = z.enum(['entry', 'exit', 'both']);
export type GateDirection = z.infer<typeof gateDirectionSchema>;

export const scanAnswerSchema = z.object({
  result: gateResultSchema,
  reason: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  category: z.string().nullable(),
  productNameZh: z.string().nullable(),
  productNameEn: z.string().nullable(),
  eligibilityZh: z.string().nullable(),
  eligibilityEn: z.string().nullable(),
  holderName: z.string().nullable(),
  entriesLeft: z.number().int().nullable(),
  lastEntry: z.object({ at: z.string(), gateName: z.string(), gateId: z.uuid().nullable() }).nullable(),
  occupancy: z.object({ inside: z.number().int(), max: z.number().int(), warning: z.boolean() }).nullable(),
});
export type ScanAnswer = z.infer<typeof scanAnswerSchema>;

/** Exactly one of code, ticket number or ID number. */
export type ScanRequest = { gateId: string } & (
  { code: string } | { ticketNumber: string } | { documentNumber: string }
);

const occupancySchema = z.object({ inside: z.number().int(), max: z.number().int() });

export const gateTodaySchema = z.object({
  businessDate: z.string(),
  entriesAtGate: z.number().int(),
  entriesAtSite: z.number().int(),
  refusedAtGate: z.number().int(),
  occupancy: occupancySchema.nullable(),
});
export type GateToday = z.infer<typeof gateTodaySchema>;

/** What a gate keeps for working offline today (packages/services/src/gate/offline.ts). */
export const gateBundleSchema = z.object({
  siteId: z.uuid(),
  businessDate: z.string(),
  timeZone: z.string(),
  policy: z.object({ earlyMinutes: z.number().int(), lateMinutes: z.number().int() }),
  generatedAt: z.string(),
  keys: z.array(
    z.object({ keyId: z.number().int(), purpose: z.enum(['live', 'training']), publicKey: z.string() }),
  ),
  gates: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      direction: gateDirectionSchema,
    }),
  ),
  revokedTicketIds: z.array(z.uuid()),
  products: z.array(
    z.object({
      id: z.uuid(),
      category: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      eligibilityZh: z.string(),
      eligibilityEn: z.string(),
    }),
  ),
  /** Today's valid tickets: ticket id → index into products. */
  ticketProducts: z.record(z.string(), z.number().int()),
  used: z.array(
    z.object({
      ticketId: z.uuid(),
      entriesUsed: z.number().int(),
      lastAt: z.string().nullable(),
      lastGateId: z.uuid().nullable(),
    }),
  ),
  idIndexKey: z.string(),
  idIndex: z.array(
    z.object({
      hash: z.string(),
      ticketId: z.uuid(),
      validFrom: z.string(),
      validUntil: z.string(),
      entries: z.number().int(),
      category: z.string(),
      holderName: z.string().nullable(),
    }),
  ),
  /** Rotating codes: today's key of the site (base64url), the step and the tolerance. Absent from older bundles. */
  rotation: z
    .object({ dayKey: z.string(), stepSeconds: z.number().int(), toleranceSteps: z.number().int() })
    .nullish(),
});
export type GateBundle = z.infer<typeof gateBundleSchema>;

export type OfflineScanUpload = {
  clientNonce: string;
  gateId: string;
  ticketId: string;
  scannedAt: string;
  result: GateResultCode;
};

export const syncOutcomeSchema = z.object({
  clientNonce: z.string(),
  status: z.enum(['applied', 'duplicate', 'double_entry']),
});
export type SyncOutcome = z.infer<typeof syncOutcomeSchema>;

export const doubleEntryAlertSchema = z.object({
  checkinId: z.uuid(),
  ticketId: z.uuid().nullable(),
  gateName: z.string(),
  scannedAt: z.string(),
  offline: z.boolean(),
});
export type DoubleEntryAlert = z.infer<typeof doubleEntryAlertSchema>;

export const deviceViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  gateId: z.uuid(),
  name: z.string(),
  status: z.enum(['pending', 'active', 'revoked']),
  registeredAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});
export type DeviceView = z.infer<typeof deviceViewSchema>;
export type DeviceStatus = DeviceView['status'];

export const deviceRegistrationSchema = z.object({
  device: deviceViewSchema,
  registrationCode: z.string(),
  expiresAt: z.string(),
  registrationUrl: z.string(),
});
export type DeviceRegistration = z.infer<typeof deviceRegistrationSchema>;

export const deviceMeSchema = z.object({
  deviceId: z.uuid(),
  name: z.string(),
  siteId: z.uuid(),
  siteNameZh: z.string(),
  siteNameEn: z.string(),
  gateId: z.uuid(),
  gateCode: z.string(),
  gateNameZh: z.string(),
  gateNameEn: z.string(),
  gateDirection: gateDirectionSchema,
});
export type DeviceMe = z.infer<typeof deviceMeSchema>;

function gatePath(siteId: string, path: string): string {
  return `/api/v1/sites/${siteId}/gate${path}`;
}

function authHeaders(auth: GateAuth): Record<string, string> {
  return auth.kind === 'device' ? { Authorization: `Device ${auth.token}` } : {};
}

type Signal = AbortSignal | undefined;

export function scanAtGate(auth: GateAuth, siteId: string, body: ScanRequest, signal?: Signal) {
  return apiRequest(gatePath(siteId, '/scan'), scanAnswerSchema, {
    method: 'POST',
    body,
    signal,
    headers: authHeaders(auth),
  });
}

export function recordExit(auth: GateAuth, siteId: string, gateId: string, signal?: Signal) {
  return apiRequest(gatePath(siteId, '/exit'), z.object({ inside: z.number().int().nullable() }), {
    method: 'POST',
    body: { gateId },
    signal,
    headers: authHeaders(auth),
  });
}

export function fetchGateToday(auth: GateAuth, siteId: string, gateId: string, signal?: Signal) {
  return apiGet(withQuery(gatePath(siteId, '/today'), { gateId }), gateTodaySchema, {
    signal,
    headers: authHeaders(auth),
  });
}

export function fetchGateBundle(auth: GateAuth, siteId: string, signal?: Signal) {
  return apiGet(gatePath(siteId, '/bundle'), gateBundleSchema, { signal, headers: authHeaders(auth) });
}

export function syncOfflineScans(
  auth: GateAuth,
  siteId: string,
  scans: readonly OfflineScanUpload[],
  signal?: Signal,
) {
  return apiRequest(gatePath(siteId, '/sync'), z.array(syncOutcomeSchema), {
    method: 'POST',
    body: { scans },
    signal,
    headers: authHeaders(auth),
  });
}

export function fetchDoubleEntryAlerts(auth: GateAuth, siteId: string, since: string, signal?: Signal) {
  return apiGet(withQuery(gatePath(siteId, '/alerts'), { since }), z.array(doubleEntryAlertSchema), {
    signal,
    headers: authHeaders(auth),
  });
}

/** Liveness only (no login needed): whether the server answers at all. */
export async function probeServer(signal?: Signal): Promise<boolean> {
  try {
    const response = await fetch('/healthz', { cache: 'no-store', signal: signal ?? null });
    return response.ok;
  } catch {
    return false;
  }
}

// ── Devices ─────────────────────────────────────────────────────────────────────────────────────────

export function registerDevice(code: string) {
  return apiRequest('/api/v1/devices/register', z.object({ device: deviceViewSchema, token: z.string() }), {
    method: 'POST',
    body: { code },
  });
}

export function fetchDeviceMe(token: string, signal?: Signal) {
  return apiGet('/api/v1/devices/me', deviceMeSchema, {
    signal,
    headers: authHeaders({ kind: 'device', token }),
  });
}

export function devicesQueryKey(siteId: string) {
  return ['gate', siteId, 'devices'] as const;
}

export function devicesQuery(siteId: string) {
  return queryOptions({
    queryKey: devicesQueryKey(siteId),
    queryFn: ({ signal }) => apiGet(`/api/v1/sites/${siteId}/devices`, z.array(deviceViewSchema), { signal }),
  });
}

export function startDeviceRegistration(siteId: string, body: { gateId: string; name: string }) {
  return apiRequest(`/api/v1/sites/${siteId}/devices`, deviceRegistrationSchema, { method: 'POST', body });
}

export function revokeDevice(siteId: string, deviceId: string) {
  return apiRequest(`/api/v1/sites/${siteId}/devices/${deviceId}/revoke`, deviceViewSchema, {
    method: 'POST',
  });
}
