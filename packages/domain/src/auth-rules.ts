// Rules for logging in and staying logged in, as pure functions of times and counts.

export type AuthPolicy = {
  /** Consecutive failed logins that lock an account. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** An auth session unused this long ends (a box-office PC left logged in). */
  idleTimeoutMinutes: number;
  /** An auth session ends this long after login however busy it is. */
  absoluteTimeoutHours: number;
  /** The last-seen time is written at most this often, so every request is not a write. */
  touchIntervalSeconds: number;
};

export const defaultAuthPolicy: AuthPolicy = {
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
  touchIntervalSeconds: 60,
};

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** After a failure: the new count, and the lock when the count reaches the limit (count restarts). */
export function afterFailedLogin(
  failedCount: number,
  now: Date,
  policy: Pick<AuthPolicy, 'maxFailedLogins' | 'lockoutMinutes'>,
): { failedCount: number; lockedUntil: Date | null } {
  const count = failedCount + 1;
  if (count >= policy.maxFailedLogins) {
    return { failedCount: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) };
  }
  return { failedCount: count, lockedUntil: null };
}

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null };
export type SessionState = 'active' | 'idle_expired' | 'absolute_expired' | 'revoked';

export function sessionState(session: SessionTimes, now: Date, policy: AuthPolicy): SessionState {
  if (session.revokedAt !== null) return 'revoked';
  if (now.getTime() - session.createdAt.getTime() >= policy.absoluteTimeoutHours * 3600_000)
    return 'absolute_expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleTimeoutMinutes * 60_000)
    return 'idle_expired';
  return 'active';
}

export function needsTouch(
  lastSeenAt: Date,
  now: Date,
  policy: Pick<AuthPolicy, 'touchIntervalSeconds'>,
): boolean {
  return now.getTime() - lastSeenAt.getTime() >= policy.touchIntervalSeconds * 1000;
}
