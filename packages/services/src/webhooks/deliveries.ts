// Webhook deliveries: one row per event per endpoint, written in the transaction that caused the event
// (enqueueWebhook — no network I/O there), then POSTed by a job. The job claims due rows with FOR
// UPDATE SKIP LOCKED by pushing their next attempt past the call's timeout, commits, and only then
// calls the partner, so no row lock is held while a slow endpoint answers and two nodes never send one
// delivery at once; the outcome is recorded afterwards: 2xx is delivered, anything else (an error, a
// timeout, a redirect — never followed) is retried on the schedule of @admit/domain and failed after
// the last attempt. The body is the stored payload, the same bytes on every attempt; each attempt is
// signed afresh (`Admit-Signature: t=…,v1=…`) with the wall-clock time, which the partner compares
// with its own clock. Admins read the log and resend a delivery (`channels.manage`, audited).
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Db, type Queryable } from '@admit/db';
import { AppError, nextWebhookAttempt, signWebhook, type HmacSha256, type WebhookEvent } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, systemContext, type Clock, type ServiceContext } from '../context';
import type { JobQueue } from '../jobs/queue';
import type { KeyRing } from '../keys';
import { recordAudit } from '../audit/record';
import { decryptPii } from '../pii';
import { feedRedemptions } from './redemptions';

export type { WebhookEvent } from '@admit/domain';

export const webhookUserAgent = 'Admit-Webhooks/1';
/** How long one call may take before it counts as failed. */
export const webhookTimeoutMs = 10_000;
/** How far a claimed delivery's next attempt is pushed: longer than any call, so no one else takes it. */
const claimMs = 5 * 60_000;

const hmac: HmacSha256 = (key, message) => new Uint8Array(createHmac('sha256', key).update(message).digest());

/**
 * Writes one pending delivery per endpoint of the channel subscribed to the event — a turned-off one
 * too: its deliveries wait and go out when it is turned on again (the job skips it meanwhile); a
 * repeated eventKey for an endpoint is ignored (on conflict do nothing). Returns how many were written. Does no
 * network I/O. Call it inside the transaction of what the event is about, then (after commit) send the
 * delivery job with `kickWebhookDelivery` so it goes out at once rather than within the minute.
 */
export async function enqueueWebhook(
  db: Queryable,
  input: {
    channelId: string;
    event: WebhookEvent;
    eventKey: string;
    data: Record<string, unknown>;
    at: Date;
  },
): Promise<number> {
  const endpoints = await rows<{ id: string }>(
    db,
    sql`select id from webhook_endpoints
        where channel_id = ${input.channelId} and ${input.event} = any(events)
        order by id`,
  );
  let written = 0;
  for (const endpoint of endpoints) {
    const id = newId(input.at.getTime());
    const payload = { id, type: input.event, createdAt: input.at.toISOString(), data: input.data };
    const inserted = await rows<{ id: string }>(
      db,
      sql`insert into webhook_deliveries (id, endpoint_id, channel_id, event, event_key, payload, status, attempts,
                                          next_attempt_at, created_at)
          values (${id}, ${endpoint.id}, ${input.channelId}, ${input.event}, ${input.eventKey},
                  ${JSON.stringify(payload)}::jsonb, 'pending', 0, ${input.at}, ${input.at})
          on conflict (endpoint_id, event_key) do nothing
          returning id`,
    );
    written += inserted.length;
  }
  return written;
}

export const webhookJobs = { deliver: 'webhooks.deliver', redemptions: 'webhooks.redemptions' } as const;

/** Starts the delivery job now (after the transaction that enqueued something committed). */
export function kickWebhookDelivery(queue: JobQueue | null | undefined): void {
  void queue?.send(webhookJobs.deliver, {}, { singletonKey: 'kick' }).catch(() => undefined);
}

export type WebhookTransport = typeof fetch;

export type WebhookDeliveryOptions = {
  /** The data-encryption key ring the endpoints' secrets are encrypted with. */
  ring: () => KeyRing;
  /** The HTTP client (fetch); replaceable for tests of what the network does. */
  fetch?: WebhookTransport;
  /** Wall-clock unix seconds for the signature: the partner checks them against its own clock. */
  signingTime?: () => number;
  timeoutMs?: number;
  /** Deliveries claimed and sent together (in parallel). */
  batchSize?: number;
  /** At most this many deliveries per run. */
  limit?: number;
};

