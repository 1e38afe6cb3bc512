// The notification outbox: every SMS and email the system sends (one-time codes, e-tickets, refunds,
// cancellations) is a row written in the same transaction as what caused it, then sent by a job with
// retries. Recipients are personal data: encrypted, with a masked copy for the admin screens.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sites } from './sites';
import { createdAt, idColumn, utc } from './columns';

export const notifications = pgTable(
  'notifications',
  {
    id: idColumn(),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    /** The order it is about, if any. */
    orderId: uuid('order_id'),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    recipientEncrypted: text('recipient_encrypted').notNull(),
    /** 138****8000, z***@example.com */
    recipientMasked: text('recipient_masked').notNull(),
    /** The template's parameters, encrypted (a one-time code is a secret until used). */
    paramsEncrypted: text('params_encrypted').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: utc('next_attempt_at'),
    /** The channel that sent it (aliyun-sms, tencent-sms, smtp, log). */
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    lastErrorCode: text('last_error_code'),
    lastError: text('last_error'),
    /** A message sent at most once (e.g. `e_ticket:<order id>`): a second enqueue is ignored. */
    dedupeKey: text('dedupe_key'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    sentAt: utc('sent_at'),
  },
  (t) => [
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('notifications_site_time_idx').on(t.siteId, t.createdAt),
    index('notifications_order_idx').on(t.orderId),
    uniqueIndex('notifications_dedupe_uq')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    check('notifications_status_ck', sql`${t.status} in ('pending', 'sent', 'failed')`),
  ],
);
