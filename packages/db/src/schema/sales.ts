// Selling: the per-site signing keys of ticket codes, order-number blocks, travel agencies on account,
// orders with their tickets and payments, and which capacity stripes each order took (so a refund
// gives the places back where they came from).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';
import { users } from './accounts';
import { capacityPools, products, sessions } from './catalog';

const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * Ed25519 keys that sign ticket codes, per site. The key id travels in every code; rotation adds a
 * key and retires the old one from signing, while its public key stays valid for the tickets it
 * signed. Training tickets have their own keys, which live gates refuse. The private key is stored
 * encrypted with the data-encryption key ring (secrets folder), never in plaintext.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    keyId: integer('key_id').notNull(),
    purpose: text('purpose', { enum: ['live', 'training'] }).notNull(),
    /** Raw 32-byte Ed25519 public key, base64. */
    publicKey: text('public_key').notNull(),
    /** PKCS#8 DER private key, encrypted (encryptPii format). */
    privateKeyEncrypted: text('private_key_encrypted').notNull(),
    createdAt: createdAt(),
    /** No longer signs new tickets; still verifies the ones it signed. */
    retiredAt: utc('retired_at'),
  },
  (t) => [
    uniqueIndex('signing_keys_site_key_uq').on(t.siteId, t.keyId),
    uniqueIndex('signing_keys_active_uq')
      .on(t.siteId, t.purpose)
      .where(sql`${t.retiredAt} is null`),
    check('signing_keys_key_id_ck', sql`${t.keyId} between 0 and 65535`),
  ],
);

/**
 * Order numbers SITE-YYMMDD-TT-NNNN come from blocks: an app node leases the next block of a
 * (site, day, terminal) with one short statement outside the sale, then hands numbers out from memory.
 * Gaps are allowed (a node that stops leaves the rest of its block unused); the orders' unique index
 * is the guard.
 */
export const orderNumberBlocks = pgTable(
  'order_number_blocks',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    terminal: text('terminal').notNull(),
    /** The first number of the next block to lease. */
    nextStart: integer('next_start').notNull(),
  },
  (t) => [primaryKey({ name: 'order_number_blocks_pk', columns: [t.siteId, t.businessDate, t.terminal] })],
);

/** A travel agency buying on account (挂账): prepaid deposit plus a credit limit. */
export const agencies = pgTable(
  'agencies',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    /** Prepaid money left, in fen; negative when the agency owes. */
    balance: money('balance').notNull().default(0),
    creditLimit: money('credit_limit').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: utc('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agencies_site_code_uq').on(t.siteId, t.code),
    // The conditional update on a sale is the first line; this is the last.
    check('agencies_credit_ck', sql`${t.creditLimit} >= 0 and ${t.balance} + ${t.creditLimit} >= 0`),
  ],
);

/** Every movement of an agency's balance: deposits, sales and refunds on account, payments received. */
export const agencyLedger = pgTable(
  'agency_ledger',
  {
    id: idColumn(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['deposit', 'sale', 'sale_reversed', 'refund', 'payment'] }).notNull(),
    /** Signed change of the balance, in fen. */
    amount: money('amount').notNull(),
    orderId: uuid('order_id'),
    reference: text('reference').notNull().default(''),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('agency_ledger_agency_idx').on(t.agencyId, t.createdAt)],
);

