import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { afterFailedLogin, defaultAuthPolicy, isLocked, needsTouch, sessionState } from './auth-rules';

const t0 = new Date('2026-11-26T01:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('login lockout', () => {
  it('locks for 15 minutes on the fifth consecutive failure', () => {
    let state = { failedCount: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < 4; i++) state = afterFailedLogin(state.failedCount, t0, defaultAuthPolicy);
    expect(state).toEqual({ failedCount: 4, lockedUntil: null });
    state = afterFailedLogin(state.failedCount, t0, defaultAuthPolicy);
    expect(state.lockedUntil).toEqual(at(15));
    expect(isLocked(state.lockedUntil, at(14.99))).toBe(true);
    expect(isLocked(state.lockedUntil, at(15))).toBe(false);
  });

  it('locks after exactly maxFailedLogins failures for any policy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (max) => {
        let count = 0;
        let locks = 0;
        for (let i = 0; i < max; i++) {
          const next = afterFailedLogin(count, t0, { maxFailedLogins: max, lockoutMinutes: 1 });
          count = next.failedCount;
          if (next.lockedUntil) locks = i + 1;
        }
        expect(locks).toBe(max);
      }),
    );
  });
});

describe('auth session lifetime', () => {
  const session = { createdAt: t0, lastSeenAt: t0, revokedAt: null };

  it('ends after 30 idle minutes and 12 hours in all', () => {
    expect(sessionState(session, at(29), defaultAuthPolicy)).toBe('active');
    expect(sessionState(session, at(30), defaultAuthPolicy)).toBe('idle_expired');
    expect(sessionState({ ...session, lastSeenAt: at(12 * 60 - 1) }, at(12 * 60), defaultAuthPolicy)).toBe(
      'absolute_expired',
    );
    expect(sessionState({ ...session, revokedAt: t0 }, t0, defaultAuthPolicy)).toBe('revoked');
  });

  it('writes last-seen at most once a minute', () => {
    expect(needsTouch(t0, at(0.5), defaultAuthPolicy)).toBe(false);
    expect(needsTouch(t0, at(1), defaultAuthPolicy)).toBe(true);
  });
});