type Claimed = {
  id: string;
  endpoint_id: string;
  event: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret_encrypted: string;
};

type Outcome = { delivered: boolean; status: number | null; error: string | null };

async function post(row: Claimed, options: WebhookDeliveryOptions): Promise<Outcome> {
  const body = JSON.stringify(row.payload);
  let secret: string;
  try {
    secret = decryptPii(options.ring(), row.secret_encrypted);
  } catch (error) {
    return { delivered: false, status: null, error: `cannot decrypt the signing secret: ${String(error)}` };
  }
  const timestamp = (options.signingTime ?? (() => Math.floor(Date.now() / 1000)))();
  try {
    const response = await (options.fetch ?? fetch)(row.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': webhookUserAgent,
        'admit-webhook-id': row.id,
        'admit-webhook-event': row.event,
        'admit-signature': signWebhook(hmac, secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? webhookTimeoutMs),
    });
    // The answer's body is read and dropped, never logged: the log would otherwise let whoever may add
    // an endpoint read what an internal address answers (SSRF); the status is enough for the partner.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300)
      return { delivered: true, status: response.status, error: null };
    return { delivered: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    // Only the kind of failure (no addresses or ports from the network stack's message).
    const code =
      (error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined) ?? '';
    const reason =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${(options.timeoutMs ?? webhookTimeoutMs) / 1000} s`
        : `could not connect${typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : ''}`;
    return { delivered: false, status: null, error: reason };
  }
}

/**
 * The delivery job: claims due deliveries in small batches, sends each batch in parallel and records
 * the outcomes, until nothing is due or `limit` were sent.
 */
export async function deliverDueWebhooks(
  ctx: ServiceContext,
  options: WebhookDeliveryOptions,
): Promise<{ delivered: number; retrying: number; failed: number }> {
  const result = { delivered: 0, retrying: 0, failed: 0 };
  const batchSize = options.batchSize ?? 10;
  let sent = 0;
  while (sent < (options.limit ?? 200)) {
    const claimedAt = ctx.clock.now();
    const claimed = await ctx.db.transaction(async (tx) =>
      rows<Claimed>(
        tx,
        sql`with due as (
              select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
              where d.status = 'pending' and d.next_attempt_at <= ${claimedAt} and e.active
              order by d.next_attempt_at limit ${batchSize}
              for update of d skip locked)
            update webhook_deliveries d set next_attempt_at = ${new Date(claimedAt.getTime() + claimMs)}
            from due, webhook_endpoints e
            where d.id = due.id and e.id = d.endpoint_id
            returning d.id, d.endpoint_id, d.event, d.payload, d.attempts, e.url, e.secret_encrypted`,
      ),
    );
    if (claimed.length === 0) break;
    sent += claimed.length;
    const outcomes = await Promise.all(claimed.map((row) => post(row, options)));
    const now = ctx.clock.now();
    for (const [i, row] of claimed.entries()) {
      const outcome = outcomes[i]!;
      const attempts = row.attempts + 1;
      if (outcome.delivered) {
        await ctx.db.execute(
          sql`update webhook_deliveries set status = 'delivered', attempts = ${attempts}, delivered_at = ${now},
                                            next_attempt_at = null, last_status = ${outcome.status}, last_error = null
              where id = ${row.id}`,
        );
        result.delivered++;
        continue;
      }
      const next = nextWebhookAttempt(attempts, now);
      await ctx.db.execute(
        sql`update webhook_deliveries set status = ${next ? 'pending' : 'failed'}, attempts = ${attempts},
                                          next_attempt_at = ${next}, last_status = ${outcome.status},
                                          last_error = ${(outcome.error ?? '').slice(0, 500)}
            where id = ${row.id}`,
      );
      result[next ? 'retrying' : 'failed']++;
    }
  }
  return result;
}

export type WebhookDeliveryView = {
  id: string;
  endpointId: string;
  url: string;
  event: WebhookEvent;
  eventKey: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
};

type DeliveryRow = {
  id: string;
  endpoint_id: string;
  url: string;
  event: string;
  event_key: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryView['status'];
  attempts: number;
  next_attempt_at: Date | string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

const presentDelivery = (r: DeliveryRow): WebhookDeliveryView => ({
  id: r.id,
  endpointId: r.endpoint_id,
  url: r.url,
  event: r.event as WebhookEvent,
  eventKey: r.event_key,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: date(r.next_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  deliveredAt: date(r.delivered_at),
  createdAt: new Date(r.created_at),
});

const deliveryColumns = sql`d.id, d.endpoint_id, e.url, d.event, d.event_key, d.payload, d.status, d.attempts,
  d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at`;

/** A channel's delivery log, newest first; optionally one endpoint's, or one status (e.g. failed). */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  channelId: string,
  filter: {
    endpointId?: string;
    status?: WebhookDeliveryView['status'];
    limit?: number;
  } = {},
): Promise<WebhookDeliveryView[]> {
  await requirePermission(ctx, 'channels.manage');
  const found = await rows<DeliveryRow>(
    ctx.db,
    sql`select ${deliveryColumns}
        from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.channel_id = ${channelId}
          ${filter.endpointId ? sql`and d.endpoint_id = ${filter.endpointId}` : sql``}
          ${filter.status ? sql`and d.status = ${filter.status}` : sql``}
        order by d.created_at desc, d.id desc limit ${Math.min(filter.limit ?? 100, 500)}`,
  );
  return found.map(presentDelivery);
}

/**
 * Makes a delivered or failed delivery pending again, due now (the same body, newly signed): one more
 * attempt, and if that fails, the rest of the schedule from where it stood. A pending one is left as it
 * is. Pass the channel to refuse a delivery of another channel.
 */
export async function resendDelivery(
  ctx: ServiceContext,
  deliveryId: string,
  channelId?: string,
): Promise<WebhookDeliveryView> {
  await requirePermission(ctx, 'channels.manage');
  return inTransaction(ctx, async (tx) => {
    const [before] = await rows<{ status: string; channel_id: string; attempts: number }>(
      tx.db,
      sql`select status, channel_id, attempts from webhook_deliveries where id = ${deliveryId} for update`,
    );
    if (!before || (channelId !== undefined && before.channel_id !== channelId))
      throw new AppError('not_found', { details: { webhookDelivery: deliveryId } });
    if (before.status !== 'pending')
      await tx.db.execute(
        sql`update webhook_deliveries set status = 'pending', next_attempt_at = ${ctx.clock.now()}
            where id = ${deliveryId}`,
      );
    await recordAudit(tx, {
      action: 'channels.webhook_delivery.resent',
      target: { type: 'webhook_delivery', id: deliveryId },
      details: { channelId: before.channel_id, previousStatus: before.status, attempts: before.attempts },
    });
    const [row] = await rows<DeliveryRow>(
      tx.db,
      sql`select ${deliveryColumns} from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where d.id = ${deliveryId}`,
    );
    return presentDelivery(row!);
  });
}

/**
 * The delivery job and the redemption feed, every minute each; the delivery job also runs whenever it
 * is sent (kickWebhookDelivery), and after the feed found redemptions to report.
 */
export async function registerWebhookJobs(
  queue: JobQueue,
  db: Db,
  options: Omit<WebhookDeliveryOptions, 'limit' | 'batchSize'> & { clock?: Clock; cron?: string },
): Promise<void> {
  const { clock, cron, ...delivery } = options;
  await queue.work(webhookJobs.deliver, async () => {
    const ctx = systemContext(db, webhookJobs.deliver, clock ? { clock } : {});
    await deliverDueWebhooks(ctx, delivery);
  });
  await queue.schedule(webhookJobs.deliver, cron ?? '* * * * *');
  await queue.work(webhookJobs.redemptions, async () => {
    const ctx = systemContext(db, webhookJobs.redemptions, clock ? { clock } : {});
    const { enqueued } = await feedRedemptions(ctx);
    if (enqueued > 0) kickWebhookDelivery(queue);
  });
  await queue.schedule(webhookJobs.redemptions, cron ?? '* * * * *');
}
