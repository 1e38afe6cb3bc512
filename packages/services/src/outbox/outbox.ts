// The notification outbox. A message is enqueued in the transaction of what caused it (a paid order's
// e-ticket, a refund, a one-time code), so it is sent if and only if that committed; the sending job
// takes due rows with FOR UPDATE SKIP LOCKED (several nodes never send one message twice), sends each
// through the channel of its kind, and records the outcome: sent, failed for good (a bad number, an
// unapproved template), or another attempt later with backoff (1, 2, 4 … minutes, at most an hour;
// 8 attempts). Admins see what failed.
import { sql } from 'drizzle-orm';
import { newId, rows, type Db, type Queryable } from '@admit/db';
import { AppError, maskMobile } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { systemContext, type Clock, type ServiceContext } from '../context';
import type { JobQueue } from '../jobs/queue';
import type { KeyRing } from '../keys';
import { decryptPii, encryptPii } from '../pii';
import {
  checkMessage,
  type ChannelKind,
  type NotificationChannel,
  type OutgoingMessage,
  type TemplateId,
} from '../notify/channel';
import { renderNotification } from '../notify/templates';

export type Outbox = {
  /** The channel for each kind (SMS: Aliyun, Tencent or the log; email: SMTP or the log). */
  channels: Partial<Record<ChannelKind, NotificationChannel>>;
  /** Recipients and parameters are encrypted at rest with this ring. */
  ring: () => KeyRing;
};

export const maxNotificationAttempts = 8;

export type EnqueueNotification = {
  siteId: string | null;
  orderId?: string | null;
  channel: ChannelKind;
  to: string;
  template: TemplateId;
  locale: 'zh-CN' | 'en';
  params: Record<string, string>;
  /** Sent at most once: a second message with the same key is not written (the first one's id is null). */
  dedupeKey?: string | null;
};

function maskRecipient(channel: ChannelKind, to: string): string {
  if (channel === 'sms') return maskMobile(to.replace(/^\+86/, ''));
  const [user = '', domain = ''] = to.split('@');
  return `${[...user][0] ?? ''}***@${domain}`;
}

/**
 * Writes a message to send; call it inside the transaction of what it is about. Returns its id, or
 * null when a message with the same dedupe key was written before.
 */
export async function enqueueNotification(
  db: Queryable,
  outbox: Outbox,
  message: EnqueueNotification,
  now: Date,
): Promise<string | null> {
  // A wrong number or address, or parameters the template does not take, fail here, where they are
  // made (the caller's transaction rolls back) — not later in the job.
  const problem = checkMessage(message.channel, {
    channel: message.channel,
    to: message.to,
    template: message.template,
    locale: message.locale,
    params: message.params,
  });
  if (problem) throw new AppError('validation_failed', { details: { recipient: 'invalid' } });
  renderNotification(message.template, message.locale, message.params);
  const id = newId(now.getTime());
  const ring = outbox.ring();
  const written = await rows<{ id: string }>(
    db,
    sql`insert into notifications (id, site_id, order_id, channel, template, locale, recipient_encrypted, recipient_masked,
                                   params_encrypted, status, next_attempt_at, created_at, dedupe_key)
        values (${id}, ${message.siteId}, ${message.orderId ?? null}, ${message.channel}, ${message.template},
                ${message.locale}, ${encryptPii(ring, message.to)}, ${maskRecipient(message.channel, message.to)},
                ${encryptPii(ring, JSON.stringify(message.params))}, 'pending', ${now}, ${now}, ${message.dedupeKey ?? null})
        on conflict (dedupe_key) where dedupe_key is not null do nothing
        returning id`,
  );
  return written[0]?.id ?? null;
}

type DueRow = {
  id: string;
  channel: ChannelKind;
  template: TemplateId;
  locale: 'zh-CN' | 'en';
  recipient_encrypted: string;
  params_encrypted: string;
  attempts: number;
  created_at: Date | string;
};

/**
 * The sending job: due messages, each claimed in its own short transaction (SKIP LOCKED: another node
 * takes the next one), sent, and its outcome recorded.
 */
