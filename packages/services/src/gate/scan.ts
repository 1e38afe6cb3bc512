// A scan at a gate, online: the presented QR code (its Ed25519 signature checked against the site's
// keys), a typed ticket number, or an ID number (the visitor's ticket valid now at this site, found
// through the keyed hash). The facts go to the domain's gateDecision — the same function the offline
// gate runs in the browser — and an admitted entry is taken with two conditional updates in one
// transaction: the ticket's entries (one entry admits once, whatever the number of gates) and the
// site's live occupancy (its instantaneous maximum). Every scan is recorded in checkins. A rotating
// code (动态码: the signed code, a time step and a MAC) is the signed code checked as ever, then its
// time part (gate/rotation.ts); a code flagged rotating and scanned bare is refused as `code_expired`.
import { verify } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import {
  AppError,
  addDays,
  businessDate,
  decodeTicketCode,
  defaultGatePolicy,
  gateDecision,
  maskName,
  normalizeDocumentNumber,
  splitCapacity,
  splitScannedCode,
  type DecodedTicketCode,
  type GateDecision,
  type RotationFacts,
  type ScannedCode,
  zonedToUtc,
  type GatePolicy,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { piiLookupCandidates } from '../pii';
import { loadSite } from '../catalog/sites';
import type { SalesRuntime } from '../sales/runtime';
import { publicKeyFromRaw } from '../sales/signing';
import { admitBatched } from './admit-batch';
import { checkRotatingCode, siteRotationSettings } from './rotation';

export type ScanInput = {
  gateId: string;
  /** Exactly one of these. */
  code?: string;
  ticketNumber?: string;
  documentNumber?: string;
  deviceId?: string | null;
};

export type ScanAnswer = {
  result: GateDecision['result'];
  reason: string | null;
  ticketId: string | null;
  /** What the gate shows large on ok: the category (CHILD, SENIOR…), the ticket type, eligibility. */
  category: string | null;
  productNameZh: string | null;
  productNameEn: string | null;
  eligibilityZh: string | null;
  eligibilityEn: string | null;
  holderName: string | null;
  entriesLeft: number | null;
  /** already_used: when and where the entry was used. */
  lastEntry: { at: Date; gateName: string; gateId: string | null } | null;
  occupancy: { inside: number; max: number; warning: boolean } | null;
  /** A turnstile's authorization to confirm once the visitor has passed (turnstile API only). */
  authorizationId: string | null;
};

type TicketRow = {
  id: string;
  site_id: string;
  status: 'pending' | 'valid' | 'cancelled' | 'refunded' | 'revoked';
  entries_used: number;
  entries_allowed: number;
  valid_from: Date;
  valid_until: Date;
  key_id: number;
  category: string;
  name_zh: string;
  name_en: string;
  eligibility_zh: string;
  eligibility_en: string;
  holder_name: string | null;
  entries: { kind: string; minIntervalMinutes?: number };
  training: boolean;
  last_at: Date | null;
  last_gate: string | null;
  last_gate_id: string | null;
};

const ticketColumns = sql`t.id, t.site_id, t.status, t.entries_used, t.entries_allowed, t.valid_from, t.valid_until,
  t.key_id, t.category, p.name_zh, p.name_en, p.eligibility_zh, p.eligibility_en, t.holder_name, p.entries, o.training,
  last.scanned_at as last_at, last.name_zh as last_gate, last.gate_id as last_gate_id`;

/** The ticket with its ticket type, its order, and its last entry (when and at which gate) in one look-up. */
const ticketFrom = sql`tickets t join products p on p.id = t.product_id join orders o on o.id = t.order_id
  left join lateral (
    select c.scanned_at, c.gate_id, g.name_zh from checkins c left join gates g on g.id = c.gate_id
    where c.ticket_id = t.id and c.result = 'ok' and c.direction = 'entry' order by c.scanned_at desc limit 1
  ) last on true`;

async function siteKeys(db: Queryable, runtime: SalesRuntime, siteId: string) {
  return runtime.catalog.memo(`keys:${siteId}`, async () => {
    const found = await rows<{ key_id: number; purpose: 'live' | 'training'; public_key: string }>(
      db,
      sql`select key_id, purpose, public_key from signing_keys where site_id = ${siteId}`,
    );
    return new Map(
      found.map((k) => [
        k.key_id,
        { purpose: k.purpose, publicKey: publicKeyFromRaw(Buffer.from(k.public_key, 'base64')) },
      ]),
    );
  });
}

/** Live occupancy of the site today: inside now and the instantaneous maximum (null: none set). */
export async function siteOccupancy(
  db: Queryable,
  siteId: string,
  day: string,
): Promise<{ inside: number; max: number } | null> {
  const [row] = await rows<{ inside: number | null; max: number | null }>(
    db,
    sql`select (select sum(inside)::int8 from occupancy_stripes where site_id = ${siteId} and business_date = ${day}) as inside,
               (select instant_max_capacity from sites where id = ${siteId}) as max`,
  );
  if (!row || row.max === null) return null;
  return { inside: Number(row.inside ?? 0), max: Number(row.max) };
}

const occupancyStripeCount = 4;

async function ensureOccupancy(db: Queryable, siteId: string, day: string, max: number): Promise<void> {
  const values = splitCapacity(max, occupancyStripeCount).map(
    (capacity, stripe) => sql`(${siteId}, ${day}, ${stripe}, ${capacity})`,
  );
  await db.execute(
    sql`insert into occupancy_stripes (site_id, business_date, stripe, capacity) values ${sql.join(values, sql`, `)}
        on conflict do nothing`,
  );
}

/**
 * The facts of a scanned code's rotating form, for a code whose signature verified; undefined when
 * there is nothing to check (a bare code without the rotating flag).
 */
async function rotationOf(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  site: { id: string; timeZone: string },
  decoded: DecodedTicketCode,
  scanned: ScannedCode,
  now: Date,
): Promise<RotationFacts | undefined> {
  const required = decoded.rotating === true;
  if (!scanned.rotation) return required ? { required, shown: null } : undefined;
  return checkRotatingCode({
    ring: runtime.ring().lookup,
    siteId: site.id,
    timeZone: site.timeZone,
    settings: await siteRotationSettings(ctx.db, runtime, site.id),
    ticketId: decoded.ticketId,
    required,
    shown: scanned.rotation,
    now,
  });
}

async function findTicket(
  db: Queryable,
  runtime: SalesRuntime,
  siteId: string,
  input: ScanInput,
  scanned: ScannedCode | null,
  now: Date,
) {
  if (scanned) {
    const decoded = decodeTicketCode(scanned.code);
    if (!decoded) return { decoded: null, ticket: null, presented: 'code' as const };
    const [ticket] = await rows<TicketRow>(
      db,
      sql`select ${ticketColumns} from ${ticketFrom}
          where t.id = ${decoded.ticketId}`,
    );
    return { decoded, ticket: ticket ?? null, presented: 'code' as const };
  }
  if (input.ticketNumber) {
    const [ticket] = await rows<TicketRow>(
      db,
      sql`select ${ticketColumns} from ${ticketFrom}
          where t.number = ${input.ticketNumber.replace(/[\s-]/g, '')}`,
    );
    return { decoded: null, ticket: ticket ?? null, presented: 'number' as const };
  }
  const document = normalizeDocumentNumber(input.documentNumber ?? '');
  const lookups = piiLookupCandidates(runtime.ring().lookup, document);
  // The visitor's ticket for now at this site: valid, window around now, the earliest first.
  const [ticket] = await rows<TicketRow>(
    db,
    sql`select ${ticketColumns} from ${ticketFrom}
        where t.holder_document_lookup in (${sql.join(
          lookups.map((l) => sql`${l}`),
          sql`, `,
        )}) and t.site_id = ${siteId}
          and t.valid_until > ${now} and t.status = 'valid'
        order by t.entries_used = t.entries_allowed and t.entries_allowed > 0, t.valid_from limit 1`,
  );
  return { decoded: null, ticket: ticket ?? null, presented: 'document' as const };
}

export async function scanAtGate(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  input: ScanInput,
  policy: GatePolicy = defaultGatePolicy,
  /** A turnstile: the entry is given back unless the passage is confirmed within these seconds. */
  turnstile: { confirmWithinSeconds: number } | null = null,
): Promise<ScanAnswer> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const presentedCount = [input.code, input.ticketNumber, input.documentNumber].filter(
    (x) => x && x.trim() !== '',
  ).length;
  if (presentedCount !== 1)
    throw new AppError('validation_failed', { details: { scan: 'one of code, ticket number or ID number' } });
  // The gate and the site change rarely: cached like the catalog (ADMIT_CATALOG_CACHE_MS).
  const gate = await runtime.catalog.memo(`gate:${input.gateId}`, async () => {
    const [row] = await rows<{ site_id: string; name_zh: string; direction: string; active: boolean }>(
      ctx.db,
      sql`select site_id, name_zh, direction, active from gates where id = ${input.gateId}`,
    );
    return row ?? null;
  });
  if (!gate || !gate.active || gate.site_id !== siteId) throw new AppError('gate_not_found');
  // A device checks tickets at its own gate only.
  if (ctx.actor.kind === 'device' && ctx.actor.gateId !== input.gateId)
    throw new AppError('permission_denied', { details: { gateId: input.gateId } });
  const deviceId = ctx.actor.kind === 'device' ? ctx.actor.deviceId : (input.deviceId ?? null);
  const site = await runtime.catalog.memo(`site:${siteId}`, () => loadSite(ctx.db, siteId));
  const now = ctx.clock.now();
  const day = businessDate(now, site.timeZone);
  const scanned = input.code ? splitScannedCode(input.code) : null;
  if (scanned && site.instantMaxCapacity === null && !turnstile) {
    const answered = await admitFast(ctx, runtime, site, scanned, input.gateId, deviceId, now, policy);
    if (answered) return answered;
  }
  const { decoded, ticket, presented } = await findTicket(ctx.db, runtime, siteId, input, scanned, now);

  const keys = await siteKeys(ctx.db, runtime, siteId);
  let code: { keyId: number; validFrom: Date; validUntil: Date; entries: number; training: boolean } | null =
    null;
  let key: { purpose: 'live' | 'training' } | null = null;
  let signatureValid = false;
  let rotation: RotationFacts | undefined;
  if (decoded) {
    const known = keys.get(decoded.keyId) ?? null;
    key = known ? { purpose: known.purpose } : null;
    signatureValid = known ? verify(null, decoded.signed, known.publicKey, decoded.signature) : false;
    code = decoded;
    // The time part is worth checking only on a genuine code; a forged one is refused before it.
    if (signatureValid && scanned) rotation = await rotationOf(ctx, runtime, site, decoded, scanned, now);
  } else if (ticket) {
    // A typed number or an ID: the staff saw the visitor; the ticket row stands for the code.
    const known = keys.get(ticket.key_id);
    key = known ? { purpose: known.purpose } : { purpose: 'live' };
    signatureValid = true;
    code = {
      keyId: ticket.key_id,
      validFrom: new Date(ticket.valid_from),
      validUntil: new Date(ticket.valid_until),
      entries: ticket.entries_allowed,
      training: ticket.training,
    };
  }
  const last = ticket?.last_at ? { scanned_at: ticket.last_at, name_zh: ticket.last_gate ?? '' } : null;
  const occupancy = site.instantMaxCapacity === null ? null : await siteOccupancy(ctx.db, siteId, day);
  const decision = gateDecision({
    code,
    key,
    signatureValid,
    ...(rotation ? { rotation } : {}),
    ticket: ticket
      ? {
          siteId: ticket.site_id,
          status: ticket.status,
          entriesUsed: ticket.entries_used,
          lastEntry: last ? { at: new Date(last.scanned_at), gateName: last.name_zh } : null,
          minIntervalMinutes:
            ticket.entries.kind === 'unlimited' ? (ticket.entries.minIntervalMinutes ?? 0) : 0,
        }
      : null,
    gate: { siteId, live: true },
    now,
    policy,
    occupancy,
    online: true,
  });

  let answer: GateDecision = decision;
  const checkinId = newId(now.getTime());
  let authorizationId: string | null = null;
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  if (site.instantMaxCapacity === null && !turnstile) {
    // One statement: the conditional update and the checkin (what a busy lane does most).
    const admit = decision.result === 'ok' && ticket !== null;
    const [row] = await rows<{ used: number }>(
      ctx.db,
      sql`with used as (
            update tickets set entries_used = entries_used + 1, updated_at = ${now}
            where ${admit} and id = ${ticket?.id ?? null} and status = 'valid'
              and (entries_allowed = 0 or entries_used < entries_allowed)
            returning id),
          scan as (
            insert into checkins (id, site_id, ticket_id, gate_id, device_id, user_id, result, direction, presented, scanned_at, created_at)
            select ${checkinId}, ${siteId}, ${ticket?.id ?? null}, ${input.gateId}, ${deviceId}, ${userId},
                   case when ${admit} and not exists (select 1 from used) then 'already_used' else ${decision.result} end,
                   'entry', ${presented}, ${now}, ${now}
            returning id)
          select (select count(*) from used)::int as used, (select count(*) from scan)::int as scans`,
    );
    if (admit && Number(row?.used ?? 0) === 0)
      answer = { result: 'already_used', last: null, tooSoon: false };
  } else
    await inTransaction(ctx, async (tx) => {
      if (decision.result === 'ok' && ticket) {
        // The conditional updates: a concurrent scan of the same entry, or a full site, loses here.
        const used = await rows<{ entries_used: number }>(
          tx.db,
          sql`update tickets set entries_used = entries_used + 1, updated_at = ${now}
            where id = ${ticket.id} and status = 'valid' and (entries_allowed = 0 or entries_used < entries_allowed)
            returning entries_used`,
        );
        if (used.length === 0) {
          answer = { result: 'already_used', last: null, tooSoon: false };
        } else if (site.instantMaxCapacity !== null) {
          await ensureOccupancy(tx.db, siteId, day, site.instantMaxCapacity);
          const [room] = await rows<{ stripe: number }>(
            tx.db,
            sql`update occupancy_stripes set inside = inside + 1
              where site_id = ${siteId} and business_date = ${day} and stripe = (
                select stripe from occupancy_stripes where site_id = ${siteId} and business_date = ${day} and inside < capacity
                order by random() limit 1 for no key update skip locked)
              returning stripe`,
          );
          if (!room) {
            const [anyRoom] = await rows<{ stripe: number }>(
              tx.db,
              sql`update occupancy_stripes set inside = inside + 1
                where (site_id, business_date, stripe) = (
                  select site_id, business_date, stripe from occupancy_stripes
                  where site_id = ${siteId} and business_date = ${day} and inside < capacity order by stripe limit 1 for no key update)
                returning stripe`,
            );
            if (!anyRoom) {
              // Held at the instantaneous maximum: the entry is not used.
              await tx.db.execute(
                sql`update tickets set entries_used = entries_used - 1 where id = ${ticket.id}`,
              );
              answer = { result: 'capacity_reached' };
            }
          }
        }
      }
      await tx.db.execute(
        sql`insert into checkins (id, site_id, ticket_id, gate_id, device_id, user_id, result, direction, presented, scanned_at, created_at)
          values (${checkinId}, ${siteId}, ${ticket?.id ?? null}, ${input.gateId}, ${deviceId},
                  ${userId}, ${answer.result}, 'entry', ${presented}, ${now}, ${now})`,
      );
      if (turnstile && answer.result === 'ok' && ticket) {
        authorizationId = newId(now.getTime());
        await tx.db.execute(
          sql`insert into turnstile_authorizations (id, site_id, ticket_id, gate_id, checkin_id, status, expires_at, created_at)
            values (${authorizationId}, ${siteId}, ${ticket.id}, ${input.gateId}, ${checkinId}, 'pending',
                    ${new Date(now.getTime() + turnstile.confirmWithinSeconds * 1000)}, ${now})`,
        );
      }
    });
  const finalAnswer = answer;
  const occupancyAfter = site.instantMaxCapacity === null ? null : await siteOccupancy(ctx.db, siteId, day);
  return {
    result: finalAnswer.result,
    reason: 'reason' in finalAnswer ? (finalAnswer.reason ?? null) : null,
    ticketId: ticket?.id ?? null,
    category: ticket?.category ?? null,
    productNameZh: ticket?.name_zh ?? null,
    productNameEn: ticket?.name_en ?? null,
    eligibilityZh: ticket?.eligibility_zh ?? null,
    eligibilityEn: ticket?.eligibility_en ?? null,
    holderName: ticket?.holder_name ? maskName(ticket.holder_name) : null,
    entriesLeft: finalAnswer.result === 'ok' ? finalAnswer.entriesLeft : null,
    lastEntry:
      finalAnswer.result === 'already_used' && finalAnswer.last
        ? { ...finalAnswer.last, gateId: ticket?.last_gate_id ?? null }
        : null,
    occupancy: occupancyAfter
      ? { ...occupancyAfter, warning: occupancyAfter.inside >= Math.ceil(occupancyAfter.max * 0.9) }
      : null,
    authorizationId,
  };
}