export const orders = pgTable(
  'orders',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    number: text('number').notNull(),
    channel: text('channel', { enum: ['box_office', 'online', 'api'] }).notNull(),
    terminal: text('terminal').notNull(),
    status: text('status', {
      enum: ['pending', 'paid', 'cancelled', 'expired', 'partially_refunded', 'refunded'],
    }).notNull(),
    /** The business day the order was made on (site's zone): shifts and settlement group by it. */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'restrict' }),
    total: money('total').notNull(),
    sellerId: uuid('seller_id').references(() => users.id, { onDelete: 'set null' }),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    guideName: text('guide_name'),
    guideLicence: text('guide_licence'),
    /** Who approved complimentary tickets in this order (a user holding orders.approve). */
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    /** The seller's shift the sale was made in (box office). */
    shiftId: uuid('shift_id'),
    contactPhoneEncrypted: text('contact_phone_encrypted'),
    contactPhoneLookup: text('contact_phone_lookup'),
    contactEmailEncrypted: text('contact_email_encrypted'),
    /** The language the customer booked in: their notifications use it. */
    locale: text('locale'),
    training: boolean('training').notNull().default(false),
    /** An order made through the channel API: the partner, and its own order reference (unique per partner). */
    // (references channels.id; declared in the migration — the schema modules would import each other)
    channelId: uuid('channel_id'),
    externalReference: text('external_reference'),
    /** Orders imported from a legacy system keep their origin; a re-import never duplicates. */
    sourceSystem: text('source_system'),
    sourceId: text('source_id'),
    createdAt: createdAt(),
    paidAt: utc('paid_at'),
    /** Online: the places are held until then; a job cancels the order and releases them after. */
    holdExpiresAt: utc('hold_expires_at'),
    updatedAt: utc('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_number_uq').on(t.number),
    uniqueIndex('orders_source_uq')
      .on(t.sourceSystem, t.sourceId)
      .where(sql`${t.sourceSystem} is not null`),
    index('orders_site_day_idx').on(t.siteId, t.businessDate),
    uniqueIndex('orders_channel_reference_uq')
      .on(t.channelId, t.externalReference)
      .where(sql`${t.externalReference} is not null`),
    index('orders_session_idx').on(t.sessionId),
    index('orders_phone_idx')
      .on(t.contactPhoneLookup)
      .where(sql`${t.contactPhoneLookup} is not null`),
    index('orders_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    index('orders_hold_idx')
      .on(t.holdExpiresAt)
      .where(sql`${t.status} = 'pending' and ${t.holdExpiresAt} is not null`),
    check('orders_total_ck', sql`${t.total} >= 0`),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    id: idColumn(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'restrict' }),
    /** Short number with a Damm check digit, for typing at a gate or on the phone. */
    number: text('number').notNull(),
    category: text('category').notNull(),
    price: money('price').notNull(),
    /** The pricing rule that decided the price (the explainer's answer, kept for disputes). */
    priceRule: jsonb('price_rule').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'valid', 'cancelled', 'refunded', 'revoked'] }).notNull(),
    validFrom: utc('valid_from').notNull(),
    validUntil: utc('valid_until').notNull(),
    /** 0: unlimited. */
    entriesAllowed: smallint('entries_allowed').notNull(),
    entriesUsed: smallint('entries_used').notNull().default(0),
    /** The signing key (signing_keys.key_id of the site) the code was signed with. */
    keyId: integer('key_id').notNull(),
    countsTowardsDailyMax: boolean('counts_towards_daily_max').notNull(),
    holderName: text('holder_name'),
    holderDocumentKind: text('holder_document_kind'),
    holderDocumentEncrypted: text('holder_document_encrypted'),
    holderDocumentLookup: text('holder_document_lookup'),
    discountDocument: text('discount_document'),
    discountReason: text('discount_reason').notNull().default(''),
    printCount: integer('print_count').notNull().default(0),
    /** The code is shown rotating (a time step and a MAC after the signed code); the bare code is refused. */
    codeRotates: boolean('code_rotates').notNull().default(false),
    /** Set when the ticket is refunded or replaced: gates download the revocation list since a time. */
    revokedAt: utc('revoked_at'),
    /** Rebooking: the ticket issued in this one's place, and the one this replaced. */
    replacedBy: uuid('replaced_by'),
    rebookedFrom: uuid('rebooked_from'),
    createdAt: createdAt(),
    updatedAt: utc('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_number_uq').on(t.number),
    index('tickets_order_idx').on(t.orderId),
    index('tickets_session_idx').on(t.sessionId),
    // The automatic refund at expiry looks tickets up by type and end of validity (both never change).
    index('tickets_product_expiry_idx').on(t.productId, t.validUntil),
    index('tickets_holder_idx')
      .on(t.holderDocumentLookup)
      .where(sql`${t.holderDocumentLookup} is not null`),
    check('tickets_entries_ck', sql`${t.entriesUsed} >= 0`),
    index('tickets_revoked_idx')
      .on(t.siteId, t.revokedAt)
      .where(sql`${t.revokedAt} is not null`),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: idColumn(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    method: text('method', { enum: ['cash', 'card', 'payment_code', 'on_account', 'online'] }).notNull(),
    /** Payment provider (alipay, wechat, simulator) for provider payments. */
    provider: text('provider'),
    amount: money('amount').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    tendered: money('tendered'),
    change: money('change'),
    /** Card terminal reference, or the provider's transaction number. */
    reference: text('reference'),
    /** Our reference at the provider (out_trade_no): unique, so a provider answer maps to one payment. */
    providerOrderId: text('provider_order_id'),
    agencyId: uuid('agency_id').references(() => agencies.id, { onDelete: 'restrict' }),
    failureCode: text('failure_code'),
    /** The drawer (shift) cash went into. */
    shiftId: uuid('shift_id'),
    waitingForCustomer: boolean('waiting_for_customer').notNull().default(false),
    /** The site's provider account an online payment was created with (null: the installation's). */
    accountId: uuid('account_id'),
    /** Online: page, h5, jsapi or native. */
    onlineKind: text('online_kind'),
    /** Online: the provider refuses the payment after this (the order's hold). */
    expiresAt: utc('expires_at'),
    /** When the provider's notification first changed this payment. */
    notifiedAt: utc('notified_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    completedAt: utc('completed_at'),
  },
  (t) => [
    index('payments_order_idx').on(t.orderId),
    uniqueIndex('payments_provider_order_uq')
      .on(t.providerOrderId)
      .where(sql`${t.providerOrderId} is not null`),
    index('payments_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    check('payments_amount_ck', sql`${t.amount} >= 0`),
  ],
);

/** The stripes an order took places from, so releasing or refunding gives them back to the same ones. */
export const orderCapacity = pgTable(
  'order_capacity',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => capacityPools.id, { onDelete: 'restrict' }),
    stripe: integer('stripe').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ name: 'order_capacity_pk', columns: [t.orderId, t.poolId, t.stripe] }),
    index('order_capacity_pool_idx').on(t.poolId),
  ],
);

