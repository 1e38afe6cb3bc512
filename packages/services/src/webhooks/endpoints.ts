// Where a channel partner wants its events: webhook endpoints (URL, the events it subscribes to, on or
// off) and their signing secrets. A secret is generated here (32 random bytes, `whsec_` + base64url),
// shown once — on creation and on rotation — and kept encrypted with the data-encryption key ring,
// because the delivery job must sign with it again (a hash would not do). Managed by `channels.manage`,
// every change audited.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, webhookEvents, type WebhookEvent } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { requireKeys } from '../keys';
import { recordAudit } from '../audit/record';
import { encryptPii } from '../pii';

export type WebhookEndpointView = {
  id: string;
  channelId: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type WebhookEndpointInput = { url: string; events: WebhookEvent[]; active?: boolean };

type Row = {
  id: string;
  channel_id: string;
  url: string;
  events: string[];
  active: boolean;
  created_at: Date | string;
  updated_at: Date | string;
};

const present = (r: Row): WebhookEndpointView => ({
  id: r.id,
  channelId: r.channel_id,
  url: r.url,
  events: r.events as WebhookEvent[],
  active: r.active,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export const maxWebhookUrlLength = 2000;

/**
 * An endpoint's URL: http or https, without credentials in it (they would sit in the database in
 * plain text; the signature authenticates us), at most 2,000 characters. Which hosts may be reached is
 * not checked here (see docs/webhooks.md on SSRF).
 */
export function checkWebhookUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new AppError('validation_failed', { details: { url: 'not a URL' } });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new AppError('validation_failed', { details: { url: 'http or https only' } });
  if (parsed.username || parsed.password)
    throw new AppError('validation_failed', { details: { url: 'no user name or password in the URL' } });
  if (trimmed.length > maxWebhookUrlLength)
    throw new AppError('validation_failed', {
      details: { url: `at most ${maxWebhookUrlLength} characters` },
    });
  return trimmed;
}

function checkEvents(events: readonly string[]): WebhookEvent[] {
  const chosen = webhookEvents.filter((e) => events.includes(e));
  if (chosen.length === 0 || chosen.length !== new Set(events).size)
    throw new AppError('validation_failed', { details: { events: webhookEvents.join(', ') } });
  return chosen;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const eventsArray = (events: readonly string[]) =>
  sql`array[${sql.join(
    events.map((e) => sql`${e}`),
    sql`, `,
  )}]::text[]`;

async function loadEndpoint(db: Queryable, channelId: string, endpointId: string): Promise<Row> {
  const [row] = await rows<Row>(
    db,
    sql`select id, channel_id, url, events, active, created_at, updated_at from webhook_endpoints
        where id = ${endpointId} and channel_id = ${channelId}`,
  );
  if (!row) throw new AppError('not_found', { details: { webhookEndpoint: endpointId } });
  return row;
}

export async function listWebhookEndpoints(
  ctx: ServiceContext,
  channelId: string,
): Promise<WebhookEndpointView[]> {
  await requirePermission(ctx, 'channels.manage');
  return (
    await rows<Row>(
      ctx.db,
      sql`select id, channel_id, url, events, active, created_at, updated_at from webhook_endpoints
          where channel_id = ${channelId} order by created_at, id`,
    )
  ).map(present);
}

/** Adds an endpoint; the answer holds its secret, which is never shown again. */
export async function createWebhookEndpoint(
  ctx: ServiceContext,
  channelId: string,
  input: WebhookEndpointInput,
): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
  await requirePermission(ctx, 'channels.manage');
  const url = checkWebhookUrl(input.url);
  const events = checkEvents(input.events);
  const ring = requireKeys(ctx.keys).piiEncryption;
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const secret = newSecret();
  const endpoint = await inTransaction(ctx, async (tx) => {
    const [channel] = await rows<{ id: string }>(tx.db, sql`select id from channels where id = ${channelId}`);
    if (!channel) throw new AppError('channel_not_found');
    const [row] = await rows<Row>(
      tx.db,
      sql`insert into webhook_endpoints (id, channel_id, url, secret_encrypted, events, active, created_at, updated_at)
          values (${id}, ${channelId}, ${url}, ${encryptPii(ring, secret)}, ${eventsArray(events)},
                  ${input.active ?? true}, ${now}, ${now})
          returning id, channel_id, url, events, active, created_at, updated_at`,
    );
    await recordAudit(tx, {
      action: 'channels.webhook_endpoint.created',
      target: { type: 'webhook_endpoint', id },
      details: { channelId, url, events, active: input.active ?? true },
    });
    return present(row!);
  });
  return { secret, endpoint };
}

/** Changes an endpoint's URL, events, or turns it off (its pending deliveries wait) and on again. */
export async function updateWebhookEndpoint(
  ctx: ServiceContext,
  channelId: string,
  endpointId: string,
  input: Partial<WebhookEndpointInput>,
): Promise<WebhookEndpointView> {
  await requirePermission(ctx, 'channels.manage');
  const url = input.url === undefined ? undefined : checkWebhookUrl(input.url);
  const events = input.events === undefined ? undefined : checkEvents(input.events);
  return inTransaction(ctx, async (tx) => {
    const before = present(await loadEndpoint(tx.db, channelId, endpointId));
    const [row] = await rows<Row>(
      tx.db,
      sql`update webhook_endpoints
          set url = ${url ?? before.url}, events = ${eventsArray(events ?? before.events)},
              active = ${input.active ?? before.active}, updated_at = ${ctx.clock.now()}
          where id = ${endpointId}
          returning id, channel_id, url, events, active, created_at, updated_at`,
    );
    const after = present(row!);
    await recordAudit(tx, {
      action: 'channels.webhook_endpoint.updated',
      target: { type: 'webhook_endpoint', id: endpointId },
      details: {
        channelId,
        before: { url: before.url, events: before.events, active: before.active },
        after: { url: after.url, events: after.events, active: after.active },
      },
    });
    return after;
  });
}

/** Deletes an endpoint and, with it, its delivery log. */
export async function deleteWebhookEndpoint(
  ctx: ServiceContext,
  channelId: string,
  endpointId: string,
): Promise<void> {
  await requirePermission(ctx, 'channels.manage');
  await inTransaction(ctx, async (tx) => {
    const before = present(await loadEndpoint(tx.db, channelId, endpointId));
    await tx.db.execute(sql`delete from webhook_endpoints where id = ${endpointId}`);
    await recordAudit(tx, {
      action: 'channels.webhook_endpoint.deleted',
      target: { type: 'webhook_endpoint', id: endpointId },
      details: { channelId, url: before.url, events: before.events },
    });
  });
}

/**
 * A new secret for an endpoint, shown once. Every delivery sent from now on (retries of older events
 * included) is signed with it, so the partner should accept the old and the new secret until it has
 * switched over (docs/webhooks.md).
 */
export async function rotateWebhookSecret(
  ctx: ServiceContext,
  channelId: string,
  endpointId: string,
): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
  await requirePermission(ctx, 'channels.manage');
  const ring = requireKeys(ctx.keys).piiEncryption;
  const secret = newSecret();
  const endpoint = await inTransaction(ctx, async (tx) => {
    await loadEndpoint(tx.db, channelId, endpointId);
    const [row] = await rows<Row>(
      tx.db,
      sql`update webhook_endpoints set secret_encrypted = ${encryptPii(ring, secret)}, updated_at = ${ctx.clock.now()}
          where id = ${endpointId}
          returning id, channel_id, url, events, active, created_at, updated_at`,
    );
    await recordAudit(tx, {
      action: 'channels.webhook_endpoint.secret_rotated',
      target: { type: 'webhook_endpoint', id: endpointId },
      details: { channelId },
    });
    return present(row!);
  });
  return { secret, endpoint };
}