/** An exit at an exit gate: the live occupancy goes down by one (never below zero). */
export async function recordExit(
  ctx: ServiceContext,
  siteId: string,
  gateId: string,
): Promise<{ inside: number } | null> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const site = await loadSite(ctx.db, siteId);
  const now = ctx.clock.now();
  const day = businessDate(now, site.timeZone);
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`update occupancy_stripes set inside = inside - 1
          where (site_id, business_date, stripe) = (
            select site_id, business_date, stripe from occupancy_stripes
            where site_id = ${siteId} and business_date = ${day} and inside > 0 order by inside desc limit 1 for no key update)`,
    );
    await tx.db.execute(
      sql`insert into checkins (id, site_id, gate_id, user_id, result, direction, scanned_at, created_at)
          values (${newId(now.getTime())}, ${siteId}, ${gateId}, ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, 'ok', 'exit', ${now}, ${now})`,
    );
  });
  const occupancy = await siteOccupancy(ctx.db, siteId, day);
  return occupancy ? { inside: occupancy.inside } : null;
}

/**
 * The busy lane's path (admit-batch.ts): the entry taken in one statement, batched with concurrent
 * scans. The domain's decision then runs on the state before the update; only when both agree that
 * it is an `ok` is the answer given here. Anything else (a refusal, a race lost) returns null and the
 * general path decides and records it. A rotating code's time part is checked before the batch: a
 * fresh one goes the busy lane like any code, a stale or forged one the general path.
 */
