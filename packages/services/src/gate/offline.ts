// Gates that keep working offline. A gate downloads a bundle while online — the site's public keys,
// the revocation list, today's used entries, an index of today's real-name ID numbers and today's key
// of rotating codes — and, when the server cannot be reached, decides with the same domain function
// on signature + rotating code + revocation + its own used set. On reconnect it uploads its queue:
// each scan with a client nonce (a retry never counts twice) and the original scan time. An entry used
// twice is a double entry; the first scan in time wins even when it arrives last, and every double
// entry is listed as an alert for the site.
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import {
  AppError,
  addDays,
  businessDate,
  defaultGatePolicy,
  normalizeDocumentNumber,
  zonedToUtc,
  type GatePolicy,
} from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { decryptPii } from '../pii';
import { loadSite } from '../catalog/sites';
import type { SalesRuntime } from '../sales/runtime';
import { loadRotationSettings, rotationDayKey } from './rotation';

export type GateBundle = {
  siteId: string;
  businessDate: string;
  timeZone: string;
  policy: GatePolicy;
  generatedAt: Date;
  keys: { keyId: number; purpose: 'live' | 'training'; publicKey: string }[];
  /** The site's gates, so an offline gate can say where a ticket was used. */
  gates: { id: string; code: string; nameZh: string; nameEn: string; direction: 'entry' | 'exit' | 'both' }[];
  revokedTicketIds: string[];
  /** The site's ticket types, for what a green screen shows offline (category, name, eligibility). */
  products: {
    id: string;
    category: string;
    nameZh: string;
    nameEn: string;
    eligibilityZh: string;
    eligibilityEn: string;
  }[];
  /** Today's valid tickets: ticket id → index into `products`. */
  ticketProducts: Record<string, number>;
  used: { ticketId: string; entriesUsed: number; lastAt: Date | null; lastGateId: string | null }[];
  /** Today's real-name tickets by a day key: hmac(indexKey, ID number) → ticket. */
  idIndexKey: string;
  idIndex: {
    hash: string;
    ticketId: string;
    validFrom: Date;
    validUntil: Date;
    entries: number;
    category: string;
    holderName: string | null;
  }[];
  /**
   * Rotating codes (动态码): today's key of this site (base64url) that every ticket's rotation secret
   * derives from, with the site's step and tolerance. Always given — a ticket flagged rotating may be
   * presented even after the site turned rotation off — and it works for this site and day only.
   */
  rotation: { dayKey: string; stepSeconds: number; toleranceSteps: number } | null;
};

/**
 * The ID index key of a site and day, derived from the lookup key: a gate holds only today's, so a
 * lost device exposes one day's index of one site, never the key that finds IDs everywhere.
 */
export function gateIndexKey(runtime: SalesRuntime, siteId: string, day: string): Buffer {
  return createHmac('sha256', runtime.ring().lookup.current).update(`gate-index:${siteId}:${day}`).digest();
}

export function gateIndexHash(key: Buffer, documentNumber: string): string {
  return createHmac('sha256', key).update(normalizeDocumentNumber(documentNumber)).digest('base64url');
}

