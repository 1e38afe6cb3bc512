// Payment providers: a site's accounts at Alipay, WeChat Pay (or the simulator), with their secrets
// encrypted at rest, and the log of every notification a provider sent — verified or not — which is
// also where forged ones are found.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sites } from './sites';
import { users } from './accounts';
import { createdAt, idColumn, utc } from './columns';

export const paymentAccounts = pgTable(
  'payment_accounts',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    provider: text('provider', { enum: ['simulator', 'alipay', 'wechat'] }).notNull(),
    label: text('label').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Alipay seller id (PID) or WeChat mchid: notifications must name it. */
    merchantId: text('merchant_id').notNull(),
    /** The settings that are not secret (app id, gateway, certificate serials…). */
    settings: jsonb('settings').notNull().$type<Record<string, string>>(),
    /** The secrets (private keys, API keys), encrypted with the installation's key ring. */
    secretsEncrypted: text('secrets_encrypted').notNull(),
    /** What the admin screens show of each secret: never more than its last characters. */
    secretHints: jsonb('secret_hints').notNull().$type<Record<string, string>>(),
    lastTestAt: utc('last_test_at'),
    lastTestOk: boolean('last_test_ok'),
    lastTestMessage: text('last_test_message'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: utc('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_accounts_site_provider_uq').on(t.siteId, t.provider),
    check('payment_accounts_provider_ck', sql`${t.provider} in ('simulator', 'alipay', 'wechat')`),
  ],
);

export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    id: idColumn(),
    /** The account the notification was addressed to (null: the installation's simulator). */
    accountId: uuid('account_id'),
    provider: text('provider').notNull(),
    receivedAt: utc('received_at').notNull(),
    /** applied: it changed a payment; duplicate: already final, nothing changed; ignored: not final
     *  yet; rejected: bad signature, wrong amount, wrong merchant, unknown order (a security event). */
    outcome: text('outcome', { enum: ['applied', 'duplicate', 'ignored', 'rejected'] }).notNull(),
    reason: text('reason'),
    providerOrderId: text('provider_order_id'),
    paymentId: uuid('payment_id'),
    amount: integer('amount'),
    bodySha256: text('body_sha256').notNull(),
    ip: text('ip'),
    durationMs: integer('duration_ms'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('payment_notifications_time_idx').on(t.receivedAt),
    index('payment_notifications_order_idx').on(t.providerOrderId),
    index('payment_notifications_rejected_idx')
      .on(t.receivedAt)
      .where(sql`${t.outcome} = 'rejected'`),
    check(
      'payment_notifications_outcome_ck',
      sql`${t.outcome} in ('applied', 'duplicate', 'ignored', 'rejected')`,
    ),
  ],
);