async function admitFast(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  site: { id: string; timeZone: string },
  scanned: ScannedCode,
  gateId: string,
  deviceId: string | null,
  now: Date,
  policy: GatePolicy,
): Promise<ScanAnswer | null> {
  const siteId = site.id;
  const decoded = decodeTicketCode(scanned.code);
  if (!decoded || decoded.training) return null;
  const keys = await siteKeys(ctx.db, runtime, siteId);
  const known = keys.get(decoded.keyId);
  if (!known || known.purpose !== 'live' || !verify(null, decoded.signed, known.publicKey, decoded.signature))
    return null;
  const rotation = await rotationOf(ctx, runtime, site, decoded, scanned, now);
  if (rotation && !rotationPasses(rotation)) return null;
  const checkinId = newId(now.getTime());
  const row = await admitBatched(ctx.db, {
    ticketId: decoded.ticketId,
    checkinId,
    siteId,
    gateId,
    deviceId,
    userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    at: now,
    policy,
  });
  if (!row) return null;
  const decision = gateDecision({
    code: decoded,
    key: { purpose: known.purpose },
    signatureValid: true,
    ...(rotation ? { rotation } : {}),
    ticket: {
      siteId: row.site_id,
      status: row.status,
      entriesUsed: row.entries_used,
      lastEntry: row.last_at ? { at: new Date(row.last_at), gateName: '' } : null,
      minIntervalMinutes: row.entries.kind === 'unlimited' ? (row.entries.minIntervalMinutes ?? 0) : 0,
    },
    gate: { siteId, live: true },
    now,
    policy,
    occupancy: null,
    online: true,
  });
  if (decision.result !== 'ok') {
    // The statement admitted what the decision refuses: give the entry back and let the general path answer.
    await inTransaction(ctx, async (tx) => {
      await tx.db.execute(sql`update tickets set entries_used = entries_used - 1 where id = ${row.id}`);
      await tx.db.execute(sql`delete from checkins where id = ${checkinId}`);
    });
    return null;
  }
  return {
    result: 'ok',
    reason: null,
    ticketId: row.id,
    category: row.category,
    productNameZh: row.name_zh,
    productNameEn: row.name_en,
    eligibilityZh: row.eligibility_zh,
    eligibilityEn: row.eligibility_en,
    holderName: row.holder_name ? maskName(row.holder_name) : null,
    entriesLeft: decision.entriesLeft,
    lastEntry: null,
    occupancy: null,
    authorizationId: null,
  };
}

