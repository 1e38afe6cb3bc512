// The challenge for clients over their rate limit: solved → one request through, once, even when the
// same solution is sent from several app nodes at the same moment; forged, expired, too easy or
// someone else's → refused. And the limit itself counts exactly across concurrent hits.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeInput, leadingZeroBits } from '@admit/domain';
import { fixedClock, hitRateLimit, issueChallenge, redeemChallenge, systemContext } from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';

const solve = (token: string, difficulty: number): string => {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(challengeInput(token, nonce)).digest()) >= difficulty)
      return nonce;
  }
};

describe('rate limits and the proof-of-work challenge', () => {
  let database: TestDatabase;
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const ctx = () => systemContext(database.db, 'shop', { clock });
  const secret = randomBytes(32);

  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => database?.dispose());

  it('lets one request through per solution, even when the solution is sent ten times at once', async () => {
    const challenge = issueChallenge(secret, 'order:203.0.113.5', clock.now(), { difficulty: 10 });
    const nonce = solve(challenge.token, challenge.difficulty);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        redeemChallenge(ctx(), secret, 'order:203.0.113.5', challenge.token, nonce),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a forged, expired, unsolved or someone else’s challenge', async () => {
    const challenge = issueChallenge(secret, 'order:198.51.100.1', clock.now(), { difficulty: 10 });
    const nonce = solve(challenge.token, challenge.difficulty);
    expect(await redeemChallenge(ctx(), secret, 'order:198.51.100.2', challenge.token, nonce)).toBe(false);
    expect(await redeemChallenge(ctx(), randomBytes(32), 'order:198.51.100.1', challenge.token, nonce)).toBe(
      false,
    );
    const [body] = challenge.token.split('.');
    expect(await redeemChallenge(ctx(), secret, 'order:198.51.100.1', `${body}.AAAA`, nonce)).toBe(false);
    // A nonce that does not reach the difficulty (find one with no leading zero bits).
    let weak = 0;
    while (
      leadingZeroBits(
        createHash('sha256')
          .update(challengeInput(challenge.token, `w${weak}`))
          .digest(),
      ) >= 1
    )
      weak++;
    expect(await redeemChallenge(ctx(), secret, 'order:198.51.100.1', challenge.token, `w${weak}`)).toBe(
      false,
    );
    clock.advance(121_000);
    try {
      expect(await redeemChallenge(ctx(), secret, 'order:198.51.100.1', challenge.token, nonce)).toBe(false);
    } finally {
      clock.set(new Date('2026-12-01T02:00:00Z'));
    }
    // Still unused: within its time it works once.
    expect(await redeemChallenge(ctx(), secret, 'order:198.51.100.1', challenge.token, nonce)).toBe(true);
  });

  it('counts concurrent hits exactly (no read-then-write)', async () => {
    const hits = await Promise.all(
      Array.from({ length: 30 }, () =>
        hitRateLimit(ctx(), { bucket: 'order:ip:192.0.2.7', limit: 20, windowSeconds: 60 }),
      ),
    );
    expect(hits.filter((h) => h.allowed)).toHaveLength(20);
    expect(Math.max(...hits.map((h) => h.hits))).toBe(30);
  });
});
