// API keys of channel partners. A key is `admit_<prefix>_<secret>`: the prefix (public, 12 characters)
// finds the row, the secret (32 random bytes) is kept only as its SHA-256 — a hash this fast is right
// for a secret this long, and it keeps a key check off the argon2 path. The key is shown once, when it
// is issued. Each key has scopes (what it may do) and its own rate limit, counted in PostgreSQL so it
// holds across app nodes. Every refusal of a scope is audited like a user's.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type Actor, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export const apiKeyScopes = [
  'availability.read',
  'orders.create',
  'orders.read',
  'orders.refund',
  'orders.rebook',
  'tickets.read',
] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export type ApiKeyView = {
  id: string;
  channelId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

type Row = {
  id: string;
  channel_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rate_limit_per_minute: number;
  created_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
};

const present = (r: Row): ApiKeyView => ({
  id: r.id,
  channelId: r.channel_id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes as ApiKeyScope[],
  rateLimitPerMinute: r.rate_limit_per_minute,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
});

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export async function issueApiKey(
  ctx: ServiceContext,
  channelId: string,
  input: { name: string; scopes: ApiKeyScope[]; rateLimitPerMinute: number },
): Promise<{ key: string; view: ApiKeyView }> {
  await requirePermission(ctx, 'channels.manage');
  const scopes = [...new Set(input.scopes)].filter((s) => (apiKeyScopes as readonly string[]).includes(s));
  if (scopes.length === 0) throw new AppError('validation_failed', { details: { scopes: 'at least one' } });
  const now = ctx.clock.now();
  const prefix = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const id = newId(now.getTime());
  await inTransaction(ctx, async (tx) => {
    const [channel] = await rows<{ id: string }>(tx.db, sql`select id from channels where id = ${channelId}`);
    if (!channel) throw new AppError('channel_not_found');
    await tx.db.execute(
      sql`insert into api_keys (id, channel_id, name, prefix, key_hash, scopes, rate_limit_per_minute, created_by, created_at)
          values (${id}, ${channelId}, ${input.name}, ${prefix}, ${hashOf(secret)},
                  ${sql`array[${sql.join(
                    scopes.map((s) => sql`${s}`),
                    sql`, `,
                  )}]::text[]`}, ${input.rateLimitPerMinute},
                  ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${now})`,
    );
    await recordAudit(tx, {
      action: 'channels.api_key.issued',
      target: { type: 'api_key', id },
      details: { channelId, name: input.name, prefix, scopes, rateLimitPerMinute: input.rateLimitPerMinute },
    });
  });
  const [row] = await rows<Row>(ctx.db, sql`select * from api_keys where id = ${id}`);
  return { key: `admit_${prefix}_${secret}`, view: present(row!) };
}

export async function listApiKeys(ctx: ServiceContext, channelId: string): Promise<ApiKeyView[]> {
  await requirePermission(ctx, 'channels.manage');
  return (
    await rows<Row>(ctx.db, sql`select * from api_keys where channel_id = ${channelId} order by created_at`)
  ).map(present);
}

export async function revokeApiKey(
  ctx: ServiceContext,
  channelId: string,
  keyId: string,
): Promise<ApiKeyView> {
  await requirePermission(ctx, 'channels.manage');
  return inTransaction(ctx, async (tx) => {
    const [row] = await rows<Row>(
      tx.db,
      sql`update api_keys set revoked_at = coalesce(revoked_at, ${ctx.clock.now()})
          where id = ${keyId} and channel_id = ${channelId} returning *`,
    );
    if (!row) throw new AppError('not_found');
    await recordAudit(tx, { action: 'channels.api_key.revoked', target: { type: 'api_key', id: keyId } });
    return present(row);
  });
}

export type AuthenticatedKey = {
  actor: Extract<Actor, { kind: 'api_key' }>;
  rateLimitPerMinute: number;
};

/** The key behind a presented `admit_<prefix>_<secret>`, or null (unknown, wrong, revoked, channel off). */
export async function authenticateApiKey(
  db: Queryable,
  presented: string,
  now: Date,
): Promise<AuthenticatedKey | null> {
  const match = /^admit_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(presented.trim());
  if (!match) return null;
  const [row] = await rows<{
    id: string;
    channel_id: string;
    key_hash: string;
    scopes: string[];
    rate_limit_per_minute: number;
    last_used_at: Date | string | null;
    site_ids: string[] | null;
  }>(
    db,
    sql`select k.id, k.channel_id, k.key_hash, k.scopes, k.rate_limit_per_minute, k.last_used_at,
               (select array_agg(cs.site_id::text) from channel_sites cs where cs.channel_id = k.channel_id) as site_ids
        from api_keys k join channels c on c.id = k.channel_id
        where k.prefix = ${match[1]} and k.revoked_at is null and c.active`,
  );
  if (!row) return null;
  const expected = Buffer.from(row.key_hash, 'base64url');
  const given = Buffer.from(hashOf(match[2]!), 'base64url');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  // Last use, at most once a minute (not a write on every call).
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000)
    await db.execute(sql`update api_keys set last_used_at = ${now} where id = ${row.id}`);
  return {
    actor: {
      kind: 'api_key',
      apiKeyId: row.id,
      channelId: row.channel_id,
      scopes: row.scopes,
      siteIds: row.site_ids ?? [],
    },
    rateLimitPerMinute: row.rate_limit_per_minute,
  };
}

/**
 * Refuses (403, audited) an API key without the scope, or at a site its channel does not sell. Other
 * actors pass through to the permission given (the admin trying the channel API).
 */
export async function requireScope(
  ctx: ServiceContext,
  scope: ApiKeyScope,
  siteId: string | null,
): Promise<void> {
  if (ctx.actor.kind !== 'api_key') {
    await requirePermission(ctx, 'orders.read', siteId);
    return;
  }
  const { scopes, siteIds } = ctx.actor;
  if (scopes.includes(scope) && (siteId === null || siteIds.includes(siteId))) return;
  await recordAudit(ctx, {
    action: 'authz.permission.denied',
    outcome: 'denied',
    siteId,
    details: { scope, ...(siteId && !siteIds.includes(siteId) ? { site: 'not sold by this channel' } : {}) },
  });
  throw new AppError('permission_denied', { details: { scope, siteId } });
}