export async function gateBundle(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
): Promise<GateBundle> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const site = await loadSite(ctx.db, siteId);
  const now = ctx.clock.now();
  const day = businessDate(now, site.timeZone);
  const dayStart = zonedToUtc(day, '00:00', site.timeZone);
  const dayEnd = zonedToUtc(addDays(day, 1), '00:00', site.timeZone);
  const keys = await rows<{ key_id: number; purpose: 'live' | 'training'; public_key: string }>(
    ctx.db,
    sql`select key_id, purpose, public_key from signing_keys where site_id = ${siteId} order by key_id`,
  );
  // Tickets that could be presented today: valid at some time today.
  const today = sql`t.site_id = ${siteId} and t.valid_from < ${dayEnd} and t.valid_until > ${dayStart}`;
  const revoked = await rows<{ id: string }>(
    ctx.db,
    sql`select t.id from tickets t where ${today} and t.status in ('refunded', 'revoked', 'cancelled')`,
  );
  const gateRows = await rows<{
    id: string;
    code: string;
    name_zh: string;
    name_en: string;
    direction: 'entry' | 'exit' | 'both';
  }>(
    ctx.db,
    sql`select id, code, name_zh, name_en, direction from gates where site_id = ${siteId} and active order by code`,
  );
  const productRows = await rows<{
    id: string;
    category: string;
    name_zh: string;
    name_en: string;
    eligibility_zh: string;
    eligibility_en: string;
  }>(
    ctx.db,
    sql`select id, category, name_zh, name_en, eligibility_zh, eligibility_en from products
        where site_id = ${siteId} order by sort_order, code`,
  );
  const productIndex = new Map(productRows.map((p, i) => [p.id, i]));
  const valid = await rows<{ id: string; product_id: string }>(
    ctx.db,
    sql`select t.id, t.product_id from tickets t where ${today} and t.status = 'valid'`,
  );
  const ticketProducts: Record<string, number> = {};
  for (const t of valid) {
    const index = productIndex.get(t.product_id);
    if (index !== undefined) ticketProducts[t.id] = index;
  }
  const used = await rows<{
    id: string;
    entries_used: number;
    last_at: Date | null;
    last_gate_id: string | null;
  }>(
    ctx.db,
    sql`select t.id, t.entries_used, last.scanned_at as last_at, last.gate_id as last_gate_id
        from tickets t
        left join lateral (
          select c.scanned_at, c.gate_id from checkins c
          where c.ticket_id = t.id and c.result = 'ok' and c.direction = 'entry'
          order by c.scanned_at desc limit 1
        ) last on true
        where ${today} and t.entries_used > 0`,
  );
  const named = await rows<{
    id: string;
    holder_document_encrypted: string;
    valid_from: Date;
    valid_until: Date;
    entries_allowed: number;
    category: string;
    holder_name: string | null;
  }>(
    ctx.db,
    sql`select t.id, t.holder_document_encrypted, t.valid_from, t.valid_until, t.entries_allowed, t.category, t.holder_name
        from tickets t where ${today} and t.status = 'valid' and t.holder_document_encrypted is not null`,
  );
  const indexKey = gateIndexKey(runtime, siteId, day);
  const ring = runtime.ring().encryption;
  const rotation = await loadRotationSettings(ctx.db, siteId);
  return {
    siteId,
    businessDate: day,
    timeZone: site.timeZone,
    policy: defaultGatePolicy,
    generatedAt: now,
    keys: keys.map((k) => ({ keyId: k.key_id, purpose: k.purpose, publicKey: k.public_key })),
    gates: gateRows.map((g) => ({
      id: g.id,
      code: g.code,
      nameZh: g.name_zh,
      nameEn: g.name_en,
      direction: g.direction,
    })),
    revokedTicketIds: revoked.map((r) => r.id),
    products: productRows.map((p) => ({
      id: p.id,
      category: p.category,
      nameZh: p.name_zh,
      nameEn: p.name_en,
      eligibilityZh: p.eligibility_zh,
      eligibilityEn: p.eligibility_en,
    })),
    ticketProducts,
    used: used.map((u) => ({
      ticketId: u.id,
      entriesUsed: u.entries_used,
      lastAt: u.last_at ? new Date(u.last_at) : null,
      lastGateId: u.last_gate_id,
    })),
    idIndexKey: indexKey.toString('base64'),
    idIndex: named.map((n) => ({
      hash: gateIndexHash(indexKey, decryptPii(ring, n.holder_document_encrypted)),
      ticketId: n.id,
      validFrom: new Date(n.valid_from),
      validUntil: new Date(n.valid_until),
      entries: n.entries_allowed,
      category: n.category,
      holderName: n.holder_name ? `${[...n.holder_name][0]}*` : null,
    })),
    rotation: {
      dayKey: rotationDayKey(runtime.ring().lookup, siteId, day).toString('base64url'),
      stepSeconds: rotation.stepSeconds,
      toleranceSteps: rotation.toleranceSteps,
    },
  };
}