export async function sendDueNotifications(
  ctx: ServiceContext,
  outbox: Outbox,
  options: { limit?: number } = {},
): Promise<{ sent: number; failed: number; retrying: number }> {
  const result = { sent: 0, failed: 0, retrying: 0 };
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const outcome = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const [row] = await rows<DueRow>(
        tx,
        sql`select id, channel, template, locale, recipient_encrypted, params_encrypted, attempts, created_at from notifications
            where status = 'pending' and next_attempt_at <= ${now}
            order by next_attempt_at limit 1 for update skip locked`,
      );
      if (!row) return null;
      const channel = outbox.channels[row.channel];
      const ring = outbox.ring();
      const params = JSON.parse(decryptPii(ring, row.params_encrypted)) as Record<string, string>;
      // A one-time code nobody can use any more is not sent late.
      if (
        row.template === 'one_time_code' &&
        now.getTime() > new Date(row.created_at).getTime() + Number(params.minutes ?? 0) * 60_000
      ) {
        await tx.execute(
          sql`update notifications set status = 'failed', next_attempt_at = null, last_error_code = 'expired',
                                       last_error = 'the one-time code expired before it could be sent'
              where id = ${row.id}`,
        );
        return 'failed' as const;
      }
      const message: OutgoingMessage = {
        channel: row.channel,
        to: decryptPii(ring, row.recipient_encrypted),
        template: row.template,
        locale: row.locale,
        params,
        reference: row.id,
      };
      const sent = channel
        ? await channel.send(message).catch((error: unknown) => ({
            state: 'failed' as const,
            retryable: false,
            code: 'channel_error',
            reason: error instanceof Error ? error.message : String(error),
          }))
        : {
            state: 'failed' as const,
            retryable: false,
            code: 'no_channel',
            reason: `no ${row.channel} channel configured`,
          };
      const attempts = row.attempts + 1;
      if (sent.state === 'sent') {
        await tx.execute(
          sql`update notifications set status = 'sent', attempts = ${attempts}, provider = ${channel?.name ?? null},
                                       provider_message_id = ${sent.providerMessageId}, sent_at = ${now},
                                       next_attempt_at = null, last_error_code = null, last_error = null
              where id = ${row.id}`,
        );
        return 'sent' as const;
      }
      const giveUp = !sent.retryable || attempts >= maxNotificationAttempts;
      const next = new Date(now.getTime() + Math.min(60, 2 ** Math.min(attempts - 1, 6)) * 60_000);
      await tx.execute(
        sql`update notifications set status = ${giveUp ? 'failed' : 'pending'}, attempts = ${attempts},
                                     provider = ${channel?.name ?? null}, next_attempt_at = ${giveUp ? null : next},
                                     last_error_code = ${sent.code}, last_error = ${sent.reason.slice(0, 500)}
            where id = ${row.id}`,
      );
      return giveUp ? ('failed' as const) : ('retrying' as const);
    });
    if (!outcome) break;
    result[outcome]++;
  }
  return result;
}

export type NotificationView = {
  id: string;
  siteId: string | null;
  orderId: string | null;
  channel: ChannelKind;
  template: string;
  recipient: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  provider: string | null;
  lastErrorCode: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** What admins see: a site's messages, newest first, optionally only one status (e.g. failed). */
export async function listNotifications(
  ctx: ServiceContext,
  siteId: string,
  filter: { status?: 'pending' | 'sent' | 'failed'; limit?: number } = {},
): Promise<NotificationView[]> {
  await requirePermission(ctx, 'settings.manage', siteId);
  const found = await rows<{
    id: string;
    site_id: string | null;
    order_id: string | null;
    channel: ChannelKind;
    template: string;
    recipient_masked: string;
    status: NotificationView['status'];
    attempts: number;
    provider: string | null;
    last_error_code: string | null;
    last_error: string | null;
    created_at: Date | string;
    sent_at: Date | string | null;
  }>(
    ctx.db,
    sql`select id, site_id, order_id, channel, template, recipient_masked, status, attempts, provider, last_error_code,
               last_error, created_at, sent_at
        from notifications where site_id = ${siteId} ${filter.status ? sql`and status = ${filter.status}` : sql``}
        order by created_at desc limit ${Math.min(filter.limit ?? 100, 500)}`,
  );
  return found.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    orderId: r.order_id,
    channel: r.channel,
    template: r.template,
    recipient: r.recipient_masked,
    status: r.status,
    attempts: r.attempts,
    provider: r.provider,
    lastErrorCode: r.last_error_code,
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    sentAt: r.sent_at ? new Date(r.sent_at) : null,
  }));
}

export const outboxJobs = { send: 'notifications.send' } as const;

/** The sending job: every minute (and whenever a caller sends the job after enqueueing something urgent). */
export async function registerOutboxJobs(
  queue: JobQueue,
  db: Db,
  outbox: Outbox,
  options: { clock?: Clock; cron?: string } = {},
): Promise<void> {
  await queue.work(outboxJobs.send, async () => {
    const ctx = systemContext(db, outboxJobs.send, options.clock ? { clock: options.clock } : {});
    await sendDueNotifications(ctx, outbox);
  });
  await queue.schedule(outboxJobs.send, options.cron ?? '* * * * *');
}
