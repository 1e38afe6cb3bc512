// Logging in and out, and checking an auth session on each request. The cookie carries a random
// token; the database keeps only its SHA-256. Five wrong passwords lock the account for 15 minutes;
// every success and failure is audited with the IP, in its own committed write.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { authSessions, newId, rows, users } from '@admit/db';
import {
  AppError,
  isLocked,
  needsTouch,
  passwordProblems,
  sessionState,
  type AuthPolicy,
  type Locale,
} from '@admit/domain';
import type { ServiceContext } from '../context';
import { inTransaction } from '../context';
import { recordAudit, digestOf } from '../audit/record';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { loadGrants, type GrantDetail } from './grants';
import { revokeUserSessions } from './users';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export type IssuedSession = { sessionId: string; token: string; csrfToken: string };

async function issueSession(
  ctx: ServiceContext,
  userId: string,
  userAgent: string | null,
): Promise<IssuedSession> {
  const token = newToken();
  const csrfToken = newToken();
  const now = ctx.clock.now();
  const sessionId = newId(now.getTime());
  await ctx.db.insert(authSessions).values({
    id: sessionId,
    tokenHash: hashToken(token),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    ip: ctx.ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { sessionId, token, csrfToken };
}

export type LoginProps = {
  loginName: string;
  password: string;
  userAgent: string | null;
  /** The token of the auth session this browser had before, which ends now (the id rotates). */
  previousToken: string | null;
};

export async function login(
  ctx: ServiceContext,
  props: LoginProps,
  policy: AuthPolicy,
): Promise<IssuedSession & { userId: string }> {
  const now = ctx.clock.now();
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(sql`lower(${users.loginName}) = lower(${props.loginName})`);
  const fail = async (
    reason: string,
    code: 'invalid_credentials' | 'account_locked' | 'account_disabled',
    details?: unknown,
  ) => {
    await recordAudit(ctx, {
      action: 'auth.login.failed',
      outcome: 'failure',
      ...(user ? { target: { type: 'user', id: user.id } } : {}),
      details: { reason, ...(user ? {} : { loginNameDigest: digestOf(props.loginName.toLowerCase()) }) },
    });
    return new AppError(code, details === undefined ? {} : { details });
  };

  if (!user) {
    await verifyPassword(await dummyPasswordHash(), props.password);
    throw await fail('unknown_login_name', 'invalid_credentials');
  }
  if (isLocked(user.lockedUntil, now)) {
    throw await fail('locked', 'account_locked', { lockedUntil: user.lockedUntil!.toISOString() });
  }
  if (!(await verifyPassword(user.passwordHash, props.password))) {
    // afterFailedLogin's rule as one statement on the locked row, so concurrent wrong guesses are all
    // counted and exactly one of them locks the account.
    const lockUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
    const [counted] = await rows<{ locked_now: boolean }>(
      ctx.db,
      sql`update ${users} u
          set failed_login_count = case when o.n + 1 >= ${policy.maxFailedLogins} then 0 else o.n + 1 end,
              locked_until = case when o.n + 1 >= ${policy.maxFailedLogins} then ${lockUntil}::timestamptz else u.locked_until end
          from (select id, failed_login_count as n from ${users} where id = ${user.id} for update) o
          where u.id = o.id
          returning (o.n + 1 >= ${policy.maxFailedLogins}) as locked_now`,
    );
    if (counted?.locked_now) {
      await recordAudit(ctx, {
        action: 'auth.account.locked',
        outcome: 'failure',
        target: { type: 'user', id: user.id },
      });
    }
    throw await fail('wrong_password', 'invalid_credentials');
  }
  if (user.status !== 'active') throw await fail('disabled', 'account_disabled');

  return inTransaction(ctx, async (tx) => {
    if (props.previousToken) {
      await tx.db
        .update(authSessions)
        .set({ revokedAt: now, revokeReason: 'rotated_at_login' })
        .where(
          and(eq(authSessions.tokenHash, hashToken(props.previousToken)), isNull(authSessions.revokedAt)),
        );
    }
    await tx.db
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(users.id, user.id));
    const issued = await issueSession(tx, user.id, props.userAgent);
    await recordAudit(tx, {
      action: 'auth.login.succeeded',
      target: { type: 'user', id: user.id },
      details: { authSessionId: issued.sessionId },
    });
    return { ...issued, userId: user.id };
  });
}

export type AuthenticatedSession = {
  sessionId: string;
  csrfToken: string;
  user: {
    id: string;
    loginName: string;
    displayName: string;
    mustChangePassword: boolean;
    locale: Locale | null;
  };
  grants: GrantDetail[];
};

/**
 * The auth session behind a cookie token, or a 401: unknown or revoked (authentication_required),
 * idle or past its absolute lifetime (session_expired, and it is revoked). Touches last-seen at most
 * once a minute.
 */
export async function authenticate(
  ctx: ServiceContext,
  token: string,
  policy: AuthPolicy,
): Promise<AuthenticatedSession> {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .select({
      sessionId: authSessions.id,
      csrfToken: authSessions.csrfToken,
      createdAt: authSessions.createdAt,
      lastSeenAt: authSessions.lastSeenAt,
      revokedAt: authSessions.revokedAt,
      userId: users.id,
      loginName: users.loginName,
      displayName: users.displayName,
      mustChangePassword: users.mustChangePassword,
      locale: users.locale,
      status: users.status,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(eq(authSessions.tokenHash, hashToken(token)));
  if (!row) throw new AppError('authentication_required');
  const state = sessionState(row, now, policy);
  if (state === 'revoked') throw new AppError('session_expired');
  if (state !== 'active' || row.status !== 'active') {
    await ctx.db
      .update(authSessions)
      .set({ revokedAt: now, revokeReason: row.status !== 'active' ? 'user_disabled' : state })
      .where(and(eq(authSessions.id, row.sessionId), isNull(authSessions.revokedAt)));
    throw new AppError('session_expired');
  }
  if (needsTouch(row.lastSeenAt, now, policy)) {
    await ctx.db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, row.sessionId));
  }
  return {
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    user: {
      id: row.userId,
      loginName: row.loginName,
      displayName: row.displayName,
      mustChangePassword: row.mustChangePassword,
      locale: row.locale,
    },
    grants: await loadGrants(ctx.db, row.userId),
  };
}

export async function logout(ctx: ServiceContext, sessionId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const ended = await tx.db
      .update(authSessions)
      .set({ revokedAt: ctx.clock.now(), revokeReason: 'logout' })
      .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)))
      .returning({ userId: authSessions.userId });
    if (ended[0])
      await recordAudit(tx, {
        action: 'auth.logout.succeeded',
        target: { type: 'user', id: ended[0].userId },
      });
  });
}

