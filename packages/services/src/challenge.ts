// The challenge for a client over its rate limit (rate-limit.ts keeps the counters in PostgreSQL):
// a signed token — for whom, how hard, until when — and a nonce such that sha256(token:nonce) starts
// with `difficulty` zero bits. A solution lets one request through, once (its own counter).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { challengeInput, leadingZeroBits } from '@admit/domain';
import type { ServiceContext } from './context';
import { hitRateLimit } from './rate-limit';

export type Challenge = { token: string; difficulty: number; expiresAt: Date };

/** A challenge for `subject` (e.g. the rule and the client's IP), valid `seconds`. */
export function issueChallenge(
  secret: Buffer,
  subject: string,
  now: Date,
  options: { difficulty?: number; seconds?: number } = {},
): Challenge {
  const difficulty = options.difficulty ?? 16;
  const expiresAt = new Date(now.getTime() + (options.seconds ?? 120) * 1000);
  const body = Buffer.from(
    JSON.stringify({
      s: subject,
      d: difficulty,
      e: expiresAt.getTime(),
      r: randomBytes(9).toString('base64url'),
    }),
  ).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return { token: `${body}.${mac}`, difficulty, expiresAt };
}

/**
 * Checks a solved challenge for `subject`: our signature, not expired, enough zero bits, and not used
 * before. Anything malformed is simply not a solution.
 */
export async function redeemChallenge(
  ctx: ServiceContext,
  secret: Buffer,
  subject: string,
  token: string,
  nonce: string,
): Promise<boolean> {
  const [body, mac] = token.split('.');
  if (!body || !mac || nonce.length === 0 || nonce.length > 64) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  let claims: { s?: unknown; d?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return false;
  }
  if (claims.s !== subject || typeof claims.d !== 'number' || typeof claims.e !== 'number') return false;
  if (claims.e < ctx.clock.now().getTime()) return false;
  const digest = createHash('sha256').update(challengeInput(token, nonce)).digest();
  if (leadingZeroBits(digest) < claims.d) return false;
  // Once: the token's own counter (a day's window outlives the token's two minutes).
  const once = await hitRateLimit(ctx, {
    bucket: `challenge:${createHash('sha256').update(token).digest('base64url')}`,
    limit: 1,
    windowSeconds: 86_400,
  });
  return once.allowed;
}