function rotationPasses(rotation: RotationFacts): boolean {
  return rotation.shown ? rotation.shown.stepAccepted && rotation.shown.macValid : !rotation.required;
}

export type GateToday = {
  businessDate: string;
  /** Entries admitted at this gate today (online and synced offline scans). */
  entriesAtGate: number;
  /** Entries admitted at the whole site today. */
  entriesAtSite: number;
  /** Scans refused at this gate today. */
  refusedAtGate: number;
  occupancy: { inside: number; max: number } | null;
};

/** What the gate screen shows beside the result: today's entries here and the site's live occupancy. */
export async function gateToday(ctx: ServiceContext, siteId: string, gateId: string): Promise<GateToday> {
  await requirePermission(ctx, 'checkin.redeem', siteId);
  const site = await loadSite(ctx.db, siteId);
  const now = ctx.clock.now();
  const day = businessDate(now, site.timeZone);
  const from = zonedToUtc(day, '00:00', site.timeZone);
  const until = zonedToUtc(addDays(day, 1), '00:00', site.timeZone);
  const [counts] = await rows<{ at_gate: string; at_site: string; refused: string }>(
    ctx.db,
    sql`select count(*) filter (where gate_id = ${gateId} and result = 'ok' and not double_entry) as at_gate,
               count(*) filter (where result = 'ok' and not double_entry) as at_site,
               count(*) filter (where gate_id = ${gateId} and result <> 'ok') as refused
        from checkins
        where site_id = ${siteId} and direction = 'entry' and scanned_at >= ${from} and scanned_at < ${until}`,
  );
  return {
    businessDate: day,
    entriesAtGate: Number(counts?.at_gate ?? 0),
    entriesAtSite: Number(counts?.at_site ?? 0),
    refusedAtGate: Number(counts?.refused ?? 0),
    occupancy: await siteOccupancy(ctx.db, siteId, day),
  };
}