/**
 * Changes one's own password. Every auth session of the user ends (a stolen one included) and a new
 * one is issued to this browser.
 */
export async function changePassword(
  ctx: ServiceContext,
  props: { userId: string; currentPassword: string; newPassword: string; userAgent: string | null },
): Promise<IssuedSession> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, props.userId));
  if (!user) throw new AppError('authentication_required');
  if (!(await verifyPassword(user.passwordHash, props.currentPassword))) {
    await recordAudit(ctx, {
      action: 'auth.password.change_failed',
      outcome: 'failure',
      target: { type: 'user', id: user.id },
      details: { reason: 'current_password_incorrect' },
    });
    throw new AppError('current_password_incorrect');
  }
  const problems = passwordProblems(props.newPassword, { loginName: user.loginName });
  if (problems.length > 0) throw new AppError(problems[0]!, { details: { rules: problems } });
  if (props.newPassword === props.currentPassword) throw new AppError('password_unchanged');
  const passwordHash = await hashPassword(props.newPassword);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    await tx.db
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, 'password_changed');
    const issued = await issueSession(tx, user.id, props.userAgent);
    await recordAudit(tx, { action: 'auth.password.changed', target: { type: 'user', id: user.id } });
    return issued;
  });
}

export async function updateOwnLocale(
  ctx: ServiceContext,
  userId: string,
  locale: Locale | null,
): Promise<void> {
  await ctx.db.update(users).set({ locale, updatedAt: ctx.clock.now() }).where(eq(users.id, userId));
}