/**
 * A seller's shift at a window (班次): opened with a cash float (and the first serial number of numbered
 * ticket stock), closed blind — the counted cash by denomination is entered before the expected figure
 * is shown — and confirmed by finance. Selling at the box office needs an open shift.
 */
export const shifts = pgTable(
  'shifts',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    terminal: text('terminal').notNull(),
    status: text('status', { enum: ['open', 'closed', 'confirmed'] }).notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    openedAt: utc('opened_at').notNull(),
    floatAmount: money('float_amount').notNull(),
    firstSerial: text('first_serial'),
    lastSerial: text('last_serial'),
    closedAt: utc('closed_at'),
    /** The blind count: pieces per denomination (fen → pieces). */
    counted: jsonb('counted').$type<Record<string, number>>(),
    countedCash: money('counted_cash'),
    expectedCash: money('expected_cash'),
    /** counted − expected: positive over (长款), negative short (短款). */
    difference: money('difference'),
    differenceReason: text('difference_reason'),
    differenceApprovedBy: uuid('difference_approved_by').references(() => users.id, { onDelete: 'set null' }),
    confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: utc('confirmed_at'),
  },
  (t) => [
    uniqueIndex('shifts_one_open_uq')
      .on(t.siteId, t.userId)
      .where(sql`${t.status} = 'open'`),
    index('shifts_site_day_idx').on(t.siteId, t.businessDate),
  ],
);

/**
 * Money going back to a customer, one row per original payment it goes back through: cash out of the
 * refunding seller's drawer, a card or payment code through the provider (pending until it answers;
 * retried by a job when it fails, and shown to finance — never lost), an agency's account.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: idColumn(),
    /** One refund request (the tickets chosen together) may go back through several payments. */
    groupId: uuid('group_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['refund', 'void', 'rebook_difference', 'bulk'] }).notNull(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    method: text('method').notNull(),
    provider: text('provider'),
    amount: money('amount').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    providerRefundId: text('provider_refund_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: utc('next_attempt_at'),
    shiftId: uuid('shift_id').references(() => shifts.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    completedAt: utc('completed_at'),
  },
  (t) => [
    index('refunds_order_idx').on(t.orderId),
    index('refunds_group_idx').on(t.groupId),
    index('refunds_open_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} <> 'succeeded'`),
    check('refunds_amount_ck', sql`${t.amount} > 0`),
  ],
);

/** Which tickets a refund request took back, each once (the primary key), with its fee. */
export const ticketRefunds = pgTable('ticket_refunds', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'restrict' }),
  groupId: uuid('group_id').notNull(),
  price: money('price').notNull(),
  fee: money('fee').notNull(),
  createdAt: createdAt(),
});

