// Gate devices. An admin registers a device for one gate: the screen shows a QR code carrying a
// one-time registration code (10 minutes); the device scans it and exchanges the code for its token
// (only its hash is stored). The device then acts as itself — checking tickets at its gate's site and
// nothing else — until an admin revokes it (a lost phone).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { hashToken } from '../accounts/auth';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type Actor, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type DeviceRecord = {
  id: string;
  siteId: string;
  gateId: string;
  name: string;
  status: 'pending' | 'active' | 'revoked';
  registeredAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
};

type DeviceRow = {
  id: string;
  site_id: string;
  gate_id: string;
  name: string;
  status: DeviceRecord['status'];
  registered_at: Date | null;
  revoked_at: Date | null;
  last_seen_at: Date | null;
};

const present = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  siteId: r.site_id,
  gateId: r.gate_id,
  name: r.name,
  status: r.status,
  registeredAt: r.registered_at ? new Date(r.registered_at) : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null,
});

const registrationMinutes = 10;

/** Starts a registration: the device record and the one-time code to show as a QR code. */
export async function createDeviceRegistration(
  ctx: ServiceContext,
  siteId: string,
  input: { gateId: string; name: string },
): Promise<{ device: DeviceRecord; registrationCode: string; expiresAt: Date }> {
  await requirePermission(ctx, 'devices.manage', siteId);
  const [gate] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from gates where id = ${input.gateId} and site_id = ${siteId} and active`,
  );
  if (!gate) throw new AppError('gate_not_found');
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const code = randomBytes(18).toString('base64url');
  const expiresAt = new Date(now.getTime() + registrationMinutes * 60_000);
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`insert into devices (id, site_id, gate_id, name, status, registration_code_hash, registration_expires_at, created_by, created_at)
          values (${id}, ${siteId}, ${input.gateId}, ${input.name}, 'pending', ${hashToken(code)}, ${expiresAt},
                  ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${now})`,
    );
    await recordAudit(tx, {
      action: 'devices.device.registration_started',
      siteId,
      target: { type: 'device', id },
      details: { gateId: input.gateId, name: input.name },
    });
  });
  return { device: await loadDevice(ctx.db, siteId, id), registrationCode: code, expiresAt };
}

/** The device exchanges its one-time code for its token (shown once; only the hash is kept). */
export async function completeDeviceRegistration(
  ctx: ServiceContext,
  code: string,
): Promise<{ device: DeviceRecord; token: string }> {
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const device = await inTransaction(ctx, async (tx) => {
    const [row] = await rows<DeviceRow>(
      tx.db,
      sql`update devices set status = 'active', token_hash = ${hashToken(token)}, registered_at = ${now},
                             registration_code_hash = null, registration_expires_at = null
          where registration_code_hash = ${hashToken(code)} and status = 'pending' and registration_expires_at > ${now}
          returning *`,
    );
    if (!row) throw new AppError('device_registration_invalid');
    await recordAudit(tx, {
      action: 'devices.device.registered',
      siteId: row.site_id,
      target: { type: 'device', id: row.id },
    });
    return present(row);
  });
  return { device, token };
}

export async function revokeDevice(
  ctx: ServiceContext,
  siteId: string,
  deviceId: string,
): Promise<DeviceRecord> {
  await requirePermission(ctx, 'devices.manage', siteId);
  await inTransaction(ctx, async (tx) => {
    const changed = await rows<{ id: string }>(
      tx.db,
      sql`update devices set status = 'revoked', revoked_at = ${ctx.clock.now()}, token_hash = null,
                             registration_code_hash = null
          where id = ${deviceId} and site_id = ${siteId} and status <> 'revoked' returning id`,
    );
    if (changed.length === 0) await loadDevice(tx.db, siteId, deviceId);
    await recordAudit(tx, {
      action: 'devices.device.revoked',
      siteId,
      target: { type: 'device', id: deviceId },
    });
  });
  return loadDevice(ctx.db, siteId, deviceId);
}

export async function listDevices(ctx: ServiceContext, siteId: string): Promise<DeviceRecord[]> {
  await requirePermission(ctx, 'devices.manage', siteId);
  const found = await rows<DeviceRow>(
    ctx.db,
    sql`select * from devices where site_id = ${siteId} order by created_at`,
  );
  return found.map(present);
}

async function loadDevice(db: Queryable, siteId: string, id: string): Promise<DeviceRecord> {
  const [row] = await rows<DeviceRow>(
    db,
    sql`select * from devices where id = ${id} and site_id = ${siteId}`,
  );
  if (!row) throw new AppError('device_not_found');
  return present(row);
}

/** The actor of a request carrying a device token; null when the token is unknown or revoked. */
export async function authenticateDevice(
  db: Queryable,
  token: string,
  now: Date,
): Promise<Extract<Actor, { kind: 'device' }> | null> {
  // "Last seen" to the minute: a busy gate does not write its device row on every scan.
  const [row] = await rows<{ id: string; site_id: string; gate_id: string }>(
    db,
    sql`with d as (select id, site_id, gate_id, last_seen_at from devices
                   where token_hash = ${hashToken(token)} and status = 'active'),
             seen as (update devices set last_seen_at = ${now}
                      where id = (select id from d)
                        and (last_seen_at is null or last_seen_at < ${new Date(now.getTime() - 60_000)}))
        select id, site_id, gate_id from d`,
  );
  return row ? { kind: 'device', deviceId: row.id, siteId: row.site_id, gateId: row.gate_id } : null;
}

export type DeviceDescription = {
  deviceId: string;
  name: string;
  siteId: string;
  siteNameZh: string;
  siteNameEn: string;
  gateId: string;
  gateCode: string;
  gateNameZh: string;
  gateNameEn: string;
  gateDirection: 'entry' | 'exit' | 'both';
};

/** The calling device, with its site and gate names for the gate screen. */
export async function describeDevice(ctx: ServiceContext): Promise<DeviceDescription> {
  const actor = ctx.actor;
  if (actor.kind !== 'device') throw new AppError('authentication_required');
  const [row] = await rows<{
    name: string;
    site_name_zh: string;
    site_name_en: string;
    gate_code: string;
    gate_name_zh: string;
    gate_name_en: string;
    gate_direction: DeviceDescription['gateDirection'];
  }>(
    ctx.db,
    sql`select d.name, s.name_zh as site_name_zh, s.name_en as site_name_en, g.code as gate_code,
               g.name_zh as gate_name_zh, g.name_en as gate_name_en, g.direction as gate_direction
        from devices d join sites s on s.id = d.site_id join gates g on g.id = d.gate_id
        where d.id = ${actor.deviceId}`,
  );
  if (!row) throw new AppError('authentication_required');
  return {
    deviceId: actor.deviceId,
    name: row.name,
    siteId: actor.siteId,
    siteNameZh: row.site_name_zh,
    siteNameEn: row.site_name_en,
    gateId: actor.gateId,
    gateCode: row.gate_code,
    gateNameZh: row.gate_name_zh,
    gateNameEn: row.gate_name_en,
    gateDirection: row.gate_direction,
  };
}
