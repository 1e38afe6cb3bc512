// Accounts: users, roles and their permissions, grants scoped to sites, auth sessions (never called
// "sessions": that word is the time slot), and the counters behind rate limits.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, utc } from './columns';
import { sites } from './sites';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    /** What the person types to log in; unique without regard to case. */
    loginName: text('login_name').notNull(),
    displayName: text('display_name').notNull(),
    /** Mobile number, AES-256-GCM encrypted with the PII key ("kid:iv:tag:ciphertext"). */
    phoneCipher: text('phone_cipher'),
    /** Keyed hash of the normalised phone number, to find a user by phone without decrypting. */
    phoneLookup: text('phone_lookup'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    passwordHash: text('password_hash').notNull(),
    /** Set at creation and after an admin reset: the next login must choose a new password. */
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    passwordChangedAt: utc('password_changed_at'),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: utc('locked_until'),
    /** The language this user chose for the UI; null follows the browser. */
    locale: text('locale', { enum: ['zh-CN', 'en'] }),
    lastLoginAt: utc('last_login_at'),
    createdAt: createdAt(),
    updatedAt: utc('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    uniqueIndex('users_login_name_uq').on(sql`lower(${t.loginName})`),
    index('users_phone_lookup_idx').on(t.phoneLookup),
    check('users_status_ck', sql`${t.status} in ('active', 'disabled')`),
  ],
);

export const roles = pgTable(
  'roles',
  {
    id: idColumn(),
    /** Built-in roles use the codes of the domain catalogue (seller, finance…); custom roles their own. */
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZh: text('description_zh').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** Built-in roles follow the catalogue in code and cannot be edited. */
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: utc('updated_at')
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex('roles_code_uq').on(t.code)],
);

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    permission: text('permission').notNull(),
  },
  (t) => [primaryKey({ name: 'role_permissions_pk', columns: [t.roleId, t.permission] })],
);

/** A role granted to a user for one site, or for all sites when site_id is null. */
export const userRoles = pgTable(
  'user_roles',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    grantedBy: uuid('granted_by'),
    grantedAt: utc('granted_at').notNull().defaultNow(),
  },
  (t) => [
    unique('user_roles_grant_uq').on(t.userId, t.roleId, t.siteId).nullsNotDistinct(),
    index('user_roles_role_idx').on(t.roleId),
  ],
);

/**
 * A logged-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
 * database does not let anyone log in. `csrf_token` is the double-submit token bound to this session.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: idColumn(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: utc('last_seen_at').notNull(),
    revokedAt: utc('revoked_at'),
    revokeReason: text('revoke_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    uniqueIndex('auth_sessions_token_hash_uq').on(t.tokenHash),
    index('auth_sessions_user_idx')
      .on(t.userId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/** Fixed-window counters for rate limits, shared by every app node. */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    bucket: text('bucket').notNull(),
    windowStart: utc('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [
    primaryKey({ name: 'rate_limit_counters_pk', columns: [t.bucket, t.windowStart] }),
    index('rate_limit_counters_window_idx').on(t.windowStart),
  ],
);