/** Every scan at a gate, with its result (the gate issue completes it: devices, offline uploads). */
export const checkins = pgTable(
  'checkins',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'restrict' }),
    gateId: uuid('gate_id'),
    deviceId: uuid('device_id'),
    userId: uuid('user_id'),
    result: text('result').notNull(),
    /** entry or exit (exits count down the live occupancy). */
    direction: text('direction', { enum: ['entry', 'exit'] })
      .notNull()
      .default('entry'),
    /** An offline scan found at sync to use an entry already used (first scan wins). */
    doubleEntry: boolean('double_entry').notNull().default(false),
    /** How the ticket was presented: code, ticket number, ID document. */
    presented: text('presented'),
    offline: boolean('offline').notNull().default(false),
    clientNonce: text('client_nonce'),
    scannedAt: utc('scanned_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('checkins_ticket_idx').on(t.ticketId),
    index('checkins_site_time_idx').on(t.siteId, t.scannedAt),
    uniqueIndex('checkins_nonce_uq')
      .on(t.deviceId, t.clientNonce)
      .where(sql`${t.clientNonce} is not null`),
    // A gate screen run under a gate-staff login scopes its nonces to the user.
    uniqueIndex('checkins_user_nonce_uq')
      .on(t.userId, t.clientNonce)
      .where(sql`${t.clientNonce} is not null and ${t.deviceId} is null`),
    index('checkins_double_idx')
      .on(t.siteId, t.scannedAt)
      .where(sql`${t.doubleEntry}`),
  ],
);

/** A bulk action after a session was cancelled (停航, 演出取消): refund its orders, with progress and a report. */
export const bulkActions = pgTable(
  'bulk_actions',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['refund'] }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Per order: what happened (refunded, skipped, failed with its code). */
    report: jsonb('report')
      .$type<{ orderId: string; number: string; outcome: string; code?: string }[]>()
      .notNull()
      .default([]),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    finishedAt: utc('finished_at'),
  },
  (t) => [index('bulk_actions_session_idx').on(t.sessionId)],
);

/**
 * Live occupancy of a site for its instantaneous maximum (瞬时承载量): the maximum split into stripes,
 * so gates admit with one conditional increment on one stripe (inside < capacity) and exits decrement.
 * One set per business day: visitors who left without an exit scan do not carry over.
 */
export const occupancyStripes = pgTable(
  'occupancy_stripes',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    stripe: integer('stripe').notNull(),
    capacity: integer('capacity').notNull(),
    inside: integer('inside').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'occupancy_stripes_pk', columns: [t.siteId, t.businessDate, t.stripe] }),
    check('occupancy_stripes_ck', sql`${t.inside} >= 0 and ${t.inside} <= ${t.capacity}`),
  ],
);

/**
 * A gate device (phone, tablet, gate PC) bound to one gate. An admin registers it by showing a QR code
 * with a one-time registration code; the device exchanges it for its token (stored hashed) and runs the
 * gate screen under it. A lost device is revoked.
 */
export const devices = pgTable(
  'devices',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    gateId: uuid('gate_id').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['pending', 'active', 'revoked'] }).notNull(),
    registrationCodeHash: text('registration_code_hash'),
    registrationExpiresAt: utc('registration_expires_at'),
    tokenHash: text('token_hash'),
    registeredAt: utc('registered_at'),
    revokedAt: utc('revoked_at'),
    lastSeenAt: utc('last_seen_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('devices_token_uq')
      .on(t.tokenHash)
      .where(sql`${t.tokenHash} is not null`),
    uniqueIndex('devices_registration_uq')
      .on(t.registrationCodeHash)
      .where(sql`${t.registrationCodeHash} is not null`),
    index('devices_site_idx').on(t.siteId),
  ],
);

/**
 * A turnstile's authorization: the entry is taken when the controller asks, and given back when the
 * passage is not confirmed in time (a visitor who did not walk through keeps the entry).
 */
export const turnstileAuthorizations = pgTable(
  'turnstile_authorizations',
  {
    id: idColumn(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'restrict' }),
    gateId: uuid('gate_id').notNull(),
    checkinId: uuid('checkin_id').notNull(),
    status: text('status', { enum: ['pending', 'confirmed', 'rolled_back'] }).notNull(),
    expiresAt: utc('expires_at').notNull(),
    createdAt: createdAt(),
    settledAt: utc('settled_at'),
  },
  (t) => [
    index('turnstile_pending_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);