export type OfflineScan = {
  clientNonce: string;
  gateId: string;
  ticketId: string;
  scannedAt: Date;
  /** What the gate decided offline; only admitted scans use an entry. */
  result: string;
};

export type SyncOutcome = { clientNonce: string; status: 'applied' | 'duplicate' | 'double_entry' };

/** Applies a gate's offline queue in scan-time order; idempotent per (device, client nonce). */
export async function syncOfflineScans(
  ctx: ServiceContext,
  siteId: string,
  scans: OfflineScan[],
): Promise<SyncOutcome[]> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const deviceId = ctx.actor.kind === 'device' ? ctx.actor.deviceId : null;
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  if (!deviceId && !userId) throw new AppError('authentication_required');
  const sorted = [...scans].sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime());
  const out: SyncOutcome[] = [];
  for (const scan of sorted) {
    if (ctx.actor.kind === 'device' && scan.gateId !== ctx.actor.gateId)
      throw new AppError('permission_denied', { details: { gateId: scan.gateId } });
    const status = await inTransaction(ctx, async (tx) => {
      const now = ctx.clock.now();
      const id = newId(now.getTime());
      // The nonce is unique per device (or per user for a logged-in gate): a re-upload changes nothing.
      const inserted = await rows<{ id: string }>(
        tx.db,
        sql`insert into checkins (id, site_id, ticket_id, gate_id, device_id, user_id, result, direction, presented, offline,
                                  client_nonce, scanned_at, created_at)
            values (${id}, ${siteId}, ${scan.ticketId}, ${scan.gateId}, ${deviceId}, ${userId}, ${scan.result}, 'entry', 'code',
                    true, ${scan.clientNonce}, ${scan.scannedAt}, ${now})
            on conflict do nothing
            returning id`,
      );
      if (inserted.length === 0) return 'duplicate' as const;
      if (scan.result !== 'ok') return 'applied' as const;
      const used = await rows<{ id: string }>(
        tx.db,
        sql`update tickets set entries_used = entries_used + 1, updated_at = ${now}
            where id = ${scan.ticketId} and site_id = ${siteId} and (entries_allowed = 0 or entries_used < entries_allowed)
            returning id`,
      );
      if (used.length > 0) return 'applied' as const;
      // No entry left: the later of the scans that used it is the double entry (first scan in time wins).
      const [later] = await rows<{ id: string }>(
        tx.db,
        sql`select id from checkins where ticket_id = ${scan.ticketId} and result = 'ok' and direction = 'entry'
              and not double_entry and scanned_at > ${scan.scannedAt} and id <> ${id}
            order by scanned_at desc limit 1`,
      );
      if (later) {
        await tx.db.execute(sql`update checkins set double_entry = true where id = ${later.id}`);
        return 'applied' as const;
      }
      await tx.db.execute(sql`update checkins set double_entry = true where id = ${id}`);
      return 'double_entry' as const;
    });
    out.push({ clientNonce: scan.clientNonce, status });
  }
  return out;
}

/** Double entries found at sync: the site's alerts. */
export async function doubleEntryAlerts(
  ctx: ServiceContext,
  siteId: string,
  since: Date,
): Promise<
  { checkinId: string; ticketId: string | null; gateName: string; scannedAt: Date; offline: boolean }[]
> {
  if (!can(ctx, 'checkin.redeem', siteId)) await requirePermission(ctx, 'orders.read', siteId);
  const found = await rows<{
    id: string;
    ticket_id: string | null;
    name_zh: string | null;
    scanned_at: Date;
    offline: boolean;
  }>(
    ctx.db,
    sql`select c.id, c.ticket_id, g.name_zh, c.scanned_at, c.offline from checkins c left join gates g on g.id = c.gate_id
        where c.site_id = ${siteId} and c.double_entry and c.scanned_at >= ${since} order by c.scanned_at`,
  );
  return found.map((r) => ({
    checkinId: r.id,
    ticketId: r.ticket_id,
    gateName: r.name_zh ?? '',
    scannedAt: new Date(r.scanned_at),
    offline: r.offline,
  }));
}
